using System;
using System.Buffers;
using System.Numerics.Tensors;

namespace NetGen;

/// <summary>
/// Predictions from any network, as scikit-learn's <c>predict</c> and <c>predict_proba</c>: the class of a sample, or
/// its probability for each class, one sample or a batch (rows of <c>InputSize</c>, one a sample).
/// </summary>
/// <remarks>
/// Whether the outputs are probabilities already is read from the network's declared layers and loss: a trailing
/// <see cref="SoftmaxAttribute"/> or <see cref="SigmoidAttribute"/> gives probabilities, a trailing
/// <see cref="LogSoftmaxAttribute"/> or <see cref="LogSigmoidAttribute"/> log-probabilities; without one, a
/// <see cref="BCELossAttribute"/> or <see cref="MSELossAttribute"/> network's outputs are taken as probabilities (what
/// those losses are trained against), and any other network's as logits (softmax, or sigmoid for one output, makes them
/// probabilities). A network with one output is a binary classifier: class 1 when its probability is above ½, and two
/// probabilities a sample, P(class 0) and P(class 1). With several outputs the class is the largest output. A sample
/// whose outputs hold NaN has no class: −1, and NaN probabilities.
/// The span forms allocate nothing.
/// </remarks>
public static class Prediction
{
    /// <summary>Outputs gathered on the stack at a time; beyond this a pooled array is used.</summary>
    private const int StackFloats = 1024;

    /// <summary>The number of classes <paramref name="network"/> tells apart: its outputs, or 2 for a single output.</summary>
    public static int ClassCount(this INetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return network.OutputSize == 1 ? 2 : network.OutputSize;
    }

    /// <summary>The class of one sample (<c>InputSize</c> values), or −1 when the network's output is NaN.</summary>
    /// <exception cref="ArgumentException"><paramref name="sample"/> does not have <c>InputSize</c> values.</exception>
    public static int PredictClass(this INetwork network, ReadOnlySpan<float> sample)
    {
        ArgumentNullException.ThrowIfNull(network);
        Guard.Length(sample.Length, network.InputSize, nameof(sample));
        Span<int> single = stackalloc int[1];
        PredictClasses(network, sample, single);
        return single[0];
    }

    /// <summary>
    /// Writes the class of each sample of a batch (<c>batch × InputSize</c> values) to <paramref name="classes"/>
    /// (<c>batch</c> values; −1 for a sample whose output is NaN). Allocates nothing.
    /// </summary>
    /// <exception cref="ArgumentException">The batch is empty or not whole, or <paramref name="classes"/> does not have one value a sample.</exception>
    public static void PredictClasses(this INetwork network, ReadOnlySpan<float> samples, Span<int> classes)
    {
        ArgumentNullException.ThrowIfNull(network);
        int inputSize = network.InputSize, outputSize = network.OutputSize;
        int batch = Guard.BatchSize(samples.Length, inputSize, classes.Length, 1, nameof(samples), nameof(classes));
        NetworkOutput kind = NetworkOutputs.Of(network);
        float[]? rented = null;
        Span<float> buffer = outputSize <= StackFloats
            ? stackalloc float[StackFloats]
            : rented = ArrayPool<float>.Shared.Rent(outputSize);
        try
        {
            int chunk = Math.Max(1, buffer.Length / outputSize);
            for (int start = 0; start < batch; start += chunk)
            {
                int count = Math.Min(chunk, batch - start);
                Span<float> outputs = buffer[..(count * outputSize)];
                network.ForwardBatch(samples.Slice(start * inputSize, count * inputSize), outputs);
                for (int s = 0; s < count; s++) classes[start + s] = NetworkOutputs.ClassOf(outputs.Slice(s * outputSize, outputSize), kind);
            }
        }
        finally
        {
            if (rented is not null) ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>The class of each sample of a batch (<c>batch × InputSize</c> values), in a new array; −1 where the output is NaN.</summary>
    /// <exception cref="ArgumentException">The batch is empty or not whole.</exception>
    public static int[] PredictClasses(this INetwork network, ReadOnlySpan<float> samples)
    {
        ArgumentNullException.ThrowIfNull(network);
        var classes = new int[samples.Length / network.InputSize];
        PredictClasses(network, samples, classes);
        return classes;
    }

    /// <summary>
    /// Writes each sample's probability for each class: <paramref name="samples"/> holds one sample or a batch
    /// (<c>batch × InputSize</c>), <paramref name="probabilities"/> receives <c>batch × ClassCount</c> values, one row a
    /// sample (for a single-output network P(class 0), P(class 1)). Allocates nothing.
    /// </summary>
    /// <exception cref="ArgumentException">The batch is empty or not whole, or <paramref name="probabilities"/> does not have <c>batch × ClassCount</c> values.</exception>
    public static void PredictProbabilities(this INetwork network, ReadOnlySpan<float> samples, Span<float> probabilities)
    {
        ArgumentNullException.ThrowIfNull(network);
        int inputSize = network.InputSize, outputSize = network.OutputSize, classCount = network.ClassCount();
        int batch = Guard.BatchSize(samples.Length, inputSize, probabilities.Length, classCount, nameof(samples), nameof(probabilities));
        NetworkOutput kind = NetworkOutputs.Of(network);
        if (outputSize > 1)
        {
            network.ForwardBatch(samples, probabilities);
            if (kind == NetworkOutput.Logits) Activations.SoftmaxRows(probabilities, probabilities, outputSize);
            else if (kind == NetworkOutput.LogProbabilities) TensorPrimitives.Exp(probabilities, probabilities);
            return;
        }
        Span<float> buffer = stackalloc float[StackFloats];
        for (int start = 0; start < batch; start += buffer.Length)
        {
            int count = Math.Min(buffer.Length, batch - start);
            Span<float> outputs = buffer[..count];
            network.ForwardBatch(samples.Slice(start * inputSize, count * inputSize), outputs);
            for (int s = 0; s < count; s++)
            {
                (float negative, float positive) = BinaryProbabilities(outputs[s], kind);
                probabilities[2 * (start + s)] = negative;
                probabilities[2 * (start + s) + 1] = positive;
            }
        }
    }

    /// <summary>Each sample's probability for each class (<c>batch × ClassCount</c> values), in a new array.</summary>
    /// <exception cref="ArgumentException">The batch is empty or not whole.</exception>
    public static float[] PredictProbabilities(this INetwork network, ReadOnlySpan<float> samples)
    {
        ArgumentNullException.ThrowIfNull(network);
        var probabilities = new float[samples.Length / network.InputSize * network.ClassCount()];
        PredictProbabilities(network, samples, probabilities);
        return probabilities;
    }

    /// <summary>P(class 0) and P(class 1) from a single output, each computed directly so that neither loses digits near 0.</summary>
    private static (float Negative, float Positive) BinaryProbabilities(float y, NetworkOutput kind) => kind switch
    {
        NetworkOutput.Logits => (Activations.Sigmoid(-y), Activations.Sigmoid(y)),
        NetworkOutput.LogProbabilities => ((float)(1.0 - Math.Exp(y)), MathF.Exp(y)), // in double: 1 − p near p = 1
        _ => (1f - y, y),
    };
}
