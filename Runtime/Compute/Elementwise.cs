using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Compute;

/// <summary>
/// An activation, or its derivative times a gradient, over every value of a span: the widest register the machine
/// accelerates, then the float form for the tail. The functional API's span forms and the generated networks' layers
/// that stand alone (an activation first, or two in a row) both run here.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Elementwise
{
    /// <summary>y = op(x) for every value; <paramref name="y"/> may be <paramref name="x"/> itself.</summary>
    [MethodImpl(KernelMethod.Options)]
    public static void Apply<TOp>(ReadOnlySpan<float> x, Span<float> y, TOp op) where TOp : struct, IActivationOp
    {
        if (x.Length != y.Length) throw new ArgumentException($"y has length {y.Length}; expected {x.Length}, the length of x.", nameof(y));
        ref float source = ref MemoryMarshal.GetReference(x);
        ref float destination = ref MemoryMarshal.GetReference(y);
        int i = 0;
        if (Vector512.IsHardwareAccelerated) i = ApplyCore<Simd512, TOp>(ref source, ref destination, x.Length, op);
        else if (Vector256.IsHardwareAccelerated) i = ApplyCore<Simd256, TOp>(ref source, ref destination, x.Length, op);
        i += ApplyCore<Simd128, TOp>(ref Unsafe.Add(ref source, i), ref Unsafe.Add(ref destination, i), x.Length - i, op);
        for (; i < x.Length; i++) Unsafe.Add(ref destination, i) = op.Value(Unsafe.Add(ref source, i));
    }

    /// <summary>result = g ⊙ op′(x, y) for every value (x the activation's input, y its output).</summary>
    [MethodImpl(KernelMethod.Options)]
    public static void MultiplyByDerivative<TOp>(ReadOnlySpan<float> g, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> result, TOp op)
        where TOp : struct, IActivationOp
    {
        int n = g.Length;
        if (x.Length != n || y.Length != n || result.Length != n)
            throw new ArgumentException($"Expected four spans of length {n}; got x {x.Length}, y {y.Length}, result {result.Length}.", nameof(result));
        ref float rg = ref MemoryMarshal.GetReference(g);
        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float ry = ref MemoryMarshal.GetReference(y);
        ref float rr = ref MemoryMarshal.GetReference(result);
        int i = 0;
        if (Vector512.IsHardwareAccelerated) i = DerivativeCore<Simd512, TOp>(ref rg, ref rx, ref ry, ref rr, n, op);
        else if (Vector256.IsHardwareAccelerated) i = DerivativeCore<Simd256, TOp>(ref rg, ref rx, ref ry, ref rr, n, op);
        i += DerivativeCore<Simd128, TOp>(ref Unsafe.Add(ref rg, i), ref Unsafe.Add(ref rx, i), ref Unsafe.Add(ref ry, i), ref Unsafe.Add(ref rr, i), n - i, op);
        for (; i < n; i++) Unsafe.Add(ref rr, i) = Unsafe.Add(ref rg, i) * op.Derivative(Unsafe.Add(ref rx, i), Unsafe.Add(ref ry, i));
    }

    /// <summary>Whole registers only; returns how many values were done.</summary>
    [MethodImpl(KernelMethod.Options)]
    internal static int ApplyCore<TV, TOp>(ref float x, ref float y, int length, TOp op) where TV : struct, ISimd<TV> where TOp : struct, IActivationOp
    {
        int i = 0;
        for (; i + TV.Count <= length; i += TV.Count) TV.Store(op.Value(TV.Load(ref x, (nuint)i)), ref y, (nuint)i);
        return i;
    }

    [MethodImpl(KernelMethod.Options)]
    internal static int DerivativeCore<TV, TOp>(ref float g, ref float x, ref float y, ref float result, int length, TOp op)
        where TV : struct, ISimd<TV> where TOp : struct, IActivationOp
    {
        int i = 0;
        for (; i + TV.Count <= length; i += TV.Count)
        {
            nuint at = (nuint)i;
            TV.Store(TV.Load(ref g, at) * op.Derivative(TV.Load(ref x, at), TV.Load(ref y, at)), ref result, at);
        }
        return i;
    }
}
