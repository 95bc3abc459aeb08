using System;
using System.Linq;
using NetGen.Tests.Infrastructure;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests.Data;

/// <summary>Metrics.Accuracy: NaN is never a correct answer, and data the network cannot be scored on is refused.</summary>
public class MetricsTests
{
    private static readonly LayerAttribute[] Logits = { new LinearAttribute(3, 3) };

    [Fact]
    public void AnAllNaNNetworkScoresZeroOnLabelsZero()
    {
        // It scored 100 %: NaN compared as class 0.
        var nan = new PassThroughNetwork(3, Logits);
        float[] features = Enumerable.Repeat(float.NaN, 12).ToArray();
        var data = new Dataset(features, featureCount: 3, labels: new int[4], classCount: 3);
        Assert.Equal(0.0, Metrics.Accuracy(nan, data));
    }

    [Fact]
    public void ANaNSingleOutputIsNeitherClass()
    {
        var sigmoid = new PassThroughNetwork(1, new LayerAttribute[] { new LinearAttribute(1, 1), new SigmoidAttribute() });
        var targets = new Dataset(new[] { float.NaN, 0.2f, 0.9f, float.NaN }, featureCount: 1, targets: new[] { 0f, 0f, 1f, 1f }, targetSize: 1);
        Assert.Equal(0.5, Metrics.Accuracy(sigmoid, targets));
        var labels = new Dataset(new[] { float.NaN, 0.2f, 0.9f, float.NaN }, featureCount: 1, labels: new[] { 0, 0, 1, 1 }, classCount: 2);
        Assert.Equal(0.5, Metrics.Accuracy(sigmoid, labels));
    }

    [Fact]
    public void AccuracyIsTheFractionOfPredictedClassesThatMatch()
    {
        var iris = Dataset.LoadCsv(TestPaths.Output("data", "iris.csv"));
        var net = new IrisNet(seed: 4);
        int[] predicted = net.PredictClasses(iris.Features);
        double expected = predicted.Zip(iris.Labels.ToArray()).Count(p => p.First == p.Second) / 150.0;
        Assert.Equal(expected, Metrics.Accuracy(net, iris));
        Assert.InRange(expected, 0.01, 0.99); // an untrained network: neither all right nor all wrong, so the count matters
    }

    [Fact]
    public void DataTheNetworkCannotBeScoredOnIsRefused()
    {
        var net = new PassThroughNetwork(3, Logits);
        var empty = new Dataset(Array.Empty<float>(), featureCount: 3, labels: Array.Empty<int>(), classCount: 3);
        Assert.Contains("no samples", Assert.Throws<ArgumentException>(() => Metrics.Accuracy(net, empty)).Message);
        var fiveClasses = new Dataset(new float[3], featureCount: 3, labels: new[] { 4 }, classCount: 5);
        Assert.Contains("5 classes; expected the 3", Assert.Throws<ArgumentException>(() => Metrics.Accuracy(net, fiveClasses)).Message);
        var twoTargets = new Dataset(new float[3], featureCount: 3, targets: new float[2], targetSize: 2);
        Assert.Contains("2 targets a sample", Assert.Throws<ArgumentException>(() => Metrics.Accuracy(net, twoTargets)).Message);
        var wide = new Dataset(new float[4], featureCount: 4, labels: new[] { 0 }, classCount: 3);
        Assert.Contains("InputSize (3)", Assert.Throws<ArgumentException>(() => Metrics.Accuracy(net, wide)).Message);
    }

    [Fact]
    public void ArgMaxOrThresholdCallsNaNNoClass()
    {
        Assert.Equal(-1, Metrics.ArgMaxOrThreshold(new[] { float.NaN }));
        Assert.Equal(-1, Metrics.ArgMaxOrThreshold(new[] { 0.2f, float.NaN, 0.1f }));
        Assert.Equal(1, Metrics.ArgMaxOrThreshold(new[] { 0.2f, 0.7f, 0.1f }));
        Assert.Equal(1, Metrics.ArgMaxOrThreshold(new[] { 0.51f }));
        Assert.Equal(0, Metrics.ArgMaxOrThreshold(new[] { 0.5f }));
    }
}
