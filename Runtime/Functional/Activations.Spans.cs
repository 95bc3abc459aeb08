using System;
using NetGen.Compute;

namespace NetGen;

// Span forms of the activations not written out elsewhere, each through its op (NetGen.Compute): vectorised where the
// op has a vector form (SiLU, Hardsigmoid, Hardswish, Softsign), the scalar form on every value otherwise — the same
// code the generated networks run. (ReLU, LeakyReLU, Sigmoid, Tanh, Hardtanh, ReLU6, BinaryStep and the softmaxes are
// beside their scalar forms.)
public static partial class Activations
{
    /// <summary>GELU of each value of <paramref name="x"/>.</summary>
    public static void GELU(ReadOnlySpan<float> x, Span<float> y) => Elementwise.Apply(x, y, new GELUOp());

    /// <summary>GELU′ of each value of <paramref name="x"/>.</summary>
    public static unsafe void GELUDerivative(ReadOnlySpan<float> x, Span<float> dydx) => Map(x, dydx, &GELUDerivative);

    /// <summary>GELUTanh of each value of <paramref name="x"/>.</summary>
    public static void GELUTanh(ReadOnlySpan<float> x, Span<float> y) => Elementwise.Apply(x, y, new GELUTanhOp());

    /// <summary>GELUTanh′ of each value of <paramref name="x"/>.</summary>
    public static unsafe void GELUTanhDerivative(ReadOnlySpan<float> x, Span<float> dydx) => Map(x, dydx, &GELUTanhDerivative);

    /// <summary>SiLU of each value of <paramref name="x"/>.</summary>
    public static void SiLU(ReadOnlySpan<float> x, Span<float> y) => Elementwise.Apply(x, y, new SiLUOp());

    /// <summary>SiLU′ of each value of <paramref name="x"/>.</summary>
    public static unsafe void SiLUDerivative(ReadOnlySpan<float> x, Span<float> dydx) => Map(x, dydx, &SiLUDerivative);

    /// <summary>Mish of each value of <paramref name="x"/>.</summary>
    public static void Mish(ReadOnlySpan<float> x, Span<float> y) => Elementwise.Apply(x, y, new MishOp());

    /// <summary>Mish′ of each value of <paramref name="x"/>.</summary>
    public static unsafe void MishDerivative(ReadOnlySpan<float> x, Span<float> dydx) => Map(x, dydx, &MishDerivative);

    /// <summary>SELU of each value of <paramref name="x"/>.</summary>
    public static void SELU(ReadOnlySpan<float> x, Span<float> y) => Elementwise.Apply(x, y, new SELUOp());

    /// <summary>SELU′ of each value of <paramref name="x"/>.</summary>
    public static unsafe void SELUDerivative(ReadOnlySpan<float> x, Span<float> dydx) => Map(x, dydx, &SELUDerivative);

    /// <summary>Hardsigmoid of each value of <paramref name="x"/>.</summary>
    public static void Hardsigmoid(ReadOnlySpan<float> x, Span<float> y) => Elementwise.Apply(x, y, new HardsigmoidOp());

    /// <summary>Hardsigmoid′ of each value of <paramref name="x"/>.</summary>
    public static unsafe void HardsigmoidDerivative(ReadOnlySpan<float> x, Span<float> dydx) => Map(x, dydx, &HardsigmoidDerivative);

    /// <summary>Hardswish of each value of <paramref name="x"/>.</summary>
    public static void Hardswish(ReadOnlySpan<float> x, Span<float> y) => Elementwise.Apply(x, y, new HardswishOp());

    /// <summary>Hardswish′ of each value of <paramref name="x"/>.</summary>
    public static unsafe void HardswishDerivative(ReadOnlySpan<float> x, Span<float> dydx) => Map(x, dydx, &HardswishDerivative);

    /// <summary>Softsign of each value of <paramref name="x"/>.</summary>
    public static void Softsign(ReadOnlySpan<float> x, Span<float> y) => Elementwise.Apply(x, y, new SoftsignOp());

    /// <summary>Softsign′ of each value of <paramref name="x"/>.</summary>
    public static unsafe void SoftsignDerivative(ReadOnlySpan<float> x, Span<float> dydx) => Map(x, dydx, &SoftsignDerivative);

    /// <summary>LogSigmoid of each value of <paramref name="x"/>.</summary>
    public static void LogSigmoid(ReadOnlySpan<float> x, Span<float> y) => Elementwise.Apply(x, y, new LogSigmoidOp());

    /// <summary>LogSigmoid′ of each value of <paramref name="x"/>.</summary>
    public static unsafe void LogSigmoidDerivative(ReadOnlySpan<float> x, Span<float> dydx) => Map(x, dydx, &LogSigmoidDerivative);

    /// <summary>Tanhshrink of each value of <paramref name="x"/>.</summary>
    public static void Tanhshrink(ReadOnlySpan<float> x, Span<float> y) => Elementwise.Apply(x, y, new TanhshrinkOp());

    /// <summary>Tanhshrink′ of each value of <paramref name="x"/>.</summary>
    public static unsafe void TanhshrinkDerivative(ReadOnlySpan<float> x, Span<float> dydx) => Map(x, dydx, &TanhshrinkDerivative);

    /// <summary>Identity of each value of <paramref name="x"/>.</summary>
    public static void Identity(ReadOnlySpan<float> x, Span<float> y) => Elementwise.Apply(x, y, new IdentityOp());

    /// <summary>Identity′ of each value of <paramref name="x"/>.</summary>
    public static unsafe void IdentityDerivative(ReadOnlySpan<float> x, Span<float> dydx) => Map(x, dydx, &IdentityDerivative);

    /// <summary>ELU of each value of <paramref name="x"/>.</summary>
    public static void ELU(ReadOnlySpan<float> x, Span<float> y, float alpha = 1f) => Elementwise.Apply(x, y, new ELUOp(alpha));

    /// <summary>ELU′ of each value of <paramref name="x"/>.</summary>
    public static void ELUDerivative(ReadOnlySpan<float> x, Span<float> dydx, float alpha = 1f)
    {
        CheckLengths(x, dydx);
        for (int i = 0; i < x.Length; i++) dydx[i] = ELUDerivative(x[i], alpha);
    }

    /// <summary>CELU of each value of <paramref name="x"/>.</summary>
    public static void CELU(ReadOnlySpan<float> x, Span<float> y, float alpha = 1f) => Elementwise.Apply(x, y, new CELUOp(alpha));

    /// <summary>CELU′ of each value of <paramref name="x"/>.</summary>
    public static void CELUDerivative(ReadOnlySpan<float> x, Span<float> dydx, float alpha = 1f)
    {
        CheckLengths(x, dydx);
        for (int i = 0; i < x.Length; i++) dydx[i] = CELUDerivative(x[i], alpha);
    }

    /// <summary>Softplus of each value of <paramref name="x"/>.</summary>
    public static void Softplus(ReadOnlySpan<float> x, Span<float> y, float beta = 1f, float threshold = 20f) =>
        Elementwise.Apply(x, y, new SoftplusOp(beta, threshold));

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
