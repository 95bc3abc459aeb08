using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Benchmarks.Peers.Hand;

/// <summary>
/// The AVX-512 building blocks of the hand-optimised peers: element functions on sixteen lanes (exp, log, tanh),
/// the 16 × 16 transpose that turns sixteen samples into feature-major vectors, and 64-byte aligned scratch.
/// Only hardware intrinsics, no Vector512.Exp/Log (which .NET 8, the runtime library's target, lacks).
/// </summary>
internal static unsafe class HandSimd
{
    /// <summary>True where the peers can run: AVX-512F (with its FMA) accelerated.</summary>
    public static bool IsSupported => Avx512F.IsSupported && Vector512.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Fma(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Avx512F.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load(float* p) => Avx512F.LoadVector512(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float* p, Vector512<float> v) => Avx512F.Store(p, v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Broadcast(float* p) => Vector512.Create(*p);

    /// <summary>
    /// e^x on sixteen lanes, Cephes' expf: x = n·ln2 + r with |r| ≤ ln2/2, a degree-6 polynomial for e^r and
    /// vscalefps for 2^n (which gives 0 for very negative x instead of a wrapped exponent). About 1 ulp.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        // Clamped to [−104, 88.7]: e^−104 is below float32's smallest subnormal and scales to 0, so −∞ (a masked
        // lane) gives 0 instead of NaN; e^88.7 is just below float32's largest value.
        x = Avx512F.Max(Avx512F.Min(x, Vector512.Create(88.7f)), Vector512.Create(-104f));
        Vector512<float> n = Avx512F.RoundScale(x * Vector512.Create(1.44269504f), 0); // round to nearest
        Vector512<float> r = Fma(n, Vector512.Create(-0.693359375f), x);
        r = Fma(n, Vector512.Create(2.12194440e-4f), r);
        Vector512<float> p = Vector512.Create(1.9875691500e-4f);
        p = Fma(p, r, Vector512.Create(1.3981999507e-3f));
        p = Fma(p, r, Vector512.Create(8.3334519073e-3f));
        p = Fma(p, r, Vector512.Create(4.1665795894e-2f));
        p = Fma(p, r, Vector512.Create(1.6666665459e-1f));
        p = Fma(p, r, Vector512.Create(5.0000001201e-1f));
        p = Fma(p, r * r, r + Vector512<float>.One);
        return Avx512F.Scale(p, n);
    }

    /// <summary>
    /// ln x for positive normal x on sixteen lanes, Cephes' logf: x = m·2^e with m in [√½, √2), a degree-9
    /// polynomial in m − 1. About 1 ulp.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Log(Vector512<float> x)
    {
        Vector512<float> e = Avx512F.GetExponent(x);
        Vector512<float> m = Avx512F.GetMantissa(x, 0); // [1, 2)
        Vector512<float> big = Vector512.GreaterThan(m, Vector512.Create(1.41421356f));
        m = Vector512.ConditionalSelect(big, m * Vector512.Create(0.5f), m);
        e += big & Vector512<float>.One;
        Vector512<float> f = m - Vector512<float>.One;
        Vector512<float> z = f * f;
        Vector512<float> y = Vector512.Create(7.0376836292e-2f);
        y = Fma(y, f, Vector512.Create(-1.1514610310e-1f));
        y = Fma(y, f, Vector512.Create(1.1676998740e-1f));
        y = Fma(y, f, Vector512.Create(-1.2420140846e-1f));
        y = Fma(y, f, Vector512.Create(1.4249322787e-1f));
        y = Fma(y, f, Vector512.Create(-1.6668057665e-1f));
        y = Fma(y, f, Vector512.Create(2.0000714765e-1f));
        y = Fma(y, f, Vector512.Create(-2.4999993993e-1f));
        y = Fma(y, f, Vector512.Create(3.3333331174e-1f));
        y = y * f * z;
        y = Fma(e, Vector512.Create(-2.12194440e-4f), y);
        y = Fma(z, Vector512.Create(-0.5f), y);
        return Fma(e, Vector512.Create(0.693359375f), f + y);
    }

    /// <summary>
    /// tanh x on sixteen lanes: Eigen's (and so PyTorch's CPU) rational approximation, odd degree 13 over even degree 6,
    /// on x clamped to ±7.9 where tanh is 1 in float32; one division. Within 2e-7 of the exact value.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x)
    {
        x = Avx512F.Max(Avx512F.Min(x, Vector512.Create(7.90531110763549805f)), Vector512.Create(-7.90531110763549805f));
        Vector512<float> x2 = x * x;
        Vector512<float> p = Vector512.Create(-2.76076847742355e-16f);
        p = Fma(p, x2, Vector512.Create(2.00018790482477e-13f));
        p = Fma(p, x2, Vector512.Create(-8.60467152213735e-11f));
        p = Fma(p, x2, Vector512.Create(5.12229709037114e-08f));
        p = Fma(p, x2, Vector512.Create(1.48572235717979e-05f));
        p = Fma(p, x2, Vector512.Create(6.37261928875436e-04f));
        p = Fma(p, x2, Vector512.Create(4.89352455891786e-03f));
        p *= x;
        Vector512<float> q = Vector512.Create(1.19825839466702e-06f);
        q = Fma(q, x2, Vector512.Create(1.18534705686654e-04f));
        q = Fma(q, x2, Vector512.Create(2.26843463243900e-03f));
        q = Fma(q, x2, Vector512.Create(4.89352518554385e-03f));
        return p / q;
    }

    /// <summary>1 / (1 + e^−x) on sixteen lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sigmoid(Vector512<float> x) => Vector512<float>.One / (Vector512<float>.One + Exp(-x));

    /// <summary>
    /// Transposes a 16 × 16 block: row i of the result (at dst + i·dstStride) is column i of the source rows
    /// (at src + j·srcStride). 64 shuffles: unpack within 128-bit lanes, then two rounds of 128-bit lane shuffles.
    /// </summary>
    public static void Transpose16x16(float* src, int srcStride, float* dst, int dstStride) => Transpose16x16(src, srcStride, dst, dstStride, 16);

    /// <summary>
    /// As above, writing only the first <paramref name="dstColumns"/> values of each result row (a masked store), so
    /// rows of fewer than 16 values can be written side by side: e.g. 16 samples' 10 outputs as one [16, 10] block.
    /// </summary>
    public static void Transpose16x16(float* src, int srcStride, float* dst, int dstStride, int dstColumns)
    {
        // Rows in; each stage pairs vectors as the 4 × 4 transpose does within each 128-bit lane.
        Vector512<float> r0 = Avx512F.LoadVector512(src), r1 = Avx512F.LoadVector512(src + srcStride);
        Vector512<float> r2 = Avx512F.LoadVector512(src + 2 * srcStride), r3 = Avx512F.LoadVector512(src + 3 * srcStride);
        Vector512<float> r4 = Avx512F.LoadVector512(src + 4 * srcStride), r5 = Avx512F.LoadVector512(src + 5 * srcStride);
        Vector512<float> r6 = Avx512F.LoadVector512(src + 6 * srcStride), r7 = Avx512F.LoadVector512(src + 7 * srcStride);
        Vector512<float> r8 = Avx512F.LoadVector512(src + 8 * srcStride), r9 = Avx512F.LoadVector512(src + 9 * srcStride);
        Vector512<float> ra = Avx512F.LoadVector512(src + 10 * srcStride), rb = Avx512F.LoadVector512(src + 11 * srcStride);
        Vector512<float> rc = Avx512F.LoadVector512(src + 12 * srcStride), rd = Avx512F.LoadVector512(src + 13 * srcStride);
        Vector512<float> re = Avx512F.LoadVector512(src + 14 * srcStride), rf = Avx512F.LoadVector512(src + 15 * srcStride);

        // 4 × 4 transposes inside every 128-bit lane of each group of four rows.
        Transpose4(ref r0, ref r1, ref r2, ref r3);
        Transpose4(ref r4, ref r5, ref r6, ref r7);
        Transpose4(ref r8, ref r9, ref ra, ref rb);
        Transpose4(ref rc, ref rd, ref re, ref rf);
        // Now lane L of r(4g + c) holds rows 4g..4g+3 of column 4L + c. Gather lane L of the four groups into one
        // vector: column 4L + c = [lane L of r(c), r(4 + c), r(8 + c), r(12 + c)].
        Vector512<float> mask = FirstLanes(dstColumns);
        Lanes(r0, r4, r8, rc, dst, dstStride, 0, mask);
        Lanes(r1, r5, r9, rd, dst, dstStride, 1, mask);
        Lanes(r2, r6, ra, re, dst, dstStride, 2, mask);
        Lanes(r3, r7, rb, rf, dst, dstStride, 3, mask);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4(ref Vector512<float> a, ref Vector512<float> b, ref Vector512<float> c, ref Vector512<float> d)
    {
        Vector512<float> t0 = Avx512F.UnpackLow(a, b), t1 = Avx512F.UnpackHigh(a, b);
        Vector512<float> t2 = Avx512F.UnpackLow(c, d), t3 = Avx512F.UnpackHigh(c, d);
        a = Avx512F.Shuffle(t0, t2, 0x44); // (a0 b0 c0 d0) per lane
        b = Avx512F.Shuffle(t0, t2, 0xEE); // (a1 b1 c1 d1)
        c = Avx512F.Shuffle(t1, t3, 0x44); // (a2 b2 c2 d2)
        d = Avx512F.Shuffle(t1, t3, 0xEE); // (a3 b3 c3 d3)
    }

    /// <summary>Writes column 4L + c for the four lanes L, each [lane L of g0, g1, g2, g3].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Lanes(Vector512<float> g0, Vector512<float> g1, Vector512<float> g2, Vector512<float> g3, float* dst, int dstStride, int c,
        Vector512<float> mask)
    {
        Vector512<float> l01 = Avx512F.Shuffle4x128(g0, g1, 0x88); // lanes 0, 2 of g0, then 0, 2 of g1
        Vector512<float> h01 = Avx512F.Shuffle4x128(g0, g1, 0xDD); // lanes 1, 3 of g0, then 1, 3 of g1
        Vector512<float> l23 = Avx512F.Shuffle4x128(g2, g3, 0x88);
        Vector512<float> h23 = Avx512F.Shuffle4x128(g2, g3, 0xDD);
        Avx512F.MaskStore(dst + c * dstStride, mask, Avx512F.Shuffle4x128(l01, l23, 0x88));        // lane 0
        Avx512F.MaskStore(dst + (4 + c) * dstStride, mask, Avx512F.Shuffle4x128(h01, h23, 0x88));  // lane 1
        Avx512F.MaskStore(dst + (8 + c) * dstStride, mask, Avx512F.Shuffle4x128(l01, l23, 0xDD));  // lane 2
        Avx512F.MaskStore(dst + (12 + c) * dstStride, mask, Avx512F.Shuffle4x128(h01, h23, 0xDD)); // lane 3
    }

    /// <summary>The largest lane of v, in every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MaxAcross(Vector512<float> v)
    {
        v = Avx512F.Max(v, Avx512F.Shuffle4x128(v, v, 0x4E)); // swap 256-bit halves
        v = Avx512F.Max(v, Avx512F.Shuffle4x128(v, v, 0xB1)); // swap neighbouring 128-bit lanes
        v = Avx512F.Max(v, Avx512F.Permute4x32(v, 0x4E));         // swap 64-bit halves of each 128-bit lane
        return Avx512F.Max(v, Avx512F.Permute4x32(v, 0xB1));      // swap neighbouring elements
    }

    /// <summary>The sum of the lanes of v, in every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> SumAcross(Vector512<float> v)
    {
        v += Avx512F.Shuffle4x128(v, v, 0x4E);
        v += Avx512F.Shuffle4x128(v, v, 0xB1);
        v += Avx512F.Permute4x32(v, 0x4E);
        return v + Avx512F.Permute4x32(v, 0xB1);
    }

    /// <summary>max(0, x), one vmaxps: NaN in x comes through (vmaxps returns its second operand on NaN), as PyTorch's relu.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Relu(Vector512<float> x) => Avx512F.Max(Vector512<float>.Zero, x);

    /// <summary>All bits set in lanes [0, count), clear above: a store mask or a select mask.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> FirstLanes(int count) =>
        Vector512.LessThan(Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), Vector512.Create(count)).AsSingle();

    /// <summary>
    /// Lane i of the result is the sum of the sixteen lanes of v_i: fifteen adds in a tree (pairs of elements, pairs
    /// of pairs, then 128-bit lanes), instead of sixteen separate horizontal sums.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sum16(
        Vector512<float> v0, Vector512<float> v1, Vector512<float> v2, Vector512<float> v3,
        Vector512<float> v4, Vector512<float> v5, Vector512<float> v6, Vector512<float> v7,
        Vector512<float> v8, Vector512<float> v9, Vector512<float> v10, Vector512<float> v11,
        Vector512<float> v12, Vector512<float> v13, Vector512<float> v14, Vector512<float> v15)
    {
        Vector512<float> w0 = HalveLanes(HalvePairs(HalveElements(v0, v1), HalveElements(v2, v3)), HalvePairs(HalveElements(v4, v5), HalveElements(v6, v7)));
        Vector512<float> w1 = HalveLanes(HalvePairs(HalveElements(v8, v9), HalveElements(v10, v11)), HalvePairs(HalveElements(v12, v13), HalveElements(v14, v15)));
        return HalveLanes(w0, w1);
    }

    // Per 128-bit lane: (a0 + a2, b0 + b2, a1 + a3, b1 + b3).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> HalveElements(Vector512<float> a, Vector512<float> b) => Avx512F.UnpackLow(a, b) + Avx512F.UnpackHigh(a, b);

    // Per 128-bit lane, from two HalveElements results: (Σa, Σb, Σc, Σd) of that lane.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> HalvePairs(Vector512<float> ab, Vector512<float> cd) =>
        Avx512F.UnpackLow(ab.AsDouble(), cd.AsDouble()).AsSingle() + Avx512F.UnpackHigh(ab.AsDouble(), cd.AsDouble()).AsSingle();

    // (a.L0 + a.L1, a.L2 + a.L3, b.L0 + b.L1, b.L2 + b.L3) over 128-bit lanes L.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> HalveLanes(Vector512<float> a, Vector512<float> b) => Avx512F.Shuffle4x128(a, b, 0x88) + Avx512F.Shuffle4x128(a, b, 0xDD);

    /// <summary>A pinned float array and a pointer into it aligned to 64 bytes (one cache line, one Vector512).</summary>
    public sealed class AlignedBuffer
    {
        private readonly float[] _array;
        public float* Pointer { get; }
        public int Length { get; }

        public AlignedBuffer(int length)
        {
            // 15 floats at most go to alignment; the 16 after the end let a full vector be read at the last values.
            _array = GC.AllocateArray<float>(length + 32, pinned: true);
            float* start = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_array));
            Pointer = (float*)(((nuint)start + 63) & ~(nuint)63);
            Length = length;
        }

        public Span<float> Span => new(Pointer, Length);
    }
}
