using System;
using System.Collections.Generic;
using NetGen.Generator.Catalog;

namespace NetGen.Tests.Infrastructure;

/// <summary>
/// Every activation of the catalog in double precision, written from PyTorch's definitions (torch.nn docs), not from
/// the runtime's code: the oracle the emitted float32 networks are held to. Softmax and LogSoftmax act on vectors and
/// are in <see cref="DoubleNetwork"/>. A kind added to the catalog fails here, by name, until its definition is added.
/// </summary>
internal static class DoubleActivations
{
    private const double SeluAlpha = 1.6732632423543772848170429916717;
    private const double SeluScale = 1.0507009873554804934193349852946;

    /// <summary>f(x) for an elementwise activation with its catalog arguments <paramref name="a"/>.</summary>
    public static double Value(ActivationKind kind, IReadOnlyList<float> a, double x) => kind switch
    {
        ActivationKind.ReLU => x > 0 ? x : 0,
        ActivationKind.LeakyReLU => x > 0 ? x : a[0] * x,
        ActivationKind.Sigmoid => Sigmoid(x),
        ActivationKind.Tanh => Math.Tanh(x),
        ActivationKind.BinaryStep => x > 0 ? 1 : 0,
        ActivationKind.GELU => x * NormalCdf(x),
        ActivationKind.GELUTanh => 0.5 * x * (1 + Math.Tanh(GeluTanhArgument(x))),
        ActivationKind.SiLU => x * Sigmoid(x),
        ActivationKind.Mish => x * Math.Tanh(Softplus(x, 1, 20)),
        ActivationKind.ELU => x > 0 ? x : a[0] * (Math.Exp(x) - 1),
        ActivationKind.CELU => x > 0 ? x : a[0] * (Math.Exp(x / a[0]) - 1),
        ActivationKind.SELU => SeluScale * (x > 0 ? x : SeluAlpha * (Math.Exp(x) - 1)),
        ActivationKind.Softplus => Softplus(x, a[0], a[1]),
        ActivationKind.Hardtanh => Math.Clamp(x, a[0], a[1]),
        ActivationKind.ReLU6 => Math.Clamp(x, 0, 6),
        ActivationKind.Hardsigmoid => Math.Clamp(x / 6 + 0.5, 0, 1),
        ActivationKind.Hardswish => x * Math.Clamp(x + 3, 0, 6) / 6,
        ActivationKind.Softsign => x / (1 + Math.Abs(x)),
        ActivationKind.LogSigmoid => Math.Min(x, 0) - Log1P(Math.Exp(-Math.Abs(x))),
        ActivationKind.Tanhshrink => x - Math.Tanh(x),
        ActivationKind.Identity => x,
        _ => throw Missing(kind),
    };

    /// <summary>f′(x), with PyTorch's choices at the kinks (ReLU′(0) = 0, LeakyReLU′(0) = slope, a clamp's 0 at its ends).</summary>
    public static double Derivative(ActivationKind kind, IReadOnlyList<float> a, double x) => kind switch
    {
        ActivationKind.ReLU => x > 0 ? 1 : 0,
        ActivationKind.LeakyReLU => x > 0 ? 1 : a[0],
        ActivationKind.Sigmoid => Sigmoid(x) * (1 - Sigmoid(x)),
        ActivationKind.Tanh => 1 - Math.Tanh(x) * Math.Tanh(x),
        ActivationKind.BinaryStep => 0,
        ActivationKind.GELU => NormalCdf(x) + x * Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI),
        ActivationKind.GELUTanh => GeluTanhDerivative(x),
        ActivationKind.SiLU => Sigmoid(x) * (1 + x * (1 - Sigmoid(x))),
        ActivationKind.Mish => MishDerivative(x),
        ActivationKind.ELU => x > 0 ? 1 : a[0] * Math.Exp(x),
        ActivationKind.CELU => x > 0 ? 1 : Math.Exp(x / a[0]),
        ActivationKind.SELU => SeluScale * (x > 0 ? 1 : SeluAlpha * Math.Exp(x)),
        ActivationKind.Softplus => a[0] * x > a[1] ? 1 : Sigmoid(a[0] * x),
        ActivationKind.Hardtanh => x > a[0] && x < a[1] ? 1 : 0,
        ActivationKind.ReLU6 => x > 0 && x < 6 ? 1 : 0,
        ActivationKind.Hardsigmoid => x > -3 && x < 3 ? 1.0 / 6 : 0,
        ActivationKind.Hardswish => x < -3 ? 0 : x > 3 ? 1 : (2 * x + 3) / 6,
        ActivationKind.Softsign => 1 / ((1 + Math.Abs(x)) * (1 + Math.Abs(x))),
        ActivationKind.LogSigmoid => Sigmoid(-x),
        ActivationKind.Tanhshrink => Math.Tanh(x) * Math.Tanh(x),
        ActivationKind.Identity => 1,
        _ => throw Missing(kind),
    };

    /// <summary>
    /// Where the value or the derivative jumps: an input within float32 rounding of one may take the other branch in
    /// the generated code, so test inputs are kept away from these.
    /// </summary>
    public static double[] Kinks(ActivationKind kind, IReadOnlyList<float> a) => kind switch
    {
        ActivationKind.ReLU or ActivationKind.LeakyReLU or ActivationKind.BinaryStep or ActivationKind.ELU or ActivationKind.CELU
            or ActivationKind.SELU => new[] { 0.0 },
        ActivationKind.Hardtanh => new double[] { a[0], a[1] },
        ActivationKind.ReLU6 => new[] { 0.0, 6.0 },
        ActivationKind.Hardsigmoid or ActivationKind.Hardswish => new[] { -3.0, 3.0 },
        ActivationKind.Softplus => new double[] { a[1] / a[0] }, // where it switches to x (a jump of e^−threshold / beta)
        _ => Array.Empty<double>(),
    };

    public static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    /// <summary>log(1 + x), keeping its digits for small x.</summary>
    public static double Log1P(double x) => Math.Abs(x) < 1e-4 ? x - x * x / 2 + x * x * x / 3 : Math.Log(1 + x);

    private static double Softplus(double x, double beta, double threshold) =>
        beta * x > threshold ? x : (Math.Max(beta * x, 0) + Log1P(Math.Exp(-Math.Abs(beta * x)))) / beta;

    private static double GeluTanhArgument(double x) => Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x);

    private static double GeluTanhDerivative(double x)
    {
        double t = Math.Tanh(GeluTanhArgument(x));
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * Math.Sqrt(2 / Math.PI) * (1 + 3 * 0.044715 * x * x);
    }

    private static double MishDerivative(double x)
    {
        double t = Math.Tanh(Softplus(x, 1, 20));
        return t + x * Sigmoid(x) * (1 - t * t);
    }

    /// <summary>Φ(x), the standard normal distribution function, as erfc(−x/√2)/2 (no cancellation far below 0).</summary>
    public static double NormalCdf(double x) => 0.5 * Erfc(-x / Math.Sqrt(2));

    /// <summary>
    /// erfc in double: 1 − (Maclaurin series of erf) for |x| &lt; 3, where its terms stay below e^9 and lose at most
    /// four of sixteen digits; beyond, the continued fraction e^−x²/√π · 1/(x + ½/(x + 1/(x + 3⁄2/(x + …)))), which
    /// 80 levels take to double precision for x ≥ 3.
    /// </summary>
    public static double Erfc(double x)
    {
        if (x < 0) return 2 - Erfc(-x);
        if (x < 3)
        {
            double term = x, sum = x;
            for (int n = 1; Math.Abs(term) > 1e-17 * Math.Abs(sum); n++)
            {
                term *= -x * x / n;
                sum += term / (2 * n + 1);
            }
            return 1 - 2 / Math.Sqrt(Math.PI) * sum;
        }
        double fraction = x;
        for (int n = 80; n >= 1; n--) fraction = x + n / 2.0 / fraction;
        return Math.Exp(-x * x) / (Math.Sqrt(Math.PI) * fraction);
    }

    private static NotSupportedException Missing(ActivationKind kind) =>
        new($"No double-precision definition of {kind}: add it to {nameof(DoubleActivations)} (value, derivative and kinks).");
}
