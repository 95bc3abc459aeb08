using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Compute;

public static partial class TileKernels
{
    /// <summary>
    /// Whether a full tile of this many features moves between sample-major and feature-major by permutes: 1, 2, 4 or 8
    /// (16 and more take the 16 × 16 transpose). Narrow inputs are where a general transpose costs more than a small
    /// network's whole pass: 4 features by gathers took 1.4 ns a sample, by these permutes 0.2.
    /// </summary>
    private static bool Unzips(int features) => Avx512F.IsSupported && features is 1 or 2 or 4 or 8;

    // Of two registers taken as one 32-float stream: the even and odd positions (E, O), and the two halves of their
    // interleave (L, H). Unzipping 16 samples of F interleaved features log2(F) times into even and odd positions leaves
    // one feature a register, in order; interleaving undoes it.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> E(Vector512<float> a, Vector512<float> b) =>
        Avx512F.PermuteVar16x32x2(a, Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30), b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> O(Vector512<float> a, Vector512<float> b) =>
        Avx512F.PermuteVar16x32x2(a, Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31), b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> L(Vector512<float> a, Vector512<float> b) =>
        Avx512F.PermuteVar16x32x2(a, Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23), b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> H(Vector512<float> a, Vector512<float> b) =>
        Avx512F.PermuteVar16x32x2(a, Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31), b);

    /// <summary>A full tile of 1, 2, 4 or 8 features, sample-major to feature-major, 16 samples at a time.</summary>
    [MethodImpl(KernelMethod.Options)]
    private static void UnzipLoad(ref float source, int features, ref float destination)
    {
        for (int half = 0; half < Samples; half += 16)
        {
            ref float x = ref Unsafe.Add(ref source, half * features);
            ref float y = ref Unsafe.Add(ref destination, half);
            Vector512<float> r0 = Vector512.LoadUnsafe(ref x);
            switch (features)
            {
                case 1:
                    r0.StoreUnsafe(ref y);
                    break;
                case 2:
                {
                    Vector512<float> r1 = Vector512.LoadUnsafe(ref x, 16);
                    E(r0, r1).StoreUnsafe(ref y);
                    O(r0, r1).StoreUnsafe(ref y, Samples);
                    break;
                }
                case 4:
                {
                    Vector512<float> r1 = Vector512.LoadUnsafe(ref x, 16), r2 = Vector512.LoadUnsafe(ref x, 32), r3 = Vector512.LoadUnsafe(ref x, 48);
                    Vector512<float> e01 = E(r0, r1), e23 = E(r2, r3), o01 = O(r0, r1), o23 = O(r2, r3);
                    E(e01, e23).StoreUnsafe(ref y);
                    E(o01, o23).StoreUnsafe(ref y, Samples);
                    O(e01, e23).StoreUnsafe(ref y, 2 * Samples);
                    O(o01, o23).StoreUnsafe(ref y, 3 * Samples);
                    break;
                }
                default:
                {
                    Vector512<float> r1 = Vector512.LoadUnsafe(ref x, 16), r2 = Vector512.LoadUnsafe(ref x, 32), r3 = Vector512.LoadUnsafe(ref x, 48);
                    Vector512<float> r4 = Vector512.LoadUnsafe(ref x, 64), r5 = Vector512.LoadUnsafe(ref x, 80), r6 = Vector512.LoadUnsafe(ref x, 96), r7 = Vector512.LoadUnsafe(ref x, 112);
                    Vector512<float> a0 = E(r0, r1), a1 = E(r2, r3), a2 = E(r4, r5), a3 = E(r6, r7);
                    Vector512<float> b0 = O(r0, r1), b1 = O(r2, r3), b2 = O(r4, r5), b3 = O(r6, r7);
                    Vector512<float> c0 = E(a0, a1), c1 = E(a2, a3), c2 = E(b0, b1), c3 = E(b2, b3);
                    Vector512<float> d0 = O(a0, a1), d1 = O(a2, a3), d2 = O(b0, b1), d3 = O(b2, b3);
                    E(c0, c1).StoreUnsafe(ref y);
                    E(c2, c3).StoreUnsafe(ref y, Samples);
                    E(d0, d1).StoreUnsafe(ref y, 2 * Samples);
                    E(d2, d3).StoreUnsafe(ref y, 3 * Samples);
                    O(c0, c1).StoreUnsafe(ref y, 4 * Samples);
                    O(c2, c3).StoreUnsafe(ref y, 5 * Samples);
                    O(d0, d1).StoreUnsafe(ref y, 6 * Samples);
                    O(d2, d3).StoreUnsafe(ref y, 7 * Samples);
                    break;
                }
            }
        }
    }

    /// <summary>The inverse of <see cref="UnzipLoad"/>: a full tile's rows interleaved back into its 32 samples.</summary>
    [MethodImpl(KernelMethod.Options)]
    private static void ZipStore(ref float source, int features, ref float destination)
    {
        for (int half = 0; half < Samples; half += 16)
        {
            ref float x = ref Unsafe.Add(ref source, half);
            ref float y = ref Unsafe.Add(ref destination, half * features);
            Vector512<float> f0 = Vector512.LoadUnsafe(ref x);
            switch (features)
            {
                case 1:
                    f0.StoreUnsafe(ref y);
                    break;
                case 2:
                {
                    Vector512<float> f1 = Vector512.LoadUnsafe(ref x, Samples);
                    L(f0, f1).StoreUnsafe(ref y);
                    H(f0, f1).StoreUnsafe(ref y, 16);
                    break;
                }
                case 4:
                {
                    Vector512<float> f1 = Vector512.LoadUnsafe(ref x, Samples), f2 = Vector512.LoadUnsafe(ref x, 2 * Samples), f3 = Vector512.LoadUnsafe(ref x, 3 * Samples);
                    Vector512<float> e01 = L(f0, f2), e23 = H(f0, f2), o01 = L(f1, f3), o23 = H(f1, f3);
                    L(e01, o01).StoreUnsafe(ref y);
                    H(e01, o01).StoreUnsafe(ref y, 16);
                    L(e23, o23).StoreUnsafe(ref y, 32);
                    H(e23, o23).StoreUnsafe(ref y, 48);
                    break;
                }
                default:
                {
                    Vector512<float> f1 = Vector512.LoadUnsafe(ref x, Samples), f2 = Vector512.LoadUnsafe(ref x, 2 * Samples), f3 = Vector512.LoadUnsafe(ref x, 3 * Samples);
                    Vector512<float> f4 = Vector512.LoadUnsafe(ref x, 4 * Samples), f5 = Vector512.LoadUnsafe(ref x, 5 * Samples), f6 = Vector512.LoadUnsafe(ref x, 6 * Samples), f7 = Vector512.LoadUnsafe(ref x, 7 * Samples);
                    Vector512<float> c0 = L(f0, f4), c1 = H(f0, f4), c2 = L(f1, f5), c3 = H(f1, f5);
                    Vector512<float> d0 = L(f2, f6), d1 = H(f2, f6), d2 = L(f3, f7), d3 = H(f3, f7);
                    Vector512<float> a0 = L(c0, d0), a1 = H(c0, d0), a2 = L(c1, d1), a3 = H(c1, d1);
                    Vector512<float> b0 = L(c2, d2), b1 = H(c2, d2), b2 = L(c3, d3), b3 = H(c3, d3);
                    L(a0, b0).StoreUnsafe(ref y);
                    H(a0, b0).StoreUnsafe(ref y, 16);
                    L(a1, b1).StoreUnsafe(ref y, 32);
                    H(a1, b1).StoreUnsafe(ref y, 48);
                    L(a2, b2).StoreUnsafe(ref y, 64);
                    H(a2, b2).StoreUnsafe(ref y, 80);
                    L(a3, b3).StoreUnsafe(ref y, 96);
                    H(a3, b3).StoreUnsafe(ref y, 112);
                    break;
                }
            }
        }
    }
}
