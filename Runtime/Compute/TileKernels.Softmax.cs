using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Compute;

// Softmax and log-softmax over the features of each sample of a tile: in feature-major layout every step is a
// vertical operation between rows, with no horizontal sum.
public static partial class TileKernels
{
    /// <summary>y = softmax over the <paramref name="features"/> rows, for each sample (stable: the maximum is subtracted first).</summary>
    public static void Softmax(ReadOnlySpan<float> x, Span<float> y, int features)
    {
        CheckTile(x.Length, features, nameof(x));
        CheckTile(y.Length, features, nameof(y));
        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float ry = ref MemoryMarshal.GetReference(y);
        if (Vector512.IsHardwareAccelerated) SoftmaxCore<Simd512>(ref rx, ref ry, features, log: false);
        else if (Vector256.IsHardwareAccelerated) SoftmaxCore<Simd256>(ref rx, ref ry, features, log: false);
        else SoftmaxCore<Simd128>(ref rx, ref ry, features, log: false);
    }

    /// <summary>y = log-softmax over the <paramref name="features"/> rows, for each sample.</summary>
    public static void LogSoftmax(ReadOnlySpan<float> x, Span<float> y, int features)
    {
        CheckTile(x.Length, features, nameof(x));
        CheckTile(y.Length, features, nameof(y));
        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float ry = ref MemoryMarshal.GetReference(y);
        if (Vector512.IsHardwareAccelerated) SoftmaxCore<Simd512>(ref rx, ref ry, features, log: true);
        else if (Vector256.IsHardwareAccelerated) SoftmaxCore<Simd256>(ref rx, ref ry, features, log: true);
        else SoftmaxCore<Simd128>(ref rx, ref ry, features, log: true);
    }

    [MethodImpl(KernelMethod.Options)]
    internal static void SoftmaxCore<TV>(ref float x, ref float y, int features, bool log) where TV : struct, ISimd<TV>
    {
        for (int lane = 0; lane < Samples; lane += TV.Count)
        {
            TV max = TV.Load(ref x, (nuint)lane);
            for (int f = 1; f < features; f++) max = TV.Max(max, TV.Load(ref x, (nuint)(f * Samples + lane)));
            TV sum = TV.Zero;
            for (int f = 0; f < features; f++)
            {
                nuint at = (nuint)(f * Samples + lane);
                TV e = VectorMath.Exp(TV.Load(ref x, at) - max);
                sum += e;
                if (!log) TV.Store(e, ref y, at);
            }
            if (log)
            {
                TV shift = max + VectorMath.Log(sum);
                for (int f = 0; f < features; f++)
                {
                    nuint at = (nuint)(f * Samples + lane);
                    TV.Store(TV.Load(ref x, at) - shift, ref y, at);
                }
            }
            else
            {
                TV inverse = TV.Create(1f) / sum;
                for (int f = 0; f < features; f++)
                {
                    nuint at = (nuint)(f * Samples + lane);
                    TV.Store(TV.Load(ref y, at) * inverse, ref y, at);
                }
            }
        }
    }

    /// <summary>The softmax's vector-Jacobian product for each sample: dx = y ⊙ (g − Σ g·y).</summary>
    public static void SoftmaxBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> g, Span<float> dx, int features)
    {
        CheckTile(y.Length, features, nameof(y));
        CheckTile(g.Length, features, nameof(g));
        CheckTile(dx.Length, features, nameof(dx));
        ref float ry = ref MemoryMarshal.GetReference(y);
        ref float rg = ref MemoryMarshal.GetReference(g);
        ref float rd = ref MemoryMarshal.GetReference(dx);
        if (Vector512.IsHardwareAccelerated) SoftmaxBackwardCore<Simd512>(ref ry, ref rg, ref rd, features, log: false);
        else if (Vector256.IsHardwareAccelerated) SoftmaxBackwardCore<Simd256>(ref ry, ref rg, ref rd, features, log: false);
        else SoftmaxBackwardCore<Simd128>(ref ry, ref rg, ref rd, features, log: false);
    }

    /// <summary>The log-softmax's vector-Jacobian product for each sample: dx = g − e^y·Σ g.</summary>
    public static void LogSoftmaxBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> g, Span<float> dx, int features)
    {
        CheckTile(y.Length, features, nameof(y));
        CheckTile(g.Length, features, nameof(g));
        CheckTile(dx.Length, features, nameof(dx));
        ref float ry = ref MemoryMarshal.GetReference(y);
        ref float rg = ref MemoryMarshal.GetReference(g);
        ref float rd = ref MemoryMarshal.GetReference(dx);
        if (Vector512.IsHardwareAccelerated) SoftmaxBackwardCore<Simd512>(ref ry, ref rg, ref rd, features, log: true);
        else if (Vector256.IsHardwareAccelerated) SoftmaxBackwardCore<Simd256>(ref ry, ref rg, ref rd, features, log: true);
        else SoftmaxBackwardCore<Simd128>(ref ry, ref rg, ref rd, features, log: true);
    }

    [MethodImpl(KernelMethod.Options)]
    internal static void SoftmaxBackwardCore<TV>(ref float y, ref float g, ref float dx, int features, bool log) where TV : struct, ISimd<TV>
    {
        for (int lane = 0; lane < Samples; lane += TV.Count)
        {
            TV dot = TV.Zero;
            for (int f = 0; f < features; f++)
            {
                nuint at = (nuint)(f * Samples + lane);
                dot = log ? dot + TV.Load(ref g, at) : TV.MultiplyAdd(TV.Load(ref g, at), TV.Load(ref y, at), dot);
            }
            for (int f = 0; f < features; f++)
            {
                nuint at = (nuint)(f * Samples + lane);
                TV yf = TV.Load(ref y, at);
                TV result = log
                    ? TV.Load(ref g, at) - VectorMath.Exp(yf) * dot
                    : yf * (TV.Load(ref g, at) - dot);
                TV.Store(result, ref dx, at);
            }
        }
    }
}
