using System;
using Xunit.Sdk;

namespace NetGen.Tests.Infrastructure;

/// <summary>
/// Float32 results against PyTorch's float64 references. A value passes when |actual − expected| ≤
/// absolute + relative·|expected|. The defaults: relative 1e-5 (float32 keeps 7 digits; a layer's sum of up to a few
/// dozen products and one transcendental loses at most a couple of them), absolute 1e-6 (values that cancel to near
/// zero, such as a gradient summed over a batch, keep only an absolute accuracy relative to their terms).
/// </summary>
public static class Tolerance
{
    public const double Relative = 1e-5;
    public const double Absolute = 1e-6;

    /// <summary>The largest error seen, relative to the allowance (1 = at the limit), for reporting.</summary>
    public static double WorstRatio { get; private set; }

    public static void Equal(double expected, double actual, string what, double relative = Relative, double absolute = Absolute)
    {
        double allowed = absolute + relative * Math.Abs(expected);
        double error = Math.Abs(actual - expected);
        if (double.IsNaN(actual) || !(error <= allowed))
            throw new XunitException($"{what}: expected {expected:R}, got {actual:R} (error {error:E2}, allowed {allowed:E2}).");
        WorstRatio = Math.Max(WorstRatio, error / allowed);
    }

    public static void Equal(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, string what, double relative = Relative, double absolute = Absolute)
    {
        if (expected.Length != actual.Length)
            throw new XunitException($"{what}: expected {expected.Length} values, got {actual.Length}.");
        for (int i = 0; i < expected.Length; i++) Equal(expected[i], actual[i], $"{what}[{i}]", relative, absolute);
    }
}
