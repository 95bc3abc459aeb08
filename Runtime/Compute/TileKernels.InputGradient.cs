using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Compute;

public static partial class TileKernels
{
    /// <summary>
    /// The gradient below a Linear layer on a tile: dx = (Wᵀ·g) ⊙ op′, where <paramref name="op"/> is the activation
    /// whose output is the layer's input (<see cref="IdentityOp"/> when there is none) and <paramref name="opInput"/>,
    /// <paramref name="opOutput"/> are that activation's input and output tiles (pass the output twice when
    /// <see cref="IActivationOp.DerivativeFromOutput"/>). The derivative is applied in registers, before the store.
    /// </summary>
    public static void InputGradient<TOp>(ReadOnlySpan<float> weight, ReadOnlySpan<float> g, Span<float> dx, int inFeatures, int outFeatures,
        TOp op, ReadOnlySpan<float> opInput, ReadOnlySpan<float> opOutput) where TOp : struct, IActivationOp
    {
        CheckShape(weight.Length, 0, inFeatures, outFeatures);
        CheckTile(g.Length, outFeatures, nameof(g));
        CheckTile(dx.Length, inFeatures, nameof(dx));
        bool identity = typeof(TOp) == typeof(IdentityOp);
        if (!identity)
        {
            CheckTile(opInput.Length, inFeatures, nameof(opInput));
            CheckTile(opOutput.Length, inFeatures, nameof(opOutput));
        }
        var rows = new InputGradientRows<TOp>(ref MemoryMarshal.GetReference(weight), ref MemoryMarshal.GetReference(g), ref MemoryMarshal.GetReference(dx),
            ref MemoryMarshal.GetReference(opInput), ref MemoryMarshal.GetReference(opOutput), inFeatures, outFeatures, op);
        if (Vector512.IsHardwareAccelerated) InputGradientCore<Simd512, TOp>(ref rows, inFeatures);
        else if (Vector256.IsHardwareAccelerated) InputGradientCore<Simd256, TOp>(ref rows, inFeatures);
        else InputGradientCore<Simd128, TOp>(ref rows, inFeatures);
    }

    [MethodImpl(KernelMethod.Options)]
    internal static void InputGradientCore<TV, TOp>(ref InputGradientRows<TOp> rows, int inFeatures)
        where TV : struct, ISimd<TV> where TOp : struct, IActivationOp
    {
        for (int lane = 0; lane < Samples; lane += 2 * TV.Count)
        {
            int i = 0;
            if (TV.Count >= 16)
                for (; i + 8 <= inFeatures; i += 8) rows.Block8<TV>(i, lane);
            for (; i + 4 <= inFeatures; i += 4) rows.Block4<TV>(i, lane);
            for (; i < inFeatures; i++) rows.Block1<TV>(i, lane);
        }
    }
}

/// <summary>
/// dx rows by blocks: for each output o, the gradient row g[o] times the weights W[o, i..i+R] (contiguous in the
/// user's buffer), summed in registers; then times the derivative of the activation below.
/// </summary>
internal ref struct InputGradientRows<TOp> where TOp : struct, IActivationOp
{
    private readonly ref float _weight;
    private readonly ref float _g;
    private readonly ref float _dx;
    private readonly ref float _opInput;
    private readonly ref float _opOutput;
    private readonly int _in;
    private readonly int _out;
    private readonly TOp _op;

    public InputGradientRows(ref float weight, ref float g, ref float dx, ref float opInput, ref float opOutput, int inFeatures, int outFeatures, TOp op)
    {
        _weight = ref weight;
        _g = ref g;
        _dx = ref dx;
        _opInput = ref opInput;
        _opOutput = ref opOutput;
        _in = inFeatures;
        _out = outFeatures;
        _op = op;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Finish<TV>(TV sum, int i, int lane) where TV : struct, ISimd<TV>
    {
        nuint at = (nuint)(i * TileKernels.Samples + lane);
        if (typeof(TOp) != typeof(IdentityOp))
            sum *= _op.Derivative(TV.Load(ref _opInput, at), TV.Load(ref _opOutput, at));
        TV.Store(sum, ref _dx, at);
    }

    [MethodImpl(KernelMethod.Options)]
    public void Block8<TV>(int i, int lane) where TV : struct, ISimd<TV>
    {
        int n = _in;
        ref float w = ref Unsafe.Add(ref _weight, i);
        ref float g = ref Unsafe.Add(ref _g, lane);
        TV a0 = TV.Zero, a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        TV b0 = a0, b1 = a0, b2 = a0, b3 = a0, b4 = a0, b5 = a0, b6 = a0, b7 = a0;
        for (int o = 0; o < _out; o++)
        {
            TV g0 = TV.Load(ref g, (nuint)(o * TileKernels.Samples));
            TV g1 = TV.Load(ref g, (nuint)(o * TileKernels.Samples + TV.Count));
            ref float wo = ref Unsafe.Add(ref w, (nint)o * n);
            TV c = TV.Create(wo); a0 = TV.MultiplyAdd(c, g0, a0); b0 = TV.MultiplyAdd(c, g1, b0);
            c = TV.Create(Unsafe.Add(ref wo, 1)); a1 = TV.MultiplyAdd(c, g0, a1); b1 = TV.MultiplyAdd(c, g1, b1);
            c = TV.Create(Unsafe.Add(ref wo, 2)); a2 = TV.MultiplyAdd(c, g0, a2); b2 = TV.MultiplyAdd(c, g1, b2);
            c = TV.Create(Unsafe.Add(ref wo, 3)); a3 = TV.MultiplyAdd(c, g0, a3); b3 = TV.MultiplyAdd(c, g1, b3);
            c = TV.Create(Unsafe.Add(ref wo, 4)); a4 = TV.MultiplyAdd(c, g0, a4); b4 = TV.MultiplyAdd(c, g1, b4);
            c = TV.Create(Unsafe.Add(ref wo, 5)); a5 = TV.MultiplyAdd(c, g0, a5); b5 = TV.MultiplyAdd(c, g1, b5);
            c = TV.Create(Unsafe.Add(ref wo, 6)); a6 = TV.MultiplyAdd(c, g0, a6); b6 = TV.MultiplyAdd(c, g1, b6);
            c = TV.Create(Unsafe.Add(ref wo, 7)); a7 = TV.MultiplyAdd(c, g0, a7); b7 = TV.MultiplyAdd(c, g1, b7);
        }
        int second = lane + TV.Count;
        Finish(a0, i, lane); Finish(b0, i, second);
        Finish(a1, i + 1, lane); Finish(b1, i + 1, second);
        Finish(a2, i + 2, lane); Finish(b2, i + 2, second);
        Finish(a3, i + 3, lane); Finish(b3, i + 3, second);
        Finish(a4, i + 4, lane); Finish(b4, i + 4, second);
        Finish(a5, i + 5, lane); Finish(b5, i + 5, second);
        Finish(a6, i + 6, lane); Finish(b6, i + 6, second);
        Finish(a7, i + 7, lane); Finish(b7, i + 7, second);
    }

    [MethodImpl(KernelMethod.Options)]
    public void Block4<TV>(int i, int lane) where TV : struct, ISimd<TV>
    {
        int n = _in;
        ref float w = ref Unsafe.Add(ref _weight, i);
        ref float g = ref Unsafe.Add(ref _g, lane);
        TV a0 = TV.Zero, a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        for (int o = 0; o < _out; o++)
        {
            TV g0 = TV.Load(ref g, (nuint)(o * TileKernels.Samples));
            TV g1 = TV.Load(ref g, (nuint)(o * TileKernels.Samples + TV.Count));
            ref float wo = ref Unsafe.Add(ref w, (nint)o * n);
            TV c = TV.Create(wo); a0 = TV.MultiplyAdd(c, g0, a0); b0 = TV.MultiplyAdd(c, g1, b0);
            c = TV.Create(Unsafe.Add(ref wo, 1)); a1 = TV.MultiplyAdd(c, g0, a1); b1 = TV.MultiplyAdd(c, g1, b1);
            c = TV.Create(Unsafe.Add(ref wo, 2)); a2 = TV.MultiplyAdd(c, g0, a2); b2 = TV.MultiplyAdd(c, g1, b2);
            c = TV.Create(Unsafe.Add(ref wo, 3)); a3 = TV.MultiplyAdd(c, g0, a3); b3 = TV.MultiplyAdd(c, g1, b3);
        }
        int second = lane + TV.Count;
        Finish(a0, i, lane); Finish(b0, i, second);
        Finish(a1, i + 1, lane); Finish(b1, i + 1, second);
        Finish(a2, i + 2, lane); Finish(b2, i + 2, second);
        Finish(a3, i + 3, lane); Finish(b3, i + 3, second);
    }

    [MethodImpl(KernelMethod.Options)]
    public void Block1<TV>(int i, int lane) where TV : struct, ISimd<TV>
    {
        int n = _in;
        ref float w = ref Unsafe.Add(ref _weight, i);
        ref float g = ref Unsafe.Add(ref _g, lane);
        TV a0 = TV.Zero, b0 = a0;
        for (int o = 0; o < _out; o++)
        {
            TV c = TV.Create(Unsafe.Add(ref w, (nint)o * n));
            a0 = TV.MultiplyAdd(c, TV.Load(ref g, (nuint)(o * TileKernels.Samples)), a0);
            b0 = TV.MultiplyAdd(c, TV.Load(ref g, (nuint)(o * TileKernels.Samples + TV.Count)), b0);
        }
        Finish(a0, i, lane);
        Finish(b0, i, lane + TV.Count);
    }
}
