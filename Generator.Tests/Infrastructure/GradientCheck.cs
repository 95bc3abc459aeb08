using System;
using Xunit.Sdk;

namespace NetGen.Tests.Infrastructure;

/// <summary>
/// Central-difference gradient checks of float32 networks. With step h = 1e-2 the truncation error (h²/6·f‴) is
/// ~1e-5 and float32 rounding of the loss (~6e-8·|L|) contributes ~3e-6·|L| after dividing by 2h, so an analytic
/// gradient must agree within 1e-3 absolute + 1e-2 relative. Where a piecewise activation's kink lies within h of a
/// unit, the central difference mixes two slopes; the check then accepts agreement with either one-sided difference
/// (whose own truncation error is O(h)), since the true derivative is one of the two there.
/// </summary>
public static class GradientCheck
{
    public const float Step = 1e-2f;
    public const double Absolute = 1e-3;
    public const double Relative = 1e-2;
    private const double OneSidedAbsolute = 5e-3;

    /// <summary>
    /// Checks <paramref name="analytic"/>[i] = ∂f/∂values[i] for every i, perturbing values in place. A smaller
    /// <paramref name="step"/> suits a strongly curved f (BatchNorm1d over a handful of samples: its third derivative
    /// grows as the batch's variance shrinks); it must stay well above f's float32 rounding (~6e-8·|f|) over 2·step.
    /// </summary>
    public static void Check(Span<float> values, ReadOnlySpan<float> analytic, Func<double> f, string what, float step = Step)
    {
        double center = f();
        for (int i = 0; i < values.Length; i++)
        {
            float original = values[i];
            values[i] = original + step;
            double plus = f();
            values[i] = original - step;
            double minus = f();
            values[i] = original;

            double expected = analytic[i];
            double central = (plus - minus) / (2 * step);
            if (Close(central, expected, Absolute)) continue;
            double forward = (plus - center) / step, backward = (center - minus) / step;
            if (Close(forward, expected, OneSidedAbsolute) || Close(backward, expected, OneSidedAbsolute)) continue;
            throw new XunitException(
                $"{what}[{i}]: analytic {expected:G6}, central difference {central:G6} (one-sided {forward:G6} / {backward:G6}).");
        }
    }

    private static bool Close(double estimate, double analytic, double absolute) =>
        Math.Abs(estimate - analytic) <= absolute + Relative * Math.Abs(analytic);
}
