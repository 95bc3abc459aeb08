using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Compute;

internal ref partial struct SampleRows<TOp>
{
    /// <summary>
    /// Sixteen rows of W·x + b at once with AVX-512: sixteen accumulators against one register of x, reduced by one
    /// tree into a register holding the sixteen sums, the activation applied to it whole. Four rows at a time reduce
    /// and activate a quarter register each; this is what the one-sample path of a wide layer spends most on.
    /// </summary>
    [MethodImpl(KernelMethod.Options)]
    public void Block16(int o)
    {
        int n = _in;
        ref float w = ref Unsafe.Add(ref _weight, (nint)o * n);
        Vector512<float> a0 = Vector512<float>.Zero, a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        Vector512<float> a8 = a0, a9 = a0, a10 = a0, a11 = a0, a12 = a0, a13 = a0, a14 = a0, a15 = a0;
        // Four row pointers that step along the rows, each with the offsets of the three rows below it: every load is
        // one addressing mode, no multiplication in the loop.
        nuint s1 = (nuint)n, s2 = 2 * s1, s3 = 3 * s1;
        ref float r0 = ref w;
        ref float r4 = ref Unsafe.Add(ref w, 4 * (nint)n);
        ref float r8 = ref Unsafe.Add(ref w, 8 * (nint)n);
        ref float r12 = ref Unsafe.Add(ref w, 12 * (nint)n);
        ref float xi = ref _x;
        int i = 0;
        for (; i + 16 <= n; i += 16)
        {
            Vector512<float> x = Vector512.LoadUnsafe(ref xi);
            a0 = Avx512F.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r0), x, a0);
            a1 = Avx512F.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r0, s1), x, a1);
            a2 = Avx512F.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r0, s2), x, a2);
            a3 = Avx512F.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r0, s3), x, a3);
            a4 = Avx512F.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r4), x, a4);
            a5 = Avx512F.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r4, s1), x, a5);
            a6 = Avx512F.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r4, s2), x, a6);
            a7 = Avx512F.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r4, s3), x, a7);
            a8 = Avx512F.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r8), x, a8);
            a9 = Avx512F.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r8, s1), x, a9);
            a10 = Avx512F.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r8, s2), x, a10);
            a11 = Avx512F.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r8, s3), x, a11);
            a12 = Avx512F.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r12), x, a12);
            a13 = Avx512F.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r12, s1), x, a13);
            a14 = Avx512F.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r12, s2), x, a14);
            a15 = Avx512F.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r12, s3), x, a15);
            r0 = ref Unsafe.Add(ref r0, 16);
            r4 = ref Unsafe.Add(ref r4, 16);
            r8 = ref Unsafe.Add(ref r8, 16);
            r12 = ref Unsafe.Add(ref r12, 16);
            xi = ref Unsafe.Add(ref xi, 16);
        }
        Vector512<float> sums = Sum16(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15);
        if (i < n)
        {
            // The last n mod 16 inputs, a row at a time.
            Vector512<float> rest = Vector512<float>.Zero;
            for (int r = 0; r < 16; r++)
            {
                ref float row = ref Unsafe.Add(ref w, (nint)r * n);
                float s = 0f;
                for (int k = i; k < n; k++) s += Unsafe.Add(ref row, k) * Unsafe.Add(ref _x, k);
                rest = rest.WithElement(r, s);
            }
            sums += rest;
        }
        if (_hasBias) sums += Vector512.LoadUnsafe(ref _bias, (nuint)o);
        if (_storePre) sums.StoreUnsafe(ref _pre, (nuint)o);
        Simd512.Store(_op.Value(Simd512.From(sums)), ref _y, (nuint)o);
    }

    /// <summary>
    /// Lane k of the result is the sum of register k's sixteen lanes. Each stage adds pairs of registers after moving
    /// halves, then quarters, then pairs and single lanes side by side (46 instructions for 16 sums); the last
    /// permute puts the sums, which end up with row 4m + q at lane 4q + m, in row order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> Sum16(Vector512<float> a0, Vector512<float> a1, Vector512<float> a2, Vector512<float> a3,
        Vector512<float> a4, Vector512<float> a5, Vector512<float> a6, Vector512<float> a7, Vector512<float> a8, Vector512<float> a9,
        Vector512<float> a10, Vector512<float> a11, Vector512<float> a12, Vector512<float> a13, Vector512<float> a14, Vector512<float> a15)
    {
        // Halves: 128-bit lanes 0–1 hold 8 partials of the first register, 2–3 of the second.
        Vector512<float> c0 = Halves(a0, a1), c1 = Halves(a2, a3), c2 = Halves(a4, a5), c3 = Halves(a6, a7);
        Vector512<float> c4 = Halves(a8, a9), c5 = Halves(a10, a11), c6 = Halves(a12, a13), c7 = Halves(a14, a15);
        // Quarters: 128-bit lane q holds 4 partials of row 4j + q.
        Vector512<float> d0 = Quarters(c0, c1), d1 = Quarters(c2, c3), d2 = Quarters(c4, c5), d3 = Quarters(c6, c7);
        // Pairs, then single lanes, inside each 128-bit lane.
        Vector512<float> e0 = Avx512F.Shuffle(d0, d1, 0x44) + Avx512F.Shuffle(d0, d1, 0xEE);
        Vector512<float> e1 = Avx512F.Shuffle(d2, d3, 0x44) + Avx512F.Shuffle(d2, d3, 0xEE);
        Vector512<float> f = Avx512F.Shuffle(e0, e1, 0x88) + Avx512F.Shuffle(e0, e1, 0xDD);
        return Avx512F.PermuteVar16x32(f, Vector512.Create(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Halves(Vector512<float> a, Vector512<float> b) =>
        Avx512F.Shuffle4x128(a, b, 0x44) + Avx512F.Shuffle4x128(a, b, 0xEE);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Quarters(Vector512<float> a, Vector512<float> b) =>
        Avx512F.Shuffle4x128(a, b, 0x88) + Avx512F.Shuffle4x128(a, b, 0xDD);
}
