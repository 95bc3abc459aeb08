using BenchmarkDotNet.Attributes;

namespace NetGen.Benchmarks;

/// <summary>Linear(4, 8) → ReLU → Linear(8, 1) → Sigmoid with BCELoss: one sample, forward and forward + backward.</summary>
[Config(typeof(BenchConfig))]
public class SmallBenchmarks
{
    private const string Forward1 = "small fwd b1", Train1 = "small fwd+bwd b1";
    private SmallNet _net = null!;
    private PeerSet _peers = null!;
    private float[] _input = null!, _target = null!, _output = null!;
    private float[][] _inputRows = null!;
    private int[] _label = null!;

    [GlobalSetup]
    public void Setup()
    {
        var workload = new Workload(MlpSpec.Small);
        _net = new SmallNet(seed: 1);
        _peers = new PeerSet(_net, MlpSpec.Small, workload);
        _input = workload.InputRows[0];
        _inputRows = new[] { _input };
        _target = new[] { workload.Targets[0] };
        _label = new[] { workload.Labels[0] };
        _output = new float[SmallNet.OutputSize];
    }

    [GlobalCleanup]
    public void Cleanup() => _peers.Dispose();

    [Benchmark(Baseline = true), BenchmarkCategory("small", Forward1)]
    public void NetGen_Fwd1() => _net.Forward(_input, _output);

    [Benchmark, BenchmarkCategory("small", Forward1)]
    public float[] Naive_Fwd1() => _peers.Naive.Forward(_input);

    [Benchmark, BenchmarkCategory("small", Forward1)]
    public void TensorPrimitives_Fwd1() => _peers.TensorPrimitives.Forward(_input, _output);

    [Benchmark, BenchmarkCategory("small", Forward1)]
    public void Onnx_Fwd1() => _peers.Onnx.RunSingle();

    [Benchmark(Baseline = true), BenchmarkCategory("small", Train1)]
    public float NetGen_Train1() => _net.ComputeGradients(_input, _target);

    [Benchmark, BenchmarkCategory("small", Train1)]
    public float Naive_Train1() => _peers.Naive.ComputeGradients(_inputRows, _label);

    [Benchmark, BenchmarkCategory("small", Train1)]
    public float TensorPrimitives_Train1() => _peers.TensorPrimitives.ComputeGradients(_input, _label);
}
