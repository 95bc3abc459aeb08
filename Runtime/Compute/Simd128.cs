using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Compute;

/// <summary>Four floats in a Vector128 (SSE, NEON, WebAssembly SIMD): the width every other machine has.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Simd128 : ISimd<Simd128>
{
    private readonly Vector128<float> _value;

    private Simd128(Vector128<float> value) => _value = value;

    /// <inheritdoc/>
    public static int Count => Vector128<float>.Count;

    /// <inheritdoc/>
    public static Simd128 Zero => new(Vector128<float>.Zero);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 Create(float value) => new(Vector128.Create(value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 Load(ref float source, nuint offset) => new(Vector128.LoadUnsafe(ref source, offset));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Simd128 value, ref float destination, nuint offset) => value._value.StoreUnsafe(ref destination, offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 operator +(Simd128 left, Simd128 right) => new(left._value + right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 operator -(Simd128 left, Simd128 right) => new(left._value - right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 operator *(Simd128 left, Simd128 right) => new(left._value * right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 operator /(Simd128 left, Simd128 right) => new(left._value / right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 operator -(Simd128 value) => new(-value._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 MultiplyAdd(Simd128 a, Simd128 b, Simd128 c) => new(System.Runtime.Intrinsics.X86.Fma.IsSupported ? System.Runtime.Intrinsics.X86.Fma.MultiplyAdd(a._value, b._value, c._value)
        : AdvSimd.IsSupported ? AdvSimd.FusedMultiplyAdd(c._value, a._value, b._value)
        : a._value * b._value + c._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Simd128 Fma(float weight, Simd128 x) => MultiplyAdd(Create(weight), x, this);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 Max(Simd128 left, Simd128 right) => new(Vector128.Max(left._value, right._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 Min(Simd128 left, Simd128 right) => new(Vector128.Min(left._value, right._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 Abs(Simd128 value) => new(Vector128.Abs(value._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 Sqrt(Simd128 value) => new(Vector128.Sqrt(value._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 GreaterThan(Simd128 left, Simd128 right) => new(Vector128.GreaterThan(left._value, right._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 LessThan(Simd128 left, Simd128 right) => new(Vector128.LessThan(left._value, right._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 LessThanOrEqual(Simd128 left, Simd128 right) => new(Vector128.LessThanOrEqual(left._value, right._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 IsNaN(Simd128 value) => new(~Vector128.Equals(value._value, value._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 ConditionalSelect(Simd128 mask, Simd128 ifTrue, Simd128 ifFalse) =>
        new(Vector128.ConditionalSelect(mask._value, ifTrue._value, ifFalse._value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 Or(Simd128 left, Simd128 right) => new(left._value | right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 Round(Simd128 value)
    {
        if (Sse41.IsSupported) return new(Sse41.RoundToNearestInteger(value._value)); // one instruction, ties to even
        // Adding and subtracting 1.5·2^23 rounds to the nearest integer (ties to even) for |x| < 2^22; larger floats
        // are integers already and are kept.
        Vector128<float> magic = Vector128.Create(12582912f);
        Vector128<float> rounded = (value._value + magic) - magic;
        return new(Vector128.ConditionalSelect(Vector128.LessThan(Vector128.Abs(value._value), Vector128.Create(4194304f)), rounded, value._value));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 ScaleByPowerOfTwo(Simd128 x, Simd128 n)
    {
        // n holds integers: truncation is exact, and one instruction where the portable conversion saturates in four.
        Vector128<int> whole = Sse2.IsSupported ? Sse2.ConvertToVector128Int32WithTruncation(n._value) : Vector128.ConvertToInt32(n._value);
        Vector128<int> exponent = Vector128.ShiftLeft(whole + Vector128.Create(127), 23);
        return new(x._value * exponent.AsSingle());
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 Exponent(Simd128 value) =>
        new(Vector128.ConvertToSingle(Vector128.ShiftRightArithmetic(value._value.AsInt32(), 23) - Vector128.Create(127)));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 Mantissa(Simd128 value) =>
        new(((value._value.AsInt32() & Vector128.Create(0x007FFFFF)) | Vector128.Create(0x3F800000)).AsSingle());

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sum4(Simd128 a, Simd128 b, Simd128 c, Simd128 d) =>
        Sum4(a._value, b._value, c._value, d._value);

    /// <summary>[Σa, Σb, Σc, Σd] by pairwise horizontal additions where the hardware has them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<float> Sum4(Vector128<float> a, Vector128<float> b, Vector128<float> c, Vector128<float> d)
    {
        if (Sse3.IsSupported) return Sse3.HorizontalAdd(Sse3.HorizontalAdd(a, b), Sse3.HorizontalAdd(c, d));
        if (AdvSimd.Arm64.IsSupported) return AdvSimd.Arm64.AddPairwise(AdvSimd.Arm64.AddPairwise(a, b), AdvSimd.Arm64.AddPairwise(c, d));
        return Vector128.Create(Vector128.Sum(a), Vector128.Sum(b), Vector128.Sum(c), Vector128.Sum(d));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Simd128 value) => Vector128.Sum(value._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float GetElement(Simd128 value, int index) => value._value.GetElement(index);

    /// <summary>The register itself, for kernels that need an instruction this interface does not name.</summary>
    internal Vector128<float> Value => _value;

    /// <summary>Wraps a register.</summary>
    internal static Simd128 From(Vector128<float> value) => new(value);
}
