using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Compute;

/// <summary>
/// PReLU, y = x where x &gt; 0, else a·x, with a learnt slope a: one for each feature, or one for all (a weight of one
/// value). Its gradients, as PyTorch's: dx = g where x &gt; 0, else a·g; da = Σ g·x where x ≤ 0. Written once over
/// <see cref="ISimd{TSelf}"/>: a tile a register of samples at a time, one sample as a register of one lane.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class PReLUKernels
{
    private const int S = TileKernels.Samples;

    /// <summary>One sample (<paramref name="x"/>.Length features).</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> weight)
    {
        Check(x.Length, y.Length, weight.Length);
        ForwardCore<ScalarLane>(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y), ref MemoryMarshal.GetReference(weight),
            weight.Length > 1, x.Length, 1, 1);
    }

    /// <summary>A tile of <paramref name="features"/> rows.</summary>
    public static void ForwardTile(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> weight, int features)
    {
        TileKernels.CheckTile(x.Length, features, nameof(x));
        TileKernels.CheckTile(y.Length, features, nameof(y));
        Check(features, features, weight.Length);
        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float ry = ref MemoryMarshal.GetReference(y);
        ref float rw = ref MemoryMarshal.GetReference(weight);
        if (Vector512.IsHardwareAccelerated) ForwardCore<Simd512>(ref rx, ref ry, ref rw, weight.Length > 1, features, S, S);
        else if (Vector256.IsHardwareAccelerated) ForwardCore<Simd256>(ref rx, ref ry, ref rw, weight.Length > 1, features, S, S);
        else ForwardCore<Simd128>(ref rx, ref ry, ref rw, weight.Length > 1, features, S, S);
    }

    /// <summary>One sample back: dx (unless empty) and the slopes' gradient, added to unless <paramref name="accumulate"/> is false.</summary>
    public static void Backward(ReadOnlySpan<float> g, ReadOnlySpan<float> x, ReadOnlySpan<float> weight, Span<float> dx, Span<float> weightGradient, bool accumulate)
    {
        Check(g.Length, x.Length, weight.Length);
        CheckGradients(g.Length, dx.Length, weight.Length, weightGradient.Length);
        if (!accumulate) weightGradient.Clear();
        BackwardCore<ScalarLane>(ref MemoryMarshal.GetReference(g), ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(weight),
            weight.Length > 1, ref MemoryMarshal.GetReference(dx), !dx.IsEmpty, ref MemoryMarshal.GetReference(weightGradient), g.Length, 1, 1);
    }

    /// <summary>A tile back; the slopes' gradient sums over the tile's samples (the lanes past the last hold g = 0).</summary>
    public static void BackwardTile(ReadOnlySpan<float> g, ReadOnlySpan<float> x, ReadOnlySpan<float> weight, Span<float> dx, Span<float> weightGradient,
        int features, bool accumulate)
    {
        TileKernels.CheckTile(g.Length, features, nameof(g));
        TileKernels.CheckTile(x.Length, features, nameof(x));
        if (!dx.IsEmpty) TileKernels.CheckTile(dx.Length, features, nameof(dx));
        Check(features, features, weight.Length);
        CheckGradients(features, dx.IsEmpty ? 0 : features, weight.Length, weightGradient.Length);
        if (!accumulate) weightGradient.Clear();
        ref float rg = ref MemoryMarshal.GetReference(g);
        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float rw = ref MemoryMarshal.GetReference(weight);
        ref float rd = ref MemoryMarshal.GetReference(dx);
        ref float dw = ref MemoryMarshal.GetReference(weightGradient);
        bool perFeature = weight.Length > 1, below = !dx.IsEmpty;
        if (Vector512.IsHardwareAccelerated) BackwardCore<Simd512>(ref rg, ref rx, ref rw, perFeature, ref rd, below, ref dw, features, S, S);
        else if (Vector256.IsHardwareAccelerated) BackwardCore<Simd256>(ref rg, ref rx, ref rw, perFeature, ref rd, below, ref dw, features, S, S);
        else BackwardCore<Simd128>(ref rg, ref rx, ref rw, perFeature, ref rd, below, ref dw, features, S, S);
    }

    private static void Check(int features, int otherLength, int weightLength)
    {
        if (features < 1) throw new ArgumentException("Expected at least one feature.", "x");
        if (otherLength != features) throw new ArgumentException($"Expected {features} values, as x; got {otherLength}.", "y");
        if (weightLength != 1 && weightLength != features) throw new ArgumentException($"weight has {weightLength} values; expected 1 or {features}.", "weight");
    }

    private static void CheckGradients(int features, int dxLength, int weightLength, int weightGradientLength)
    {
        if (dxLength != 0 && dxLength != features) throw new ArgumentException($"dx has {dxLength} values; expected {features}.", "dx");
        if (weightGradientLength != weightLength) throw new ArgumentException($"weightGradient has {weightGradientLength} values; expected {weightLength}, as weight.", "weightGradient");
    }

    [MethodImpl(KernelMethod.Options)]
    internal static void ForwardCore<TV>(ref float x, ref float y, ref float weight, bool perFeature, int features, nint stride, nint lanes)
        where TV : struct, ISimd<TV>
    {
        for (int f = 0; f < features; f++)
        {
            TV slope = TV.Create(Unsafe.Add(ref weight, perFeature ? f : 0));
            for (nint lane = 0; lane < lanes; lane += TV.Count)
            {
                nuint at = (nuint)(f * stride + lane);
                TV v = TV.Load(ref x, at);
                TV.Store(TV.ConditionalSelect(TV.GreaterThan(v, TV.Zero), v, slope * v), ref y, at);
            }
        }
    }

    [MethodImpl(KernelMethod.Options)]
    internal static void BackwardCore<TV>(ref float g, ref float x, ref float weight, bool perFeature, ref float dx, bool below, ref float weightGradient,
        int features, nint stride, nint lanes) where TV : struct, ISimd<TV>
    {
        for (int f = 0; f < features; f++)
        {
            TV slope = TV.Create(Unsafe.Add(ref weight, perFeature ? f : 0)), slopeGradient = TV.Zero;
            for (nint lane = 0; lane < lanes; lane += TV.Count)
            {
                nuint at = (nuint)(f * stride + lane);
                TV v = TV.Load(ref x, at), gradient = TV.Load(ref g, at), positive = TV.GreaterThan(v, TV.Zero);
                slopeGradient += TV.ConditionalSelect(positive, TV.Zero, gradient * v);
                if (below) TV.Store(TV.ConditionalSelect(positive, gradient, slope * gradient), ref dx, at);
            }
            Unsafe.Add(ref weightGradient, perFeature ? f : 0) += TV.Sum(slopeGradient);
        }
    }
}
