using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Compute;

/// <summary>Sixteen floats in a Vector512 (AVX-512), used where <c>Vector512.IsHardwareAccelerated</c>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Simd512 : ISimd<Simd512>
{
    private readonly Vector512<float> _value;

    private Simd512(Vector512<float> value) => _value = value;

    /// <inheritdoc/>
    public static int Count => Vector512<float>.Count;

    /// <inheritdoc/>
    public static Simd512 Zero => new(Vector512<float>.Zero);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 Create(float value) => new(Vector512.Create(value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 Load(ref float source, nuint offset) => new(Vector512.LoadUnsafe(ref source, offset));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Simd512 value, ref float destination, nuint offset) => value._value.StoreUnsafe(ref destination, offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 operator +(Simd512 left, Simd512 right) => new(left._value + right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 operator -(Simd512 left, Simd512 right) => new(left._value - right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 operator *(Simd512 left, Simd512 right) => new(left._value * right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 operator /(Simd512 left, Simd512 right) => new(left._value / right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 operator -(Simd512 value) => new(-value._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 MultiplyAdd(Simd512 a, Simd512 b, Simd512 c) => new(Avx512F.IsSupported ? Avx512F.FusedMultiplyAdd(a._value, b._value, c._value) : a._value * b._value + c._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Simd512 Fma(float weight, Simd512 x) => MultiplyAdd(Create(weight), x, this);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 Max(Simd512 left, Simd512 right) => new(Vector512.Max(left._value, right._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 Min(Simd512 left, Simd512 right) => new(Vector512.Min(left._value, right._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 Abs(Simd512 value) => new(Vector512.Abs(value._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 Sqrt(Simd512 value) => new(Vector512.Sqrt(value._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 GreaterThan(Simd512 left, Simd512 right) => new(Vector512.GreaterThan(left._value, right._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 LessThan(Simd512 left, Simd512 right) => new(Vector512.LessThan(left._value, right._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 LessThanOrEqual(Simd512 left, Simd512 right) => new(Vector512.LessThanOrEqual(left._value, right._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 IsNaN(Simd512 value) => new(~Vector512.Equals(value._value, value._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 ConditionalSelect(Simd512 mask, Simd512 ifTrue, Simd512 ifFalse) =>
        new(Vector512.ConditionalSelect(mask._value, ifTrue._value, ifFalse._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 Or(Simd512 left, Simd512 right) => new(left._value | right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 Round(Simd512 value)
    {
        if (Avx512F.IsSupported) return new(Avx512F.RoundScale(value._value, 0)); // one instruction, ties to even
        // Adding and subtracting 1.5·2^23 rounds to the nearest integer (ties to even) for |x| < 2^22; larger floats
        // are integers already and are kept.
        Vector512<float> magic = Vector512.Create(12582912f);
        Vector512<float> rounded = (value._value + magic) - magic;
        return new(Vector512.ConditionalSelect(Vector512.LessThan(Vector512.Abs(value._value), Vector512.Create(4194304f)), rounded, value._value));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 ScaleByPowerOfTwo(Simd512 x, Simd512 n)
    {
        // n holds integers: truncation is exact, and one instruction where the portable conversion saturates in four.
        Vector512<int> whole = Avx512F.IsSupported ? Avx512F.ConvertToVector512Int32WithTruncation(n._value) : Vector512.ConvertToInt32(n._value);
        Vector512<int> exponent = Vector512.ShiftLeft(whole + Vector512.Create(127), 23);
        return new(x._value * exponent.AsSingle());
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 Exponent(Simd512 value) =>
        new(Vector512.ConvertToSingle(Vector512.ShiftRightArithmetic(value._value.AsInt32(), 23) - Vector512.Create(127)));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 Mantissa(Simd512 value) =>
        new(((value._value.AsInt32() & Vector512.Create(0x007FFFFF)) | Vector512.Create(0x3F800000)).AsSingle());

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sum4(Simd512 a, Simd512 b, Simd512 c, Simd512 d)
    {
        Vector256<float> a8 = a._value.GetLower() + a._value.GetUpper(), b8 = b._value.GetLower() + b._value.GetUpper();
        Vector256<float> c8 = c._value.GetLower() + c._value.GetUpper(), d8 = d._value.GetLower() + d._value.GetUpper();
        return Simd128.Sum4(a8.GetLower() + a8.GetUpper(), b8.GetLower() + b8.GetUpper(), c8.GetLower() + c8.GetUpper(), d8.GetLower() + d8.GetUpper());
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Simd512 value) => Vector512.Sum(value._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float GetElement(Simd512 value, int index) => value._value.GetElement(index);

    /// <summary>The register itself, for kernels that need an instruction this interface does not name.</summary>
    internal Vector512<float> Value => _value;

    /// <summary>Wraps a register.</summary>
    internal static Simd512 From(Vector512<float> value) => new(value);
}
