using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;

namespace NetGen.Compute;

/// <summary>
/// One float as a register of one lane: the straight-line code generated for small layers runs with it on one sample
/// (<c>Forward</c>, <c>Backward</c>) and with <see cref="Simd512"/> and its kin on many samples at once.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct ScalarLane : ISimd<ScalarLane>
{
    private readonly float _value;

    private ScalarLane(float value) => _value = value;

    /// <summary>The float itself.</summary>
    public float Value => _value;

    /// <inheritdoc/>
    public static int Count => 1;

    /// <inheritdoc/>
    public static ScalarLane Zero => default;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Create(float value) => new(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Load(ref float source, nuint offset) => new(Unsafe.Add(ref source, offset));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(ScalarLane value, ref float destination, nuint offset) => Unsafe.Add(ref destination, offset) = value._value;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane operator +(ScalarLane left, ScalarLane right) => new(left._value + right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane operator -(ScalarLane left, ScalarLane right) => new(left._value - right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane operator *(ScalarLane left, ScalarLane right) => new(left._value * right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane operator /(ScalarLane left, ScalarLane right) => new(left._value / right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane operator -(ScalarLane value) => new(-value._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane MultiplyAdd(ScalarLane a, ScalarLane b, ScalarLane c) =>
        // MathF.FusedMultiplyAdd is one instruction where the CPU has FMA and a slow software routine where it has not.
        new(System.Runtime.Intrinsics.X86.Fma.IsSupported || AdvSimd.IsSupported ? MathF.FusedMultiplyAdd(a._value, b._value, c._value) : a._value * b._value + c._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ScalarLane Fma(float weight, ScalarLane x) => MultiplyAdd(new(weight), x, this);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Max(ScalarLane left, ScalarLane right) => new(Vector128.Max(Lane(left), Lane(right)).ToScalar());

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Min(ScalarLane left, ScalarLane right) => new(Vector128.Min(Lane(left), Lane(right)).ToScalar());

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Abs(ScalarLane value) => new(MathF.Abs(value._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Sqrt(ScalarLane value) => new(MathF.Sqrt(value._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane GreaterThan(ScalarLane left, ScalarLane right) => new(Vector128.GreaterThan(Lane(left), Lane(right)).ToScalar());

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane LessThan(ScalarLane left, ScalarLane right) => new(Vector128.LessThan(Lane(left), Lane(right)).ToScalar());

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane LessThanOrEqual(ScalarLane left, ScalarLane right) => new(Vector128.LessThanOrEqual(Lane(left), Lane(right)).ToScalar());

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane IsNaN(ScalarLane value) => new((~Vector128.Equals(Lane(value), Lane(value))).ToScalar());

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane ConditionalSelect(ScalarLane mask, ScalarLane ifTrue, ScalarLane ifFalse) =>
        new(Vector128.ConditionalSelect(Lane(mask), Lane(ifTrue), Lane(ifFalse)).ToScalar());

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Or(ScalarLane left, ScalarLane right) =>
        new(BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(left._value) | BitConverter.SingleToInt32Bits(right._value)));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Round(ScalarLane value) => new(MathF.Round(value._value, MidpointRounding.ToEven));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane ScaleByPowerOfTwo(ScalarLane x, ScalarLane n) => new(x._value * BitConverter.Int32BitsToSingle(((int)n._value + 127) << 23));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Exponent(ScalarLane value) => new((BitConverter.SingleToInt32Bits(value._value) >> 23) - 127);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Mantissa(ScalarLane value) =>
        new(BitConverter.Int32BitsToSingle((BitConverter.SingleToInt32Bits(value._value) & 0x007FFFFF) | 0x3F800000));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sum4(ScalarLane a, ScalarLane b, ScalarLane c, ScalarLane d) => Vector128.Create(a._value, b._value, c._value, d._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(ScalarLane value) => value._value;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float GetElement(ScalarLane value, int index) => value._value;

    // The float in lane 0 of a register: comparisons and selects then compile to one branch-free instruction each
    // (a branch per ReLU mispredicts on mixed signs), with the same semantics as the wider forms'.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Lane(ScalarLane value) => Vector128.CreateScalarUnsafe(value._value);
}
