using System;

namespace NetGen;

/// <summary>
/// Scales each feature to mean 0 and standard deviation 1, with the statistics of the set it was fit on
/// (as scikit-learn's <c>StandardScaler</c>: population deviation; a constant feature is only centred).
/// </summary>
/// <remarks>
/// The statistics are held in double, as scikit-learn's <c>mean_</c> and <c>scale_</c> are: a float mean cannot
/// represent 16777217, the mean of 16777216 and 16777218, and would standardise them to [0, 2] instead of [−1, 1].
/// </remarks>
public sealed class Standardizer
{
    private readonly double[] _mean;
    private readonly double[] _scale;

    /// <summary>
    /// A standardizer with known statistics (a saved model's): each feature f becomes (x − mean[f]) / scale[f].
    /// </summary>
    /// <exception cref="ArgumentException">The spans are empty or differ in length, a mean is not finite, or a scale is not finite and positive.</exception>
    public Standardizer(ReadOnlySpan<float> mean, ReadOnlySpan<float> scale)
        : this(ToDouble(mean), ToDouble(scale))
    {
    }

    /// <summary>
    /// A standardizer with known statistics (scikit-learn's <c>mean_</c> and <c>scale_</c>, which are float64): each
    /// feature f becomes (x − mean[f]) / scale[f].
    /// </summary>
    /// <exception cref="ArgumentException">The spans are empty or differ in length, a mean is not finite, or a scale is not finite and positive.</exception>
    public Standardizer(ReadOnlySpan<double> mean, ReadOnlySpan<double> scale)
        : this(mean.ToArray(), scale.ToArray())
    {
    }

    private Standardizer(double[] mean, double[] scale)
    {
        if (mean.Length == 0 || mean.Length != scale.Length)
            throw new ArgumentException($"Expected one mean and one scale a feature; got {mean.Length} means and {scale.Length} scales.", nameof(scale));
        for (int f = 0; f < mean.Length; f++)
        {
            if (!double.IsFinite(mean[f])) throw new ArgumentException($"mean[{f}] is {mean[f]}; expected a finite number.", nameof(mean));
            if (!double.IsFinite(scale[f]) || scale[f] <= 0)
                throw new ArgumentException($"scale[{f}] is {scale[f]}; expected a finite number greater than 0.", nameof(scale));
        }
        _mean = mean;
        _scale = scale;
    }

    /// <summary>The number of features of a sample, as fitted.</summary>
    public int FeatureCount => _mean.Length;

    /// <summary>The mean of each feature.</summary>
    public ReadOnlySpan<double> Mean => _mean;

    /// <summary>The standard deviation each feature is divided by (1 for a constant feature).</summary>
    public ReadOnlySpan<double> Scale => _scale;

    /// <summary>Measures each feature of <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="data"/> holds no samples, or a value that is NaN or infinite (named by sample and feature).</exception>
    public static Standardizer Fit(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Fit(data.Features, data.FeatureCount, nameof(data));
    }

    /// <summary>
    /// Measures each feature of <paramref name="samples"/>: rows of <paramref name="featureCount"/> values, one a sample.
    /// </summary>
    /// <exception cref="ArgumentException">The rows are not whole or there are none, or a value is NaN or infinite (named by sample and feature).</exception>
    public static Standardizer Fit(ReadOnlySpan<float> samples, int featureCount) => Fit(samples, featureCount, nameof(samples));

    private static Standardizer Fit(ReadOnlySpan<float> samples, int featureCount, string parameterName)
    {
        if (featureCount <= 0) throw new ArgumentOutOfRangeException(nameof(featureCount), featureCount, "Expected at least one feature.");
        if (samples.IsEmpty || samples.Length % featureCount != 0)
            throw new ArgumentException(
                $"{parameterName} has {samples.Length} values; expected at least one whole row of {featureCount} features to measure.", parameterName);
        int count = samples.Length / featureCount;

        // Two passes in double: the mean first, then the squared deviations from it. One pass of E[x²] − E[x]²
        // cancels catastrophically when the deviation is small beside the mean (1.7e9 ± 128 gave 476.8, not 128).
        var mean = new double[featureCount];
        for (int s = 0; s < count; s++)
            for (int f = 0; f < featureCount; f++)
            {
                float x = samples[s * featureCount + f];
                if (!float.IsFinite(x))
                    throw new ArgumentException(
                        $"{parameterName}: sample {s}, feature {f} (counting from 0) is {x}; expected finite values (a NaN or infinite value would make the whole feature's statistics NaN).", parameterName);
                mean[f] += x;
            }
        for (int f = 0; f < featureCount; f++) mean[f] /= count;

        var squares = new double[featureCount];
        var deviations = new double[featureCount];
        for (int s = 0; s < count; s++)
            for (int f = 0; f < featureCount; f++)
            {
                double d = samples[s * featureCount + f] - mean[f];
                squares[f] += d * d;
                deviations[f] += d;
            }
        var scale = new double[featureCount];
        for (int f = 0; f < featureCount; f++)
        {
            // The corrected two-pass formula: subtracting (Σd)²/n removes the rounding error left in the mean.
            double variance = Math.Max((squares[f] - deviations[f] * deviations[f] / count) / count, 0);
            scale[f] = variance > 0 ? Math.Sqrt(variance) : 1;
        }
        return new Standardizer(mean, scale);
    }

    /// <summary>Standardises one sample in place: exactly <see cref="FeatureCount"/> values.</summary>
    /// <exception cref="ArgumentException">The sample does not have <see cref="FeatureCount"/> values, or a finite value would
    /// standardise beyond float's range (the feature is named); nothing is written then.</exception>
    public void Transform(Span<float> sample) => Transform(sample, sample);

    /// <summary>Writes the standardised form of one sample (exactly <see cref="FeatureCount"/> values) to <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">A span does not have <see cref="FeatureCount"/> values, or a finite value would
    /// standardise beyond float's range (the feature is named); nothing is written then.</exception>
    public void Transform(ReadOnlySpan<float> sample, Span<float> destination)
    {
        if (sample.Length != FeatureCount)
            throw new ArgumentException(
                $"sample has length {sample.Length}; expected one sample of {FeatureCount} features (the standardizer was fitted on {FeatureCount}; for several samples call TransformBatch).",
                nameof(sample));
        if (destination.Length != FeatureCount)
            throw new ArgumentException($"destination has length {destination.Length}; expected {FeatureCount}.", nameof(destination));
        CheckRange(sample, nameof(sample));
        Apply(sample, destination);
    }

    /// <summary>
    /// Standardises a batch in place: rows of <paramref name="featureCount"/> values, one a sample. The caller states the
    /// width of its rows, so rows of another width than the standardizer was fitted on are refused, not reinterpreted.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="featureCount"/> is not <see cref="FeatureCount"/>, the rows are not
    /// whole, or a finite value would standardise beyond float's range (the sample and feature are named); nothing is written then.</exception>
    public void TransformBatch(Span<float> samples, int featureCount)
    {
        if (featureCount != FeatureCount)
            throw new ArgumentException(
                $"featureCount is {featureCount}; expected {FeatureCount}, the number of features the standardizer was fitted on.", nameof(featureCount));
        if (samples.Length % FeatureCount != 0)
            throw new ArgumentException($"samples has length {samples.Length}; expected whole rows of {FeatureCount} features.", nameof(samples));
        CheckRange(samples, nameof(samples));
        Apply(samples, samples);
    }

    /// <summary>Refuses, before anything is written, a finite value whose standardised form overflows float.</summary>
    private void CheckRange(ReadOnlySpan<float> rows, string parameterName)
    {
        int n = FeatureCount;
        for (int i = 0; i < rows.Length; i++)
        {
            float x = rows[i];
            int f = i % n;
            if (float.IsFinite(x) && !float.IsFinite(Standardize(x, f)))
                throw new ArgumentException(
                    $"{parameterName}: sample {i / n}, feature {f} (counting from 0) is {x}, which standardises to {(x - _mean[f]) / _scale[f]:G6} with mean {_mean[f]:G9} and scale {_scale[f]:G9}; " +
                    $"expected a value whose standardised form fits in a float (±{float.MaxValue:G9}).", parameterName);
        }
    }

    private void Apply(ReadOnlySpan<float> rows, Span<float> destination)
    {
        int n = FeatureCount;
        for (int start = 0; start < rows.Length; start += n)
            for (int f = 0; f < n; f++)
                destination[start + f] = Standardize(rows[start + f], f);
    }

    // In double, so that the subtraction loses nothing when the mean is large beside the deviation. NaN stays NaN.
    private float Standardize(float x, int feature) => (float)((x - _mean[feature]) / _scale[feature]);

    private static double[] ToDouble(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = values[i];
        return result;
    }
}
