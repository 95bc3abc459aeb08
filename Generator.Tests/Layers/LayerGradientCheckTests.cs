using System;
using System.Linq;
using NetGen.Tests.Infrastructure;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests.Layers;

/// <summary>
/// The gradients of networks with Dropout, LayerNorm, BatchNorm1d, PReLU and the new losses against central differences
/// (tolerance: <see cref="GradientCheck"/>): ComputeGradients in training (batch statistics, Dropout's masks) on a batch
/// that takes the tile path and the one-sample path, the class-index overload, and Backward in evaluation (running
/// statistics, Dropout the identity) for the parameters and the input.
/// </summary>
public class LayerGradientCheckTests
{
    private const int Seed = 11;

    public static TheoryData<string> Networks() => new()
    {
        nameof(DropoutClassifier), nameof(LayerNormRegression), nameof(BatchNormClassifier), nameof(PReLURegression),
        nameof(InputBatchNorm), nameof(InputLayerNorm), nameof(LogSoftmaxNll), nameof(SmoothedWeightedClassifier),
        nameof(WideEverything), nameof(WidePReLU), nameof(TwoBatchNorms), nameof(BatchNormLast), nameof(BatchNormSoftmax),
    };

    public static ITrainableNetwork Create(string name) => name switch
    {
        nameof(DropoutClassifier) => new DropoutClassifier(Seed),
        nameof(LayerNormRegression) => new LayerNormRegression(Seed),
        nameof(BatchNormClassifier) => new BatchNormClassifier(Seed),
        nameof(PReLURegression) => new PReLURegression(Seed),
        nameof(InputBatchNorm) => new InputBatchNorm(Seed),
        nameof(InputLayerNorm) => new InputLayerNorm(Seed),
        nameof(LogSoftmaxNll) => new LogSoftmaxNll(Seed),
        nameof(SmoothedWeightedClassifier) => new SmoothedWeightedClassifier(Seed),
        nameof(WideEverything) => new WideEverything(Seed),
        nameof(WidePReLU) => new WidePReLU(Seed),
        nameof(TwoBatchNorms) => new TwoBatchNorms(Seed),
        nameof(BatchNormLast) => new BatchNormLast(Seed),
        nameof(BatchNormSoftmax) => new BatchNormSoftmax(Seed),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static float[] RandomValues(int count, int seed, float scale)
    {
        var random = new SeededRandom(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (2f * random.NextSingle() - 1f) * scale;
        return values;
    }

    /// <summary>
    /// The loss of the batch with <paramref name="template"/>'s parameters, on a fresh network of the same seed: a
    /// network's first ComputeGradients draws the same Dropout masks every time, so the loss is a function of the
    /// parameters alone.
    /// </summary>
    private static float FreshLoss(string name, ITrainableNetwork template, float[] inputs, float[] targets, int[]? labels)
    {
        ITrainableNetwork network = Create(name);
        template.Parameters.CopyTo(network.Parameters);
        return labels is null ? network.ComputeGradients(inputs, targets) : ((IClassifierNetwork)network).ComputeGradients(inputs, labels);
    }

    // 37 samples: a full tile, and 5 left for the one-sample path (a network with BatchNorm1d takes them as a partial tile).
    [Theory]
    [MemberData(nameof(Networks))]
    public void ComputeGradientsMatchesCentralDifferencesOfTheLoss(string name)
    {
        foreach (int batch in new[] { 37, 6 })
        {
            ITrainableNetwork network = Create(name);
            float[] inputs = RandomValues(batch * network.InputSize, 100 + batch, 2f);
            float[] targets = RandomValues(batch * network.OutputSize, 101 + batch, 1f);
            for (int i = 0; i < targets.Length; i++) targets[i] = MathF.Abs(targets[i]); // probabilities for BCE and soft targets
            FreshLoss(name, network, inputs, targets, null);
            ITrainableNetwork first = Create(name);
            network.Parameters.CopyTo(first.Parameters);
            first.ComputeGradients(inputs, targets);
            GradientCheck.Check(network.Parameters, first.Gradients.ToArray(), () => FreshLoss(name, network, inputs, targets, null),
                $"{name} batch {batch} dLoss/dParameters", Step(name, batch));
        }
    }

    /// <summary>
    /// The central differences' step: BatchNorm1d over the 6 samples of the small batch is strongly curved (its third
    /// derivative grows as the batch's variance shrinks), so there a third of the default; the loss's float32 rounding
    /// over 2·step stays below 1e-5.
    /// </summary>
    private static float Step(string name, int batch) =>
        batch < 8 && Create(name).Layers.Any(layer => layer is BatchNorm1dAttribute) ? GradientCheck.Step / 3 : GradientCheck.Step;

    [Theory]
    [MemberData(nameof(Networks))]
    public void ClassIndexOverloadMatchesCentralDifferences(string name)
    {
        if (Create(name) is not IClassifierNetwork network) return; // only cross-entropy and NLL networks take class indices
        foreach (int batch in new[] { 37, 6 })
        {
            float[] inputs = RandomValues(batch * network.InputSize, 200 + batch, 2f);
            var random = new SeededRandom(batch);
            int[] labels = new int[batch];
            for (int s = 0; s < batch; s++) labels[s] = (int)(random.NextSingle() * network.OutputSize) % network.OutputSize;
            var first = (IClassifierNetwork)Create(name);
            network.Parameters.CopyTo(first.Parameters);
            first.ComputeGradients(inputs, labels);
            GradientCheck.Check(network.Parameters, first.Gradients.ToArray(), () => FreshLoss(name, network, inputs, [], labels),
                $"{name} batch {batch} dLoss/dParameters (labels)", Step(name, batch));
        }
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void BackwardMatchesCentralDifferencesForParametersAndInput(string name)
    {
        ITrainableNetwork network = Create(name);
        MoveRunningStatistics(network);
        float[] input = RandomValues(network.InputSize, 300, 2f);
        float[] weights = RandomValues(network.OutputSize, 301, 1f); // f = weights · output, so dF/dOutput = weights
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

    /// <summary>A few training steps, so that BatchNorm1d's running statistics are no longer 0 and 1 (evaluation uses them).</summary>
    private static void MoveRunningStatistics(ITrainableNetwork network)
    {
        float[] inputs = RandomValues(16 * network.InputSize, 400, 3f);
        float[] targets = RandomValues(16 * network.OutputSize, 401, 1f);
        for (int i = 0; i < targets.Length; i++) targets[i] = MathF.Abs(targets[i]);
        for (int step = 0; step < 3; step++) network.ComputeGradients(inputs, targets);
    }
}
