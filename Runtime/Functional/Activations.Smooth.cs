using System;
using System.Runtime.CompilerServices;

namespace NetGen;

// Smooth rectifiers: GELU, SiLU, Mish, the exponential units and softplus. Evaluated in double where the float
// form would lose the tails (erf, e^x − 1 near 0, log(1 + e^x) far below 0).
public static partial class Activations
{
    private const double InverseSqrt2 = 0.70710678118654752;
    private const double InverseSqrt2Pi = 0.39894228040143268;
    private const double Sqrt2OverPi = 0.79788456080286536;
    private const double GeluTanhCoefficient = 0.044715;
    private const double SeluAlpha = 1.6732632423543772848170429916717;
    private const double SeluScale = 1.0507009873554804934193349852946;

    /// <summary>x·Φ(x) with Φ the standard normal distribution function, as <c>F.gelu(x)</c>.</summary>
    public static float GELU(float x) => (float)(x * NormalCdf(x));

    /// <summary>Φ(x) + x·φ(x).</summary>
    public static float GELUDerivative(float x)
    {
        double xd = x;
        return (float)(NormalCdf(xd) + xd * InverseSqrt2Pi * Math.Exp(-0.5 * xd * xd));
    }

    // Φ(x) = erfc(−x/√2)/2 keeps its relative accuracy far below 0, where 1 + erf would cancel.
    private static double NormalCdf(double x) => 0.5 * SpecialFunctions.Erfc(-x * InverseSqrt2);

    /// <summary>The tanh approximation of GELU, as <c>F.gelu(x, approximate='tanh')</c>.</summary>
    public static float GELUTanh(float x)
    {
        double xd = x;
        // 0.5·(1 + tanh(u)) = sigmoid(2u), which does not cancel for negative u.
        return (float)(xd * SigmoidDouble(2.0 * GeluTanhArgument(xd)));
    }

    /// <summary>The derivative of the tanh approximation of GELU.</summary>
    public static float GELUTanhDerivative(float x)
    {
        double xd = x;
        double s = SigmoidDouble(2.0 * GeluTanhArgument(xd));
        double du = Sqrt2OverPi * (1.0 + 3.0 * GeluTanhCoefficient * xd * xd);
        return (float)(s + xd * 2.0 * s * (1.0 - s) * du);
    }

    private static double GeluTanhArgument(double x) => Sqrt2OverPi * (x + GeluTanhCoefficient * x * x * x);

    private static double SigmoidDouble(double x)
    {
        double e = Math.Exp(-Math.Abs(x));
        return x >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
    }

    /// <summary>x·sigmoid(x), as <c>F.silu</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SiLU(float x) => x * Sigmoid(x);

    /// <summary>sigmoid(x)·(1 + x·(1 − sigmoid(x))).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SiLUDerivative(float x)
    {
        float s = Sigmoid(x);
        return s * (1f + x * (1f - s));
    }

    /// <summary>x·tanh(softplus(x)), as <c>F.mish</c>.</summary>
    public static float Mish(float x) => (float)(x * Math.Tanh(SoftplusDouble(x)));

    /// <summary>tanh(softplus(x)) + x·sigmoid(x)·(1 − tanh²(softplus(x))).</summary>
    public static float MishDerivative(float x)
    {
        double t = Math.Tanh(SoftplusDouble(x));
        return (float)(t + x * SigmoidDouble(x) * (1.0 - t * t));
    }

    private static double SoftplusDouble(double x) => x > 20.0 ? x : SpecialFunctions.Log1P(Math.Exp(x));

    /// <summary>x where x &gt; 0, else alpha·(e^x − 1), as <c>F.elu</c>.</summary>
    public static float ELU(float x, float alpha = 1f) => x > 0f ? x : (float)(alpha * SpecialFunctions.ExpM1(x));

    /// <summary>1 where x &gt; 0, else alpha·e^x.</summary>
    public static float ELUDerivative(float x, float alpha = 1f) => x > 0f ? 1f : alpha * MathF.Exp(x);

    /// <summary>x where x &gt; 0, else alpha·(e^(x/alpha) − 1), as <c>F.celu</c>.</summary>
    public static float CELU(float x, float alpha = 1f) =>
        x > 0f ? x : (float)(alpha * SpecialFunctions.ExpM1((double)x / alpha));

    /// <summary>1 where x &gt; 0, else e^(x/alpha).</summary>
    public static float CELUDerivative(float x, float alpha = 1f) => x > 0f ? 1f : (float)Math.Exp((double)x / alpha);

    /// <summary>scale·ELU(x, alpha) with PyTorch's fixed alpha ≈ 1.6733 and scale ≈ 1.0507, as <c>F.selu</c>.</summary>
    public static float SELU(float x) =>
        (float)(SeluScale * (x > 0f ? x : SeluAlpha * SpecialFunctions.ExpM1(x)));

    /// <summary>scale where x &gt; 0, else scale·alpha·e^x.</summary>
    public static float SELUDerivative(float x) => (float)(x > 0f ? SeluScale : SeluScale * SeluAlpha * Math.Exp(x));

    /// <summary>log(1 + e^(beta·x))/beta, and x where beta·x &gt; threshold, as <c>F.softplus</c>.</summary>
    public static float Softplus(float x, float beta = 1f, float threshold = 20f)
    {
        double bx = (double)beta * x;
        return bx > threshold ? x : (float)(SpecialFunctions.Log1P(Math.Exp(bx)) / beta);
    }

    /// <summary>sigmoid(beta·x), and 1 where beta·x &gt; threshold.</summary>
    public static float SoftplusDerivative(float x, float beta = 1f, float threshold = 20f)
    {
        double bx = (double)beta * x;
        return bx > threshold ? 1f : (float)SigmoidDouble(bx);
    }

    /// <summary>x·hardsigmoid(x), as <c>F.hardswish</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Hardswish(float x) => x <= -3f ? 0f : x >= 3f ? x : x * (x + 3f) / 6f;

    /// <summary>0 below −3, x/3 + 1/2 up to 3, then 1 (PyTorch's choice at the bounds).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float HardswishDerivative(float x) => x < -3f ? 0f : x <= 3f ? x / 3f + 0.5f : x > 3f ? 1f : x;
}
