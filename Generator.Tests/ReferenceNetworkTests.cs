using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using NetGen.Tests.Infrastructure;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// Every network of the reference file, with PyTorch's parameters loaded into Parameters: outputs, mean loss, every
/// parameter gradient, the input gradient and the optimizer trajectories must equal PyTorch's (see <see cref="Tolerance"/>).
/// </summary>
public class ReferenceNetworkTests(Xunit.Abstractions.ITestOutputHelper output)
{
    public static IEnumerable<object[]> Cases => ReferenceData.Networks.Select(n => new object[] { n.Name });

    public static IEnumerable<object[]> OptimizerCases =>
        ReferenceData.Networks.SelectMany(n => n.Optimizers.Select(o => new object[] { n.Name, o.Name }));

    [Fact]
    public void EveryReferenceCaseHasAGeneratedNetwork() =>
        Assert.Empty(ReferenceData.Networks.Select(n => n.Name).Except(ReferenceNetworks.ByCase.Keys));

    private static (ITrainableNetwork Network, NetworkReference Reference) Load(string name)
    {
        NetworkReference reference = ReferenceData.Network(name);
        ITrainableNetwork network = ReferenceNetworks.ByCase[name]();
        Assert.Equal(reference.Parameters.Length, network.Parameters.Length);
        for (int i = 0; i < reference.Parameters.Length; i++) network.Parameters[i] = (float)reference.Parameters[i];
        return (network, reference);
    }

    private static float[] Floats(double[] values) => values.Select(v => (float)v).ToArray();

    [Theory]
    [MemberData(nameof(Cases))]
    public void ForwardEqualsPyTorch(string name)
    {
        var (network, reference) = Load(name);
        float[] input = Floats(reference.Input);
        float[] output = new float[network.OutputSize];
        for (int s = 0; s < reference.Batch; s++)
        {
            network.Forward(input.AsSpan(s * network.InputSize, network.InputSize), output);
            Tolerance.Equal(reference.Output.AsSpan(s * network.OutputSize, network.OutputSize), output, $"{name} output of sample {s}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ComputeGradientsEqualsPyTorch(string name)
    {
        var (network, reference) = Load(name);
        float loss = ComputeGradients(network, reference);
        Tolerance.Equal(reference.Loss_, loss, $"{name} loss");
        Tolerance.Equal(reference.FlatGradients, network.Gradients, $"{name} gradients");
    }

    /// <summary>
    /// Gradients that hold anything before the call hold the batch's gradient after it, the same bits as a fresh
    /// network's (two fresh networks, not two calls on one: a second call draws new Dropout masks).
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void ComputeGradientsSetsRatherThanAccumulates(string name)
    {
        var (fresh, reference) = Load(name);
        ComputeGradients(fresh, reference);
        var (stale, _) = Load(name);
        stale.Gradients.Fill(1e3f);
        ComputeGradients(stale, reference);
        Assert.Equal(fresh.Gradients.ToArray(), stale.Gradients.ToArray());
    }

    /// <summary>
    /// BatchNorm1d's buffers: as PyTorch initialises them, and after the case's training step as PyTorch moves them
    /// (the batch's mean and unbiased variance, by the momentum; the batch count).
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void RunningStatisticsEqualPyTorch(string name)
    {
        var (network, reference) = Load(name);
        Assert.Equal(reference.Buffers.Length, network.Buffers.Length);
        if (reference.Buffers.Length == 0) return;
        Tolerance.Equal(reference.Buffers, network.Buffers, $"{name} buffers as initialised");
        ComputeGradients(network, reference);
        Tolerance.Equal(reference.BuffersAfter, network.Buffers, $"{name} buffers after a training step");
    }

    /// <summary>
    /// The functional path: the user computes dLoss/dOutput of the mean loss (as PyTorch's autograd would hand it to
    /// the last layer) and Backward adds the parameter gradients and writes the input gradient of each sample.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void BackwardFromTheLossGradientEqualsPyTorch(string name)
    {
        var (network, reference) = Load(name);
        // Backward is evaluation (running statistics, no Dropout) while the reference gradients are training's; the
        // losses with arguments have their gradients checked through ComputeGradients.
        if (reference.HasModes || reference.HasLossArguments) return;
        int inputs = network.InputSize, outputs = network.OutputSize, batch = reference.Batch;
        float[] input = Floats(reference.Input);
        float[] output = new float[outputs], outputGradient = new float[outputs], inputGradient = new float[inputs];
        network.Gradients.Clear();
        for (int s = 0; s < batch; s++)
        {
            ReadOnlySpan<float> x = input.AsSpan(s * inputs, inputs);
            network.Forward(x, output);
            for (int o = 0; o < outputs; o++)
            {
                double y = output[o];
                outputGradient[o] = reference.Loss switch
                {
                    "MSELoss" => (float)(2 * (y - reference.Target[s * outputs + o]) / (batch * outputs)),
                    "BCELoss" => (float)((y - reference.Target[s]) / (y * (1 - y)) / (batch * outputs)),
                    "L1Loss" => (float)(Math.Sign(y - reference.Target[s * outputs + o]) / (double)(batch * outputs)),
                    "NLLLoss" => o == (int)reference.Target[s] ? -1f / batch : 0f,
                    _ => CrossEntropyOutputGradient(name, output, (int)reference.Target[s], o, batch),
                };
            }
            network.Backward(x, outputGradient, inputGradient);
            Tolerance.Equal(reference.InputGradient.AsSpan(s * inputs, inputs), inputGradient, $"{name} input gradient of sample {s}");
        }
        Tolerance.Equal(reference.FlatGradients, network.Gradients, $"{name} gradients through Backward");
    }

    // dLoss/dOutput of the mean cross-entropy: on probabilities (trailing Softmax) −t/y; on logits softmax − onehot.
    private static float CrossEntropyOutputGradient(string name, float[] output, int label, int o, int batch)
    {
        if (name == "tanh_softmax_ce") return o == label ? -1f / (output[o] * batch) : 0f;
        float[] probabilities = new float[output.Length];
        Activations.Softmax(output, probabilities);
        return (probabilities[o] - (o == label ? 1f : 0f)) / batch;
    }

    /// <summary>The largest deviation from PyTorch over every output, loss and gradient, for the closing notes.</summary>
    [Fact]
    public void WorstDeviationFromPyTorchIsReportedAndWithinTolerance()
    {
        double worstAbsolute = 0, worstRelative = 0;
        string where = "";
        void Compare(string what, ReadOnlySpan<double> expected, ReadOnlySpan<float> actual)
        {
            for (int i = 0; i < expected.Length; i++)
            {
                double error = Math.Abs(actual[i] - expected[i]);
                if (error > worstAbsolute) worstAbsolute = error;
                if (Math.Abs(expected[i]) > 1e-3 && error / Math.Abs(expected[i]) > worstRelative)
                {
                    worstRelative = error / Math.Abs(expected[i]);
                    where = $"{what}[{i}]";
                }
                Tolerance.Equal(expected[i], actual[i], $"{what}[{i}]");
            }
        }
        foreach (NetworkReference reference in ReferenceData.Networks)
        {
            var (network, _) = Load(reference.Name);
            float[] outputs = new float[reference.Batch * network.OutputSize];
            network.ForwardBatch(Floats(reference.Input), outputs);
            Compare($"{reference.Name} output", reference.Output, outputs);
            float loss = ComputeGradients(network, reference);
            Compare($"{reference.Name} loss", new[] { reference.Loss_ }, new[] { loss });
            Compare($"{reference.Name} gradient", reference.FlatGradients, network.Gradients);
        }
        output.WriteLine($"worst absolute error {worstAbsolute:E2}; worst relative error {worstRelative:E2} (values above 1e-3), at {where}");
        Assert.True(worstRelative <= Tolerance.Relative + Tolerance.Absolute / 1e-3);
    }

    [Fact]
    public void BackwardWithoutInputGradientGivesTheSameParameterGradients()
    {
        var (network, reference) = Load("leaky_mse");
        float[] input = Floats(reference.Input).AsSpan(0, network.InputSize).ToArray();
        float[] outputGradient = { 0.3f, -0.7f };
        network.Gradients.Clear();
        network.Backward(input, outputGradient, new float[network.InputSize]);
        float[] withInputGradient = network.Gradients.ToArray();
        network.Gradients.Clear();
        network.Backward(input, outputGradient, Span<float>.Empty);
        Assert.Equal(withInputGradient, network.Gradients.ToArray());
    }

    [Theory]
    [MemberData(nameof(OptimizerCases))]
    public void OptimizerTrajectoryEqualsPyTorch(string name, string optimizerName)
    {
        var (network, reference) = Load(name);
        OptimizerReference trajectory = reference.Optimizers.Single(o => o.Name == optimizerName);
        IOptimizer optimizer = CreateOptimizer(trajectory.Constructor, network.Parameters.Length);
        for (int step = 0; step < trajectory.ParametersAfterEachStep.Length; step++)
        {
            ComputeGradients(network, reference);
            optimizer.Step(network.Parameters, network.Gradients);
            Tolerance.Equal(trajectory.ParametersAfterEachStep[step], network.Parameters, $"{name} {optimizerName} after step {step + 1}");
            if (trajectory.BuffersAfterEachStep.Length > 0)
                Tolerance.Equal(trajectory.BuffersAfterEachStep[step], network.Buffers, $"{name} {optimizerName} buffers after step {step + 1}");
        }
    }

    private static float ComputeGradients(ITrainableNetwork network, NetworkReference reference) =>
        reference.Loss is "CrossEntropyLoss" or "NLLLoss"
            ? ((IClassifierNetwork)network).ComputeGradients(Floats(reference.Input), reference.Target.Select(t => (int)t).ToArray())
            : network.ComputeGradients(Floats(reference.Input), Floats(reference.Target));

    /// <summary>Builds the optimizer a PyTorch constructor names, e.g. "SGD(n2.parameters(), lr=0.1, momentum=0.9)".</summary>
    private static IOptimizer CreateOptimizer(string constructor, int parameterCount)
    {
        string kind = constructor.Substring(0, constructor.IndexOf('('));
        Dictionary<string, float> arguments = Regex.Matches(constructor, @"(\w+)=([-+0-9.eE]+)")
            .ToDictionary(m => m.Groups[1].Value, m => float.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        float Get(string key, float fallback) => arguments.TryGetValue(key, out float value) ? value : fallback;
        return kind switch
        {
            "SGD" => new Sgd(parameterCount, Get("lr", 0), Get("momentum", 0), Get("dampening", 0), Get("weight_decay", 0),
                constructor.Contains("nesterov=True")),
            "Adam" => new Adam(parameterCount, Get("lr", 1e-3f), weightDecay: Get("weight_decay", 0)),
            "AdamW" => new AdamW(parameterCount, Get("lr", 1e-3f), weightDecay: Get("weight_decay", 1e-2f)),
            _ => throw new NotSupportedException(constructor),
        };
    }
}
