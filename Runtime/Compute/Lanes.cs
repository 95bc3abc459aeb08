using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace NetGen.Compute;

/// <summary>
/// Applies an activation's float form to each lane of a register: the vector form of activations whose float form
/// has no cheaper vectorised equivalent of the same accuracy (GELU's erf, Mish, Softplus, …).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Lanes
{
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
