using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace NetGen.Compute;

// The S-shaped activations. Sigmoid and tanh are differentiated from their output, as PyTorch does.

/// <summary><c>nn.Sigmoid</c>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct SigmoidOp : IActivationOp
{
    /// <inheritdoc/>
    public bool DerivativeFromOutput => true;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Value(float x) => Activations.Sigmoid(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float x, float y) => y * (1f - y);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV>(TV x) where TV : struct, ISimd<TV> =>
        // One sample (ScalarLane): the float function, whose library exp has a shorter dependency chain than the vector
        // polynomial — one sample is latency-bound (small fwd b1 17.7 → 15.7 ns). Both agree within the forms' tolerance.
        typeof(TV) == typeof(ScalarLane) ? TV.Create(Activations.Sigmoid(TV.GetElement(x, 0))) : VectorMath.Sigmoid(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Derivative<TV>(TV x, TV y) where TV : struct, ISimd<TV> =>
        y * (TV.Create(1f) - y);
}

/// <summary><c>nn.Tanh</c>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct TanhOp : IActivationOp
{
    /// <inheritdoc/>
    public bool DerivativeFromOutput => true;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Value(float x) => Activations.Tanh(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float x, float y) => 1f - y * y;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV>(TV x) where TV : struct, ISimd<TV> =>
        VectorMath.Tanh(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Derivative<TV>(TV x, TV y) where TV : struct, ISimd<TV> =>
        TV.Create(1f) - y * y;
}

/// <summary><c>nn.Hardsigmoid</c>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct HardsigmoidOp : IActivationOp
{
    /// <inheritdoc/>
    public bool DerivativeFromOutput => false;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Value(float x) => Activations.Hardsigmoid(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float x, float y) => Activations.HardsigmoidDerivative(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV>(TV x) where TV : struct, ISimd<TV> =>
        TV.ConditionalSelect(TV.LessThanOrEqual(x, TV.Create(-3f)), TV.Zero,
            TV.ConditionalSelect(TV.LessThan(x, TV.Create(3f)), x / TV.Create(6f) + TV.Create(0.5f), TV.ConditionalSelect(TV.IsNaN(x), x, TV.Create(1f))));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Derivative<TV>(TV x, TV y) where TV : struct, ISimd<TV> =>
        TV.ConditionalSelect(TV.GreaterThan(x, TV.Create(-3f)),
            TV.ConditionalSelect(TV.LessThan(x, TV.Create(3f)), TV.Create(1f / 6f), TV.Zero),
            TV.ConditionalSelect(TV.IsNaN(x), x, TV.Zero));
}

/// <summary><c>nn.Softsign</c>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct SoftsignOp : IActivationOp
{
    /// <inheritdoc/>
    public bool DerivativeFromOutput => false;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Value(float x) => Activations.Softsign(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float x, float y) => Activations.SoftsignDerivative(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV>(TV x) where TV : struct, ISimd<TV> =>
        x / (TV.Create(1f) + TV.Abs(x));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Derivative<TV>(TV x, TV y) where TV : struct, ISimd<TV>
    {
        TV d = TV.Create(1f) + TV.Abs(x);
        return TV.Create(1f) / (d * d);
    }
}

/// <summary><c>nn.LogSigmoid</c>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct LogSigmoidOp : IActivationOp
{
    /// <inheritdoc/>
    public bool DerivativeFromOutput => false;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Value(float x) => Activations.LogSigmoid(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float x, float y) => Activations.LogSigmoidDerivative(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV>(TV x) where TV : struct, ISimd<TV> =>
        Lanes.Value(x, this);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Derivative<TV>(TV x, TV y) where TV : struct, ISimd<TV> =>
        Lanes.Derivative(x, y, this);
}

/// <summary><c>nn.Tanhshrink</c>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct TanhshrinkOp : IActivationOp
{
    /// <inheritdoc/>
    public bool DerivativeFromOutput => false;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Value(float x) => Activations.Tanhshrink(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float x, float y) => Activations.TanhshrinkDerivative(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV>(TV x) where TV : struct, ISimd<TV> =>
        Lanes.Value(x, this);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Derivative<TV>(TV x, TV y) where TV : struct, ISimd<TV> =>
        Lanes.Derivative(x, y, this);
}
