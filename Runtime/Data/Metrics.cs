using System;

namespace NetGen;

/// <summary>Measures of how well a network does on a data set.</summary>
public static class Metrics
{
    /// <summary>
    /// The fraction of samples classified correctly: the predicted class (as <see cref="Prediction.PredictClass"/>
    /// decides it) against the class index, or against the target row's class (<see cref="ArgMaxOrThreshold"/>). A
    /// sample whose output holds NaN is never correct.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="data"/> is empty, or its features, classes or targets do not fit the network.</exception>
    public static double Accuracy(INetwork network, Dataset data)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        if (data.FeatureCount != network.InputSize)
            throw new ArgumentException($"data has {data.FeatureCount} features a sample; expected the network's InputSize ({network.InputSize}).", nameof(data));
        if (data.Count == 0) throw new ArgumentException("data holds no samples; expected at least one to measure accuracy on.", nameof(data));
        if (data.HasLabels && data.TargetSize != network.ClassCount())
            throw new ArgumentException($"data has {data.TargetSize} classes; expected the {network.ClassCount()} the network tells apart.", nameof(data));
        if (!data.HasLabels && data.TargetSize != network.OutputSize)
            throw new ArgumentException($"data has {data.TargetSize} targets a sample; expected the network's OutputSize ({network.OutputSize}).", nameof(data));

        NetworkOutput kind = NetworkOutputs.Of(network);
        float[] output = new float[network.OutputSize];
        int correct = 0;
        for (int s = 0; s < data.Count; s++)
        {
            network.Forward(data.FeaturesOf(s), output);
            int predicted = NetworkOutputs.ClassOf(output, kind);
            int expected = data.HasLabels ? data.Labels[s] : ArgMaxOrThreshold(data.Targets.Slice(s * data.TargetSize, data.TargetSize));
            if (predicted >= 0 && predicted == expected) correct++;
        }
        return (double)correct / data.Count;
    }

    /// <summary>
    /// The index of the largest value; for a single value, 1 where it is above 0.5, else 0. −1 when a value is NaN: NaN is
    /// no class.
    /// </summary>
    public static int ArgMaxOrThreshold(ReadOnlySpan<float> values) => NetworkOutputs.ClassOf(values, NetworkOutput.Probabilities);
}
