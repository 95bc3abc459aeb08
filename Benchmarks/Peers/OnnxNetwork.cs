using System;
using Microsoft.ML.OnnxRuntime;
using NetGen.Benchmarks.Onnx;

namespace NetGen.Benchmarks.Peers;

/// <summary>
/// Peer (c): ONNX Runtime, in-process, forward only, on a model written from the same weights. The input and output
/// tensors of each batch size are created once over pinned arrays and bound with an IoBinding, so a call measures
/// ONNX Runtime's own per-call overhead and kernels, not marshalling. One intra-op thread, as every other peer.
/// </summary>
public sealed class OnnxNetwork : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly Bound _single, _batch;

    public OnnxNetwork(MlpSpec spec, ReadOnlySpan<float> parameters, int batchSize)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(OnnxModelBuilder.Build(spec, parameters), options);
        _single = new Bound(_session, spec, 1);
        _batch = new Bound(_session, spec, batchSize);
    }

    /// <summary>The input buffer of batch 1 (fill it before <see cref="RunSingle"/>) and its output.</summary>
    public float[] SingleInput => _single.Input;
    public float[] SingleOutput => _single.Output;
    public float[] BatchInput => _batch.Input;
    public float[] BatchOutput => _batch.Output;

    public void RunSingle() => _session.RunWithBinding(_runOptions, _single.Binding);
    public void RunBatch() => _session.RunWithBinding(_runOptions, _batch.Binding);

    public void Dispose()
    {
        _single.Dispose();
        _batch.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }

    /// <summary>Pinned input and output arrays of one batch size, wrapped as OrtValues and bound to the session.</summary>
    private sealed class Bound : IDisposable
    {
        public readonly float[] Input, Output;
        public readonly OrtIoBinding Binding;
        private readonly OrtValue _input, _output;

        public Bound(InferenceSession session, MlpSpec spec, int batch)
        {
            Input = new float[batch * spec.Input];
            Output = new float[batch * spec.Output];
            _input = OrtValue.CreateTensorValueFromMemory(Input, new long[] { batch, spec.Input });
            _output = OrtValue.CreateTensorValueFromMemory(Output, new long[] { batch, spec.Output });
            Binding = session.CreateIoBinding();
            Binding.BindInput(OnnxModelBuilder.InputName, _input);
            Binding.BindOutput(OnnxModelBuilder.OutputName, _output);
        }

        public void Dispose()
        {
            Binding.Dispose();
            _input.Dispose();
            _output.Dispose();
        }
    }
}
