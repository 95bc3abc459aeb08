using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Compute;

public static partial class TileKernels
{
    /// <summary>
    /// Adds a tile's contribution to a Linear layer's parameter gradients: dW += g·xᵀ over the first
    /// <paramref name="rows"/> samples, and db += Σ g (when <paramref name="biasGradient"/> is not empty). g is a tile of
    /// <paramref name="outFeatures"/> rows; <paramref name="xSamples"/> holds the layer's input sample-major
    /// (<paramref name="rows"/> × <paramref name="inFeatures"/>), so that each register holds consecutive weights of one
    /// row of dW and each gradient value is broadcast: the user's <c>[out, in]</c> gradient buffer is updated in place.
    /// With <paramref name="accumulate"/> false the gradients are set instead of added to (the first tile of a batch:
    /// no pass to clear them first).
    /// </summary>
    public static void WeightGradient(ReadOnlySpan<float> g, ReadOnlySpan<float> xSamples, int rows, Span<float> weightGradient, Span<float> biasGradient,
        int inFeatures, int outFeatures, bool accumulate = true)
    {
        CheckShape(weightGradient.Length, biasGradient.Length, inFeatures, outFeatures);
        CheckTile(g.Length, outFeatures, nameof(g));
        if (rows < 1 || rows > Samples) throw new ArgumentOutOfRangeException(nameof(rows), rows, $"Expected 1 to {Samples} samples.");
        if (xSamples.Length < rows * inFeatures)
            throw new ArgumentException($"xSamples has {xSamples.Length} values; expected {rows} samples of {inFeatures}.", nameof(xSamples));
        ref float gr = ref MemoryMarshal.GetReference(g);
        ref float x = ref MemoryMarshal.GetReference(xSamples);
        ref float dw = ref MemoryMarshal.GetReference(weightGradient);
        if (Vector512.IsHardwareAccelerated) WeightGradientCore<Simd512>(ref gr, ref x, rows, ref dw, inFeatures, outFeatures, accumulate);
        else if (Vector256.IsHardwareAccelerated) WeightGradientCore<Simd256>(ref gr, ref x, rows, ref dw, inFeatures, outFeatures, accumulate);
        else WeightGradientCore<Simd128>(ref gr, ref x, rows, ref dw, inFeatures, outFeatures, accumulate);
        if (!biasGradient.IsEmpty) BiasGradient(g, biasGradient, outFeatures, accumulate);
    }

    [MethodImpl(KernelMethod.Options)]
    internal static void WeightGradientCore<TV>(ref float g, ref float x, int rows, ref float dw, int inFeatures, int outFeatures, bool accumulate)
        where TV : struct, ISimd<TV>
    {
        int o = 0;
        for (; o + 4 <= outFeatures; o += 4) WeightGradientRows4<TV>(ref g, ref x, rows, ref dw, inFeatures, o, accumulate);
        for (; o < outFeatures; o++) WeightGradientRow<TV>(ref g, ref x, rows, ref dw, inFeatures, o, accumulate);
    }

    // Four rows of dW, four registers of each: 16 accumulators, one broadcast of g[o, s] serving four registers.
    [MethodImpl(KernelMethod.Options)]
    private static void WeightGradientRows4<TV>(ref float g, ref float x, int rows, ref float dw, int n, int o, bool accumulate) where TV : struct, ISimd<TV>
    {
        ref float g0 = ref Unsafe.Add(ref g, o * Samples);
        ref float d0 = ref Unsafe.Add(ref dw, (nint)o * n);
        ref float d1 = ref Unsafe.Add(ref d0, n);
        ref float d2 = ref Unsafe.Add(ref d1, n);
        ref float d3 = ref Unsafe.Add(ref d2, n);
        int c = TV.Count;
        int i = 0;
        for (; i + 4 * c <= n; i += 4 * c)
        {
            nuint at = (nuint)i;
            TV a0 = Start<TV>(ref d0, at, accumulate), a1 = Start<TV>(ref d0, at + (nuint)c, accumulate), a2 = Start<TV>(ref d0, at + (nuint)(2 * c), accumulate), a3 = Start<TV>(ref d0, at + (nuint)(3 * c), accumulate);
            TV b0 = Start<TV>(ref d1, at, accumulate), b1 = Start<TV>(ref d1, at + (nuint)c, accumulate), b2 = Start<TV>(ref d1, at + (nuint)(2 * c), accumulate), b3 = Start<TV>(ref d1, at + (nuint)(3 * c), accumulate);
            TV e0 = Start<TV>(ref d2, at, accumulate), e1 = Start<TV>(ref d2, at + (nuint)c, accumulate), e2 = Start<TV>(ref d2, at + (nuint)(2 * c), accumulate), e3 = Start<TV>(ref d2, at + (nuint)(3 * c), accumulate);
            TV f0 = Start<TV>(ref d3, at, accumulate), f1 = Start<TV>(ref d3, at + (nuint)c, accumulate), f2 = Start<TV>(ref d3, at + (nuint)(2 * c), accumulate), f3 = Start<TV>(ref d3, at + (nuint)(3 * c), accumulate);
            for (int s = 0; s < rows; s++)
            {
                ref float xs = ref Unsafe.Add(ref x, (nint)s * n + i);
                TV x0 = TV.Load(ref xs, 0), x1 = TV.Load(ref xs, (nuint)c), x2 = TV.Load(ref xs, (nuint)(2 * c)), x3 = TV.Load(ref xs, (nuint)(3 * c));
                TV k = TV.Create(Unsafe.Add(ref g0, s));
                a0 = TV.MultiplyAdd(k, x0, a0); a1 = TV.MultiplyAdd(k, x1, a1); a2 = TV.MultiplyAdd(k, x2, a2); a3 = TV.MultiplyAdd(k, x3, a3);
                k = TV.Create(Unsafe.Add(ref g0, Samples + s));
                b0 = TV.MultiplyAdd(k, x0, b0); b1 = TV.MultiplyAdd(k, x1, b1); b2 = TV.MultiplyAdd(k, x2, b2); b3 = TV.MultiplyAdd(k, x3, b3);
                k = TV.Create(Unsafe.Add(ref g0, 2 * Samples + s));
                e0 = TV.MultiplyAdd(k, x0, e0); e1 = TV.MultiplyAdd(k, x1, e1); e2 = TV.MultiplyAdd(k, x2, e2); e3 = TV.MultiplyAdd(k, x3, e3);
                k = TV.Create(Unsafe.Add(ref g0, 3 * Samples + s));
                f0 = TV.MultiplyAdd(k, x0, f0); f1 = TV.MultiplyAdd(k, x1, f1); f2 = TV.MultiplyAdd(k, x2, f2); f3 = TV.MultiplyAdd(k, x3, f3);
            }
            TV.Store(a0, ref d0, at); TV.Store(a1, ref d0, at + (nuint)c); TV.Store(a2, ref d0, at + (nuint)(2 * c)); TV.Store(a3, ref d0, at + (nuint)(3 * c));
            TV.Store(b0, ref d1, at); TV.Store(b1, ref d1, at + (nuint)c); TV.Store(b2, ref d1, at + (nuint)(2 * c)); TV.Store(b3, ref d1, at + (nuint)(3 * c));
            TV.Store(e0, ref d2, at); TV.Store(e1, ref d2, at + (nuint)c); TV.Store(e2, ref d2, at + (nuint)(2 * c)); TV.Store(e3, ref d2, at + (nuint)(3 * c));
            TV.Store(f0, ref d3, at); TV.Store(f1, ref d3, at + (nuint)c); TV.Store(f2, ref d3, at + (nuint)(2 * c)); TV.Store(f3, ref d3, at + (nuint)(3 * c));
        }
        for (; i + c <= n; i += c)
        {
            nuint at = (nuint)i;
            TV a0 = Start<TV>(ref d0, at, accumulate), b0 = Start<TV>(ref d1, at, accumulate), e0 = Start<TV>(ref d2, at, accumulate), f0 = Start<TV>(ref d3, at, accumulate);
            for (int s = 0; s < rows; s++)
            {
                TV x0 = TV.Load(ref x, (nuint)((nint)s * n + i));
                a0 = TV.MultiplyAdd(TV.Create(Unsafe.Add(ref g0, s)), x0, a0);
                b0 = TV.MultiplyAdd(TV.Create(Unsafe.Add(ref g0, Samples + s)), x0, b0);
                e0 = TV.MultiplyAdd(TV.Create(Unsafe.Add(ref g0, 2 * Samples + s)), x0, e0);
                f0 = TV.MultiplyAdd(TV.Create(Unsafe.Add(ref g0, 3 * Samples + s)), x0, f0);
            }
            TV.Store(a0, ref d0, at); TV.Store(b0, ref d1, at); TV.Store(e0, ref d2, at); TV.Store(f0, ref d3, at);
        }
        for (; i < n; i++)
        {
            float a = accumulate ? Unsafe.Add(ref d0, i) : 0f, b = accumulate ? Unsafe.Add(ref d1, i) : 0f;
            float e = accumulate ? Unsafe.Add(ref d2, i) : 0f, f = accumulate ? Unsafe.Add(ref d3, i) : 0f;
            for (int s = 0; s < rows; s++)
            {
                float xi = Unsafe.Add(ref x, (nint)s * n + i);
                a += Unsafe.Add(ref g0, s) * xi;
                b += Unsafe.Add(ref g0, Samples + s) * xi;
                e += Unsafe.Add(ref g0, 2 * Samples + s) * xi;
                f += Unsafe.Add(ref g0, 3 * Samples + s) * xi;
            }
            Unsafe.Add(ref d0, i) = a; Unsafe.Add(ref d1, i) = b; Unsafe.Add(ref d2, i) = e; Unsafe.Add(ref d3, i) = f;
        }
    }

    [MethodImpl(KernelMethod.Options)]
    private static void WeightGradientRow<TV>(ref float g, ref float x, int rows, ref float dw, int n, int o, bool accumulate) where TV : struct, ISimd<TV>
    {
        ref float g0 = ref Unsafe.Add(ref g, o * Samples);
        ref float d0 = ref Unsafe.Add(ref dw, (nint)o * n);
        int c = TV.Count;
        int i = 0;
        for (; i + c <= n; i += c)
        {
            TV a0 = Start<TV>(ref d0, (nuint)i, accumulate);
            for (int s = 0; s < rows; s++)
                a0 = TV.MultiplyAdd(TV.Create(Unsafe.Add(ref g0, s)), TV.Load(ref x, (nuint)((nint)s * n + i)), a0);
            TV.Store(a0, ref d0, (nuint)i);
        }
        for (; i < n; i++)
        {
            float a = accumulate ? Unsafe.Add(ref d0, i) : 0f;
            for (int s = 0; s < rows; s++) a += Unsafe.Add(ref g0, s) * Unsafe.Add(ref x, (nint)s * n + i);
            Unsafe.Add(ref d0, i) = a;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Start<TV>(ref float gradient, nuint at, bool accumulate) where TV : struct, ISimd<TV> =>
        accumulate ? TV.Load(ref gradient, at) : TV.Zero;

    // db[o] += Σ over the tile row g[o, ·]; the padding lanes hold zero gradient.
    [MethodImpl(KernelMethod.Options)]
    private static void BiasGradient(ReadOnlySpan<float> g, Span<float> biasGradient, int outFeatures, bool accumulate)
    {
        for (int o = 0; o < outFeatures; o++)
        {
            ReadOnlySpan<float> row = g.Slice(o * Samples, Samples);
            float sum = 0f;
            for (int s = 0; s < Samples; s++) sum += row[s];
            biasGradient[o] = accumulate ? biasGradient[o] + sum : sum;
        }
    }
}
