using System.ComponentModel;

namespace NetGen.Compute;

/// <summary>
/// A SIMD register of floats, as the kernels see it: one implementation a vector width (<see cref="Simd512"/>,
/// <see cref="Simd256"/>, <see cref="Simd128"/>, and <see cref="ScalarLane"/> for one float), so that each kernel, each
/// activation and the straight-line code generated for small layers is written once and the JIT compiles it for the
/// width it is given (the struct type arguments make each a separate, fully specialised instantiation; nothing is
/// virtual at run time).
/// </summary>
/// <remarks>
/// Comparisons return masks (all bits set where true) for <see cref="ConditionalSelect"/>. <see cref="Max"/> and
/// <see cref="Min"/> follow the hardware's rules for NaN; code that must propagate NaN selects with a comparison
/// instead (a comparison with NaN is false).
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface ISimd<TSelf> where TSelf : struct, ISimd<TSelf>
{
    /// <summary>The number of floats in one register.</summary>
    static abstract int Count { get; }

    /// <summary>Every lane 0.</summary>
    static abstract TSelf Zero { get; }

    /// <summary>Every lane <paramref name="value"/>.</summary>
    static abstract TSelf Create(float value);

    /// <summary>Count floats from <paramref name="source"/> + <paramref name="offset"/> (no bounds check: the kernels check spans first).</summary>
    static abstract TSelf Load(ref float source, nuint offset);

    /// <summary>Stores Count floats at <paramref name="destination"/> + <paramref name="offset"/>.</summary>
    static abstract void Store(TSelf value, ref float destination, nuint offset);

    /// <summary>Lane-wise sum.</summary>
    static abstract TSelf operator +(TSelf left, TSelf right);

    /// <summary>Lane-wise difference.</summary>
    static abstract TSelf operator -(TSelf left, TSelf right);

    /// <summary>Lane-wise product.</summary>
    static abstract TSelf operator *(TSelf left, TSelf right);

    /// <summary>Lane-wise quotient.</summary>
    static abstract TSelf operator /(TSelf left, TSelf right);

    /// <summary>Lane-wise negation.</summary>
    static abstract TSelf operator -(TSelf value);

    /// <summary>a·b + c, in one rounding where the hardware has FMA.</summary>
    static abstract TSelf MultiplyAdd(TSelf a, TSelf b, TSelf c);

    /// <summary>
    /// This register plus <paramref name="weight"/>·<paramref name="x"/> (one rounding where the hardware has FMA): the
    /// step of the straight-line code generated for small layers, <c>bias.Fma(w0, x0).Fma(w1, x1)…</c>.
    /// </summary>
    TSelf Fma(float weight, TSelf x);

    /// <summary>The larger of each pair, with the hardware's NaN rule.</summary>
    static abstract TSelf Max(TSelf left, TSelf right);

    /// <summary>The smaller of each pair, with the hardware's NaN rule.</summary>
    static abstract TSelf Min(TSelf left, TSelf right);

    /// <summary>|x| (clears the sign bit; NaN stays NaN).</summary>
    static abstract TSelf Abs(TSelf value);

    /// <summary>Lanes where left &gt; right.</summary>
    static abstract TSelf GreaterThan(TSelf left, TSelf right);

    /// <summary>Lanes where left &lt; right.</summary>
    static abstract TSelf LessThan(TSelf left, TSelf right);

    /// <summary>Lanes where left ≤ right.</summary>
    static abstract TSelf LessThanOrEqual(TSelf left, TSelf right);

    /// <summary>Lanes that are NaN.</summary>
    static abstract TSelf IsNaN(TSelf value);

    /// <summary>Where <paramref name="mask"/> is set <paramref name="ifTrue"/>, else <paramref name="ifFalse"/>.</summary>
    static abstract TSelf ConditionalSelect(TSelf mask, TSelf ifTrue, TSelf ifFalse);

    /// <summary>Bitwise or of two masks.</summary>
    static abstract TSelf Or(TSelf left, TSelf right);

    /// <summary>Rounds to the nearest integer (ties to even).</summary>
    static abstract TSelf Round(TSelf value);

    /// <summary>x·2^n for lanes of <paramref name="n"/> that hold integers in [−126, 127] (builds the power from its exponent bits).</summary>
    static abstract TSelf ScaleByPowerOfTwo(TSelf x, TSelf n);

    /// <summary>The unbiased binary exponent of each lane as a float (for a normal, positive x: floor(log2 x)).</summary>
    static abstract TSelf Exponent(TSelf value);

    /// <summary>Each lane divided by 2^<see cref="Exponent"/>: a value in [1, 2) for a normal, positive x.</summary>
    static abstract TSelf Mantissa(TSelf value);

    /// <summary>The sums of four registers' lanes, as one Vector128: a tree of additions instead of four separate reductions.</summary>
    static abstract System.Runtime.Intrinsics.Vector128<float> Sum4(TSelf a, TSelf b, TSelf c, TSelf d);

    /// <summary>The sum of the lanes.</summary>
    static abstract float Sum(TSelf value);

    /// <summary>Lane <paramref name="index"/>.</summary>
    static abstract float GetElement(TSelf value, int index);
}
