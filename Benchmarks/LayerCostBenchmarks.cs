using BenchmarkDotNet.Attributes;

namespace NetGen.Benchmarks;

// The mid network with one of issue 13's layers added (or, for PReLU, in the Tanh's place): what each layer costs.
[Linear(64, 32), Tanh, Dropout(0.1), Linear(32, 10), Softmax]
[CrossEntropyLoss]
public partial class MidDropoutNet { }

[Linear(64, 32), LayerNorm(32), Tanh, Linear(32, 10), Softmax]
[CrossEntropyLoss]
public partial class MidLayerNormNet { }

[Linear(64, 32), BatchNorm1d(32), Tanh, Linear(32, 10), Softmax]
[CrossEntropyLoss]
public partial class MidBatchNormNet { }

[Linear(64, 32), PReLU(32), Linear(32, 10), Softmax]
[CrossEntropyLoss]
public partial class MidPReLUNet { }

/// <summary>
/// The mid network (Linear(64, 32) → Tanh → Linear(32, 10) → Softmax, CrossEntropyLoss) against the same with Dropout,
/// LayerNorm or BatchNorm1d added, or PReLU for the Tanh: forward of one sample and of 256, and training on 256 (ns per
/// sample). Run it with <c>--interleaved LayerCostBenchmarks</c>.
/// </summary>
[Config(typeof(BenchConfig))]
public class LayerCostBenchmarks
{
    private const int Batch = Workload.BatchSize;
    private readonly MidNet _mid = new(1);
    private readonly MidDropoutNet _dropout = new(1);
    private readonly MidLayerNormNet _layerNorm = new(1);
    private readonly MidBatchNormNet _batchNorm = new(1);
    private readonly MidPReLUNet _prelu = new(1);
    private Workload _workload = null!;
    private float[] _input = null!, _output = null!, _outputs = null!;

    [GlobalSetup]
    public void Setup()
    {
        _workload = new Workload(MlpSpec.Mid);
        _input = _workload.InputRows[0];
        _output = new float[10];
        _outputs = new float[Batch * 10];
    }

    [Benchmark(Baseline = true)]
    public void Mid_Fwd1() => _mid.Forward(_input, _output);

    [Benchmark]
    public void Dropout_Fwd1() => _dropout.Forward(_input, _output);

    [Benchmark]
    public void LayerNorm_Fwd1() => _layerNorm.Forward(_input, _output);

    [Benchmark]
    public void BatchNorm_Fwd1() => _batchNorm.Forward(_input, _output);

    [Benchmark]
    public void PReLU_Fwd1() => _prelu.Forward(_input, _output);

    [Benchmark(OperationsPerInvoke = Batch)]
    public void Mid_Fwd256() => _mid.ForwardBatch(_workload.Inputs, _outputs);

    [Benchmark(OperationsPerInvoke = Batch)]
    public void Dropout_Fwd256() => _dropout.ForwardBatch(_workload.Inputs, _outputs);

    [Benchmark(OperationsPerInvoke = Batch)]
    public void LayerNorm_Fwd256() => _layerNorm.ForwardBatch(_workload.Inputs, _outputs);

    [Benchmark(OperationsPerInvoke = Batch)]
    public void BatchNorm_Fwd256() => _batchNorm.ForwardBatch(_workload.Inputs, _outputs);

    [Benchmark(OperationsPerInvoke = Batch)]
    public void PReLU_Fwd256() => _prelu.ForwardBatch(_workload.Inputs, _outputs);

    [Benchmark(OperationsPerInvoke = Batch)]
    public float Mid_Train256() => _mid.ComputeGradients(_workload.Inputs, _workload.Labels);

    [Benchmark(OperationsPerInvoke = Batch)]
    public float Dropout_Train256() => _dropout.ComputeGradients(_workload.Inputs, _workload.Labels);

    [Benchmark(OperationsPerInvoke = Batch)]
    public float LayerNorm_Train256() => _layerNorm.ComputeGradients(_workload.Inputs, _workload.Labels);

    [Benchmark(OperationsPerInvoke = Batch)]
    public float BatchNorm_Train256() => _batchNorm.ComputeGradients(_workload.Inputs, _workload.Labels);

    [Benchmark(OperationsPerInvoke = Batch)]
    public float PReLU_Train256() => _prelu.ComputeGradients(_workload.Inputs, _workload.Labels);
}
