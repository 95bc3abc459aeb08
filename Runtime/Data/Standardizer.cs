using System;

namespace NetGen;

/// <summary>
/// Scales each feature to mean 0 and standard deviation 1, with the statistics of the set it was fit on
/// (as scikit-learn's <c>StandardScaler</c>: population deviation; a constant feature is only centred).
/// </summary>
public sealed class Standardizer
{
    private readonly float[] _mean;
    private readonly float[] _scale;

    /// <summary>
    /// A standardizer with known statistics (scikit-learn's <c>mean_</c> and <c>scale_</c>, or a saved model's): each
    /// feature f becomes (x − mean[f]) / scale[f].
    /// </summary>
    /// <exception cref="ArgumentException">The spans are empty or differ in length, a mean is not finite, or a scale is not finite and positive.</exception>
    public Standardizer(ReadOnlySpan<float> mean, ReadOnlySpan<float> scale)
    {
        if (mean.IsEmpty || mean.Length != scale.Length)
            throw new ArgumentException($"Expected one mean and one scale a feature; got {mean.Length} means and {scale.Length} scales.", nameof(scale));
        for (int f = 0; f < mean.Length; f++)
        {
            if (!float.IsFinite(mean[f])) throw new ArgumentException($"mean[{f}] is {mean[f]}; expected a finite number.", nameof(mean));
            if (!float.IsFinite(scale[f]) || scale[f] <= 0f)
                throw new ArgumentException($"scale[{f}] is {scale[f]}; expected a finite number greater than 0.", nameof(scale));
        }
        _mean = mean.ToArray();
        _scale = scale.ToArray();
    }

    private Standardizer(float[] mean, float[] scale)
    {
        _mean = mean;
        _scale = scale;
    }

    /// <summary>The mean of each feature.</summary>
    public ReadOnlySpan<float> Mean => _mean;

    /// <summary>The standard deviation each feature is divided by.</summary>
    public ReadOnlySpan<float> Scale => _scale;

    /// <summary>Measures each feature of <paramref name="data"/>.</summary>
    public static Standardizer Fit(Dataset data)
    {
        int n = data.FeatureCount;
        var sum = new double[n];
        var sumOfSquares = new double[n];
        for (int s = 0; s < data.Count; s++)
        {
            ReadOnlySpan<float> row = data.FeaturesOf(s);
            for (int f = 0; f < n; f++)
            {
                sum[f] += row[f];
                sumOfSquares[f] += (double)row[f] * row[f];
            }
        }
        var mean = new float[n];
        var scale = new float[n];
        for (int f = 0; f < n; f++)
        {
            double m = sum[f] / data.Count;
            double variance = Math.Max(sumOfSquares[f] / data.Count - m * m, 0);
            mean[f] = (float)m;
            scale[f] = variance > 0 ? (float)Math.Sqrt(variance) : 1f;
        }
        return new Standardizer(mean, scale);
    }

    /// <summary>Scales rows of features in place.</summary>
    public void Transform(Span<float> features)
    {
        int n = _mean.Length;
        if (features.Length % n != 0)
            throw new ArgumentException($"features has length {features.Length}; expected whole rows of {n}.", nameof(features));
        for (int i = 0; i < features.Length; i++) features[i] = (features[i] - _mean[i % n]) / _scale[i % n];
    }
}
