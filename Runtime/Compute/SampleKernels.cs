using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Compute;

/// <summary>
/// The one-sample kernels: registers hold consecutive features of the sample (a row of W against the input), four
/// output rows at a time so that each input register serves four products and the four sums are reduced together.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SampleKernels
{
    /// <summary>
    /// y = op(W·x + b) for one sample; W is <c>[y.Length, x.Length]</c> row-major, an empty <paramref name="bias"/>
    /// means none, and <paramref name="preActivation"/> (when not empty) receives W·x + b.
    /// </summary>
    public static void Linear<TOp>(ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, ReadOnlySpan<float> x, Span<float> y, TOp op,
        Span<float> preActivation = default) where TOp : struct, IActivationOp
    {
        int n = x.Length, outFeatures = y.Length;
        TileKernels.CheckShape(weight.Length, bias.Length, n, outFeatures);
        if (!preActivation.IsEmpty && preActivation.Length != outFeatures)
            throw new ArgumentException($"preActivation has {preActivation.Length} values; expected {outFeatures}.", nameof(preActivation));
        var rows = new SampleRows<TOp>(ref MemoryMarshal.GetReference(weight), ref MemoryMarshal.GetReference(bias), !bias.IsEmpty,
            ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y), ref MemoryMarshal.GetReference(preActivation), !preActivation.IsEmpty, n, op);
        if (Vector512.IsHardwareAccelerated && n >= 16) LinearCore<Simd512, TOp>(ref rows, outFeatures);
        else if (Vector256.IsHardwareAccelerated && n >= 8) LinearCore<Simd256, TOp>(ref rows, outFeatures);
        else LinearCore<Simd128, TOp>(ref rows, outFeatures);
    }

    [MethodImpl(KernelMethod.Options)]
    internal static void LinearCore<TV, TOp>(ref SampleRows<TOp> rows, int outFeatures) where TV : struct, ISimd<TV> where TOp : struct, IActivationOp
    {
        int o = 0;
        // Sixteen rows a block where their 16·n weights stay within L1 (n ≤ 256); longer rows stream better four at a
        // time (784 inputs: 3.4 µs in blocks of 16 against 3.2 µs in blocks of 4).
        if (typeof(TV) == typeof(Simd512) && Avx512F.IsSupported && rows.InFeatures <= 256)
            for (; o + 16 <= outFeatures; o += 16) rows.Block16(o);
        for (; o + 4 <= outFeatures; o += 4) rows.Block4<TV>(o);
        for (; o < outFeatures; o++) rows.Block1<TV>(o);
    }

    /// <summary>
    /// One sample back through a Linear layer: dW += g ⊗ x and db += g (each when its span is not empty; set instead
    /// of added to when <paramref name="accumulate"/> is false), and dx = Wᵀ·g (when <paramref name="dx"/> is not
    /// empty). Each row of W and of dW is read once.
    /// </summary>
    public static void LinearBackward(ReadOnlySpan<float> weight, ReadOnlySpan<float> x, ReadOnlySpan<float> g,
        Span<float> weightGradient, Span<float> biasGradient, Span<float> dx, bool accumulate = true)
    {
        int n = x.Length, outFeatures = g.Length;
        TileKernels.CheckShape(weight.Length, biasGradient.Length, n, outFeatures);
        if (!weightGradient.IsEmpty && weightGradient.Length != weight.Length)
            throw new ArgumentException($"weightGradient has {weightGradient.Length} values; expected {weight.Length}.", nameof(weightGradient));
        if (!dx.IsEmpty && dx.Length != n) throw new ArgumentException($"dx has {dx.Length} values; expected {n}.", nameof(dx));
        if (!biasGradient.IsEmpty)
        {
            if (accumulate) System.Numerics.Tensors.TensorPrimitives.Add(biasGradient, g, biasGradient);
            else g.CopyTo(biasGradient);
        }
        ref float w = ref MemoryMarshal.GetReference(weight);
        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float rg = ref MemoryMarshal.GetReference(g);
        ref float dw = ref MemoryMarshal.GetReference(weightGradient);
        ref float rdx = ref MemoryMarshal.GetReference(dx);
        bool weights = !weightGradient.IsEmpty, inputs = !dx.IsEmpty;
        if (Vector512.IsHardwareAccelerated && n >= 16) BackwardCore<Simd512>(ref w, ref rx, ref rg, ref dw, ref rdx, n, outFeatures, weights, inputs, accumulate);
        else if (Vector256.IsHardwareAccelerated && n >= 8) BackwardCore<Simd256>(ref w, ref rx, ref rg, ref dw, ref rdx, n, outFeatures, weights, inputs, accumulate);
        else BackwardCore<Simd128>(ref w, ref rx, ref rg, ref dw, ref rdx, n, outFeatures, weights, inputs, accumulate);
    }

    /// <summary>
    /// The weight gradient and the input gradient in two passes without a test inside their loops: dW row by row (set,
    /// or added to), then dx a register of inputs at a time, summed over all rows in registers and stored once.
    /// </summary>
    [MethodImpl(KernelMethod.Options)]
    internal static void BackwardCore<TV>(ref float w, ref float x, ref float g, ref float dw, ref float dx, int n, int outFeatures, bool weights, bool inputs, bool accumulate)
        where TV : struct, ISimd<TV>
    {
        if (weights)
        {
            if (accumulate) WeightGradient<TV>(ref x, ref g, ref dw, n, outFeatures, add: true);
            else WeightGradient<TV>(ref x, ref g, ref dw, n, outFeatures, add: false);
        }
        if (inputs) InputGradient<TV>(ref w, ref g, ref dx, n, outFeatures);
    }

    // dW[o, :] (+)= g[o]·x. `add` is a constant at each call, so each copy of the loop has no branch.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WeightGradient<TV>(ref float x, ref float g, ref float dw, int n, int outFeatures, bool add) where TV : struct, ISimd<TV>
    {
        int c = TV.Count;
        for (int o = 0; o < outFeatures; o++)
        {
            float gradient = Unsafe.Add(ref g, o);
            TV k = TV.Create(gradient);
            ref float row = ref Unsafe.Add(ref dw, (nint)o * n);
            int i = 0;
            for (; i + c <= n; i += c)
            {
                nuint at = (nuint)i;
                TV.Store(add ? TV.MultiplyAdd(k, TV.Load(ref x, at), TV.Load(ref row, at)) : k * TV.Load(ref x, at), ref row, at);
            }
            for (; i < n; i++) Unsafe.Add(ref row, i) = (add ? Unsafe.Add(ref row, i) : 0f) + gradient * Unsafe.Add(ref x, i);
        }
    }

    // dx = Wᵀ·g: for each register of inputs, the rows' products summed in two accumulators (even and odd rows, so
    // that a sum of many rows is not one chain of dependent FMAs) and stored once.
    private static void InputGradient<TV>(ref float w, ref float g, ref float dx, int n, int outFeatures) where TV : struct, ISimd<TV>
    {
        int c = TV.Count;
        int i = 0;
        for (; i + c <= n; i += c)
        {
            TV even = TV.Zero, odd = TV.Zero;
            ref float column = ref Unsafe.Add(ref w, i);
            int o = 0;
            for (; o + 2 <= outFeatures; o += 2)
            {
                even = TV.MultiplyAdd(TV.Create(Unsafe.Add(ref g, o)), TV.Load(ref column, (nuint)((nint)o * n)), even);
                odd = TV.MultiplyAdd(TV.Create(Unsafe.Add(ref g, o + 1)), TV.Load(ref column, (nuint)((nint)(o + 1) * n)), odd);
            }
            if (o < outFeatures) even = TV.MultiplyAdd(TV.Create(Unsafe.Add(ref g, o)), TV.Load(ref column, (nuint)((nint)o * n)), even);
            TV.Store(even + odd, ref dx, (nuint)i);
        }
        for (; i < n; i++)
        {
            float sum = 0f;
            for (int o = 0; o < outFeatures; o++) sum += Unsafe.Add(ref g, o) * Unsafe.Add(ref w, (nint)o * n + i);
            Unsafe.Add(ref dx, i) = sum;
        }
    }
}

/// <summary>Rows of W·x + b for one sample, four at a time, the activation applied to the four sums together.</summary>
internal ref partial struct SampleRows<TOp> where TOp : struct, IActivationOp
{
    private readonly ref float _weight;
    private readonly ref float _bias;
    private readonly bool _hasBias;
    private readonly ref float _x;
    private readonly ref float _y;
    private readonly ref float _pre;
    private readonly bool _storePre;
    private readonly int _in;
    private readonly TOp _op;

    public SampleRows(ref float weight, ref float bias, bool hasBias, ref float x, ref float y, ref float pre, bool storePre, int inFeatures, TOp op)
    {
        _weight = ref weight;
        _bias = ref bias;
        _hasBias = hasBias;
        _x = ref x;
        _y = ref y;
        _pre = ref pre;
        _storePre = storePre;
        _in = inFeatures;
        _op = op;
    }

    /// <summary>The length of a row of W.</summary>
    public readonly int InFeatures => _in;

    [MethodImpl(KernelMethod.Options)]
    public void Block4<TV>(int o) where TV : struct, ISimd<TV>
    {
        int n = _in, c = TV.Count;
        ref float w0 = ref Unsafe.Add(ref _weight, (nint)o * n);
        ref float w1 = ref Unsafe.Add(ref w0, n);
        ref float w2 = ref Unsafe.Add(ref w1, n);
        ref float w3 = ref Unsafe.Add(ref w2, n);
        TV a0 = TV.Zero, a1 = a0, a2 = a0, a3 = a0;
        int i = 0;
        for (; i + c <= n; i += c)
        {
            nuint at = (nuint)i;
            TV x = TV.Load(ref _x, at);
            a0 = TV.MultiplyAdd(TV.Load(ref w0, at), x, a0);
            a1 = TV.MultiplyAdd(TV.Load(ref w1, at), x, a1);
            a2 = TV.MultiplyAdd(TV.Load(ref w2, at), x, a2);
            a3 = TV.MultiplyAdd(TV.Load(ref w3, at), x, a3);
        }
        Vector128<float> sums = TV.Sum4(a0, a1, a2, a3);
        if (i < n)
        {
            float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
            for (; i < n; i++)
            {
                float xi = Unsafe.Add(ref _x, i);
                s0 += Unsafe.Add(ref w0, i) * xi;
                s1 += Unsafe.Add(ref w1, i) * xi;
                s2 += Unsafe.Add(ref w2, i) * xi;
                s3 += Unsafe.Add(ref w3, i) * xi;
            }
            sums += Vector128.Create(s0, s1, s2, s3);
        }
        if (_hasBias) sums += Vector128.LoadUnsafe(ref _bias, (nuint)o);
        if (_storePre) sums.StoreUnsafe(ref _pre, (nuint)o);
        Simd128 result = _op.Value(Simd128.From(sums));
        Simd128.Store(result, ref _y, (nuint)o);
    }

    [MethodImpl(KernelMethod.Options)]
    public void Block1<TV>(int o) where TV : struct, ISimd<TV>
    {
        int n = _in, c = TV.Count;
        ref float w0 = ref Unsafe.Add(ref _weight, (nint)o * n);
        TV a0 = TV.Zero;
        int i = 0;
        for (; i + c <= n; i += c) a0 = TV.MultiplyAdd(TV.Load(ref w0, (nuint)i), TV.Load(ref _x, (nuint)i), a0);
        float sum = TV.Sum(a0);
        for (; i < n; i++) sum += Unsafe.Add(ref w0, i) * Unsafe.Add(ref _x, i);
        if (_hasBias) sum += Unsafe.Add(ref _bias, o);
        if (_storePre) Unsafe.Add(ref _pre, o) = sum;
        Unsafe.Add(ref _y, o) = _op.Value(sum);
    }
}
