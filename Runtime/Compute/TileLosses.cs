using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Compute;

/// <summary>
/// The losses on a tile (feature-major, <see cref="TileKernels.Samples"/> lanes): each returns the sum of the losses of
/// the tile's first <c>rows</c> samples and writes the gradient with respect to the values, times
/// <c>scale</c>, with zero gradient in the padding lanes. Targets are tiles too (<see cref="TileKernels.Load"/>).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class TileLosses
{
    /// <summary>Lane numbers 0–31, to mask the padding lanes of a partial tile.</summary>
    private static ReadOnlySpan<float> LaneIndex => new float[]
    {
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Valid<TV>(int lane, int rows) where TV : struct, ISimd<TV> =>
        TV.LessThan(TV.Load(ref MemoryMarshal.GetReference(LaneIndex), (nuint)lane), TV.Create(rows));

    /// <summary>
    /// <c>CrossEntropyLoss</c> on logits with one class index a sample: −log softmax(z)[label]; gradient
    /// softmax(z) − onehot(label).
    /// </summary>
    [MethodImpl(KernelMethod.Options)]
    public static float CrossEntropy(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, int rows, int classes, Span<float> gradient, float scale)
    {
        Check(logits.Length, gradient.Length, rows, classes);
        if (labels.Length < rows) throw new ArgumentException($"labels has {labels.Length} values; expected {rows}.", nameof(labels));
        for (int s = 0; s < rows; s++)
            if ((uint)labels[s] >= (uint)classes)
                throw new ArgumentOutOfRangeException(nameof(labels), labels[s], $"A class index must be in [0, {classes - 1}].");
        // The softmax into the gradient, then −1 at each sample's label; the loss is log Σ e^(z − max) − (z[label] − max).
        Span<float> max = stackalloc float[TileKernels.Samples], logSum = stackalloc float[TileKernels.Samples];
        SoftmaxWithLogSum(logits, gradient, max, logSum, classes);
        float loss = 0f;
        for (int s = 0; s < rows; s++)
        {
            int at = labels[s] * TileKernels.Samples + s;
            loss += logSum[s] - (logits[at] - max[s]);
            gradient[at] -= 1f;
        }
        ScaleAndMask(gradient, rows, classes, scale);
        return loss;
    }

    /// <summary><c>CrossEntropyLoss</c> on logits with class probabilities as the target: −Σ t·log softmax(z); gradient softmax(z)·Σt − t.</summary>
    [MethodImpl(KernelMethod.Options)]
    public static float CrossEntropy(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, int rows, int classes, Span<float> gradient, float scale)
    {
        Check(logits.Length, gradient.Length, rows, classes);
        TileKernels.CheckTile(targets.Length, classes, nameof(targets));
        Span<float> max = stackalloc float[TileKernels.Samples], logSum = stackalloc float[TileKernels.Samples];
        SoftmaxWithLogSum(logits, gradient, max, logSum, classes);
        Span<float> targetSum = stackalloc float[TileKernels.Samples];
        float loss = 0f;
        for (int c = 0; c < classes; c++)
            for (int s = 0; s < rows; s++)
            {
                int at = c * TileKernels.Samples + s;
                targetSum[s] += targets[at];
                loss += targets[at] * (logSum[s] - (logits[at] - max[s]));
            }
        for (int c = 0; c < classes; c++)
            for (int s = 0; s < rows; s++)
            {
                int at = c * TileKernels.Samples + s;
                gradient[at] = gradient[at] * targetSum[s] - targets[at];
            }
        ScaleAndMask(gradient, rows, classes, scale);
        return loss;
    }

    // softmax = softmax(logits) per sample, max[s] its largest logit and logSum[s] = log Σ e^(z − max), one exponential a
    // value; the loss is written as logSum − (z − max) so that large logits lose no digits.
    private static void SoftmaxWithLogSum(ReadOnlySpan<float> logits, Span<float> softmax, Span<float> max, Span<float> logSum, int classes)
    {
        ref float z = ref MemoryMarshal.GetReference(logits);
        ref float y = ref MemoryMarshal.GetReference(softmax);
        ref float m = ref MemoryMarshal.GetReference(max);
        ref float l = ref MemoryMarshal.GetReference(logSum);
        if (Vector512.IsHardwareAccelerated) SoftmaxWithLogSumCore<Simd512>(ref z, ref y, ref m, ref l, classes);
        else if (Vector256.IsHardwareAccelerated) SoftmaxWithLogSumCore<Simd256>(ref z, ref y, ref m, ref l, classes);
        else SoftmaxWithLogSumCore<Simd128>(ref z, ref y, ref m, ref l, classes);
    }

    [MethodImpl(KernelMethod.Options)]
    internal static void SoftmaxWithLogSumCore<TV>(ref float z, ref float y, ref float maxima, ref float logSum, int classes) where TV : struct, ISimd<TV>
    {
        for (int lane = 0; lane < TileKernels.Samples; lane += TV.Count)
        {
            TV max = TV.Load(ref z, (nuint)lane);
            for (int c = 1; c < classes; c++) max = TV.Max(max, TV.Load(ref z, (nuint)(c * TileKernels.Samples + lane)));
            TV sum = TV.Zero;
            for (int c = 0; c < classes; c++)
            {
                nuint at = (nuint)(c * TileKernels.Samples + lane);
                TV e = VectorMath.Exp(TV.Load(ref z, at) - max);
                sum += e;
                TV.Store(e, ref y, at);
            }
            TV inverse = TV.Create(1f) / sum;
            for (int c = 0; c < classes; c++)
            {
                nuint at = (nuint)(c * TileKernels.Samples + lane);
                TV.Store(TV.Load(ref y, at) * inverse, ref y, at);
            }
            TV.Store(max, ref maxima, (nuint)lane);
            TV.Store(VectorMath.Log(sum), ref logSum, (nuint)lane);
        }
    }

    /// <summary>
    /// <c>BCEWithLogitsLoss</c> element by element: max(z, 0) − z·t + log(1 + e^−|z|), exact for any logit; gradient
    /// sigmoid(z) − t.
    /// </summary>
    public static float BinaryCrossEntropyWithLogits(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, int rows, int features, Span<float> gradient, float scale)
    {
        Check(logits.Length, gradient.Length, rows, features);
        TileKernels.CheckTile(targets.Length, features, nameof(targets));
        ref float z = ref MemoryMarshal.GetReference(logits);
        ref float t = ref MemoryMarshal.GetReference(targets);
        ref float g = ref MemoryMarshal.GetReference(gradient);
        if (Vector512.IsHardwareAccelerated) return BceWithLogitsCore<Simd512>(ref z, ref t, ref g, rows, features, scale);
        if (Vector256.IsHardwareAccelerated) return BceWithLogitsCore<Simd256>(ref z, ref t, ref g, rows, features, scale);
        return BceWithLogitsCore<Simd128>(ref z, ref t, ref g, rows, features, scale);
    }

    [MethodImpl(KernelMethod.Options)]
    internal static float BceWithLogitsCore<TV>(ref float z, ref float t, ref float g, int rows, int features, float scale) where TV : struct, ISimd<TV>
    {
        TV total = TV.Zero, one = TV.Create(1f);
        for (int lane = 0; lane < TileKernels.Samples; lane += TV.Count)
        {
            TV valid = Valid<TV>(lane, rows);
            for (int f = 0; f < features; f++)
            {
                nuint at = (nuint)(f * TileKernels.Samples + lane);
                TV logit = TV.Load(ref z, at), target = TV.Load(ref t, at);
                // One exponential serves both: e = e^−|z| never overflows, sigmoid(z) is 1/(1 + e) or e/(1 + e).
                TV e = VectorMath.Exp(-TV.Abs(logit));
                TV onePlusE = one + e;
                TV sigmoid = TV.ConditionalSelect(TV.LessThan(logit, TV.Zero), e, one) / onePlusE;
                // log(1 + e) with e ≤ 1: below 1e-4 the series keeps the digits that 1 + e would round away.
                TV log1PlusE = TV.ConditionalSelect(TV.LessThan(e, TV.Create(1e-4f)), e * (one - TV.Create(0.5f) * e), VectorMath.Log(onePlusE));
                TV loss = TV.ConditionalSelect(TV.GreaterThan(logit, TV.Zero), logit, TV.Zero) - logit * target + log1PlusE;
                loss = TV.ConditionalSelect(TV.IsNaN(logit), logit, loss);
                total += TV.ConditionalSelect(valid, loss, TV.Zero);
                TV.Store(TV.ConditionalSelect(valid, (sigmoid - target) * TV.Create(scale), TV.Zero), ref g, at);
            }
        }
        return TV.Sum(total);
    }

    /// <summary>
    /// <c>BCELoss</c> on probabilities element by element, each log clamped at −100 as PyTorch's; gradient
    /// (y − t) / max(y·(1 − y), 1e−12).
    /// </summary>
    public static float BinaryCrossEntropy(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> targets, int rows, int features, Span<float> gradient, float scale)
    {
        Check(probabilities.Length, gradient.Length, rows, features);
        TileKernels.CheckTile(targets.Length, features, nameof(targets));
        float loss = 0f;
        for (int f = 0; f < features; f++)
            for (int s = 0; s < TileKernels.Samples; s++)
            {
                int at = f * TileKernels.Samples + s;
                if (s >= rows)
                {
                    gradient[at] = 0f;
                    continue;
                }
                loss += NetGen.Losses.BinaryCrossEntropy(probabilities[at], targets[at], out float d);
                gradient[at] = d * scale;
            }
        return loss;
    }

    /// <summary><c>MSELoss</c> element by element: (y − t)², gradient 2·(y − t).</summary>
    public static float SquaredError(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, int rows, int features, Span<float> gradient, float scale)
    {
        Check(outputs.Length, gradient.Length, rows, features);
        TileKernels.CheckTile(targets.Length, features, nameof(targets));
        ref float y = ref MemoryMarshal.GetReference(outputs);
        ref float t = ref MemoryMarshal.GetReference(targets);
        ref float g = ref MemoryMarshal.GetReference(gradient);
        if (Vector512.IsHardwareAccelerated) return SquaredErrorCore<Simd512>(ref y, ref t, ref g, rows, features, scale);
        if (Vector256.IsHardwareAccelerated) return SquaredErrorCore<Simd256>(ref y, ref t, ref g, rows, features, scale);
        return SquaredErrorCore<Simd128>(ref y, ref t, ref g, rows, features, scale);
    }

    [MethodImpl(KernelMethod.Options)]
    internal static float SquaredErrorCore<TV>(ref float y, ref float t, ref float g, int rows, int features, float scale) where TV : struct, ISimd<TV>
    {
        TV total = TV.Zero, twiceScale = TV.Create(2f * scale);
        for (int lane = 0; lane < TileKernels.Samples; lane += TV.Count)
        {
            TV valid = Valid<TV>(lane, rows);
            for (int f = 0; f < features; f++)
            {
                nuint at = (nuint)(f * TileKernels.Samples + lane);
                TV difference = TV.Load(ref y, at) - TV.Load(ref t, at);
                total += TV.ConditionalSelect(valid, difference * difference, TV.Zero);
                TV.Store(TV.ConditionalSelect(valid, difference * twiceScale, TV.Zero), ref g, at);
            }
        }
        return TV.Sum(total);
    }

    [MethodImpl(KernelMethod.Options)]
    private static void ScaleAndMask(Span<float> gradient, int rows, int features, float scale)
    {
        for (int f = 0; f < features; f++)
        {
            Span<float> row = gradient.Slice(f * TileKernels.Samples, TileKernels.Samples);
            for (int s = 0; s < rows; s++) row[s] *= scale;
            row.Slice(rows).Clear();
        }
    }

    private static void Check(int valuesLength, int gradientLength, int rows, int features)
    {
        if (rows < 1 || rows > TileKernels.Samples) throw new ArgumentOutOfRangeException(nameof(rows), rows, $"Expected 1 to {TileKernels.Samples} samples.");
        TileKernels.CheckTile(valuesLength, features, "values");
        TileKernels.CheckTile(gradientLength, features, "gradient");
    }
}
