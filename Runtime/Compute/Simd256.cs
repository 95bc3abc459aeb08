using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Compute;

/// <summary>Eight floats in a Vector256 (AVX2), used where <c>Vector256.IsHardwareAccelerated</c> and 512 bits are not.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Simd256 : ISimd<Simd256>
{
    private readonly Vector256<float> _value;

    private Simd256(Vector256<float> value) => _value = value;

    /// <inheritdoc/>
    public static int Count => Vector256<float>.Count;

    /// <inheritdoc/>
    public static Simd256 Zero => new(Vector256<float>.Zero);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 Create(float value) => new(Vector256.Create(value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 Load(ref float source, nuint offset) => new(Vector256.LoadUnsafe(ref source, offset));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Simd256 value, ref float destination, nuint offset) => value._value.StoreUnsafe(ref destination, offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 operator +(Simd256 left, Simd256 right) => new(left._value + right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 operator -(Simd256 left, Simd256 right) => new(left._value - right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 operator *(Simd256 left, Simd256 right) => new(left._value * right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 operator /(Simd256 left, Simd256 right) => new(left._value / right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 operator -(Simd256 value) => new(-value._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 MultiplyAdd(Simd256 a, Simd256 b, Simd256 c) => new(System.Runtime.Intrinsics.X86.Fma.IsSupported ? System.Runtime.Intrinsics.X86.Fma.MultiplyAdd(a._value, b._value, c._value) : a._value * b._value + c._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Simd256 Fma(float weight, Simd256 x) => MultiplyAdd(Create(weight), x, this);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 Max(Simd256 left, Simd256 right) => new(Vector256.Max(left._value, right._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 Min(Simd256 left, Simd256 right) => new(Vector256.Min(left._value, right._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 Abs(Simd256 value) => new(Vector256.Abs(value._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 Sqrt(Simd256 value) => new(Vector256.Sqrt(value._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 GreaterThan(Simd256 left, Simd256 right) => new(Vector256.GreaterThan(left._value, right._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 LessThan(Simd256 left, Simd256 right) => new(Vector256.LessThan(left._value, right._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 LessThanOrEqual(Simd256 left, Simd256 right) => new(Vector256.LessThanOrEqual(left._value, right._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 IsNaN(Simd256 value) => new(~Vector256.Equals(value._value, value._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 ConditionalSelect(Simd256 mask, Simd256 ifTrue, Simd256 ifFalse) =>
        new(Vector256.ConditionalSelect(mask._value, ifTrue._value, ifFalse._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 Or(Simd256 left, Simd256 right) => new(left._value | right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 Round(Simd256 value)
    {
        if (Avx.IsSupported) return new(Avx.RoundToNearestInteger(value._value)); // one instruction, ties to even
        // Adding and subtracting 1.5·2^23 rounds to the nearest integer (ties to even) for |x| < 2^22; larger floats
        // are integers already and are kept.
        Vector256<float> magic = Vector256.Create(12582912f);
        Vector256<float> rounded = (value._value + magic) - magic;
        return new(Vector256.ConditionalSelect(Vector256.LessThan(Vector256.Abs(value._value), Vector256.Create(4194304f)), rounded, value._value));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 ScaleByPowerOfTwo(Simd256 x, Simd256 n)
    {
        // n holds integers: truncation is exact, and one instruction where the portable conversion saturates in four.
        Vector256<int> whole = Avx.IsSupported ? Avx.ConvertToVector256Int32WithTruncation(n._value) : Vector256.ConvertToInt32(n._value);
        Vector256<int> exponent = Vector256.ShiftLeft(whole + Vector256.Create(127), 23);
        return new(x._value * exponent.AsSingle());
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 Exponent(Simd256 value) =>
        new(Vector256.ConvertToSingle(Vector256.ShiftRightArithmetic(value._value.AsInt32(), 23) - Vector256.Create(127)));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 Mantissa(Simd256 value) =>
        new(((value._value.AsInt32() & Vector256.Create(0x007FFFFF)) | Vector256.Create(0x3F800000)).AsSingle());

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sum4(Simd256 a, Simd256 b, Simd256 c, Simd256 d) =>
        Simd128.Sum4(a._value.GetLower() + a._value.GetUpper(), b._value.GetLower() + b._value.GetUpper(),
            c._value.GetLower() + c._value.GetUpper(), d._value.GetLower() + d._value.GetUpper());

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Simd256 value) => Vector256.Sum(value._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float GetElement(Simd256 value, int index) => value._value.GetElement(index);

    /// <summary>The register itself, for kernels that need an instruction this interface does not name.</summary>
    internal Vector256<float> Value => _value;

    /// <summary>Wraps a register.</summary>
    internal static Simd256 From(Vector256<float> value) => new(value);
}
