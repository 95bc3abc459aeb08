using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace NetGen.Compute;

// The piecewise-linear activations. Every form propagates NaN: a comparison with NaN is false, so the selects
// below end on the lane itself.

/// <summary><c>nn.ReLU</c>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct ReLUOp : IActivationOp
{
    /// <inheritdoc/>
    public bool DerivativeFromOutput => true;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Value(float x) => Activations.ReLU(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float x, float y) => Activations.ReLUDerivative(y);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV>(TV x) where TV : struct, ISimd<TV> =>
        TV.ConditionalSelect(TV.LessThanOrEqual(x, TV.Zero), TV.Zero, x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Derivative<TV>(TV x, TV y) where TV : struct, ISimd<TV> =>
        TV.ConditionalSelect(TV.GreaterThan(y, TV.Zero), TV.Create(1f), TV.ConditionalSelect(TV.LessThanOrEqual(y, TV.Zero), TV.Zero, y));
}

/// <summary><c>nn.LeakyReLU(negative_slope)</c>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct LeakyReLUOp : IActivationOp
{
    /// <summary>The slope for negative inputs.</summary>
    public readonly float NegativeSlope;

    /// <summary>The layer's arguments, as declared.</summary>
    public LeakyReLUOp(float negativeSlope)
    {
        NegativeSlope = negativeSlope;
    }

    /// <inheritdoc/>
    public bool DerivativeFromOutput => false;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Value(float x) => Activations.LeakyReLU(x, NegativeSlope);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float x, float y) => Activations.LeakyReLUDerivative(x, NegativeSlope);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV>(TV x) where TV : struct, ISimd<TV> =>
        TV.ConditionalSelect(TV.GreaterThan(x, TV.Zero), x, x * TV.Create(NegativeSlope));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Derivative<TV>(TV x, TV y) where TV : struct, ISimd<TV> =>
        TV.ConditionalSelect(TV.GreaterThan(x, TV.Zero), TV.Create(1f), TV.ConditionalSelect(TV.LessThanOrEqual(x, TV.Zero), TV.Create(NegativeSlope), x));
}

/// <summary><c>nn.Hardtanh(min_val, max_val)</c>; <c>nn.ReLU6</c> is Hardtanh(0, 6).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct HardtanhOp : IActivationOp
{
    /// <summary>The lower bound.</summary>
    public readonly float MinVal;

    /// <summary>The upper bound.</summary>
    public readonly float MaxVal;

    /// <summary>The layer's arguments, as declared.</summary>
    public HardtanhOp(float minVal, float maxVal)
    {
        MinVal = minVal;
        MaxVal = maxVal;
    }

    /// <inheritdoc/>
    public bool DerivativeFromOutput => false;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Value(float x) => Activations.Hardtanh(x, MinVal, MaxVal);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float x, float y) => Activations.HardtanhDerivative(x, MinVal, MaxVal);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV>(TV x) where TV : struct, ISimd<TV> =>
        TV.ConditionalSelect(TV.LessThan(x, TV.Create(MinVal)), TV.Create(MinVal), TV.ConditionalSelect(TV.GreaterThan(x, TV.Create(MaxVal)), TV.Create(MaxVal), x));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Derivative<TV>(TV x, TV y) where TV : struct, ISimd<TV> =>
        TV.ConditionalSelect(TV.GreaterThan(x, TV.Create(MinVal)),
            TV.ConditionalSelect(TV.LessThan(x, TV.Create(MaxVal)), TV.Create(1f), TV.Zero),
            TV.ConditionalSelect(TV.IsNaN(x), x, TV.Zero));
}

/// <summary>The binary step: 1 where x &gt; 0, else 0.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct BinaryStepOp : IActivationOp
{
    /// <inheritdoc/>
    public bool DerivativeFromOutput => true;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Value(float x) => Activations.BinaryStep(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float x, float y) => Activations.BinaryStepDerivative(y);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV>(TV x) where TV : struct, ISimd<TV> =>
        TV.ConditionalSelect(TV.GreaterThan(x, TV.Zero), TV.Create(1f), TV.ConditionalSelect(TV.LessThanOrEqual(x, TV.Zero), TV.Zero, x));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Derivative<TV>(TV x, TV y) where TV : struct, ISimd<TV> =>
        TV.ConditionalSelect(TV.IsNaN(y), y, TV.Zero);
}

/// <summary><c>nn.Identity</c>; also the "no activation" of a Linear layer's epilogue.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct IdentityOp : IActivationOp
{
    /// <inheritdoc/>
    public bool DerivativeFromOutput => true;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Value(float x) => x;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float x, float y) => Activations.IdentityDerivative(y);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV>(TV x) where TV : struct, ISimd<TV> =>
        x;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Derivative<TV>(TV x, TV y) where TV : struct, ISimd<TV> =>
        TV.ConditionalSelect(TV.IsNaN(y), y, TV.Create(1f));
}

/// <summary><c>nn.ReLU6</c>: Hardtanh(0, 6).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct ReLU6Op : IActivationOp
{
    /// <inheritdoc/>
    public bool DerivativeFromOutput => false;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Value(float x) => Activations.ReLU6(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float x, float y) => Activations.ReLU6Derivative(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV>(TV x) where TV : struct, ISimd<TV> => new HardtanhOp(0f, 6f).Value(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Derivative<TV>(TV x, TV y) where TV : struct, ISimd<TV> => new HardtanhOp(0f, 6f).Derivative(x, y);
}
