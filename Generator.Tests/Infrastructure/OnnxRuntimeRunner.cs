using System.IO;
using Microsoft.ML.OnnxRuntime;

namespace NetGen.Tests.Infrastructure;

/// <summary>Exports a network with <see cref="OnnxFile"/> and runs the model in ONNX Runtime, one batch at a time.</summary>
public static class OnnxRuntimeRunner
{
    public static byte[] Export(INetwork network)
    {
        var stream = new MemoryStream();
        OnnxFile.Save(network, stream);
        return stream.ToArray();
    }

    /// <summary>The model's <c>output</c> for <paramref name="inputs"/> (batch × inputSize, one row a sample).</summary>
    public static float[] Run(byte[] model, float[] inputs, int inputSize)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(model, options);
        using var input = OrtValue.CreateTensorValueFromMemory(inputs, new long[] { inputs.Length / inputSize, inputSize });
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, new[] { "input" }, new[] { input }, new[] { "output" });
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>Exports <paramref name="network"/> and runs it on <paramref name="inputs"/>.</summary>
    public static float[] ExportAndRun(INetwork network, float[] inputs) => Run(Export(network), inputs, network.InputSize);
}
