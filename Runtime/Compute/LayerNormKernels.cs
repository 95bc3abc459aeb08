using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Compute;

/// <summary>
/// Layer normalisation over the features of each sample: y = (x − μ)·r·w + b with μ the sample's mean, r = 1/√(σ² + ε)
/// and σ² its biased variance (two passes: the mean first, then the squares about it). The statistics (μ and r, two
/// values a sample) are kept for the backward pass. Written once over <see cref="ISimd{TSelf}"/>: a register holds one
/// feature of several samples of a tile (each step a vertical operation between rows, as the tile's softmax), and one
/// sample is the same code on a register of one lane (<see cref="ScalarLane"/>) with a stride of 1.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LayerNormKernels
{
    /// <summary>
    /// One sample: y from x (<paramref name="x"/>.Length features), <paramref name="statistics"/> = [μ, r]; empty
    /// <paramref name="weight"/> and <paramref name="bias"/> mean no affine step.
    /// </summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, Span<float> statistics, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, float eps)
    {
        int features = x.Length;
        Check(features, y.Length, statistics.Length, 2, weight.Length, bias.Length);
        ForwardCore<ScalarLane>(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y), ref MemoryMarshal.GetReference(statistics),
            ref MemoryMarshal.GetReference(weight), ref MemoryMarshal.GetReference(bias), !weight.IsEmpty, features, eps, 1, 1);
    }

    /// <summary>A tile of <paramref name="features"/> rows; <paramref name="statistics"/> is a tile of 2 rows (μ, r).</summary>
    public static void ForwardTile(ReadOnlySpan<float> x, Span<float> y, Span<float> statistics, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias,
        float eps, int features)
    {
        TileKernels.CheckTile(x.Length, features, nameof(x));
        TileKernels.CheckTile(y.Length, features, nameof(y));
        TileKernels.CheckTile(statistics.Length, 2, nameof(statistics));
        Check(features, features, 2, 2, weight.Length, bias.Length);
        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float ry = ref MemoryMarshal.GetReference(y);
        ref float rs = ref MemoryMarshal.GetReference(statistics);
        ref float rw = ref MemoryMarshal.GetReference(weight);
        ref float rb = ref MemoryMarshal.GetReference(bias);
        const int S = TileKernels.Samples;
        if (Vector512.IsHardwareAccelerated) ForwardCore<Simd512>(ref rx, ref ry, ref rs, ref rw, ref rb, !weight.IsEmpty, features, eps, S, S);
        else if (Vector256.IsHardwareAccelerated) ForwardCore<Simd256>(ref rx, ref ry, ref rs, ref rw, ref rb, !weight.IsEmpty, features, eps, S, S);
        else ForwardCore<Simd128>(ref rx, ref ry, ref rs, ref rw, ref rb, !weight.IsEmpty, features, eps, S, S);
    }

    /// <summary>
    /// One sample back: dx = r·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)) with ĝ = g·w (when <paramref name="dx"/> is not empty), and
    /// dw += g·x̂, db += g (set instead unless <paramref name="accumulate"/>; when the spans are not empty).
    /// </summary>
    public static void Backward(ReadOnlySpan<float> g, ReadOnlySpan<float> x, ReadOnlySpan<float> statistics, ReadOnlySpan<float> weight,
        Span<float> dx, Span<float> weightGradient, Span<float> biasGradient, bool accumulate)
    {
        int features = g.Length;
        Check(features, x.Length, statistics.Length, 2, weight.Length, weightGradient.Length);
        if (!dx.IsEmpty && dx.Length != features) throw new ArgumentException($"dx has {dx.Length} values; expected {features}.", nameof(dx));
        if (biasGradient.Length != weightGradient.Length)
            throw new ArgumentException($"biasGradient has {biasGradient.Length} values; expected {weightGradient.Length}, as weightGradient.", nameof(biasGradient));
        if (!accumulate)
        {
            weightGradient.Clear();
            biasGradient.Clear();
        }
        BackwardCore<ScalarLane>(ref MemoryMarshal.GetReference(g), ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(statistics),
            ref MemoryMarshal.GetReference(weight), !weight.IsEmpty, ref MemoryMarshal.GetReference(dx), !dx.IsEmpty,
            ref MemoryMarshal.GetReference(weightGradient), ref MemoryMarshal.GetReference(biasGradient), !weightGradient.IsEmpty, features, 1, 1);
    }

    /// <summary>A tile back, as <see cref="Backward"/>; the parameter gradients sum over the tile's samples.</summary>
    public static void BackwardTile(ReadOnlySpan<float> g, ReadOnlySpan<float> x, ReadOnlySpan<float> statistics, ReadOnlySpan<float> weight,
        Span<float> dx, Span<float> weightGradient, Span<float> biasGradient, int features, bool accumulate)
    {
        TileKernels.CheckTile(g.Length, features, nameof(g));
        TileKernels.CheckTile(x.Length, features, nameof(x));
        TileKernels.CheckTile(statistics.Length, 2, nameof(statistics));
        if (!dx.IsEmpty) TileKernels.CheckTile(dx.Length, features, nameof(dx));
        Check(features, features, 2, 2, weight.Length, weightGradient.Length);
        if (biasGradient.Length != weightGradient.Length)
            throw new ArgumentException($"biasGradient has {biasGradient.Length} values; expected {weightGradient.Length}, as weightGradient.", nameof(biasGradient));
        if (!accumulate)
        {
            weightGradient.Clear();
            biasGradient.Clear();
        }
        ref float rg = ref MemoryMarshal.GetReference(g);
        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float rs = ref MemoryMarshal.GetReference(statistics);
        ref float rw = ref MemoryMarshal.GetReference(weight);
        ref float rd = ref MemoryMarshal.GetReference(dx);
        ref float dw = ref MemoryMarshal.GetReference(weightGradient);
        ref float db = ref MemoryMarshal.GetReference(biasGradient);
        bool affine = !weight.IsEmpty, below = !dx.IsEmpty, parameters = !weightGradient.IsEmpty;
        const int S = TileKernels.Samples;
        if (Vector512.IsHardwareAccelerated) BackwardCore<Simd512>(ref rg, ref rx, ref rs, ref rw, affine, ref rd, below, ref dw, ref db, parameters, features, S, S);
        else if (Vector256.IsHardwareAccelerated) BackwardCore<Simd256>(ref rg, ref rx, ref rs, ref rw, affine, ref rd, below, ref dw, ref db, parameters, features, S, S);
        else BackwardCore<Simd128>(ref rg, ref rx, ref rs, ref rw, affine, ref rd, below, ref dw, ref db, parameters, features, S, S);
    }

    private static void Check(int features, int yLength, int statisticsLength, int statisticsExpected, int weightLength, int otherLength)
    {
        if (features < 1) throw new ArgumentException("Expected at least one feature.", "x");
        if (yLength != features) throw new ArgumentException($"Expected {features} values, as x; got {yLength}.", "y");
        if (statisticsLength < statisticsExpected) throw new ArgumentException($"statistics has {statisticsLength} values; expected {statisticsExpected}.", "statistics");
        if (weightLength != 0 && weightLength != features) throw new ArgumentException($"weight has {weightLength} values; expected {features} or none.", "weight");
        if (otherLength != weightLength) throw new ArgumentException($"Expected as many values as weight ({weightLength}); got {otherLength}.", "bias");
    }

    /// <summary>Element f of lane group <c>lane</c> is at f·stride + lane (a tile: stride 32; one sample: stride 1, one lane).</summary>
    [MethodImpl(KernelMethod.Options)]
    internal static void ForwardCore<TV>(ref float x, ref float y, ref float statistics, ref float weight, ref float bias, bool affine,
        int features, float eps, nint stride, nint lanes) where TV : struct, ISimd<TV>
    {
        TV n = TV.Create(features), one = TV.Create(1f);
        for (nint lane = 0; lane < lanes; lane += TV.Count)
        {
            TV sum = TV.Zero;
            for (int f = 0; f < features; f++) sum += TV.Load(ref x, (nuint)(f * stride + lane));
            TV mean = sum / n;
            TV squares = TV.Zero;
            for (int f = 0; f < features; f++)
            {
                TV d = TV.Load(ref x, (nuint)(f * stride + lane)) - mean;
                squares = TV.MultiplyAdd(d, d, squares);
            }
            TV r = one / TV.Sqrt(squares / n + TV.Create(eps));
            TV.Store(mean, ref statistics, (nuint)lane);
            TV.Store(r, ref statistics, (nuint)(stride + lane));
            for (int f = 0; f < features; f++)
            {
                nuint at = (nuint)(f * stride + lane);
                TV normal = (TV.Load(ref x, at) - mean) * r;
                if (affine) normal = TV.MultiplyAdd(normal, TV.Create(Unsafe.Add(ref weight, f)), TV.Create(Unsafe.Add(ref bias, f)));
                TV.Store(normal, ref y, at);
            }
        }
    }

    [MethodImpl(KernelMethod.Options)]
    internal static void BackwardCore<TV>(ref float g, ref float x, ref float statistics, ref float weight, bool affine, ref float dx, bool below,
        ref float weightGradient, ref float biasGradient, bool parameters, int features, nint stride, nint lanes) where TV : struct, ISimd<TV>
    {
        TV n = TV.Create(features);
        for (nint lane = 0; lane < lanes; lane += TV.Count)
        {
            TV mean = TV.Load(ref statistics, (nuint)lane), r = TV.Load(ref statistics, (nuint)(stride + lane));
            TV sumG = TV.Zero, sumGX = TV.Zero;
            for (int f = 0; f < features; f++)
            {
                nuint at = (nuint)(f * stride + lane);
                TV gf = TV.Load(ref g, at), normal = (TV.Load(ref x, at) - mean) * r;
                if (parameters)
                {
                    Unsafe.Add(ref weightGradient, f) += TV.Sum(gf * normal);
                    Unsafe.Add(ref biasGradient, f) += TV.Sum(gf);
                }
                if (affine) gf *= TV.Create(Unsafe.Add(ref weight, f));
                sumG += gf;
                sumGX = TV.MultiplyAdd(gf, normal, sumGX);
            }
            if (!below) continue;
            TV meanG = sumG / n, meanGX = sumGX / n;
            for (int f = 0; f < features; f++)
            {
                nuint at = (nuint)(f * stride + lane);
                TV gf = TV.Load(ref g, at), normal = (TV.Load(ref x, at) - mean) * r;
                if (affine) gf *= TV.Create(Unsafe.Add(ref weight, f));
                TV.Store(r * (gf - meanG - normal * meanGX), ref dx, at);
            }
        }
    }
}
