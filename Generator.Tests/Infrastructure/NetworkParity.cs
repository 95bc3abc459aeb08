using System;
using System.Linq;
using NetGen.Generator.Catalog;
using NetGen.Generator.Model;
using Xunit.Sdk;

namespace NetGen.Tests.Infrastructure;

/// <summary>
/// Runs an emitted network's passes and holds each to <see cref="DoubleNetwork"/> within <see cref="TensorTolerance"/>:
/// Forward on every sample, ForwardBatch and ComputeGradients on batches of every size in <see cref="BatchSizes"/>
/// (one sample; part of a tile; a tile less one, exactly, plus one; several tiles and a remainder), and Backward with
/// and without an input gradient. Parameters are drawn wider than torch.nn.Linear's (±2/√in, bias ±1) and inputs in
/// ±3, so that activations see their saturated and clamped ranges, not only the middle.
/// </summary>
internal static class NetworkParity
{
    /// <summary>Batch sizes around the tile of 32 samples and its remainders.</summary>
    public static readonly int[] BatchSizes = { 1, 7, 8, 31, 32, 33, 100 };

    /// <summary>
    /// How far (relative to the kink, at least 1) every activation input of a test sample stays from a kink: float32
    /// rounding moves a pre-activation by ~1e-6 of its terms, so within this it could take the other branch.
    /// </summary>
    private const double KinkMargin = 1e-3;

    /// <summary>Checks every pass; returns the tolerance record (its worst ratio, for the test's output).</summary>
    public static TensorTolerance Check(INetwork network, NetworkSpec spec, int seed, float parameterScale = 1f)
    {
        var random = new Random(seed);
        SetParameters(network, spec, random, parameterScale);
        var reference = new DoubleNetwork(spec, network.Parameters);
        var tolerance = new TensorTolerance();
        int samples = BatchSizes.Max();
        float[] inputs = Inputs(reference, spec, samples, random);

        CheckForward(network, reference, spec, inputs, tolerance);
        CheckBackward(network, reference, spec, inputs, random, tolerance);
        if (network is ITrainableNetwork trainable) CheckComputeGradients(trainable, reference, spec, inputs, random, tolerance);
        return tolerance;
    }

    private static void CheckForward(INetwork network, DoubleNetwork reference, NetworkSpec spec, float[] inputs, TensorTolerance tolerance)
    {
        int samples = inputs.Length / spec.InputSize;
        double[] expected = Enumerable.Range(0, samples)
            .SelectMany(s => reference.Forward(inputs.AsSpan(s * spec.InputSize, spec.InputSize))).ToArray();

        // One sample's outputs on the scale of the batch's, as ForwardBatch's are.
        double scale = TensorTolerance.Scale(expected);
        var output = new float[spec.OutputSize];
        for (int s = 0; s < samples; s++)
        {
            network.Forward(inputs.AsSpan(s * spec.InputSize, spec.InputSize), output);
            tolerance.Equal(expected.AsSpan(s * spec.OutputSize, spec.OutputSize), output, $"Forward sample {s}", scale);
        }
        foreach (int batch in BatchSizes)
        {
            var outputs = new float[batch * spec.OutputSize];
            network.ForwardBatch(inputs.AsSpan(0, batch * spec.InputSize), outputs);
            tolerance.Equal(expected.AsSpan(0, batch * spec.OutputSize), outputs, $"ForwardBatch of {batch}");
        }
    }

    private static void CheckBackward(INetwork network, DoubleNetwork reference, NetworkSpec spec, float[] inputs, Random random, TensorTolerance tolerance)
    {
        for (int s = 0; s < 5; s++)
        {
            ReadOnlySpan<float> input = inputs.AsSpan(s * spec.InputSize, spec.InputSize);
            float[] outputGradient = Uniform(random, spec.OutputSize, -1, 1);
            var expected = new double[spec.ParameterCount];
            double[] expectedInput = reference.Backward(input, reference.Values(input), spec.Layers.Count - 1,
                outputGradient.Select(v => (double)v).ToArray(), expected);

            network.Gradients.Clear();
            var inputGradient = new float[spec.InputSize];
            network.Backward(input, outputGradient, inputGradient);
            CompareGradients(network, expected, tolerance, $"Backward sample {s}");
            tolerance.Equal(expectedInput, inputGradient, $"Backward sample {s}: input gradient");

            // It adds to Gradients, and an empty input gradient is skipped.
            network.Backward(input, outputGradient, Span<float>.Empty);
            CompareGradients(network, expected.Select(v => 2 * v).ToArray(), tolerance, $"Backward sample {s}, called twice");
        }
    }

    private static void CheckComputeGradients(ITrainableNetwork network, DoubleNetwork reference, NetworkSpec spec, float[] inputs, Random random,
        TensorTolerance tolerance)
    {
        int samples = inputs.Length / spec.InputSize;
        float[] targets = Targets(spec.Loss, samples, spec.OutputSize, random);
        foreach (int batch in BatchSizes)
        {
            ReadOnlySpan<float> batchInputs = inputs.AsSpan(0, batch * spec.InputSize);
            (double loss, double[] gradient) = reference.Loss(batchInputs, targets.AsSpan(0, batch * spec.OutputSize), batch);
            network.Gradients.Fill(1e3f); // ComputeGradients sets them: nothing of this may remain
            float actual = network.ComputeGradients(batchInputs, targets.AsSpan(0, batch * spec.OutputSize));
            tolerance.Equal(loss, actual, $"ComputeGradients of {batch}: loss");
            CompareGradients(network, gradient, tolerance, $"ComputeGradients of {batch}");
        }

        if (network is not IClassifierNetwork classifier) return;
        int[] labels = Enumerable.Range(0, samples).Select(_ => random.Next(spec.OutputSize)).ToArray();
        float[] oneHot = new float[samples * spec.OutputSize];
        for (int s = 0; s < samples; s++) oneHot[s * spec.OutputSize + labels[s]] = 1;
        foreach (int batch in BatchSizes)
        {
            ReadOnlySpan<float> batchInputs = inputs.AsSpan(0, batch * spec.InputSize);
            (double loss, double[] gradient) = reference.Loss(batchInputs, oneHot.AsSpan(0, batch * spec.OutputSize), batch);
            network.Gradients.Fill(1e3f);
            float actual = classifier.ComputeGradients(batchInputs, labels.AsSpan(0, batch));
            tolerance.Equal(loss, actual, $"ComputeGradients of {batch} labels: loss");
            CompareGradients(network, gradient, tolerance, $"ComputeGradients of {batch} labels");
        }
    }

    /// <summary>Each parameter tensor's gradient on its own scale.</summary>
    private static void CompareGradients(INetwork network, double[] expected, TensorTolerance tolerance, string what)
    {
        foreach (ParameterTensor tensor in network.ParameterLayout)
            tolerance.Equal(expected.AsSpan(tensor.Offset, tensor.Length), tensor.Slice(network.Gradients), $"{what}: {tensor.Name} gradient");
    }

    private static void SetParameters(INetwork network, NetworkSpec spec, Random random, float scale)
    {
        foreach (LinearSpec linear in spec.Layers.OfType<LinearSpec>())
        {
            float bound = scale * 2f / MathF.Sqrt(linear.InFeatures);
            Uniform(random, linear.WeightCount, -bound, bound).CopyTo(network.Parameters.Slice(linear.WeightOffset));
            if (linear.HasBias) Uniform(random, linear.OutFeatures, -scale, scale).CopyTo(network.Parameters.Slice(linear.BiasOffset));
        }
    }

    /// <summary>Inputs in ±3, each sample drawn again while an activation input lies within <see cref="KinkMargin"/> of a kink.</summary>
    private static float[] Inputs(DoubleNetwork reference, NetworkSpec spec, int samples, Random random)
    {
        var inputs = new float[samples * spec.InputSize];
        for (int s = 0; s < samples; s++)
        {
            Span<float> sample = inputs.AsSpan(s * spec.InputSize, spec.InputSize);
            int tries = 0;
            do
            {
                if (++tries > 1000) throw new XunitException($"{spec.Type.Type.NameWithTypeParameters}: no input keeps away from the activations' kinks.");
                Uniform(random, spec.InputSize, -3, 3).CopyTo(sample);
            }
            while (reference.KinkDistance(sample) < KinkMargin);
        }
        return inputs;
    }

    /// <summary>MSE, L1, SmoothL1, Huber: values in ±1; BCE: probabilities; cross-entropy, NLL: a distribution over the outputs a sample.</summary>
    private static float[] Targets(LossKind loss, int samples, int outputs, Random random)
    {
        switch (loss)
        {
            case LossKind.MSE or LossKind.L1 or LossKind.SmoothL1 or LossKind.Huber:
                return Uniform(random, samples * outputs, -1, 1);
            case LossKind.BCE:
                return Uniform(random, samples * outputs, 0, 1);
            case LossKind.CrossEntropy or LossKind.NLL:
                float[] targets = Uniform(random, samples * outputs, 0.05f, 1);
                for (int s = 0; s < samples; s++)
                {
                    Span<float> row = targets.AsSpan(s * outputs, outputs);
                    float sum = 0;
                    foreach (float value in row) sum += value;
                    for (int o = 0; o < outputs; o++) row[o] /= sum;
                }
                return targets;
            default:
                throw new NotSupportedException($"No targets for the loss {loss}: add them to {nameof(NetworkParity)}.");
        }
    }

    private static float[] Uniform(Random random, int count, float low, float high) =>
        Enumerable.Range(0, count).Select(_ => low + (high - low) * random.NextSingle()).ToArray();
}
