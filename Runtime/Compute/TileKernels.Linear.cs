using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Compute;

/// <summary>
/// The batch kernels. A tile is <see cref="Samples"/> samples in feature-major layout: row f holds feature f of every
/// sample, so one register holds one feature of 16 (AVX-512), 8 or 4 samples, and a Linear layer is, for each input
/// feature and each block of outputs, the weight broadcast from the user's <c>[out, in]</c> buffer times the row:
/// no packed copy of the weights, no horizontal sums, the activation applied to the accumulators in registers.
/// </summary>
/// <remarks>
/// Lanes of a tile past its last sample hold zeros (the loaders pad them) and are computed like the others; the losses
/// give them zero gradient, so they add nothing to the weight gradients.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class TileKernels
{
    /// <summary>The samples in a tile: the length of every tile row.</summary>
    public const int Samples = 32;

    /// <summary>
    /// y = op(W·x + b) on a tile: <paramref name="x"/> holds <paramref name="inFeatures"/> rows, <paramref name="y"/>
    /// <paramref name="outFeatures"/> rows; W is <c>[outFeatures, inFeatures]</c> row-major and an empty
    /// <paramref name="bias"/> means none. When <paramref name="preActivation"/> is not empty it receives W·x + b too
    /// (training keeps it for an activation whose derivative needs its input).
    /// </summary>
    public static void Linear<TOp>(ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, ReadOnlySpan<float> x, Span<float> y,
        int inFeatures, int outFeatures, TOp op, Span<float> preActivation = default) where TOp : struct, IActivationOp
    {
        CheckShape(weight.Length, bias.Length, inFeatures, outFeatures);
        CheckTile(x.Length, inFeatures, nameof(x));
        CheckTile(y.Length, outFeatures, nameof(y));
        if (!preActivation.IsEmpty) CheckTile(preActivation.Length, outFeatures, nameof(preActivation));
        var rows = new LinearRows<TOp>(
            ref MemoryMarshal.GetReference(weight), ref MemoryMarshal.GetReference(bias), !bias.IsEmpty,
            ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y),
            ref MemoryMarshal.GetReference(preActivation), !preActivation.IsEmpty, inFeatures, op);
        if (Vector512.IsHardwareAccelerated) LinearCore<Simd512, TOp>(ref rows, outFeatures);
        else if (Vector256.IsHardwareAccelerated) LinearCore<Simd256, TOp>(ref rows, outFeatures);
        else LinearCore<Simd128, TOp>(ref rows, outFeatures);
    }

    /// <summary>The form for one register width (internal: the tests run every width against the others).</summary>
    [MethodImpl(KernelMethod.Options)]
    internal static void LinearCore<TV, TOp>(ref LinearRows<TOp> rows, int outFeatures)
        where TV : struct, ISimd<TV> where TOp : struct, IActivationOp
    {
        // Two registers of samples a pass: 32 samples at once with 512 bits, 16 with 256, 8 with 128.
        for (int lane = 0; lane < Samples; lane += 2 * TV.Count)
        {
            int o = 0;
            // Eight output rows × two registers is 16 accumulators: AVX-512 has 32 registers; narrower machines 16.
            if (TV.Count >= 16)
                for (; o + 8 <= outFeatures; o += 8) rows.Block8<TV>(o, lane);
            for (; o + 4 <= outFeatures; o += 4) rows.Block4<TV>(o, lane);
            for (; o < outFeatures; o++) rows.Block1<TV>(o, lane);
        }
    }

    internal static void CheckShape(int weightLength, int biasLength, int inFeatures, int outFeatures)
    {
        if (inFeatures <= 0 || outFeatures <= 0 || weightLength != (long)inFeatures * outFeatures)
            throw new ArgumentException($"weight has {weightLength} values; expected [{outFeatures}, {inFeatures}].", "weight");
        if (biasLength != 0 && biasLength != outFeatures)
            throw new ArgumentException($"bias has {biasLength} values; expected {outFeatures} or none.", "bias");
    }

    internal static void CheckTile(int length, int features, string name)
    {
        if (length < (long)features * Samples)
            throw new ArgumentException($"{name} has {length} values; expected a tile of {features} rows of {Samples}.", name);
    }
}

/// <summary>
/// One Linear layer on a tile, by blocks of output rows: the weights W[o, i] are broadcast one at a time against the
/// input row i and accumulated in registers; the activation is applied to the block while it is still in L1.
/// </summary>
internal ref struct LinearRows<TOp> where TOp : struct, IActivationOp
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

    public LinearRows(ref float weight, ref float bias, bool hasBias, ref float x, ref float y, ref float pre, bool storePre, int inFeatures, TOp op)
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private TV Start<TV>(int o) where TV : struct, ISimd<TV> => _hasBias ? TV.Create(Unsafe.Add(ref _bias, o)) : TV.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Finish<TV>(TV sum, int o, int lane) where TV : struct, ISimd<TV>
    {
        nuint at = (nuint)(o * TileKernels.Samples + lane);
        if (_storePre) TV.Store(sum, ref _pre, at);
        TV.Store(sum, ref _y, at);
    }

    /// <summary>
    /// The activation over the block just stored, while it is in L1: applied to the live accumulators instead, a
    /// transcendental activation (tanh: a few dozen instructions) spills them and was 3× slower (measured on 64→32 Tanh).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Activate<TV>(int o, int rows, int lane) where TV : struct, ISimd<TV>
    {
        if (typeof(TOp) == typeof(IdentityOp)) return;
        for (int r = 0; r < rows; r++)
        {
            nuint at = (nuint)((o + r) * TileKernels.Samples + lane);
            TV.Store(_op.Value(TV.Load(ref _y, at)), ref _y, at);
            TV.Store(_op.Value(TV.Load(ref _y, at + (nuint)TV.Count)), ref _y, at + (nuint)TV.Count);
        }
    }

    [MethodImpl(KernelMethod.Options)]
    public void Block8<TV>(int o, int lane) where TV : struct, ISimd<TV>
    {
        int n = _in;
        ref float w = ref Unsafe.Add(ref _weight, (nint)o * n);
        TV a0 = Start<TV>(o), a1 = Start<TV>(o + 1), a2 = Start<TV>(o + 2), a3 = Start<TV>(o + 3);
        TV a4 = Start<TV>(o + 4), a5 = Start<TV>(o + 5), a6 = Start<TV>(o + 6), a7 = Start<TV>(o + 7);
        TV b0 = a0, b1 = a1, b2 = a2, b3 = a3, b4 = a4, b5 = a5, b6 = a6, b7 = a7;
        ref float x = ref Unsafe.Add(ref _x, lane);
        for (int i = 0; i < n; i++)
        {
            TV x0 = TV.Load(ref x, (nuint)(i * TileKernels.Samples));
            TV x1 = TV.Load(ref x, (nuint)(i * TileKernels.Samples + TV.Count));
            ref float wi = ref Unsafe.Add(ref w, i);
            TV c = TV.Create(wi); a0 = TV.MultiplyAdd(c, x0, a0); b0 = TV.MultiplyAdd(c, x1, b0);
            c = TV.Create(Unsafe.Add(ref wi, n)); a1 = TV.MultiplyAdd(c, x0, a1); b1 = TV.MultiplyAdd(c, x1, b1);
            c = TV.Create(Unsafe.Add(ref wi, 2 * n)); a2 = TV.MultiplyAdd(c, x0, a2); b2 = TV.MultiplyAdd(c, x1, b2);
            c = TV.Create(Unsafe.Add(ref wi, 3 * n)); a3 = TV.MultiplyAdd(c, x0, a3); b3 = TV.MultiplyAdd(c, x1, b3);
            c = TV.Create(Unsafe.Add(ref wi, 4 * n)); a4 = TV.MultiplyAdd(c, x0, a4); b4 = TV.MultiplyAdd(c, x1, b4);
            c = TV.Create(Unsafe.Add(ref wi, 5 * n)); a5 = TV.MultiplyAdd(c, x0, a5); b5 = TV.MultiplyAdd(c, x1, b5);
            c = TV.Create(Unsafe.Add(ref wi, 6 * n)); a6 = TV.MultiplyAdd(c, x0, a6); b6 = TV.MultiplyAdd(c, x1, b6);
            c = TV.Create(Unsafe.Add(ref wi, 7 * n)); a7 = TV.MultiplyAdd(c, x0, a7); b7 = TV.MultiplyAdd(c, x1, b7);
        }
        int second = lane + TV.Count;
        Finish(a0, o, lane); Finish(b0, o, second);
        Finish(a1, o + 1, lane); Finish(b1, o + 1, second);
        Finish(a2, o + 2, lane); Finish(b2, o + 2, second);
        Finish(a3, o + 3, lane); Finish(b3, o + 3, second);
        Finish(a4, o + 4, lane); Finish(b4, o + 4, second);
        Finish(a5, o + 5, lane); Finish(b5, o + 5, second);
        Finish(a6, o + 6, lane); Finish(b6, o + 6, second);
        Finish(a7, o + 7, lane); Finish(b7, o + 7, second);
        Activate<TV>(o, 8, lane);
    }

    [MethodImpl(KernelMethod.Options)]
    public void Block4<TV>(int o, int lane) where TV : struct, ISimd<TV>
    {
        int n = _in;
        ref float w = ref Unsafe.Add(ref _weight, (nint)o * n);
        TV a0 = Start<TV>(o), a1 = Start<TV>(o + 1), a2 = Start<TV>(o + 2), a3 = Start<TV>(o + 3);
        TV b0 = a0, b1 = a1, b2 = a2, b3 = a3;
        ref float x = ref Unsafe.Add(ref _x, lane);
        for (int i = 0; i < n; i++)
        {
            TV x0 = TV.Load(ref x, (nuint)(i * TileKernels.Samples));
            TV x1 = TV.Load(ref x, (nuint)(i * TileKernels.Samples + TV.Count));
            ref float wi = ref Unsafe.Add(ref w, i);
            TV c = TV.Create(wi); a0 = TV.MultiplyAdd(c, x0, a0); b0 = TV.MultiplyAdd(c, x1, b0);
            c = TV.Create(Unsafe.Add(ref wi, n)); a1 = TV.MultiplyAdd(c, x0, a1); b1 = TV.MultiplyAdd(c, x1, b1);
            c = TV.Create(Unsafe.Add(ref wi, 2 * n)); a2 = TV.MultiplyAdd(c, x0, a2); b2 = TV.MultiplyAdd(c, x1, b2);
            c = TV.Create(Unsafe.Add(ref wi, 3 * n)); a3 = TV.MultiplyAdd(c, x0, a3); b3 = TV.MultiplyAdd(c, x1, b3);
        }
        int second = lane + TV.Count;
        Finish(a0, o, lane); Finish(b0, o, second);
        Finish(a1, o + 1, lane); Finish(b1, o + 1, second);
        Finish(a2, o + 2, lane); Finish(b2, o + 2, second);
        Finish(a3, o + 3, lane); Finish(b3, o + 3, second);
        Activate<TV>(o, 4, lane);
    }

    [MethodImpl(KernelMethod.Options)]
    public void Block1<TV>(int o, int lane) where TV : struct, ISimd<TV>
    {
        int n = _in;
        ref float w = ref Unsafe.Add(ref _weight, (nint)o * n);
        TV a0 = Start<TV>(o), b0 = a0;
        ref float x = ref Unsafe.Add(ref _x, lane);
        for (int i = 0; i < n; i++)
        {
            TV c = TV.Create(Unsafe.Add(ref w, i));
            a0 = TV.MultiplyAdd(c, TV.Load(ref x, (nuint)(i * TileKernels.Samples)), a0);
            b0 = TV.MultiplyAdd(c, TV.Load(ref x, (nuint)(i * TileKernels.Samples + TV.Count)), b0);
        }
        Finish(a0, o, lane);
        Finish(b0, o, lane + TV.Count);
        Activate<TV>(o, 1, lane);
    }
}
