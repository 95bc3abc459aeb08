using System;
using System.Linq;
using Xunit;

namespace NetGen.Tests.Data;

/// <summary>Split and CrossValidationFolds never hand back an empty side.</summary>
public class SplitTests
{
    private static Dataset Samples(int count, int classes) =>
        new(Enumerable.Range(0, count).Select(i => (float)i).ToArray(), featureCount: 1,
            labels: Enumerable.Range(0, count).Select(i => i % classes).ToArray(), classCount: classes);

    [Fact]
    public void ASplitThatWouldLeaveNoTrainingSamplesIsRefusedNamingTheSizes()
    {
        // 4 samples, 0.9: each class of 2 rounds 1.8 up to 2 test samples, leaving training empty (was silent).
        var error = Assert.Throws<ArgumentException>(() => Samples(4, 2).Split(testFraction: 0.9, seed: 1));
        Assert.Contains("Splitting 4 samples with testFraction 0.9 leaves 0 for training and 4 for testing", error.Message);
    }

    [Fact]
    public void ASplitThatWouldLeaveNoTestSamplesIsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => Samples(3, 3).Split(testFraction: 0.2, seed: 1));
        Assert.Contains("leaves 3 for training and 0 for testing", error.Message);
    }

    [Fact]
    public void AnOrdinarySplitKeepsEverySampleOnceAndTheClassBalance()
    {
        var (train, test) = Samples(100, 2).Split(testFraction: 0.3, seed: 4);
        Assert.Equal(70, train.Count);
        Assert.Equal(30, test.Count);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (float)i), train.Features.ToArray().Concat(test.Features.ToArray()).OrderBy(v => v));
        Assert.Equal(15, test.Labels.ToArray().Count(l => l == 1));
    }

    [Fact]
    public void MoreFoldsThanSamplesIsRefusedWhenCalledNotWhenEnumerated()
    {
        var data = Samples(3, 1);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => data.CrossValidationFolds(folds: 4, seed: 1));
        Assert.Contains("3 samples cannot be dealt into 4 folds", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => data.CrossValidationFolds(folds: 1, seed: 1));
    }

    [Theory]
    [InlineData(2, 2)]
    [InlineData(5, 5)]
    [InlineData(7, 3)]
    public void EveryFoldHasSamplesOnBothSidesAndEachSampleIsTestedOnce(int count, int folds)
    {
        var all = Samples(count, classes: 3).CrossValidationFolds(folds, seed: 2).ToList();
        Assert.Equal(folds, all.Count);
        Assert.All(all, fold => Assert.True(fold.Train.Count > 0 && fold.Test.Count > 0));
        Assert.Equal(Enumerable.Range(0, count).Select(i => (float)i), all.SelectMany(f => f.Test.Features.ToArray()).OrderBy(v => v));
    }
}
