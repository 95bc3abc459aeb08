using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Catalog;
using NetGen.Generator.Model;
using NetGen.Tests.Infrastructure;
using Xunit;

namespace NetGen.Tests.Emitter;

/// <summary>
/// The double-precision oracle of the emitter tests (<see cref="DoubleActivations"/>, <see cref="DoubleNetwork"/>)
/// against PyTorch's own float64 values, so that it is an outside truth and not a second copy of the same mistake.
/// Both compute in float64 from the same float32 numbers, so they agree to ~1e-12, but for two things the tolerance
/// allows: the oracle takes its arguments as the catalog holds them, in float32 (LeakyReLU(0.01f) is 0.0099999998 to
/// PyTorch's 0.01, 2e-8 relative), and PyTorch's float64 GELU computes 1 + erf(x/√2), which cancels far below 0 (its
/// absolute error is ~1e-16·|x|; GELU(−20) is −0 there, −5.5e-88 here).
/// </summary>
public class DoubleOracleTests
{
    private const double Relative = 1e-7;
    private const double Absolute = 1e-14;

    // The reference file's activation tables, named as it names them.
    private static readonly Dictionary<string, (ActivationKind Kind, float[] Arguments)> Tables = new()
    {
        ["ReLU"] = (ActivationKind.ReLU, Array.Empty<float>()),
        ["Sigmoid"] = (ActivationKind.Sigmoid, Array.Empty<float>()),
        ["Tanh"] = (ActivationKind.Tanh, Array.Empty<float>()),
        ["LeakyReLU(0.01)"] = (ActivationKind.LeakyReLU, new[] { 0.01f }),
        ["LeakyReLU(0.2)"] = (ActivationKind.LeakyReLU, new[] { 0.2f }),
        ["BinaryStep"] = (ActivationKind.BinaryStep, Array.Empty<float>()),
        ["GELU"] = (ActivationKind.GELU, Array.Empty<float>()),
        ["GELU(tanh)"] = (ActivationKind.GELUTanh, Array.Empty<float>()),
        ["SiLU"] = (ActivationKind.SiLU, Array.Empty<float>()),
        ["ELU(1.0)"] = (ActivationKind.ELU, new[] { 1f }),
        ["Softplus(1,20)"] = (ActivationKind.Softplus, new[] { 1f, 20f }),
        ["Hardtanh(-1,1)"] = (ActivationKind.Hardtanh, new[] { -1f, 1f }),
    };

    public static TheoryData<string> ActivationTables => new(ReferenceData.Activations.Select(table => table.Name));

    /// <summary>The reference networks of Linear layers and activations with a loss without arguments (the oracle's vocabulary).</summary>
    public static TheoryData<string> ReferenceNetworks => new(ReferenceData.Networks
        .Where(network => !network.HasLossArguments
                          && network.Layers.All(layer => layer.Name == "Linear" || ActivationCatalog.ForAttribute(layer.Name) is not null))
        .Select(network => network.Name));

    [Theory]
    [MemberData(nameof(ActivationTables))]
    public void ActivationsMatchPyTorch(string name)
    {
        ActivationReference table = ReferenceData.Activations.Single(a => a.Name == name);
        Assert.True(Tables.TryGetValue(name, out var activation), $"The reference table {name} has no entry in {nameof(Tables)}.");
        for (int i = 0; i < table.X.Length; i++)
        {
            Tolerance.Equal(table.Y[i], DoubleActivations.Value(activation.Kind, activation.Arguments, table.X[i]), $"{name}({table.X[i]})", Relative, Absolute);
            Tolerance.Equal(table.Derivative[i], DoubleActivations.Derivative(activation.Kind, activation.Arguments, table.X[i]),
                $"{name}′({table.X[i]})", Relative, Absolute);
        }
    }

    [Fact]
    public void SoftmaxAndItsBackwardMatchPyTorch()
    {
        foreach (SoftmaxReference reference in ReferenceData.Softmax)
        {
            int width = reference.X.Length;
            NetworkSpec network = NetworkSpecBuilder.Network("Softmax", width).Linear(width).Activation(ActivationKind.Softmax).Build();
            NetworkSpec logNetwork = NetworkSpecBuilder.Network("LogSoftmax", width).Linear(width).Activation(ActivationKind.LogSoftmax).Build();
            // An identity Linear layer in front (exact in double), since a network starts with the input it is given.
            float[] identity = new float[width * width + width];
            for (int i = 0; i < width; i++) identity[i * width + i] = 1;
            float[] x = reference.X.Select(v => (float)v).ToArray();
            Assert.Equal(reference.X, x.Select(v => (double)v)); // the logits are float32 values

            foreach (var (spec, expected, what) in new[] { (network, reference.Softmax, "softmax"), (logNetwork, reference.LogSoftmax, "log_softmax") })
            {
                var oracle = new DoubleNetwork(spec, identity);
                double[][] values = oracle.Values(x);
                for (int i = 0; i < width; i++) Tolerance.Equal(expected[i], values[1][i], $"{what}[{i}]", Relative, Absolute);
                if (what != "softmax") continue;
                var parameters = new double[spec.ParameterCount];
                double[] dx = oracle.Backward(x, values, 1, reference.Upstream, parameters);
                for (int i = 0; i < width; i++) Tolerance.Equal(reference.InputGradient[i], dx[i], $"softmax dx[{i}]", Relative, Absolute);
            }
        }
    }

    [Theory]
    [MemberData(nameof(ReferenceNetworks))]
    public void NetworksLossesAndGradientsMatchPyTorch(string name)
    {
        NetworkReference reference = ReferenceData.Network(name);
        NetworkSpec network = Build(reference);
        float[] parameters = reference.Parameters.Select(v => (float)v).ToArray();
        float[] inputs = reference.Input.Select(v => (float)v).ToArray();
        var oracle = new DoubleNetwork(network, parameters);

        for (int s = 0; s < reference.Batch; s++)
        {
            double[] output = oracle.Forward(inputs.AsSpan(s * network.InputSize, network.InputSize));
            for (int o = 0; o < network.OutputSize; o++)
                Tolerance.Equal(reference.Output[s * network.OutputSize + o], output[o], $"output[{s}, {o}]", Relative, Absolute);
        }

        float[] targets = LossCatalog.Get(network.Loss).TakesLabels ? OneHot(reference.Target, network.OutputSize) : reference.Target.Select(v => (float)v).ToArray();
        var inputGradient = new double[inputs.Length];
        (double loss, double[] gradient) = oracle.Loss(inputs, targets, reference.Batch, inputGradient);
        Tolerance.Equal(reference.Loss_, loss, "loss", Relative, Absolute);
        double[] expected = reference.FlatGradients;
        for (int i = 0; i < expected.Length; i++) Tolerance.Equal(expected[i], gradient[i], $"gradient[{i}]", Relative, Absolute);
        for (int i = 0; i < inputGradient.Length; i++) Tolerance.Equal(reference.InputGradient[i], inputGradient[i], $"input gradient[{i}]", Relative, Absolute);
    }

    private static NetworkSpec Build(NetworkReference reference)
    {
        var builder = NetworkSpecBuilder.Network(reference.Name, (int)reference.Layers[0].Arguments[0]);
        foreach (var (name, arguments) in reference.Layers)
        {
            if (name == "Linear") builder.Linear((int)arguments[1]);
            else builder.Activation(ActivationCatalog.ForAttribute(name)!.Kind, arguments.Select(v => (float)v).ToArray());
        }
        return builder.Loss(LossCatalog.ForAttribute(reference.Loss)!.Kind).Build();
    }

    private static float[] OneHot(double[] labels, int classes)
    {
        var targets = new float[labels.Length * classes];
        for (int s = 0; s < labels.Length; s++) targets[s * classes + (int)labels[s]] = 1;
        return targets;
    }
}
