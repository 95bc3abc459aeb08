using System;

namespace NetGen;

// Span forms of the activations not written out elsewhere: each applies the scalar form to every value, so the two
// forms agree exactly. (ReLU, LeakyReLU, Sigmoid, Tanh, Hardtanh, ReLU6, BinaryStep and the softmaxes have their own.)
public static partial class Activations
{
    /// <summary>GELU of each value of <paramref name="x"/>.</summary>
    public static unsafe void GELU(ReadOnlySpan<float> x, Span<float> y) => Map(x, y, &GELU);

    /// <summary>GELU′ of each value of <paramref name="x"/>.</summary>
    public static unsafe void GELUDerivative(ReadOnlySpan<float> x, Span<float> dydx) => Map(x, dydx, &GELUDerivative);

    /// <summary>GELUTanh of each value of <paramref name="x"/>.</summary>
    public static unsafe void GELUTanh(ReadOnlySpan<float> x, Span<float> y) => Map(x, y, &GELUTanh);

    /// <summary>GELUTanh′ of each value of <paramref name="x"/>.</summary>
    public static unsafe void GELUTanhDerivative(ReadOnlySpan<float> x, Span<float> dydx) => Map(x, dydx, &GELUTanhDerivative);

    /// <summary>SiLU of each value of <paramref name="x"/>.</summary>
    public static unsafe void SiLU(ReadOnlySpan<float> x, Span<float> y) => Map(x, y, &SiLU);

    /// <summary>SiLU′ of each value of <paramref name="x"/>.</summary>
    public static unsafe void SiLUDerivative(ReadOnlySpan<float> x, Span<float> dydx) => Map(x, dydx, &SiLUDerivative);

    /// <summary>Mish of each value of <paramref name="x"/>.</summary>
    public static unsafe void Mish(ReadOnlySpan<float> x, Span<float> y) => Map(x, y, &Mish);

    /// <summary>Mish′ of each value of <paramref name="x"/>.</summary>
    public static unsafe void MishDerivative(ReadOnlySpan<float> x, Span<float> dydx) => Map(x, dydx, &MishDerivative);

    /// <summary>SELU of each value of <paramref name="x"/>.</summary>
    public static unsafe void SELU(ReadOnlySpan<float> x, Span<float> y) => Map(x, y, &SELU);

    /// <summary>SELU′ of each value of <paramref name="x"/>.</summary>
    public static unsafe void SELUDerivative(ReadOnlySpan<float> x, Span<float> dydx) => Map(x, dydx, &SELUDerivative);

    /// <summary>Hardsigmoid of each value of <paramref name="x"/>.</summary>
    public static unsafe void Hardsigmoid(ReadOnlySpan<float> x, Span<float> y) => Map(x, y, &Hardsigmoid);

    /// <summary>Hardsigmoid′ of each value of <paramref name="x"/>.</summary>
    public static unsafe void HardsigmoidDerivative(ReadOnlySpan<float> x, Span<float> dydx) => Map(x, dydx, &HardsigmoidDerivative);

    /// <summary>Hardswish of each value of <paramref name="x"/>.</summary>
    public static unsafe void Hardswish(ReadOnlySpan<float> x, Span<float> y) => Map(x, y, &Hardswish);

    /// <summary>Hardswish′ of each value of <paramref name="x"/>.</summary>
    public static unsafe void HardswishDerivative(ReadOnlySpan<float> x, Span<float> dydx) => Map(x, dydx, &HardswishDerivative);

    /// <summary>Softsign of each value of <paramref name="x"/>.</summary>
    public static unsafe void Softsign(ReadOnlySpan<float> x, Span<float> y) => Map(x, y, &Softsign);

    /// <summary>Softsign′ of each value of <paramref name="x"/>.</summary>
    public static unsafe void SoftsignDerivative(ReadOnlySpan<float> x, Span<float> dydx) => Map(x, dydx, &SoftsignDerivative);

    /// <summary>LogSigmoid of each value of <paramref name="x"/>.</summary>
    public static unsafe void LogSigmoid(ReadOnlySpan<float> x, Span<float> y) => Map(x, y, &LogSigmoid);

    /// <summary>LogSigmoid′ of each value of <paramref name="x"/>.</summary>
    public static unsafe void LogSigmoidDerivative(ReadOnlySpan<float> x, Span<float> dydx) => Map(x, dydx, &LogSigmoidDerivative);

    /// <summary>Tanhshrink of each value of <paramref name="x"/>.</summary>
    public static unsafe void Tanhshrink(ReadOnlySpan<float> x, Span<float> y) => Map(x, y, &Tanhshrink);

    /// <summary>Tanhshrink′ of each value of <paramref name="x"/>.</summary>
    public static unsafe void TanhshrinkDerivative(ReadOnlySpan<float> x, Span<float> dydx) => Map(x, dydx, &TanhshrinkDerivative);

    /// <summary>Identity of each value of <paramref name="x"/>.</summary>
    public static unsafe void Identity(ReadOnlySpan<float> x, Span<float> y) => Map(x, y, &Identity);

    /// <summary>Identity′ of each value of <paramref name="x"/>.</summary>
    public static unsafe void IdentityDerivative(ReadOnlySpan<float> x, Span<float> dydx) => Map(x, dydx, &IdentityDerivative);

    /// <summary>ELU of each value of <paramref name="x"/>.</summary>
    public static void ELU(ReadOnlySpan<float> x, Span<float> y, float alpha = 1f)
    {
        CheckLengths(x, y);
        for (int i = 0; i < x.Length; i++) y[i] = ELU(x[i], alpha);
    }

    /// <summary>ELU′ of each value of <paramref name="x"/>.</summary>
    public static void ELUDerivative(ReadOnlySpan<float> x, Span<float> dydx, float alpha = 1f)
    {
        CheckLengths(x, dydx);
        for (int i = 0; i < x.Length; i++) dydx[i] = ELUDerivative(x[i], alpha);
    }

    /// <summary>CELU of each value of <paramref name="x"/>.</summary>
    public static void CELU(ReadOnlySpan<float> x, Span<float> y, float alpha = 1f)
    {
        CheckLengths(x, y);
        for (int i = 0; i < x.Length; i++) y[i] = CELU(x[i], alpha);
    }

    /// <summary>CELU′ of each value of <paramref name="x"/>.</summary>
    public static void CELUDerivative(ReadOnlySpan<float> x, Span<float> dydx, float alpha = 1f)
    {
        CheckLengths(x, dydx);
        for (int i = 0; i < x.Length; i++) dydx[i] = CELUDerivative(x[i], alpha);
    }

    /// <summary>Softplus of each value of <paramref name="x"/>.</summary>
    public static void Softplus(ReadOnlySpan<float> x, Span<float> y, float beta = 1f, float threshold = 20f)
    {
        CheckLengths(x, y);
        for (int i = 0; i < x.Length; i++) y[i] = Softplus(x[i], beta, threshold);
    }

    /// <summary>Softplus′ of each value of <paramref name="x"/>.</summary>
    public static void SoftplusDerivative(ReadOnlySpan<float> x, Span<float> dydx, float beta = 1f, float threshold = 20f)
    {
        CheckLengths(x, dydx);
        for (int i = 0; i < x.Length; i++) dydx[i] = SoftplusDerivative(x[i], beta, threshold);
    }

    private static unsafe void Map(ReadOnlySpan<float> x, Span<float> destination, delegate*<float, float> function)
    {
        CheckLengths(x, destination);
        for (int i = 0; i < x.Length; i++) destination[i] = function(x[i]);
    }
}
