using System;

namespace NetGen;

/// <summary>Measures of how well a network does on a data set.</summary>
public static class Metrics
{
    /// <summary>
    /// The fraction of samples classified correctly: the largest output against the class index (or the largest
    /// target), or, for a network with one output, output &gt; 0.5 against target &gt; 0.5.
    /// </summary>
    public static double Accuracy(INetwork network, Dataset data)
    {
        if (data.FeatureCount != network.InputSize)
            throw new ArgumentException($"data has {data.FeatureCount} features a sample; expected the network's InputSize ({network.InputSize}).", nameof(data));
        float[] output = new float[network.OutputSize];
        int correct = 0;
        for (int s = 0; s < data.Count; s++)
        {
            network.Forward(data.FeaturesOf(s), output);
            int expected = data.HasLabels ? data.Labels[s] : ArgMaxOrThreshold(data.Targets.Slice(s * data.TargetSize, data.TargetSize));
            if (ArgMaxOrThreshold(output) == expected) correct++;
        }
        return data.Count == 0 ? 0 : (double)correct / data.Count;
    }

    /// <summary>The index of the largest value; for a single value, 1 where it is above 0.5, else 0.</summary>
    public static int ArgMaxOrThreshold(ReadOnlySpan<float> values)
    {
        if (values.Length == 1) return values[0] > 0.5f ? 1 : 0;
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }
}
