using System;
using Xunit.Sdk;

namespace NetGen.Tests.Infrastructure;

/// <summary>
/// Float32 tensors against a double-precision evaluation, within a tolerance relative to the tensor's scale: a value
/// passes when |actual − expected| ≤ <see cref="Relative"/>·(|expected| + scale), scale being the largest |expected|
/// of the tensor (one parameter tensor's gradient, a batch's outputs, one sample's input gradient, a loss).
/// Why: float32 keeps 24 bits (6e-8); a value here comes through at most a few layers of dot products of up to ~40
/// terms and a float32 transcendental each, whose rounding errors grow with the size of the terms (~40·6e-8 = 2.4e-6 at
/// worst, √40·6e-8 ≈ 4e-7 typically), and the terms are of the order of the tensor's largest values. 1e-5 leaves a
/// margin of 4 to 25 over that while a misplaced weight, a dropped term or a wrong derivative is off by the size of
/// the values themselves (≥ 1e-2 of the scale here). Scaling by the tensor, not the value alone, lets values that
/// cancel (a bias gradient summed over a batch) keep the accuracy of their terms.
/// </summary>
internal sealed class TensorTolerance
{
    public const double Relative = 1e-5;

    /// <summary>The largest error seen, as a fraction of its allowance (1 = at the limit).</summary>
    public double WorstRatio { get; private set; }

    public string? WorstWhat { get; private set; }

    /// <summary>Compares a tensor; <paramref name="scale"/> when it is part of a larger one (a sample of a batch), else its own.</summary>
    public void Equal(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, string what, double? scale = null)
    {
        if (expected.Length != actual.Length)
            throw new XunitException($"{what}: expected {expected.Length} values, got {actual.Length}.");
        double tensorScale = scale ?? Scale(expected);
        for (int i = 0; i < expected.Length; i++)
        {
            double allowed = Relative * (Math.Abs(expected[i]) + tensorScale);
            double error = Math.Abs(actual[i] - expected[i]);
            if (!(error <= allowed)) // NaN fails too
                throw new XunitException(
                    $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (error {error:E2}, allowed {allowed:E2}, tensor scale {tensorScale:G4}).");
            double ratio = allowed == 0 ? 0 : error / allowed;
            if (ratio > WorstRatio)
            {
                WorstRatio = ratio;
                WorstWhat = $"{what}[{i}]";
            }
        }
    }

    /// <summary>The largest |value|.</summary>
    public static double Scale(ReadOnlySpan<double> values)
    {
        double scale = 0;
        foreach (double value in values) scale = Math.Max(scale, Math.Abs(value));
        return scale;
    }

    public void Equal(double expected, float actual, string what) => Equal(new[] { expected }, new[] { actual }, what);
}
