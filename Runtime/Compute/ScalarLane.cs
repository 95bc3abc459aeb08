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
    public static ScalarLane Max(ScalarLane left, ScalarLane right) => new(left._value > right._value ? left._value : right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Min(ScalarLane left, ScalarLane right) => new(left._value < right._value ? left._value : right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Abs(ScalarLane value) => new(MathF.Abs(value._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane GreaterThan(ScalarLane left, ScalarLane right) => Mask(left._value > right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane LessThan(ScalarLane left, ScalarLane right) => Mask(left._value < right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane LessThanOrEqual(ScalarLane left, ScalarLane right) => Mask(left._value <= right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane IsNaN(ScalarLane value) => Mask(float.IsNaN(value._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane ConditionalSelect(ScalarLane mask, ScalarLane ifTrue, ScalarLane ifFalse) =>
        BitConverter.SingleToInt32Bits(mask._value) != 0 ? ifTrue : ifFalse;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Or(ScalarLane left, ScalarLane right) =>
        new(BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(left._value) | BitConverter.SingleToInt32Bits(right._value)));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Round(ScalarLane value) => new(MathF.Round(value._value, MidpointRounding.ToEven));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane ScaleByPowerOfTwo(ScalarLane x, ScalarLane n) => new(MathF.ScaleB(x._value, (int)n._value));

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

    // All bits set for true (a NaN pattern), 0 for false, as the vector comparisons give.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ScalarLane Mask(bool value) => new(BitConverter.Int32BitsToSingle(value ? -1 : 0));
}
