using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen;

/// <summary>
/// The inner loops of the batched layer kernels, each working on four samples at once so that every weight loaded
/// serves four products. Each has a Vector512, a Vector256 and a scalar form; the widest the machine accelerates is
/// used, and the tests run every form against the scalar one.
/// </summary>
internal static class Simd
{
    // ---- (s0..s3) = (w·x0, w·x1, w·x2, w·x3): one weight row against four inputs.

    public static void Dot4(ReadOnlySpan<float> w, ReadOnlySpan<float> x0, ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, ReadOnlySpan<float> x3,
        out float s0, out float s1, out float s2, out float s3)
    {
        if (Vector512.IsHardwareAccelerated && w.Length >= Vector512<float>.Count) Dot4Vector512(w, x0, x1, x2, x3, out s0, out s1, out s2, out s3);
        else if (Vector256.IsHardwareAccelerated && w.Length >= Vector256<float>.Count) Dot4Vector256(w, x0, x1, x2, x3, out s0, out s1, out s2, out s3);
        else Dot4Scalar(w, x0, x1, x2, x3, 0, out s0, out s1, out s2, out s3);
    }

    internal static void Dot4Vector512(ReadOnlySpan<float> w, ReadOnlySpan<float> x0, ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, ReadOnlySpan<float> x3,
        out float s0, out float s1, out float s2, out float s3)
    {
        CheckLengths(w.Length, x0.Length, x1.Length, x2.Length, x3.Length);
        ref float rw = ref MemoryMarshal.GetReference(w);
        ref float r0 = ref MemoryMarshal.GetReference(x0), r1 = ref MemoryMarshal.GetReference(x1);
        ref float r2 = ref MemoryMarshal.GetReference(x2), r3 = ref MemoryMarshal.GetReference(x3);
        Vector512<float> a0 = Vector512<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
        int i = 0;
        for (; i <= w.Length - Vector512<float>.Count; i += Vector512<float>.Count)
        {
            Vector512<float> wv = Vector512.LoadUnsafe(ref rw, (nuint)i);
            a0 = Fma512(wv, Vector512.LoadUnsafe(ref r0, (nuint)i), a0);
            a1 = Fma512(wv, Vector512.LoadUnsafe(ref r1, (nuint)i), a1);
            a2 = Fma512(wv, Vector512.LoadUnsafe(ref r2, (nuint)i), a2);
            a3 = Fma512(wv, Vector512.LoadUnsafe(ref r3, (nuint)i), a3);
        }
        Dot4Scalar(w, x0, x1, x2, x3, i, out s0, out s1, out s2, out s3);
        s0 += Vector512.Sum(a0);
        s1 += Vector512.Sum(a1);
        s2 += Vector512.Sum(a2);
        s3 += Vector512.Sum(a3);
    }

    internal static void Dot4Vector256(ReadOnlySpan<float> w, ReadOnlySpan<float> x0, ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, ReadOnlySpan<float> x3,
        out float s0, out float s1, out float s2, out float s3)
    {
        CheckLengths(w.Length, x0.Length, x1.Length, x2.Length, x3.Length);
        ref float rw = ref MemoryMarshal.GetReference(w);
        ref float r0 = ref MemoryMarshal.GetReference(x0), r1 = ref MemoryMarshal.GetReference(x1);
        ref float r2 = ref MemoryMarshal.GetReference(x2), r3 = ref MemoryMarshal.GetReference(x3);
        Vector256<float> a0 = Vector256<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
        int i = 0;
        for (; i <= w.Length - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            Vector256<float> wv = Vector256.LoadUnsafe(ref rw, (nuint)i);
            a0 = Fma256(wv, Vector256.LoadUnsafe(ref r0, (nuint)i), a0);
            a1 = Fma256(wv, Vector256.LoadUnsafe(ref r1, (nuint)i), a1);
            a2 = Fma256(wv, Vector256.LoadUnsafe(ref r2, (nuint)i), a2);
            a3 = Fma256(wv, Vector256.LoadUnsafe(ref r3, (nuint)i), a3);
        }
        Dot4Scalar(w, x0, x1, x2, x3, i, out s0, out s1, out s2, out s3);
        s0 += Vector256.Sum(a0);
        s1 += Vector256.Sum(a1);
        s2 += Vector256.Sum(a2);
        s3 += Vector256.Sum(a3);
    }

    /// <summary>The scalar form, from <paramref name="start"/> on (the vector forms finish their tails with it).</summary>
    internal static void Dot4Scalar(ReadOnlySpan<float> w, ReadOnlySpan<float> x0, ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, ReadOnlySpan<float> x3,
        int start, out float s0, out float s1, out float s2, out float s3)
    {
        CheckLengths(w.Length, x0.Length, x1.Length, x2.Length, x3.Length);
        s0 = s1 = s2 = s3 = 0f;
        for (int i = start; i < w.Length; i++)
        {
            float wi = w[i];
            s0 += wi * x0[i];
            s1 += wi * x1[i];
            s2 += wi * x2[i];
            s3 += wi * x3[i];
        }
    }

    // ---- sums[4·r + o] = w_o · x_r: four weight rows against four inputs, sixteen accumulators in registers, so that
    //      each vector loaded serves four products (a register tile of the layer's matrix product).

    public static void Dot4x4(ReadOnlySpan<float> w0, ReadOnlySpan<float> w1, ReadOnlySpan<float> w2, ReadOnlySpan<float> w3,
        ReadOnlySpan<float> x0, ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, ReadOnlySpan<float> x3, Span<float> sums)
    {
        if (Vector512.IsHardwareAccelerated && w0.Length >= Vector512<float>.Count) Dot4x4Vector512(w0, w1, w2, w3, x0, x1, x2, x3, sums);
        else
        {
            // Narrower machines: four one-row passes (Dot4 picks Vector256 or scalar itself).
            for (int o = 0; o < 4; o++)
            {
                ReadOnlySpan<float> w = o switch { 0 => w0, 1 => w1, 2 => w2, _ => w3 };
                Dot4(w, x0, x1, x2, x3, out sums[o], out sums[4 + o], out sums[8 + o], out sums[12 + o]);
            }
        }
    }

    internal static void Dot4x4Vector512(ReadOnlySpan<float> w0, ReadOnlySpan<float> w1, ReadOnlySpan<float> w2, ReadOnlySpan<float> w3,
        ReadOnlySpan<float> x0, ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, ReadOnlySpan<float> x3, Span<float> sums)
    {
        int n = w0.Length;
        CheckLengths(n, w1.Length, w2.Length, w3.Length, x0.Length);
        CheckLengths(n, x1.Length, x2.Length, x3.Length, n);
        if (sums.Length < 16) throw new ArgumentException("Expected room for 16 sums.", nameof(sums));
        ref float rw0 = ref MemoryMarshal.GetReference(w0), rw1 = ref MemoryMarshal.GetReference(w1);
        ref float rw2 = ref MemoryMarshal.GetReference(w2), rw3 = ref MemoryMarshal.GetReference(w3);
        ref float rx0 = ref MemoryMarshal.GetReference(x0), rx1 = ref MemoryMarshal.GetReference(x1);
        ref float rx2 = ref MemoryMarshal.GetReference(x2), rx3 = ref MemoryMarshal.GetReference(x3);
        Vector512<float> a00 = Vector512<float>.Zero, a01 = a00, a02 = a00, a03 = a00, a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        Vector512<float> a20 = a00, a21 = a00, a22 = a00, a23 = a00, a30 = a00, a31 = a00, a32 = a00, a33 = a00;
        int i = 0;
        for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
        {
            Vector512<float> v0 = Vector512.LoadUnsafe(ref rw0, (nuint)i), v1 = Vector512.LoadUnsafe(ref rw1, (nuint)i);
            Vector512<float> v2 = Vector512.LoadUnsafe(ref rw2, (nuint)i), v3 = Vector512.LoadUnsafe(ref rw3, (nuint)i);
            Vector512<float> x = Vector512.LoadUnsafe(ref rx0, (nuint)i);
            a00 = Fma512(v0, x, a00); a01 = Fma512(v1, x, a01); a02 = Fma512(v2, x, a02); a03 = Fma512(v3, x, a03);
            x = Vector512.LoadUnsafe(ref rx1, (nuint)i);
            a10 = Fma512(v0, x, a10); a11 = Fma512(v1, x, a11); a12 = Fma512(v2, x, a12); a13 = Fma512(v3, x, a13);
            x = Vector512.LoadUnsafe(ref rx2, (nuint)i);
            a20 = Fma512(v0, x, a20); a21 = Fma512(v1, x, a21); a22 = Fma512(v2, x, a22); a23 = Fma512(v3, x, a23);
            x = Vector512.LoadUnsafe(ref rx3, (nuint)i);
            a30 = Fma512(v0, x, a30); a31 = Fma512(v1, x, a31); a32 = Fma512(v2, x, a32); a33 = Fma512(v3, x, a33);
        }
        ref float rs = ref MemoryMarshal.GetReference(sums);
        Sum4(a00, a01, a02, a03).StoreUnsafe(ref rs, 0);
        Sum4(a10, a11, a12, a13).StoreUnsafe(ref rs, 4);
        Sum4(a20, a21, a22, a23).StoreUnsafe(ref rs, 8);
        Sum4(a30, a31, a32, a33).StoreUnsafe(ref rs, 12);
        for (; i < n; i++) // the tail, scalar
        {
            float xi0 = x0[i], xi1 = x1[i], xi2 = x2[i], xi3 = x3[i];
            float wi0 = w0[i], wi1 = w1[i], wi2 = w2[i], wi3 = w3[i];
            sums[0] += wi0 * xi0; sums[1] += wi1 * xi0; sums[2] += wi2 * xi0; sums[3] += wi3 * xi0;
            sums[4] += wi0 * xi1; sums[5] += wi1 * xi1; sums[6] += wi2 * xi1; sums[7] += wi3 * xi1;
            sums[8] += wi0 * xi2; sums[9] += wi1 * xi2; sums[10] += wi2 * xi2; sums[11] += wi3 * xi2;
            sums[12] += wi0 * xi3; sums[13] += wi1 * xi3; sums[14] += wi2 * xi3; sums[15] += wi3 * xi3;
        }
    }

    // ---- d += a0·x0 + a1·x1 + a2·x2 + a3·x3: four samples' contributions to one weight-gradient row.

    public static void AddScaled4(Span<float> d, ReadOnlySpan<float> x0, ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, ReadOnlySpan<float> x3,
        float a0, float a1, float a2, float a3)
    {
        if (Vector512.IsHardwareAccelerated && d.Length >= Vector512<float>.Count) AddScaled4Vector512(d, x0, x1, x2, x3, a0, a1, a2, a3);
        else if (Vector256.IsHardwareAccelerated && d.Length >= Vector256<float>.Count) AddScaled4Vector256(d, x0, x1, x2, x3, a0, a1, a2, a3);
        else AddScaled4Scalar(d, x0, x1, x2, x3, a0, a1, a2, a3, 0);
    }

    internal static void AddScaled4Vector512(Span<float> d, ReadOnlySpan<float> x0, ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, ReadOnlySpan<float> x3,
        float a0, float a1, float a2, float a3)
    {
        CheckLengths(d.Length, x0.Length, x1.Length, x2.Length, x3.Length);
        ref float rd = ref MemoryMarshal.GetReference(d);
        ref float r0 = ref MemoryMarshal.GetReference(x0), r1 = ref MemoryMarshal.GetReference(x1);
        ref float r2 = ref MemoryMarshal.GetReference(x2), r3 = ref MemoryMarshal.GetReference(x3);
        Vector512<float> v0 = Vector512.Create(a0), v1 = Vector512.Create(a1), v2 = Vector512.Create(a2), v3 = Vector512.Create(a3);
        int i = 0;
        for (; i <= d.Length - Vector512<float>.Count; i += Vector512<float>.Count)
        {
            Vector512<float> sum = Vector512.LoadUnsafe(ref rd, (nuint)i);
            sum = Fma512(v0, Vector512.LoadUnsafe(ref r0, (nuint)i), sum);
            sum = Fma512(v1, Vector512.LoadUnsafe(ref r1, (nuint)i), sum);
            sum = Fma512(v2, Vector512.LoadUnsafe(ref r2, (nuint)i), sum);
            sum = Fma512(v3, Vector512.LoadUnsafe(ref r3, (nuint)i), sum);
            sum.StoreUnsafe(ref rd, (nuint)i);
        }
        AddScaled4Scalar(d, x0, x1, x2, x3, a0, a1, a2, a3, i);
    }

    internal static void AddScaled4Vector256(Span<float> d, ReadOnlySpan<float> x0, ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, ReadOnlySpan<float> x3,
        float a0, float a1, float a2, float a3)
    {
        CheckLengths(d.Length, x0.Length, x1.Length, x2.Length, x3.Length);
        ref float rd = ref MemoryMarshal.GetReference(d);
        ref float r0 = ref MemoryMarshal.GetReference(x0), r1 = ref MemoryMarshal.GetReference(x1);
        ref float r2 = ref MemoryMarshal.GetReference(x2), r3 = ref MemoryMarshal.GetReference(x3);
        Vector256<float> v0 = Vector256.Create(a0), v1 = Vector256.Create(a1), v2 = Vector256.Create(a2), v3 = Vector256.Create(a3);
        int i = 0;
        for (; i <= d.Length - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            Vector256<float> sum = Vector256.LoadUnsafe(ref rd, (nuint)i);
            sum = Fma256(v0, Vector256.LoadUnsafe(ref r0, (nuint)i), sum);
            sum = Fma256(v1, Vector256.LoadUnsafe(ref r1, (nuint)i), sum);
            sum = Fma256(v2, Vector256.LoadUnsafe(ref r2, (nuint)i), sum);
            sum = Fma256(v3, Vector256.LoadUnsafe(ref r3, (nuint)i), sum);
            sum.StoreUnsafe(ref rd, (nuint)i);
        }
        AddScaled4Scalar(d, x0, x1, x2, x3, a0, a1, a2, a3, i);
    }

    internal static void AddScaled4Scalar(Span<float> d, ReadOnlySpan<float> x0, ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, ReadOnlySpan<float> x3,
        float a0, float a1, float a2, float a3, int start)
    {
        CheckLengths(d.Length, x0.Length, x1.Length, x2.Length, x3.Length);
        for (int i = start; i < d.Length; i++) d[i] += a0 * x0[i] + a1 * x1[i] + a2 * x2[i] + a3 * x3[i];
    }

    // ---- d_j += Σ_k c[4·j + k]·s_k for four destinations and four sources: a register tile of a rank-4 update
    //      (weight gradients: rows of dW from four samples' inputs; input gradients: four samples' rows from four weight rows).

    public static void AddScaled4x4(Span<float> d0, Span<float> d1, Span<float> d2, Span<float> d3,
        ReadOnlySpan<float> s0, ReadOnlySpan<float> s1, ReadOnlySpan<float> s2, ReadOnlySpan<float> s3, ReadOnlySpan<float> c)
    {
        if (Vector512.IsHardwareAccelerated && d0.Length >= Vector512<float>.Count) AddScaled4x4Vector512(d0, d1, d2, d3, s0, s1, s2, s3, c);
        else
        {
            AddScaled4(d0, s0, s1, s2, s3, c[0], c[1], c[2], c[3]);
            AddScaled4(d1, s0, s1, s2, s3, c[4], c[5], c[6], c[7]);
            AddScaled4(d2, s0, s1, s2, s3, c[8], c[9], c[10], c[11]);
            AddScaled4(d3, s0, s1, s2, s3, c[12], c[13], c[14], c[15]);
        }
    }

    internal static void AddScaled4x4Vector512(Span<float> d0, Span<float> d1, Span<float> d2, Span<float> d3,
        ReadOnlySpan<float> s0, ReadOnlySpan<float> s1, ReadOnlySpan<float> s2, ReadOnlySpan<float> s3, ReadOnlySpan<float> c)
    {
        int n = d0.Length;
        CheckLengths(n, d1.Length, d2.Length, d3.Length, s0.Length);
        CheckLengths(n, s1.Length, s2.Length, s3.Length, n);
        if (c.Length < 16) throw new ArgumentException("Expected 16 coefficients.", nameof(c));
        ref float rd0 = ref MemoryMarshal.GetReference(d0), rd1 = ref MemoryMarshal.GetReference(d1);
        ref float rd2 = ref MemoryMarshal.GetReference(d2), rd3 = ref MemoryMarshal.GetReference(d3);
        ref float rs0 = ref MemoryMarshal.GetReference(s0), rs1 = ref MemoryMarshal.GetReference(s1);
        ref float rs2 = ref MemoryMarshal.GetReference(s2), rs3 = ref MemoryMarshal.GetReference(s3);
        Vector512<float> c00 = Vector512.Create(c[0]), c01 = Vector512.Create(c[1]), c02 = Vector512.Create(c[2]), c03 = Vector512.Create(c[3]);
        Vector512<float> c10 = Vector512.Create(c[4]), c11 = Vector512.Create(c[5]), c12 = Vector512.Create(c[6]), c13 = Vector512.Create(c[7]);
        Vector512<float> c20 = Vector512.Create(c[8]), c21 = Vector512.Create(c[9]), c22 = Vector512.Create(c[10]), c23 = Vector512.Create(c[11]);
        Vector512<float> c30 = Vector512.Create(c[12]), c31 = Vector512.Create(c[13]), c32 = Vector512.Create(c[14]), c33 = Vector512.Create(c[15]);
        int i = 0;
        for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
        {
            Vector512<float> v0 = Vector512.LoadUnsafe(ref rs0, (nuint)i), v1 = Vector512.LoadUnsafe(ref rs1, (nuint)i);
            Vector512<float> v2 = Vector512.LoadUnsafe(ref rs2, (nuint)i), v3 = Vector512.LoadUnsafe(ref rs3, (nuint)i);
            Fma512(c03, v3, Fma512(c02, v2, Fma512(c01, v1, Fma512(c00, v0, Vector512.LoadUnsafe(ref rd0, (nuint)i))))).StoreUnsafe(ref rd0, (nuint)i);
            Fma512(c13, v3, Fma512(c12, v2, Fma512(c11, v1, Fma512(c10, v0, Vector512.LoadUnsafe(ref rd1, (nuint)i))))).StoreUnsafe(ref rd1, (nuint)i);
            Fma512(c23, v3, Fma512(c22, v2, Fma512(c21, v1, Fma512(c20, v0, Vector512.LoadUnsafe(ref rd2, (nuint)i))))).StoreUnsafe(ref rd2, (nuint)i);
            Fma512(c33, v3, Fma512(c32, v2, Fma512(c31, v1, Fma512(c30, v0, Vector512.LoadUnsafe(ref rd3, (nuint)i))))).StoreUnsafe(ref rd3, (nuint)i);
        }
        if (i < n)
        {
            AddScaled4Scalar(d0, s0, s1, s2, s3, c[0], c[1], c[2], c[3], i);
            AddScaled4Scalar(d1, s0, s1, s2, s3, c[4], c[5], c[6], c[7], i);
            AddScaled4Scalar(d2, s0, s1, s2, s3, c[8], c[9], c[10], c[11], i);
            AddScaled4Scalar(d3, s0, s1, s2, s3, c[12], c[13], c[14], c[15], i);
        }
    }

    /// <summary>
    /// [Σa, Σb, Σc, Σd]: halves added down to 128 bits, then a tree of horizontal adds — about half the instructions
    /// of four separate reductions, which matters when a row is only a few vectors long.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Sum4(Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> d)
    {
        Vector256<float> a8 = a.GetLower() + a.GetUpper(), b8 = b.GetLower() + b.GetUpper();
        Vector256<float> c8 = c.GetLower() + c.GetUpper(), d8 = d.GetLower() + d.GetUpper();
        Vector128<float> a4 = a8.GetLower() + a8.GetUpper(), b4 = b8.GetLower() + b8.GetUpper();
        Vector128<float> c4 = c8.GetLower() + c8.GetUpper(), d4 = d8.GetLower() + d8.GetUpper();
        if (Sse3.IsSupported) return Sse3.HorizontalAdd(Sse3.HorizontalAdd(a4, b4), Sse3.HorizontalAdd(c4, d4));
        return Vector128.Create(Vector128.Sum(a4), Vector128.Sum(b4), Vector128.Sum(c4), Vector128.Sum(d4));
    }

    // a·b + c in one rounding where the CPU has FMA (net8.0 has no portable Vector512.FusedMultiplyAdd).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Fma512(Vector512<float> a, Vector512<float> b, Vector512<float> c) =>
        Avx512F.IsSupported ? Avx512F.FusedMultiplyAdd(a, b, c) : a * b + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Fma256(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : a * b + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckLengths(int length, int a, int b, int c, int d)
    {
        // The vector forms read through refs: every span must be as long as the first, or they would read past one.
        if ((length ^ a | length ^ b | length ^ c | length ^ d) != 0)
            throw new ArgumentException($"Expected five spans of length {length}; got {a}, {b}, {c}, {d}.");
    }
}
