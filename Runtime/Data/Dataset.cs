using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace NetGen;

/// <summary>
/// Samples in memory: a row of features for each, with either a class index (classification) or a row of target
/// values (regression, or probabilities). Rows are stored flat and row-major, ready for <c>ComputeGradients</c>.
/// </summary>
public sealed class Dataset
{
    private readonly float[] _features;
    private readonly int[]? _labels;
    private readonly float[]? _targets;

    /// <summary>A classification set: <paramref name="features"/> holds labels.Length rows of <paramref name="featureCount"/>.</summary>
    public Dataset(float[] features, int featureCount, int[] labels, int classCount, IReadOnlyList<string>? classNames = null)
    {
        if (featureCount <= 0) throw new ArgumentOutOfRangeException(nameof(featureCount), featureCount, "Expected at least one feature.");
        if (features.Length != labels.Length * featureCount)
            throw new ArgumentException($"features has length {features.Length}; expected labels.Length × featureCount = {labels.Length * featureCount}.", nameof(features));
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
        if (features.Length % featureCount != 0 || targets.Length != features.Length / featureCount * targetSize)
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

    /// <summary>
    /// Reads a file in scikit-learn's format: a first line <c>rows,features,class names…</c>, then one line a sample,
    /// the features and then the class index. Throws <see cref="InvalidDataException"/> naming the line at fault.
    /// </summary>
    public static Dataset LoadCsv(string path)
    {
        string[] lines = File.ReadAllLines(path);
        if (lines.Length == 0) throw new InvalidDataException($"{path} is empty; expected a header 'rows,features,class names…'.");
        string[] header = lines[0].Split(',');
        if (header.Length < 3 || !int.TryParse(header[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int rows)
            || !int.TryParse(header[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int featureCount) || rows <= 0 || featureCount <= 0)
            throw new InvalidDataException($"{path}:1: expected a header 'rows,features,class names…' with positive counts.");
        string[] classNames = header[2..];
        var features = new float[rows * featureCount];
        var labels = new int[rows];
        int row = 0;
        for (int line = 1; line < lines.Length; line++)
        {
            if (lines[line].Length == 0) continue;
            if (row == rows) throw new InvalidDataException($"{path}:{line + 1}: more rows than the {rows} the header announced.");
            string[] cells = lines[line].Split(',');
            if (cells.Length != featureCount + 1)
                throw new InvalidDataException($"{path}:{line + 1}: {cells.Length} values; expected {featureCount} features and a class index.");
            for (int f = 0; f < featureCount; f++)
                if (!float.TryParse(cells[f], NumberStyles.Float, CultureInfo.InvariantCulture, out features[row * featureCount + f]))
                    throw new InvalidDataException($"{path}:{line + 1}: '{cells[f]}' is not a number.");
            if (!int.TryParse(cells[featureCount], NumberStyles.Integer, CultureInfo.InvariantCulture, out labels[row])
                || labels[row] < 0 || labels[row] >= classNames.Length)
                throw new InvalidDataException($"{path}:{line + 1}: '{cells[featureCount]}' is not a class index in [0, {classNames.Length - 1}].");
            row++;
        }
        if (row != rows) throw new InvalidDataException($"{path}: {row} rows; the header announced {rows}.");
        return new Dataset(features, featureCount, labels, classNames.Length, classNames);
    }

    /// <summary>
    /// Splits the samples into a training and a test set: each class is shuffled with <paramref name="seed"/> and
    /// <paramref name="testFraction"/> of it goes to the test set (stratified, so both keep the class balance).
    /// </summary>
    public (Dataset Train, Dataset Test) Split(double testFraction, int seed)
    {
        if (!(testFraction > 0 && testFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "Expected a fraction strictly between 0 and 1.");
        var random = new SeededRandom(seed);
        var train = new List<int>();
        var test = new List<int>();
        foreach (int[] group in GroupsForSplit())
        {
            random.Shuffle(group.AsSpan());
            int testCount = (int)Math.Round(group.Length * testFraction);
            test.AddRange(group[..testCount]);
            train.AddRange(group[testCount..]);
        }
        return (Select(train), Select(test));
    }

    /// <summary>
    /// Stratified k-fold cross-validation: the samples of each class are shuffled with <paramref name="seed"/> and dealt
    /// into <paramref name="folds"/> folds; each fold is the test set once, the others its training set. Every sample
    /// is held out exactly once.
    /// </summary>
    public IEnumerable<(Dataset Train, Dataset Test)> CrossValidationFolds(int folds, int seed)
    {
        if (folds < 2 || folds > Count)
            throw new ArgumentOutOfRangeException(nameof(folds), folds, $"Expected between 2 and {Count} folds.");
        var random = new SeededRandom(seed);
        var foldOf = new int[Count];
        int dealt = 0;
        foreach (int[] group in GroupsForSplit())
        {
            random.Shuffle(group.AsSpan());
            foreach (int index in group) foldOf[index] = dealt++ % folds;
        }
        for (int fold = 0; fold < folds; fold++)
        {
            var train = new List<int>();
            var test = new List<int>();
            for (int i = 0; i < Count; i++) (foldOf[i] == fold ? test : train).Add(i);
            yield return (Select(train), Select(test));
        }
    }

    private IEnumerable<int[]> GroupsForSplit()
    {
        if (_labels is null)
        {
            var all = new int[Count];
            for (int i = 0; i < Count; i++) all[i] = i;
            yield return all;
            yield break;
        }
        for (int c = 0; c < TargetSize; c++)
        {
            var members = new List<int>();
            for (int i = 0; i < Count; i++) if (_labels[i] == c) members.Add(i);
            yield return members.ToArray();
        }
    }

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
