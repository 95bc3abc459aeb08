using System;

namespace NetGen;

/// <summary>
/// The few functions .NET lacks (erf, erfc) or computes without relative accuracy near 0 (e^x − 1, log(1 + x)).
/// Evaluated in double so that the float results they feed are correctly rounded in practice.
/// </summary>
internal static class SpecialFunctions
{
    private const double TwoOverSqrtPi = 1.1283791670955126;
    private const double InverseSqrtPi = 0.5641895835477563;

    /// <summary>The error function, with full relative accuracy for every x.</summary>
    public static double Erf(double x)
    {
        double z = Math.Abs(x);
        if (z < 2.0)
        {
            // Maclaurin series: at |x| < 2 the largest term is below 3, so double keeps ~15 digits.
            double square = z * z, term = z, sum = z;
            for (int n = 1; n < 60; n++)
            {
                term *= -square / n;
                double next = term / (2 * n + 1);
                sum += next;
                if (Math.Abs(next) < 1e-17 * Math.Abs(sum)) break;
            }
            return Math.Sign(x) * TwoOverSqrtPi * sum;
        }
        return Math.Sign(x) * (1.0 - Erfc(z));
    }

    /// <summary>The complementary error function 1 − erf(x), with full relative accuracy far into the tail.</summary>
    public static double Erfc(double x)
    {
        if (x < 2.0) return 1.0 - Erf(x);
        // Continued fraction erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated from the tail;
        // 60 terms converge to double precision for every x ≥ 2.
        double tail = x;
        for (int n = 60; n >= 1; n--) tail = x + n * 0.5 / tail;
        return Math.Exp(-x * x) * InverseSqrtPi / tail;
    }

    /// <summary>e^x − 1 without the cancellation of the naive form near 0.</summary>
    public static double ExpM1(double x) =>
        Math.Abs(x) < 1e-5 ? x + x * x * 0.5 + x * x * x / 6.0 : Math.Exp(x) - 1.0;

    /// <summary>log(1 + x) without the cancellation of the naive form near 0.</summary>
    public static double Log1P(double x) =>
        Math.Abs(x) < 1e-4 ? x - x * x * 0.5 + x * x * x / 3.0 - x * x * x * x * 0.25 : Math.Log(1.0 + x);
}
