using System.Runtime.CompilerServices;

namespace NetGen.Compute;

/// <summary>
/// The transcendental functions the vectorised activations need, written once for every register width. Each keeps
/// NaN, and agrees with <see cref="System.MathF"/> within a few units in the last place (checked by the tests).
/// </summary>
internal static class VectorMath
{
    /// <summary>
    /// e^x: Cody–Waite reduction by ln 2 and a degree-6 polynomial; ∞ above 88.72, and 0 below −87.34 where the true
    /// value is a denormal (under 1.2e−38: every caller adds it to 1 or multiplies it by a finite number).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Exp<TV>(TV x) where TV : struct, ISimd<TV>
    {
        // Clamped so that the power of two below stays a normal float; the selects at the end give 0 and ∞ outside.
        TV clamped = TV.Min(TV.Max(x, TV.Create(-87.33654f)), TV.Create(88.37626f));
        TV n = TV.Round(clamped * TV.Create(1.44269504088896341f));
        TV r = TV.MultiplyAdd(n, TV.Create(-0.693359375f), clamped);
        r = TV.MultiplyAdd(n, TV.Create(2.12194440e-4f), r);
        TV p = TV.Create(1.9875691500e-4f);
        p = TV.MultiplyAdd(p, r, TV.Create(1.3981999507e-3f));
        p = TV.MultiplyAdd(p, r, TV.Create(8.3334519073e-3f));
        p = TV.MultiplyAdd(p, r, TV.Create(4.1665795894e-2f));
        p = TV.MultiplyAdd(p, r, TV.Create(1.6666665459e-1f));
        p = TV.MultiplyAdd(p, r, TV.Create(5.0000001201e-1f));
        p = TV.MultiplyAdd(p * r, r, r + TV.Create(1f));
        TV result = TV.ScaleByPowerOfTwo(p, n);
        result = TV.ConditionalSelect(TV.LessThan(x, TV.Create(-87.33654f)), TV.Zero, result);
        result = TV.ConditionalSelect(TV.GreaterThan(x, TV.Create(88.72283f)), TV.Create(float.PositiveInfinity), result);
        return TV.ConditionalSelect(TV.IsNaN(x), x, result);
    }

    /// <summary>
    /// tanh(x) as a rational function (odd degree-13 over even degree-6 polynomial, the approximation Eigen and XLA use):
    /// no exponential, one division, within 3e−7 relative of tanh (checked by the tests); exact near 0, ±1 past |x| = 9
    /// where tanh rounds to ±1, and within 2.4e−7 of ±1 between 7.9 and 9.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Tanh<TV>(TV x) where TV : struct, ISimd<TV>
    {
        TV clamped = TV.Min(TV.Max(x, TV.Create(-7.90531110763549805f)), TV.Create(7.90531110763549805f));
        TV x2 = clamped * clamped;
        TV p = TV.MultiplyAdd(x2, TV.Create(-2.76076847742355e-16f), TV.Create(2.00018790482477e-13f));
        p = TV.MultiplyAdd(x2, p, TV.Create(-8.60467152213735e-11f));
        p = TV.MultiplyAdd(x2, p, TV.Create(5.12229709037114e-08f));
        p = TV.MultiplyAdd(x2, p, TV.Create(1.48572235717979e-05f));
        p = TV.MultiplyAdd(x2, p, TV.Create(6.37261928875436e-04f));
        p = TV.MultiplyAdd(x2, p, TV.Create(4.89352455891786e-03f));
        p *= clamped;
        TV q = TV.MultiplyAdd(x2, TV.Create(1.19825839466702e-06f), TV.Create(1.18534705686654e-04f));
        q = TV.MultiplyAdd(x2, q, TV.Create(2.26843463243900e-03f));
        q = TV.MultiplyAdd(x2, q, TV.Create(4.89352518554385e-03f));
        TV result = TV.ConditionalSelect(TV.LessThan(TV.Abs(x), TV.Create(0.0004f)), x, p / q);
        // Past |x| = 9 tanh rounds to ±1 in float; the clamped approximation would stay 2.4e−7 short of it.
        result = TV.ConditionalSelect(TV.GreaterThan(TV.Abs(x), TV.Create(9f)), TV.ConditionalSelect(TV.LessThan(x, TV.Zero), TV.Create(-1f), TV.Create(1f)), result);
        return TV.ConditionalSelect(TV.IsNaN(x), x, result);
    }

    /// <summary>1/(1 + e^−x), from e^−|x| so that neither side overflows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Sigmoid<TV>(TV x) where TV : struct, ISimd<TV>
    {
        TV e = Exp(-TV.Abs(x));
        TV one = TV.Create(1f);
        TV reciprocal = one / (one + e); // one division serves both sides: a division costs as much as the rest together
        return TV.ConditionalSelect(TV.LessThan(x, TV.Zero), e * reciprocal, reciprocal);
    }

    /// <summary>
    /// The natural logarithm for x ≥ 2^−126 (the domain the kernels use: sums of exponentials, 1 + e^−|z|): the
    /// exponent and mantissa split, and Cephes' polynomial on the mantissa; ∞ stays ∞ and NaN stays NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Log<TV>(TV x) where TV : struct, ISimd<TV>
    {
        TV one = TV.Create(1f);
        TV e = TV.Exponent(x);
        TV m = TV.Mantissa(x);
        // A mantissa above √2 is halved, so that t = m − 1 stays within [−0.29, 0.41] where the polynomial is accurate.
        TV high = TV.GreaterThan(m, TV.Create(1.41421356f));
        m = TV.ConditionalSelect(high, m * TV.Create(0.5f), m);
        e = TV.ConditionalSelect(high, e + one, e);
        TV t = m - one;
        TV z = t * t;
        TV p = TV.Create(7.0376836292e-2f);
        p = TV.MultiplyAdd(p, t, TV.Create(-1.1514610310e-1f));
        p = TV.MultiplyAdd(p, t, TV.Create(1.1676998740e-1f));
        p = TV.MultiplyAdd(p, t, TV.Create(-1.2420140846e-1f));
        p = TV.MultiplyAdd(p, t, TV.Create(1.4249322787e-1f));
        p = TV.MultiplyAdd(p, t, TV.Create(-1.6668057665e-1f));
        p = TV.MultiplyAdd(p, t, TV.Create(2.0000714765e-1f));
        p = TV.MultiplyAdd(p, t, TV.Create(-2.4999993993e-1f));
        p = TV.MultiplyAdd(p, t, TV.Create(3.3333331174e-1f));
        TV y = p * t * z;
        y = TV.MultiplyAdd(e, TV.Create(-2.12194440e-4f), y);
        y = TV.MultiplyAdd(z, TV.Create(-0.5f), y);
        TV result = TV.MultiplyAdd(e, TV.Create(0.693359375f), t + y);
        result = TV.ConditionalSelect(TV.GreaterThan(x, TV.Create(float.MaxValue)), x, result);
        return TV.ConditionalSelect(TV.IsNaN(x), x, result);
    }
}
