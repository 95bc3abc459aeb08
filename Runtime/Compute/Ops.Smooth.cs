using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace NetGen.Compute;

// The smooth rectifiers. SiLU and Hardswish are vectorised; the others keep their float forms (double-precision
// tails: erf, e^x − 1, log(1 + e^x)) one lane at a time.

/// <summary><c>nn.SiLU</c>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct SiLUOp : IActivationOp
{
    /// <inheritdoc/>
    public bool DerivativeFromOutput => false;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Value(float x) => Activations.SiLU(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float x, float y) => Activations.SiLUDerivative(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV>(TV x) where TV : struct, ISimd<TV> =>
        x * VectorMath.Sigmoid(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Derivative<TV>(TV x, TV y) where TV : struct, ISimd<TV>
    {
        TV s = VectorMath.Sigmoid(x);
        TV one = TV.Create(1f);
        return s * TV.MultiplyAdd(x, one - s, one);
    }
}

/// <summary><c>nn.Hardswish</c>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct HardswishOp : IActivationOp
{
    /// <inheritdoc/>
    public bool DerivativeFromOutput => false;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Value(float x) => Activations.Hardswish(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float x, float y) => Activations.HardswishDerivative(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV>(TV x) where TV : struct, ISimd<TV> =>
        TV.ConditionalSelect(TV.LessThanOrEqual(x, TV.Create(-3f)), TV.Zero,
            TV.ConditionalSelect(TV.LessThan(x, TV.Create(3f)), x * (x + TV.Create(3f)) / TV.Create(6f), x));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Derivative<TV>(TV x, TV y) where TV : struct, ISimd<TV> =>
        TV.ConditionalSelect(TV.LessThan(x, TV.Create(-3f)), TV.Zero,
            TV.ConditionalSelect(TV.LessThanOrEqual(x, TV.Create(3f)), x / TV.Create(3f) + TV.Create(0.5f),
                TV.ConditionalSelect(TV.GreaterThan(x, TV.Create(3f)), TV.Create(1f), x)));
}

/// <summary><c>nn.GELU(approximate='none')</c>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct GELUOp : IActivationOp
{
    /// <inheritdoc/>
    public bool DerivativeFromOutput => false;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Value(float x) => Activations.GELU(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float x, float y) => Activations.GELUDerivative(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV>(TV x) where TV : struct, ISimd<TV> =>
        Lanes.Value(x, this);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Derivative<TV>(TV x, TV y) where TV : struct, ISimd<TV> =>
        Lanes.Derivative(x, y, this);
}

/// <summary><c>nn.GELU(approximate='tanh')</c>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct GELUTanhOp : IActivationOp
{
    /// <inheritdoc/>
    public bool DerivativeFromOutput => false;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Value(float x) => Activations.GELUTanh(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float x, float y) => Activations.GELUTanhDerivative(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV>(TV x) where TV : struct, ISimd<TV> =>
        Lanes.Value(x, this);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Derivative<TV>(TV x, TV y) where TV : struct, ISimd<TV> =>
        Lanes.Derivative(x, y, this);
}

/// <summary><c>nn.Mish</c>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct MishOp : IActivationOp
{
    /// <inheritdoc/>
    public bool DerivativeFromOutput => false;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Value(float x) => Activations.Mish(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float x, float y) => Activations.MishDerivative(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV>(TV x) where TV : struct, ISimd<TV> =>
        Lanes.Value(x, this);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Derivative<TV>(TV x, TV y) where TV : struct, ISimd<TV> =>
        Lanes.Derivative(x, y, this);
}

/// <summary><c>nn.ELU(alpha)</c>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct ELUOp : IActivationOp
{
    /// <summary>The scale of the negative part.</summary>
    public readonly float Alpha;

    /// <summary>The layer's arguments, as declared.</summary>
    public ELUOp(float alpha)
    {
        Alpha = alpha;
    }

    /// <inheritdoc/>
    public bool DerivativeFromOutput => false;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Value(float x) => Activations.ELU(x, Alpha);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float x, float y) => Activations.ELUDerivative(x, Alpha);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV>(TV x) where TV : struct, ISimd<TV> =>
        Lanes.Value(x, this);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Derivative<TV>(TV x, TV y) where TV : struct, ISimd<TV> =>
        Lanes.Derivative(x, y, this);
}

/// <summary><c>nn.CELU(alpha)</c>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct CELUOp : IActivationOp
{
    /// <summary>The scale of the negative part.</summary>
    public readonly float Alpha;

    /// <summary>The layer's arguments, as declared.</summary>
    public CELUOp(float alpha)
    {
        Alpha = alpha;
    }

    /// <inheritdoc/>
    public bool DerivativeFromOutput => false;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Value(float x) => Activations.CELU(x, Alpha);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float x, float y) => Activations.CELUDerivative(x, Alpha);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV>(TV x) where TV : struct, ISimd<TV> =>
        Lanes.Value(x, this);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Derivative<TV>(TV x, TV y) where TV : struct, ISimd<TV> =>
        Lanes.Derivative(x, y, this);
}

/// <summary><c>nn.SELU</c>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct SELUOp : IActivationOp
{
    /// <inheritdoc/>
    public bool DerivativeFromOutput => false;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Value(float x) => Activations.SELU(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float x, float y) => Activations.SELUDerivative(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV>(TV x) where TV : struct, ISimd<TV> =>
        Lanes.Value(x, this);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Derivative<TV>(TV x, TV y) where TV : struct, ISimd<TV> =>
        Lanes.Derivative(x, y, this);
}

/// <summary><c>nn.Softplus(beta, threshold)</c>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct SoftplusOp : IActivationOp
{
    /// <summary>The sharpness.</summary>
    public readonly float Beta;

    /// <summary>Above beta·x = threshold the function is the identity.</summary>
    public readonly float Threshold;

    /// <summary>The layer's arguments, as declared.</summary>
    public SoftplusOp(float beta, float threshold)
    {
        Beta = beta;
        Threshold = threshold;
    }

    /// <inheritdoc/>
    public bool DerivativeFromOutput => false;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Value(float x) => Activations.Softplus(x, Beta, Threshold);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float x, float y) => Activations.SoftplusDerivative(x, Beta, Threshold);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV>(TV x) where TV : struct, ISimd<TV> =>
        Lanes.Value(x, this);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Derivative<TV>(TV x, TV y) where TV : struct, ISimd<TV> =>
        Lanes.Derivative(x, y, this);
}
