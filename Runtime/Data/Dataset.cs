using System;
using System.Collections.Generic;

namespace NetGen;

/// <summary>
/// Samples in memory: a row of features for each, with either a class index (classification) or a row of target
/// values (regression, or probabilities). Rows are stored flat and row-major, ready for <c>ComputeGradients</c>.
/// </summary>
public sealed partial class Dataset
{
    private readonly float[] _features;
    private readonly int[]? _labels;
    private readonly float[]? _targets;

    /// <summary>A classification set: <paramref name="features"/> holds labels.Length rows of <paramref name="featureCount"/>.</summary>
    public Dataset(float[] features, int featureCount, int[] labels, int classCount, IReadOnlyList<string>? classNames = null)
    {
        if (featureCount <= 0) throw new ArgumentOutOfRangeException(nameof(featureCount), featureCount, "Expected at least one feature.");
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (features.Length != (long)labels.Length * featureCount)
            throw new ArgumentException($"features has length {features.Length}; expected labels.Length × featureCount = {(long)labels.Length * featureCount}.", nameof(features));
        if (classCount <= 0) throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "Expected at least one class.");
        if (classNames is not null && classNames.Count != 0 && classNames.Count != classCount)
            throw new ArgumentException($"classNames has {classNames.Count} names; expected one a class ({classCount}), or none.", nameof(classNames));
        Guard.ClassIndices(labels, classCount, nameof(labels));
        _features = features;
        _labels = labels;
        FeatureCount = featureCount;
        TargetSize = classCount;
        Count = labels.Length;
        ClassNames = classNames ?? Array.Empty<string>();
    }

    /// <summary>A set with real-valued targets: <paramref name="targets"/> holds one row of <paramref name="targetSize"/> a sample.</summary>
    public Dataset(float[] features, int featureCount, float[] targets, int targetSize)
    {
        if (featureCount <= 0) throw new ArgumentOutOfRangeException(nameof(featureCount), featureCount, "Expected at least one feature.");
        if (targetSize <= 0) throw new ArgumentOutOfRangeException(nameof(targetSize), targetSize, "Expected at least one target a sample.");
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        if (features.Length % featureCount != 0 || targets.Length != (long)(features.Length / featureCount) * targetSize)
            throw new ArgumentException($"features ({features.Length}) and targets ({targets.Length}) do not hold the same number of rows of {featureCount} and {targetSize}.", nameof(targets));
        _features = features;
        _targets = targets;
        FeatureCount = featureCount;
        TargetSize = targetSize;
        Count = features.Length / featureCount;
        ClassNames = Array.Empty<string>();
    }

    /// <summary>The number of samples.</summary>
    public int Count { get; }

    /// <summary>The number of features of a sample.</summary>
    public int FeatureCount { get; }

    /// <summary>The number of classes (classification) or of target values a sample.</summary>
    public int TargetSize { get; }

    /// <summary>Whether the samples carry class indices.</summary>
    public bool HasLabels => _labels is not null;

    /// <summary>The class names, when the file named them.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>All features, row-major.</summary>
    public ReadOnlySpan<float> Features => _features;

    /// <summary>The class indices; empty for a set with real-valued targets.</summary>
    public ReadOnlySpan<int> Labels => _labels;

    /// <summary>The target rows; empty for a classification set.</summary>
    public ReadOnlySpan<float> Targets => _targets;

    /// <summary>The features of sample <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> FeaturesOf(int index) => _features.AsSpan(index * FeatureCount, FeatureCount);

    /// <summary>The samples at <paramref name="indices"/>, in that order.</summary>
    public Dataset Select(IReadOnlyList<int> indices)
    {
        var features = new float[indices.Count * FeatureCount];
        for (int i = 0; i < indices.Count; i++) FeaturesOf(indices[i]).CopyTo(features.AsSpan(i * FeatureCount));
        if (_labels is not null)
        {
            var labels = new int[indices.Count];
            for (int i = 0; i < indices.Count; i++) labels[i] = _labels[indices[i]];
            return new Dataset(features, FeatureCount, labels, TargetSize, ClassNames);
        }
        var targets = new float[indices.Count * TargetSize];
        for (int i = 0; i < indices.Count; i++) _targets.AsSpan(indices[i] * TargetSize, TargetSize).CopyTo(targets.AsSpan(i * TargetSize));
        return new Dataset(features, FeatureCount, targets, TargetSize);
    }

    /// <summary>
    /// The same samples with each class index as a float target (0 or 1): what a one-output network with
    /// <see cref="BCELossAttribute"/> trains on. Only for a set with two classes.
    /// </summary>
    public Dataset WithBinaryTargets()
    {
        if (_labels is null || TargetSize != 2)
            throw new InvalidOperationException($"Binary targets need a classification set with 2 classes; this one has {(_labels is null ? "real-valued targets" : TargetSize + " classes")}.");
        var targets = new float[Count];
        for (int i = 0; i < Count; i++) targets[i] = _labels[i];
        return new Dataset(_features, FeatureCount, targets, 1);
    }

    /// <summary>
    /// The same samples with features scaled by <paramref name="standardizer"/> (fit it on the training split only).
    /// </summary>
    public Dataset Standardize(Standardizer standardizer)
    {
        ArgumentNullException.ThrowIfNull(standardizer);
        var features = (float[])_features.Clone();
        standardizer.TransformBatch(features, FeatureCount);
        return _labels is not null
            ? new Dataset(features, FeatureCount, _labels, TargetSize, ClassNames)
            : new Dataset(features, FeatureCount, _targets!, TargetSize);
    }
}
