using BenchmarkDotNet.Attributes;

namespace NetGen.Benchmarks;

/// <summary>Linear(64, 32) → Tanh → Linear(32, 10) → Softmax with CrossEntropyLoss: forward and forward + backward, of one sample and of 256 (ns per sample).</summary>
[Config(typeof(BenchConfig))]
public class MidBenchmarks
{
    private const string Forward1 = "mid fwd b1", Forward256 = "mid fwd b256", Train1 = "mid fwd+bwd b1", Train256 = "mid fwd+bwd b256";
    private const int Batch = Workload.BatchSize;
    private MidNet _net = null!;
    private PeerSet _peers = null!;
    private Workload _workload = null!;
    private float[] _input = null!, _output = null!, _outputs = null!;
    private float[][] _inputRows = null!;
    private int[] _label = null!;

    [GlobalSetup]
    public void Setup()
    {
        _workload = new Workload(MlpSpec.Mid);
        _net = new MidNet(seed: 1);
        _peers = new PeerSet(_net, MlpSpec.Mid, _workload);
        _input = _workload.InputRows[0];
        _inputRows = new[] { _input };
        _label = new[] { _workload.Labels[0] };
        _output = new float[MidNet.OutputSize];
        _outputs = new float[Batch * MidNet.OutputSize];
        _net.ForwardBatch(_workload.Inputs, _outputs);
        PeerSet.CheckBatch(_net, MlpSpec.Mid, _workload, "NetGen ForwardBatch", _outputs);
    }

    [GlobalCleanup]
    public void Cleanup() => _peers.Dispose();

    [Benchmark(Baseline = true), BenchmarkCategory("mid", Forward1)]
    public void NetGen_Fwd1() => _net.Forward(_input, _output);

    [Benchmark, BenchmarkCategory("mid", Forward1)]
    public float[] Naive_Fwd1() => _peers.Naive.Forward(_input);

    [Benchmark, BenchmarkCategory("mid", Forward1)]
    public void TensorPrimitives_Fwd1() => _peers.TensorPrimitives.Forward(_input, _output);

    [Benchmark, BenchmarkCategory("mid", Forward1)]
    public void Onnx_Fwd1() => _peers.Onnx.RunSingle();

    [Benchmark, BenchmarkCategory("mid", Forward1)]
    public void Hand_Fwd1() => _peers.Hand.Forward(_input, _output);

    /// <summary>The generated batch forward (a loop over Forward is what the Forward1 rows measure per sample).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Batch), BenchmarkCategory("mid", Forward256)]
    public void NetGen_Fwd256() => _net.ForwardBatch(_workload.Inputs, _outputs);

    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("mid", Forward256)]
    public float[] Naive_Fwd256()
    {
        float[] last = null!;
        foreach (float[] row in _workload.InputRows) last = _peers.Naive.Forward(row);
        return last;
    }

    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("mid", Forward256)]
    public void TensorPrimitives_Fwd256() => _peers.TensorPrimitives.ForwardBatch(_workload.Inputs, _outputs);

    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("mid", Forward256)]
    public void Onnx_Fwd256() => _peers.Onnx.RunBatch();

    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("mid", Forward256)]
    public void Hand_Fwd256() => _peers.Hand.ForwardBatch(_workload.Inputs, _outputs);

    /// <summary>One sample's gradient: ComputeGradients on a batch of one (what an online learner calls).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("mid", Train1)]
    public float NetGen_Train1() => _net.ComputeGradients(_input, _label);

    [Benchmark, BenchmarkCategory("mid", Train1)]
    public float Naive_Train1() => _peers.Naive.ComputeGradients(_inputRows, _label);

    [Benchmark, BenchmarkCategory("mid", Train1)]
    public float TensorPrimitives_Train1() => _peers.TensorPrimitives.ComputeGradients(_input, _label);

    [Benchmark, BenchmarkCategory("mid", Train1)]
    public float Hand_Train1() => _peers.Hand.ComputeGradients(_input, _label);

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch), BenchmarkCategory("mid", Train256)]
    public float NetGen_Train256() => _net.ComputeGradients(_workload.Inputs, _workload.Labels);

    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("mid", Train256)]
    public float Naive_Train256() => _peers.Naive.ComputeGradients(_workload.InputRows, _workload.Labels);

    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("mid", Train256)]
    public float TensorPrimitives_Train256() => _peers.TensorPrimitives.ComputeGradients(_workload.Inputs, _workload.Labels);

    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("mid", Train256)]
    public float Hand_Train256() => _peers.Hand.ComputeGradients(_workload.Inputs, _workload.Labels);
}
