using System;
using NetGen.Compute;
using System.Runtime.CompilerServices;

namespace NetGen;

// S-shaped activations: the logistic sigmoid, tanh and their relatives.
public static partial class Activations
{
    /// <summary>1 / (1 + e^−x), as <c>torch.sigmoid</c>; exact in the tails (no overflow, denormals kept).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sigmoid(float x)
    {
        // e^−|x| never overflows; for x < 0 the e^x / (1 + e^x) form keeps tiny results instead of rounding to 0.
        float e = MathF.Exp(-MathF.Abs(x));
        return x >= 0f ? 1f / (1f + e) : e / (1f + e);
    }

    /// <summary>sigmoid(x)·(1 − sigmoid(x)), as e^−|x| / (1 + e^−|x|)², which keeps its value where sigmoid(x) rounds to 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SigmoidDerivative(float x)
    {
        float e = MathF.Exp(-MathF.Abs(x));
        float onePlusE = 1f + e;
        return e / (onePlusE * onePlusE);
    }

    /// <summary>The sigmoid of each value of <paramref name="x"/> (vectorised; below x ≈ −87 it gives 0 where the scalar form keeps a denormal).</summary>
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> y) => Elementwise.Apply(x, y, new SigmoidOp());

    /// <summary>The sigmoid′ of each value of <paramref name="x"/>.</summary>
    public static void SigmoidDerivative(ReadOnlySpan<float> x, Span<float> dydx)
    {
        CheckLengths(x, dydx);
        for (int i = 0; i < x.Length; i++) dydx[i] = SigmoidDerivative(x[i]);
    }

    /// <summary>The hyperbolic tangent, as <c>torch.tanh</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Tanh(float x) => MathF.Tanh(x);

    /// <summary>1 − tanh²(x), in double so that it keeps its digits where tanh(x) is close to ±1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float TanhDerivative(float x)
    {
        double y = Math.Tanh(x);
        return (float)(1.0 - y * y);
    }

    /// <summary>tanh of each value of <paramref name="x"/> (vectorised: a rational approximation within a few ulps of MathF.Tanh).</summary>
    public static void Tanh(ReadOnlySpan<float> x, Span<float> y) => Elementwise.Apply(x, y, new TanhOp());

    /// <summary>tanh′ of each value of <paramref name="x"/>.</summary>
    public static void TanhDerivative(ReadOnlySpan<float> x, Span<float> dydx)
    {
        CheckLengths(x, dydx);
        for (int i = 0; i < x.Length; i++) dydx[i] = TanhDerivative(x[i]);
    }

    /// <summary>log(sigmoid(x)), as <c>F.logsigmoid</c>, stable for any x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float LogSigmoid(float x) =>
        (float)(Math.Min(x, 0.0) - SpecialFunctions.Log1P(Math.Exp(-Math.Abs((double)x))));

    /// <summary>1 − sigmoid(x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float LogSigmoidDerivative(float x) => Sigmoid(-x);

    /// <summary>x/6 + 1/2 clamped to [0, 1], as <c>F.hardsigmoid</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Hardsigmoid(float x) => x <= -3f ? 0f : x >= 3f ? 1f : x / 6f + 0.5f;

    /// <summary>1/6 strictly inside (−3, 3), else 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float HardsigmoidDerivative(float x) => x > -3f && x < 3f ? 1f / 6f : float.IsNaN(x) ? x : 0f;

    /// <summary>x / (1 + |x|), as <c>F.softsign</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Softsign(float x) => x / (1f + MathF.Abs(x));

    /// <summary>1 / (1 + |x|)².</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SoftsignDerivative(float x)
    {
        float d = 1f + MathF.Abs(x);
        return 1f / (d * d);
    }

    /// <summary>x − tanh(x), as <c>F.tanhshrink</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Tanhshrink(float x) => x - MathF.Tanh(x);

    /// <summary>tanh²(x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float TanhshrinkDerivative(float x)
    {
        float t = MathF.Tanh(x);
        return t * t;
    }
}
