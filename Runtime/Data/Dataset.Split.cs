using System;
using System.Collections.Generic;

namespace NetGen;

// Held-out evaluation: a stratified train/test split and stratified k-fold cross-validation.
public sealed partial class Dataset
{
    /// <summary>
    /// Splits the samples into a training and a test set: each class is shuffled with <paramref name="seed"/> and
    /// <paramref name="testFraction"/> of it (rounded) goes to the test set (stratified, so both keep the class balance).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is not strictly between 0 and 1.</exception>
    /// <exception cref="ArgumentException">The split would leave one side empty (the sizes are named).</exception>
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
        if (train.Count == 0 || test.Count == 0)
            throw new ArgumentException(
                $"Splitting {Count} samples with testFraction {testFraction} leaves {train.Count} for training and {test.Count} for testing; " +
                "expected at least one sample on each side (change testFraction, or use more samples).", nameof(testFraction));
        return (Select(train), Select(test));
    }

    /// <summary>
    /// Stratified k-fold cross-validation: the samples of each class are shuffled with <paramref name="seed"/> and dealt
    /// into <paramref name="folds"/> folds; each fold is the test set once, the others its training set. Every sample
    /// is held out exactly once, and no fold's training or test set is empty.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="folds"/> is below 2 or above the number of samples
    /// (checked when called, not when the folds are first enumerated).</exception>
    public IEnumerable<(Dataset Train, Dataset Test)> CrossValidationFolds(int folds, int seed)
    {
        if (folds < 2 || folds > Count)
            throw new ArgumentOutOfRangeException(nameof(folds), folds,
                $"{Count} samples cannot be dealt into {folds} folds; expected between 2 and {Count} folds, so that every fold tests at least one sample and trains on at least one.");
        var random = new SeededRandom(seed);
        var foldOf = new int[Count];
        int dealt = 0;
        foreach (int[] group in GroupsForSplit())
        {
            random.Shuffle(group.AsSpan());
            // Dealt round-robin across classes, so with folds ≤ Count every fold receives a sample.
            foreach (int index in group) foldOf[index] = dealt++ % folds;
        }
        return Folds(foldOf, folds);
    }

    private IEnumerable<(Dataset Train, Dataset Test)> Folds(int[] foldOf, int folds)
    {
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
}
