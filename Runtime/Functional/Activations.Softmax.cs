using System;
using System.Numerics.Tensors;

namespace NetGen;

// Vector activations: softmax and log-softmax over a whole vector, and their vector-Jacobian products.
public static partial class Activations
{
    /// <summary>
    /// e^x / Σ e^x over the vector, as <c>torch.softmax(x, dim=-1)</c>. The maximum is subtracted first, so any
    /// logits (±1000, ±1e30) give probabilities that sum to 1, never NaN.
    /// </summary>
    public static void Softmax(ReadOnlySpan<float> x, Span<float> y)
    {
        CheckLengths(x, y);
        if (x.IsEmpty) return;
        float inverse = 1f / Compute.SoftmaxSpan.Exponentials(x, y, out _);
        TensorPrimitives.Multiply(y, inverse, y);
    }

    /// <summary>
    /// The softmax of each row of a row-major matrix (rows of <paramref name="width"/> values, one a sample): each row
    /// shifted by its maximum, then one vectorised exponential over the whole matrix, then each row normalised.
    /// </summary>
    public static void SoftmaxRows(ReadOnlySpan<float> x, Span<float> y, int width)
    {
        CheckLengths(x, y);
        if (width <= 0 || x.Length % width != 0)
            throw new ArgumentException($"x has length {x.Length}; expected whole rows of width {width}.", nameof(width));
        for (int start = 0; start < x.Length; start += width)
            TensorPrimitives.Subtract(x.Slice(start, width), Max(x.Slice(start, width)), y.Slice(start, width));
        TensorPrimitives.Exp(y, y);
        for (int start = 0; start < y.Length; start += width)
        {
            Span<float> row = y.Slice(start, width);
            TensorPrimitives.Multiply(row, 1f / TensorPrimitives.Sum(row), row);
        }
    }

    /// <summary>x − log Σ e^x over the vector, as <c>torch.log_softmax(x, dim=-1)</c>; stable for any logits.</summary>
    public static void LogSoftmax(ReadOnlySpan<float> x, Span<float> y)
    {
        CheckLengths(x, y);
        if (x.IsEmpty) return;
        // (x − max) − log Σ e^(x − max): both terms stay small, so large logits lose no digits. y holds the exponentials
        // until it is overwritten.
        float logSum = MathF.Log(Compute.SoftmaxSpan.Exponentials(x, y, out float max));
        for (int i = 0; i < x.Length; i++) y[i] = x[i] - max - logSum;
    }

    /// <summary>log Σ e^x, computed around the maximum so that it neither overflows nor underflows.</summary>
    public static float LogSumExp(ReadOnlySpan<float> x)
    {
        if (x.IsEmpty) return float.NegativeInfinity;
        float max = Max(x);
        if (float.IsInfinity(max)) return max;
        return max + MathF.Log(SumOfExponentials(x, max));
    }

    /// <summary>Σ e^(x − max): at least 1, since the maximum contributes e^0.</summary>
    internal static float SumOfExponentials(ReadOnlySpan<float> x, float max)
    {
        float sum = 0f;
        for (int i = 0; i < x.Length; i++) sum += MathF.Exp(x[i] - max);
        return sum;
    }

    /// <summary>
    /// The gradient through a softmax: given its output <paramref name="y"/> and dL/dy, writes
    /// dL/dx = y ⊙ (dL/dy − Σ dL/dy ⊙ y).
    /// </summary>
    public static void SoftmaxBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> outputGradient, Span<float> inputGradient)
    {
        CheckLengths(y, inputGradient);
        CheckLength(y.Length, outputGradient.Length, nameof(outputGradient));
        float dot = 0f;
        for (int i = 0; i < y.Length; i++) dot += outputGradient[i] * y[i];
        for (int i = 0; i < y.Length; i++) inputGradient[i] = y[i] * (outputGradient[i] - dot);
    }

    /// <summary>
    /// The gradient through a log-softmax: given its output <paramref name="y"/> (log-probabilities) and dL/dy,
    /// writes dL/dx = dL/dy − e^y · Σ dL/dy.
    /// </summary>
    public static void LogSoftmaxBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> outputGradient, Span<float> inputGradient)
    {
        CheckLengths(y, inputGradient);
        CheckLength(y.Length, outputGradient.Length, nameof(outputGradient));
        float sum = 0f;
        for (int i = 0; i < y.Length; i++) sum += outputGradient[i];
        for (int i = 0; i < y.Length; i++) inputGradient[i] = outputGradient[i] - MathF.Exp(y[i]) * sum;
    }

    internal static float Max(ReadOnlySpan<float> x)
    {
        float max = x[0];
        for (int i = 1; i < x.Length; i++) if (x[i] > max) max = x[i];
        return max;
    }
}
