using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Compute;

// L1, smooth L1 and Huber on a tile (each one kernel over ISimd, the three told apart by a kind), the negative
// log-likelihood, and the cross-entropy with label smoothing and class weights.
public static partial class TileLosses
{
    /// <summary>Which of the piecewise regression losses <see cref="RobustCore"/> computes.</summary>
    internal enum Robust
    {
        /// <summary>|d|.</summary>
        L1,

        /// <summary>0.5·d²/β where |d| &lt; β, else |d| − 0.5·β.</summary>
        SmoothL1,

        /// <summary>0.5·d² where |d| &lt; δ, else δ·(|d| − 0.5·δ).</summary>
        Huber,
    }

    /// <summary><c>L1Loss</c> element by element: |y − t|, gradient sign(y − t).</summary>
    public static float AbsoluteError(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, int rows, int features, Span<float> gradient, float scale) =>
        RobustLoss(outputs, targets, rows, features, gradient, scale, Robust.L1, 0f);

    /// <summary><c>SmoothL1Loss(beta)</c> element by element (beta = 0 is the L1 loss).</summary>
    public static float SmoothL1(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, int rows, int features, Span<float> gradient, float scale, float beta) =>
        RobustLoss(outputs, targets, rows, features, gradient, scale, beta == 0f ? Robust.L1 : Robust.SmoothL1, beta);

    /// <summary><c>HuberLoss(delta)</c> element by element.</summary>
    public static float Huber(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, int rows, int features, Span<float> gradient, float scale, float delta) =>
        RobustLoss(outputs, targets, rows, features, gradient, scale, Robust.Huber, delta);

    private static float RobustLoss(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, int rows, int features, Span<float> gradient, float scale,
        Robust kind, float threshold)
    {
        Check(outputs.Length, gradient.Length, rows, features);
        TileKernels.CheckTile(targets.Length, features, nameof(targets));
        ref float y = ref MemoryMarshal.GetReference(outputs);
        ref float t = ref MemoryMarshal.GetReference(targets);
        ref float g = ref MemoryMarshal.GetReference(gradient);
        if (Vector512.IsHardwareAccelerated) return RobustCore<Simd512>(ref y, ref t, ref g, rows, features, scale, kind, threshold);
        if (Vector256.IsHardwareAccelerated) return RobustCore<Simd256>(ref y, ref t, ref g, rows, features, scale, kind, threshold);
        return RobustCore<Simd128>(ref y, ref t, ref g, rows, features, scale, kind, threshold);
    }

    [MethodImpl(KernelMethod.Options)]
    internal static float RobustCore<TV>(ref float y, ref float t, ref float g, int rows, int features, float scale, Robust kind, float threshold)
        where TV : struct, ISimd<TV>
    {
        TV total = TV.Zero, k = TV.Create(scale), one = TV.Create(1f), half = TV.Create(0.5f), limit = TV.Create(threshold);
        for (int lane = 0; lane < TileKernels.Samples; lane += TV.Count)
        {
            TV valid = Valid<TV>(lane, rows);
            for (int f = 0; f < features; f++)
            {
                nuint at = (nuint)(f * TileKernels.Samples + lane);
                TV d = TV.Load(ref y, at) - TV.Load(ref t, at), magnitude = TV.Abs(d);
                // sign(d): ±1, and d itself where it is 0 or NaN (so NaN propagates, as the float forms).
                TV sign = TV.ConditionalSelect(TV.GreaterThan(d, TV.Zero), one, TV.ConditionalSelect(TV.LessThan(d, TV.Zero), -one, d));
                TV loss, slope;
                switch (kind)
                {
                    case Robust.L1:
                        loss = magnitude;
                        slope = sign;
                        break;
                    case Robust.SmoothL1:
                    {
                        TV inside = TV.LessThan(magnitude, limit);
                        loss = TV.ConditionalSelect(inside, half * d * d / limit, magnitude - half * limit);
                        slope = TV.ConditionalSelect(inside, d / limit, sign);
                        break;
                    }
                    default:
                    {
                        TV inside = TV.LessThan(magnitude, limit);
                        loss = TV.ConditionalSelect(inside, half * d * d, limit * (magnitude - half * limit));
                        slope = TV.ConditionalSelect(inside, d, limit * sign);
                        break;
                    }
                }
                total += TV.ConditionalSelect(valid, loss, TV.Zero);
                TV.Store(TV.ConditionalSelect(valid, slope * k, TV.Zero), ref g, at);
            }
        }
        return TV.Sum(total);
    }

    /// <summary><c>NLLLoss</c> with one class index a sample: −logp[label]; gradient −onehot(label).</summary>
    public static float NegativeLogLikelihood(ReadOnlySpan<float> logProbabilities, ReadOnlySpan<int> labels, int rows, int classes, Span<float> gradient, float scale)
    {
        Check(logProbabilities.Length, gradient.Length, rows, classes);
        CheckLabels(labels, rows, classes);
        gradient.Slice(0, classes * TileKernels.Samples).Clear();
        float loss = 0f;
        for (int s = 0; s < rows; s++)
        {
            int at = labels[s] * TileKernels.Samples + s;
            loss -= logProbabilities[at];
            gradient[at] = -scale;
        }
        return loss;
    }

    /// <summary><c>NLLLoss</c> generalised to class probabilities t: −Σ t·logp; gradient −t.</summary>
    public static float NegativeLogLikelihood(ReadOnlySpan<float> logProbabilities, ReadOnlySpan<float> targets, int rows, int classes, Span<float> gradient, float scale)
    {
        Check(logProbabilities.Length, gradient.Length, rows, classes);
        TileKernels.CheckTile(targets.Length, classes, nameof(targets));
        float loss = 0f;
        for (int c = 0; c < classes; c++)
            for (int s = 0; s < TileKernels.Samples; s++)
            {
                int at = c * TileKernels.Samples + s;
                if (s >= rows)
                {
                    gradient[at] = 0f;
                    continue;
                }
                loss -= targets[at] * logProbabilities[at];
                gradient[at] = -targets[at] * scale;
            }
        return loss;
    }

    /// <summary>
    /// <c>CrossEntropyLoss(weight, label_smoothing)</c> on logits with one class index a sample, before the mean (see
    /// <see cref="NetGen.Losses.CrossEntropyWithLogits(ReadOnlySpan{float}, int, Span{float}, float, ReadOnlySpan{float})"/>);
    /// an empty <paramref name="weights"/> means all 1.
    /// </summary>
    public static float CrossEntropy(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, int rows, int classes, Span<float> gradient, float scale,
        float labelSmoothing, ReadOnlySpan<float> weights)
    {
        Check(logits.Length, gradient.Length, rows, classes);
        CheckLabels(labels, rows, classes);
        if (weights.Length != 0 && weights.Length != classes)
            throw new ArgumentException($"weights has {weights.Length} values; expected {classes} or none.", nameof(weights));
        Span<float> max = stackalloc float[TileKernels.Samples], logSum = stackalloc float[TileKernels.Samples];
        SoftmaxWithLogSum(logits, gradient, max, logSum, classes);
        float share = labelSmoothing / classes, weightSum = 0f;
        for (int c = 0; c < classes; c++) weightSum += weights.IsEmpty ? 1f : weights[c];
        float loss = 0f;
        for (int s = 0; s < rows; s++)
        {
            int label = labels[s];
            float labelWeight = (1f - labelSmoothing) * (weights.IsEmpty ? 1f : weights[label]);
            float total = labelWeight + share * weightSum;
            for (int c = 0; c < classes; c++)
            {
                int at = c * TileKernels.Samples + s;
                float w = weights.IsEmpty ? 1f : weights[c];
                if (share != 0f) loss += share * w * (logSum[s] - (logits[at] - max[s]));
                gradient[at] = gradient[at] * total - share * w;
            }
            int labelAt = label * TileKernels.Samples + s;
            loss += labelWeight * (logSum[s] - (logits[labelAt] - max[s]));
            gradient[labelAt] -= labelWeight;
        }
        ScaleAndMask(gradient, rows, classes, scale);
        return loss;
    }

    /// <summary>
    /// <c>CrossEntropyLoss(weight, label_smoothing)</c> on logits with class probabilities t, smoothed to (1 − ε)·t + ε/C:
    /// −Σ w·t'·log p; gradient p·Σ w·t' − w·t'.
    /// </summary>
    public static float CrossEntropy(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, int rows, int classes, Span<float> gradient, float scale,
        float labelSmoothing, ReadOnlySpan<float> weights)
    {
        Check(logits.Length, gradient.Length, rows, classes);
        TileKernels.CheckTile(targets.Length, classes, nameof(targets));
        if (weights.Length != 0 && weights.Length != classes)
            throw new ArgumentException($"weights has {weights.Length} values; expected {classes} or none.", nameof(weights));
        Span<float> max = stackalloc float[TileKernels.Samples], logSum = stackalloc float[TileKernels.Samples];
        SoftmaxWithLogSum(logits, gradient, max, logSum, classes);
        Span<float> total = stackalloc float[TileKernels.Samples];
        float share = labelSmoothing / classes, loss = 0f;
        for (int c = 0; c < classes; c++)
            for (int s = 0; s < rows; s++)
            {
                int at = c * TileKernels.Samples + s;
                float weighted = (weights.IsEmpty ? 1f : weights[c]) * ((1f - labelSmoothing) * targets[at] + share);
                total[s] += weighted;
                loss += weighted * (logSum[s] - (logits[at] - max[s]));
            }
        for (int c = 0; c < classes; c++)
            for (int s = 0; s < rows; s++)
            {
                int at = c * TileKernels.Samples + s;
                gradient[at] = gradient[at] * total[s] - (weights.IsEmpty ? 1f : weights[c]) * ((1f - labelSmoothing) * targets[at] + share);
            }
        ScaleAndMask(gradient, rows, classes, scale);
        return loss;
    }

    /// <summary>
    /// Σ weights[label] over the batch's labels: the divisor of a class-weighted cross-entropy's mean with class indices,
    /// as PyTorch's (the labels are checked before).
    /// </summary>
    public static float ClassWeightSum(ReadOnlySpan<int> labels, ReadOnlySpan<float> weights)
    {
        double sum = 0;
        foreach (int label in labels) sum += weights[label];
        return (float)sum;
    }

    private static void CheckLabels(ReadOnlySpan<int> labels, int rows, int classes)
    {
        if (labels.Length < rows) throw new ArgumentException($"labels has {labels.Length} values; expected {rows}.", nameof(labels));
        for (int s = 0; s < rows; s++)
            if ((uint)labels[s] >= (uint)classes)
                throw new ArgumentOutOfRangeException(nameof(labels), labels[s], $"A class index must be in [0, {classes - 1}].");
    }
}
