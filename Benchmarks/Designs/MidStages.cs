using BenchmarkDotNet.Attributes;
using NetGen.Benchmarks.Peers.Hand;

namespace NetGen.Benchmarks.Designs;

/// <summary>
/// Where the hand-written mid network's batch time goes: each stage of a 32-sample tile run alone over the 8 tiles of
/// a batch of 256 (ns per sample), beside the whole forward and the whole training step.
/// </summary>
[Config(typeof(DesignConfig))]
public unsafe class MidStagesDesigns
{
    private const int Batch = Workload.BatchSize, Tile = 32;
    private HandMidNetwork _hand = null!;
    private Workload _workload = null!;
    private float[] _outputs = null!;

    [GlobalSetup]
    public void Setup()
    {
        _workload = new Workload(MlpSpec.Mid);
        _hand = new HandMidNetwork(new MidNet(seed: 1).Parameters);
        _outputs = new float[Batch * 10];
        _hand.ComputeGradients(_workload.Inputs, _workload.Labels); // every scratch buffer holds real values
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public float Peak() => FmaPeak.Run(2_368L / 16 * Batch);

    [Benchmark(OperationsPerInvoke = Batch)]
    public void Forward() => _hand.ForwardBatch(_workload.Inputs, _outputs);

    [Benchmark(OperationsPerInvoke = Batch)]
    public void Stage1_TransposeInputs()
    {
        fixed (float* x = _workload.Inputs)
            for (int s = 0; s < Batch; s += Tile) _hand.TransposeInputs(x + s * 64);
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void Stage2_Hidden()
    {
        for (int s = 0; s < Batch; s += Tile) _hand.HiddenTile();
    }

    /// <summary>The alternative first stages: repack W1ᵀ once a batch, layer 1 with outputs across lanes, transpose h.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void Stage12_PackedHiddenAndTranspose()
    {
        _hand.PackW1();
        fixed (float* x = _workload.Inputs)
            for (int s = 0; s < Batch; s += Tile) _hand.HiddenTilePacked(x + s * 64);
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void Stage12_LanesTransposeAndHidden()
    {
        fixed (float* x = _workload.Inputs)
            for (int s = 0; s < Batch; s += Tile)
            {
                _hand.TransposeInputs(x + s * 64);
                _hand.HiddenTile();
            }
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void Stage3_OutputsSoftmaxTranspose()
    {
        fixed (float* y = _outputs)
            for (int s = 0; s < Batch; s += Tile)
            {
                _hand.OutputHalf(0, y + s * 10);
                _hand.OutputHalf(1, y + (s + 16) * 10);
            }
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public float Train() => _hand.ComputeGradients(_workload.Inputs, _workload.Labels);

    [Benchmark(OperationsPerInvoke = Batch)]
    public void Train_LossAndLayer2Backward()
    {
        fixed (int* l = _workload.Labels)
            for (int s = 0; s < Batch; s += Tile)
            {
                _hand.LossHalf(0, l + s, 1f / Batch);
                _hand.LossHalf(1, l + s + 16, 1f / Batch);
                _hand.HiddenGradientTile();
            }
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void Train_InputWeightGradient()
    {
        fixed (float* x = _workload.Inputs)
            for (int s = 0; s < Batch; s += Tile) _hand.InputWeightGradient(x + s * 64, write: s == 0);
    }
}
