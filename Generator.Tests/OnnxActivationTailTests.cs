using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Tests.Infrastructure;
using NetGen.Tests.Networks;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Tests;

/// <summary>
/// Each activation's ONNX form, probed on its own over inputs from −100 to 100 (tails, bends, 0 and signed zeros):
/// finite wherever NetGen's is, and the same values. The networks are [Linear(4, 4), activation, Linear(4, 4)] with
/// both weights set to the identity and the bias to 0, so that the output is the activation of the input exactly
/// (products with 0 and 1 and sums with 0 are exact in float32).
/// </summary>
/// <remarks>
/// Tolerance as <see cref="OnnxRuntimeParityTests"/>: 1e-6 + 1e-5·|netgen|. Away from the tails only float32 exp, tanh,
/// erf and sigmoid differ, by a few units in the last place. In the tails the absolute part admits values that NetGen
/// keeps by working in double and a float32 formula loses, all below 3e-7: LogSigmoid(20) = −2.1e-9 (1 + e^−20 rounds
/// to 1), GELU(−6) = −5.9e-9 (1 + erf cancels, as in PyTorch's float32 kernel), ELU(−1e-30) = −1e-30 (e^x − 1), and
/// ONNX Runtime's Sigmoid, accurate there only absolutely (sigmoid(−20.5) = 0, against 1.25e-9). Each test prints its
/// worst case, as a share of the allowance and in units in the last place.
/// </remarks>
public class OnnxActivationTailTests(ITestOutputHelper output)
{
    private static readonly float[] Probes =
    {
        -100f, -88f, -30f, -20.5f, -20f, -10f, -6f, -3.5f, -3f, -2.5f, -1f, -0.5f, -1e-3f, -1e-30f, -0f,
        0f, 1e-30f, 1e-3f, 0.5f, 1f, 2.5f, 3f, 3.5f, 6f, 6.5f, 10f, 20f, 20.5f, 30f, 88f, 100f,
    };

    public static IEnumerable<object[]> Activations() => SingleActivationNetworks.ByActivation.Keys.Select(name => new object[] { name });

    [Theory]
    [MemberData(nameof(Activations))]
    public void NaNStaysNaNInTheOnnxFormAsInForward(string activation)
    {
        INetwork net = SingleActivationNetworks.ByActivation[activation](0);
        SetToIdentity(net);
        float[] inputs = { float.NaN, 1f, -2f, 0.5f };
        float[] expected = new float[4];
        net.ForwardBatch(inputs, expected);
        float[] actual = OnnxRuntimeRunner.ExportAndRun(net, inputs);
        for (int i = 0; i < 4; i++)
            Assert.True(float.IsNaN(expected[i]) == float.IsNaN(actual[i]), $"{activation}, output {i}: NetGen {expected[i]}, ONNX Runtime {actual[i]}");
    }

    [Theory]
    [MemberData(nameof(Activations))]
    public void TheOnnxFormMatchesTheActivationFromTailToTail(string activation)
    {
        INetwork net = SingleActivationNetworks.ByActivation[activation](0);
        SetToIdentity(net);
        // Each probe once in each of the four positions of a sample, so Softmax and LogSoftmax see it beside others.
        int samples = Probes.Length;
        float[] inputs = new float[samples * 4];
        for (int s = 0; s < samples; s++)
            for (int j = 0; j < 4; j++)
                inputs[s * 4 + j] = Probes[(s + j * 7) % Probes.Length];
        float[] expected = new float[inputs.Length];
        net.ForwardBatch(inputs, expected);

        float[] actual = OnnxRuntimeRunner.ExportAndRun(net, inputs);

        double worstRatio = 0, worstUlps = 0;
        float worstInput = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(float.IsFinite(actual[i]) || !float.IsFinite(expected[i]), $"{activation}({inputs[i]}) is {actual[i]} in ONNX Runtime, {expected[i]} in NetGen.");
            Tolerance.Equal(expected[i], actual[i], $"{activation} at input {inputs[i]:R} (sample {i / 4})", 1e-5, 1e-6);
            double error = Math.Abs((double)actual[i] - expected[i]);
            worstRatio = Math.Max(worstRatio, error / (1e-6 + 1e-5 * Math.Abs(expected[i])));
            float magnitude = MathF.Abs(expected[i]);
            double ulps = error / ((double)MathF.BitIncrement(magnitude) - magnitude); // float32 spacing at the expected value
            if (ulps > worstUlps) (worstUlps, worstInput) = (ulps, inputs[i]);
        }
        output.WriteLine($"{activation}: {worstRatio:P1} of the allowance; at most {worstUlps:G3} units in the last place (at input {worstInput:R})");
    }

    [Fact]
    public void TheIdentityProbeReallyIsTheActivation()
    {
        // The premise of the test above, checked on one activation against the runtime's scalar function.
        INetwork net = new ReLU6Only(0);
        SetToIdentity(net);
        float[] input = { -1f, 2.5f, 6.5f, 0.25f };
        float[] output = new float[4];
        net.Forward(input, output);
        Assert.Equal(input.Select(NetGen.Activations.ReLU6).ToArray(), output);
    }

    private static void SetToIdentity(INetwork net)
    {
        Span<float> parameters = net.Parameters;
        parameters.Clear();
        foreach (ParameterTensor tensor in net.ParameterLayout.Where(t => t.Name.EndsWith(".weight", StringComparison.Ordinal)))
            for (int i = 0; i < 4; i++)
                tensor.Slice(parameters)[i * 4 + i] = 1f;
    }
}
