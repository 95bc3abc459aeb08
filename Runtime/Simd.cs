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
