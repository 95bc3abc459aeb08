using System;
using System.Collections.Generic;
using NetGen.Tests.Infrastructure;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// Gradients of networks the reference file does not cover, across every activation and loss, against central
/// differences (see <see cref="GradientCheck"/> for the tolerance): both ComputeGradients (the loss's gradient) and
/// Backward (parameters and input, from an arbitrary dLoss/dOutput).
/// </summary>
public class GradientCheckTests
{
    public static IEnumerable<object[]> Networks() => new[]
    {
        new object[] { nameof(SmoothSoftmaxNet) },
        new object[] { nameof(ExponentialUnitsNet) },
        new object[] { nameof(LogProbabilitiesNet) },
        new object[] { nameof(MixedRegressionNet) },
        new object[] { nameof(ClampsNet) },
        new object[] { nameof(ActivationFirstNet) },
        new object[] { nameof(WideLoopedNet) },
    };

    private static ITrainableNetwork Create(string name) => name switch
    {
        nameof(SmoothSoftmaxNet) => new SmoothSoftmaxNet(seed: 1),
        nameof(ExponentialUnitsNet) => new ExponentialUnitsNet(seed: 2),
        nameof(LogProbabilitiesNet) => new LogProbabilitiesNet(seed: 3),
        nameof(MixedRegressionNet) => new MixedRegressionNet(seed: 4),
        nameof(ClampsNet) => new ClampsNet(seed: 5),
        nameof(ActivationFirstNet) => new ActivationFirstNet(seed: 6),
        nameof(WideLoopedNet) => new WideLoopedNet(seed: 7),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static float[] RandomValues(int count, int seed, float scale)
    {
        var random = new SeededRandom(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (2f * random.NextSingle() - 1f) * scale;
        return values;
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void ComputeGradientsMatchesCentralDifferencesOfTheLoss(string name)
    {
        ITrainableNetwork network = Create(name);
        const int Batch = 6; // 6 = one block of four rows (the batched kernels' SIMD path) and two single rows
        float[] inputs = RandomValues(Batch * network.InputSize, 100, 2f);
        float[] targets = RandomValues(Batch * network.OutputSize, 101, 1f);
        for (int i = 0; i < targets.Length; i++) targets[i] = MathF.Abs(targets[i]); // probabilities for BCE and soft CE
        float Loss() => network.ComputeGradients(inputs, targets);

        Loss();
        float[] analytic = network.Gradients.ToArray();
        GradientCheck.Check(network.Parameters, analytic, () => Loss(), $"{name} dLoss/dParameters");
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void ClassIndexOverloadMatchesCentralDifferences(string name)
    {
        if (Create(name) is not IClassifierNetwork network) return; // only cross-entropy networks take class indices
        float[] inputs = RandomValues(6 * network.InputSize, 200, 2f);
        int[] labels = { 0, 2, 1, 2, 1, 0 };
        network.ComputeGradients(inputs, labels);
        float[] analytic = network.Gradients.ToArray();
        GradientCheck.Check(network.Parameters, analytic, () => network.ComputeGradients(inputs, labels), $"{name} dLoss/dParameters (labels)");
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void BackwardMatchesCentralDifferencesForParametersAndInput(string name)
    {
        ITrainableNetwork network = Create(name);
        float[] input = RandomValues(network.InputSize, 300, 2f);
        float[] weights = RandomValues(network.OutputSize, 301, 1f); // f = weights · output, so dLoss/dOutput = weights
        float[] output = new float[network.OutputSize];
        double F()
        {
            network.Forward(input, output);
            double sum = 0;
            for (int i = 0; i < output.Length; i++) sum += weights[i] * output[i];
            return sum;
        }

        float[] inputGradient = new float[network.InputSize];
        network.Gradients.Clear();
        network.Backward(input, weights, inputGradient);
        float[] parameterGradient = network.Gradients.ToArray();
        GradientCheck.Check(network.Parameters, parameterGradient, F, $"{name} Backward dF/dParameters");
        GradientCheck.Check(input, inputGradient, F, $"{name} Backward dF/dInput");
    }
}
