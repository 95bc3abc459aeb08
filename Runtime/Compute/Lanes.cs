using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Compute;

/// <summary>
/// Helpers for code that works a register at a time: the activations without a vectorised form, one lane at a time;
/// the register width of this machine; and the lane-partial sums in which the straight-line code of small layers
/// gathers a batch's weight gradients (one register a weight, reduced once at the end instead of once a sample).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Lanes
{
    /// <summary>Floats a register holds on this machine, as the kernels use it: 16 with AVX-512, 8 with AVX2, else 4.</summary>
    public static int Width => Vector512.IsHardwareAccelerated ? 16 : Vector256.IsHardwareAccelerated ? 8 : 4;

    /// <summary>partials[index..index + Count) += a·b: one weight's lane-partial gradient.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddProduct<TV>(ref float partials, nuint index, TV a, TV b) where TV : struct, ISimd<TV> =>
        TV.Store(TV.MultiplyAdd(a, b, TV.Load(ref partials, index)), ref partials, index);

    /// <summary>partials[index..index + Count) += a: one bias's lane-partial gradient.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add<TV>(ref float partials, nuint index, TV a) where TV : struct, ISimd<TV> =>
        TV.Store(TV.Load(ref partials, index) + a, ref partials, index);

    /// <summary>
    /// The lane partials of weights <paramref name="weight"/>, +1, … of one output row (a register of
    /// <c>TV.Count</c> floats each): partial += g·x0, g·x1, …; the straight-line code's dW, up to four weights a call.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddProducts<TV>(ref float partials, int weight, TV g, TV x0) where TV : struct, ISimd<TV> =>
        AddProduct(ref partials, (nuint)(weight * TV.Count), g, x0);

    /// <inheritdoc cref="AddProducts{TV}(ref float, int, TV, TV)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddProducts<TV>(ref float partials, int weight, TV g, TV x0, TV x1) where TV : struct, ISimd<TV>
    {
        AddProduct(ref partials, (nuint)(weight * TV.Count), g, x0);
        AddProduct(ref partials, (nuint)((weight + 1) * TV.Count), g, x1);
    }

    /// <inheritdoc cref="AddProducts{TV}(ref float, int, TV, TV)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddProducts<TV>(ref float partials, int weight, TV g, TV x0, TV x1, TV x2) where TV : struct, ISimd<TV>
    {
        AddProducts(ref partials, weight, g, x0, x1);
        AddProduct(ref partials, (nuint)((weight + 2) * TV.Count), g, x2);
    }

    /// <inheritdoc cref="AddProducts{TV}(ref float, int, TV, TV)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddProducts<TV>(ref float partials, int weight, TV g, TV x0, TV x1, TV x2, TV x3) where TV : struct, ISimd<TV>
    {
        AddProducts(ref partials, weight, g, x0, x1);
        AddProducts(ref partials, weight + 2, g, x2, x3);
    }

    /// <summary>The lane partials of bias <paramref name="index"/>: partial += g.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddBias<TV>(ref float partials, int index, TV g) where TV : struct, ISimd<TV> =>
        Add(ref partials, (nuint)(index * TV.Count), g);

    /// <summary>
    /// gradients[k] = Σ of the <paramref name="width"/> lane partials of value k (added to it when
    /// <paramref name="accumulate"/>): the end of a batch for the layers that gathered their gradients in registers.
    /// </summary>
    public static void Reduce(ReadOnlySpan<float> partials, int width, Span<float> gradients, bool accumulate)
    {
        if (partials.Length < gradients.Length * width)
            throw new ArgumentException($"partials has {partials.Length} values; expected {gradients.Length} × {width}.", nameof(partials));
        for (int k = 0; k < gradients.Length; k++)
        {
            float sum = 0f;
            ReadOnlySpan<float> lanes = partials.Slice(k * width, width);
            for (int lane = 0; lane < width; lane++) sum += lanes[lane];
            gradients[k] = accumulate ? gradients[k] + sum : sum;
        }
    }
    /// <summary>Sixteen floats on the stack, enough for any register.</summary>
    [InlineArray(16)]
    private struct Buffer
    {
        private float _element;
    }

    /// <summary>The activation of every lane, one at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Value<TV, TOp>(TV x, TOp op) where TV : struct, ISimd<TV> where TOp : struct, IActivationOp
    {
        Buffer lanes = default;
        ref float first = ref lanes[0];
        TV.Store(x, ref first, 0);
        for (int i = 0; i < TV.Count; i++) lanes[i] = op.Value(lanes[i]);
        return TV.Load(ref first, 0);
    }

    /// <summary>The derivative of every lane, one at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Derivative<TV, TOp>(TV x, TV y, TOp op) where TV : struct, ISimd<TV> where TOp : struct, IActivationOp
    {
        Buffer xs = default, ys = default;
        TV.Store(x, ref xs[0], 0);
        TV.Store(y, ref ys[0], 0);
        for (int i = 0; i < TV.Count; i++) xs[i] = op.Derivative(xs[i], ys[i]);
        return TV.Load(ref xs[0], 0);
    }
}
