using System;
using System.Numerics;
using System.Numerics.Tensors;

namespace NetGen;

/// <summary>
/// Gradient clipping over a flat gradient buffer (a network's <see cref="INetwork.Gradients"/>), with the semantics
/// of PyTorch's <c>torch.nn.utils.clip_grad_norm_</c> and <c>clip_grad_value_</c>. Both work in place and allocate
/// nothing; <see cref="TrainingOptions.MaxGradientNorm"/> and <see cref="TrainingOptions.GradientClipValue"/> apply
/// them in <see cref="Trainer"/> before every optimizer step.
/// </summary>
public static class GradientClipping
{
    /// <summary>
    /// Scales <paramref name="gradients"/> so that their total L2 norm is at most <paramref name="maxNorm"/>
    /// (by <c>maxNorm / (norm + 1e-6)</c> when that is below 1, as <c>clip_grad_norm_</c>), and returns the norm
    /// before clipping. A non-finite gradient makes the norm non-finite and the gradients NaN or 0, as in PyTorch.
    /// </summary>
    /// <remarks>
    /// The squares are summed in double precision, so the norm is exact to float rounding even where PyTorch's
    /// float32 sum overflows (gradients above about 1.8e19, where PyTorch returns infinity and zeroes them).
    /// </remarks>
    /// <param name="gradients">The gradients, clipped in place.</param>
    /// <param name="maxNorm">The largest total norm allowed: a finite number &gt; 0.</param>
    public static float ClipNorm(Span<float> gradients, float maxNorm)
    {
        if (!(maxNorm > 0f) || !float.IsFinite(maxNorm))
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "Expected maxNorm to be a finite number > 0.");
        float norm = (float)Math.Sqrt(SumOfSquares(gradients));
        float coefficient = maxNorm / (norm + 1e-6f);
        if (!(coefficient >= 1f)) TensorPrimitives.Multiply(gradients, coefficient, gradients); // NaN scales too
        return norm;
    }

    /// <summary>
    /// Clamps every gradient to [−<paramref name="clipValue"/>, <paramref name="clipValue"/>], as
    /// <c>clip_grad_value_</c>; NaN stays NaN.
    /// </summary>
    /// <param name="gradients">The gradients, clipped in place.</param>
    /// <param name="clipValue">The largest magnitude allowed: a finite number &gt; 0.</param>
    public static void ClipValue(Span<float> gradients, float clipValue)
    {
        if (!(clipValue > 0f) || !float.IsFinite(clipValue))
            throw new ArgumentOutOfRangeException(nameof(clipValue), clipValue, "Expected clipValue to be a finite number > 0.");
        for (int i = 0; i < gradients.Length; i++) gradients[i] = Math.Clamp(gradients[i], -clipValue, clipValue);
    }

    /// <summary>Σ g², widened to double lane by lane.</summary>
    private static double SumOfSquares(ReadOnlySpan<float> values)
    {
        var low = Vector<double>.Zero;
        var high = Vector<double>.Zero;
        int i = 0;
        for (; i <= values.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            Vector.Widen(new Vector<float>(values.Slice(i)), out Vector<double> a, out Vector<double> b);
            low += a * a;
            high += b * b;
        }
        double sum = Vector.Sum(low + high);
        for (; i < values.Length; i++) sum += (double)values[i] * values[i];
        return sum;
    }
}
