using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace NetGen.Tests.Training;

/// <summary>
/// Everything Train can check is checked before the first step: data a network cannot learn, a validation set that
/// does not fit, options that cannot work. Each gets an ArgumentException naming what was expected, and the network
/// and the optimizer are left exactly as they were.
/// </summary>
public class TrainingInputChecksTests
{
    private static readonly Dataset Blobs = TrainingData.Blobs(60, 1);
    private static readonly Dataset Binary = TrainingData.Binary(60, 1);
    private static readonly Dataset Regression = TrainingData.Regression(60, 1);

    /// <summary>A case: the data, the options, and a phrase the message must hold.</summary>
    private sealed record Case(Func<ITrainableNetwork> Network, Dataset Data, Func<IOptimizer, TrainingOptions> Options, string Expected);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["three classes on a one-output BCE network"] = new(() => new BinaryNet(1), Blobs, _ => new(),
            "sample 2 has class 2, but a network with one output learns two classes (targets 0 and 1); expected class indices 0 or 1"),
        ["a class index beyond the outputs"] = new(() => new BlobClassifier(1), Labels(5), _ => new(),
            "sample 3 has class 3, but the network has 3 outputs; expected class indices in [0, 2]"),
        ["a one-hot class beyond the outputs of an MSE network"] = new(() => new SmallRegression(1), Labels3(3), _ => new(),
            "but the network has 2 outputs; expected class indices in [0, 1]"),
        ["a BCE target outside [0, 1]"] = new(() => new BinaryNet(1), Targets(Binary, 7, 2f), _ => new(),
            "sample 7, target 0 is 2; BCELoss expects targets in [0, 1]"),
        ["a NaN feature"] = new(() => new BinaryNet(1), Feature(Binary, 13, float.NaN), _ => new(),
            "sample 3, feature 1 is NaN; expected finite numbers"),
        ["an infinite target"] = new(() => new SmallRegression(1), Targets(Regression, 5, float.PositiveInfinity), _ => new(),
            "sample 2, target 1 is Infinity; expected finite numbers"),
        ["the wrong feature count"] = new(() => new BlobClassifier(1), Regression, _ => new(),
            "data has 3 features a sample; expected the network's InputSize (4)"),
        ["the wrong target size"] = new(() => new SmallRegression(1), new Dataset(new float[6], 3, new float[6], 3), _ => new(),
            "data has 3 targets a sample; expected the network's OutputSize (2)"),
        ["an empty training set"] = new(() => new BlobClassifier(1), new Dataset([], 4, Array.Empty<int>(), 3), _ => new(),
            "data holds no samples; expected at least one"),
        ["a validation set with the wrong feature count"] = new(() => new BlobClassifier(1), Blobs,
            _ => new() { Validation = Regression }, "options.Validation has 3 features a sample; expected the network's InputSize (4)"),
        ["a validation set with the wrong target size"] = new(() => new SmallRegression(1), Regression,
            _ => new() { Validation = new Dataset(new float[6], 3, new float[2], 1) }, "options.Validation has 1 targets a sample; expected the network's OutputSize (2)"),
        ["an empty validation set"] = new(() => new BlobClassifier(1), Blobs,
            _ => new() { Validation = new Dataset([], 4, Array.Empty<int>(), 3) }, "options.Validation holds no samples"),
        ["a validation class the network cannot output"] = new(() => new BlobClassifier(1), Blobs,
            _ => new() { Validation = Labels(4) }, "options.Validation: sample 3 has class 3, but the network has 3 outputs"),
        ["no epochs"] = new(() => new BlobClassifier(1), Blobs, _ => new() { Epochs = 0 }, "options.Epochs: expected at least one epoch"),
        ["a batch size of 0"] = new(() => new BlobClassifier(1), Blobs, _ => new() { BatchSize = 0 }, "options.BatchSize: expected a positive batch size"),
        ["a negative gradient norm"] = new(() => new BlobClassifier(1), Blobs, _ => new() { MaxGradientNorm = -1f },
            "options.MaxGradientNorm: expected a finite number > 0"),
        ["a NaN clip value"] = new(() => new BlobClassifier(1), Blobs, _ => new() { GradientClipValue = float.NaN },
            "options.GradientClipValue: expected a finite number > 0"),
        ["both clippings"] = new(() => new BlobClassifier(1), Blobs, _ => new() { MaxGradientNorm = 1f, GradientClipValue = 1f },
            "expected MaxGradientNorm or GradientClipValue, not both"),
        ["early stopping on a validation loss without a validation set"] = new(() => new BlobClassifier(1), Blobs,
            _ => new() { EarlyStopping = new EarlyStopping() }, "options.EarlyStopping.Monitor is ValidationLoss; expected options.Validation"),
        ["early stopping on the accuracy of a regression"] = new(() => new SmallRegression(1), Regression,
            _ => new() { EarlyStopping = new EarlyStopping { Monitor = TrainingMetric.Accuracy } }, "measure no accuracy"),
        ["a schedule on another optimizer"] = new(() => new BlobClassifier(1), Blobs,
            _ => new() { Scheduler = new StepLR(new Sgd(BlobClassifier.ParameterCount, 0.1f), 3) }, "constructed on another optimizer"),
        ["a one-cycle schedule shorter than the training"] = new(() => new BlobClassifier(1), Blobs,
            o => new() { Epochs = 3, BatchSize = 32, Scheduler = new OneCycleLR(o, 0.1f, totalSteps: 5) },
            "this training takes 6 steps (3 epochs × 2 batches)"),
        ["a plateau schedule in mode max on a loss"] = new(() => new BlobClassifier(1), Blobs,
            o => new() { Validation = Blobs, Scheduler = new ReduceLROnPlateau(o, mode: "max") }, "expected mode 'min' for it"),
        ["a plateau schedule on a missing validation accuracy"] = new(() => new BlobClassifier(1), Blobs,
            o => new() { SchedulerMetric = TrainingMetric.ValidationAccuracy, Scheduler = new ReduceLROnPlateau(o, mode: "max") },
            "options.SchedulerMetric is ValidationAccuracy; expected options.Validation"),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void IsRefusedBeforeTheFirstStepNamingWhatWasExpected(string name)
    {
        Case c = Cases[name];
        ITrainableNetwork network = c.Network();
        float[] before = network.Parameters.ToArray();
        var adam = new Adam(network.Parameters.Length, 0.01f);
        TrainingOptions options = c.Options(adam);
        float rate = adam.LearningRate;

        var error = Assert.ThrowsAny<ArgumentException>(() => Trainer.Train(network, adam, c.Data, options));

        Assert.Contains(c.Expected, error.Message);
        Assert.Equal(before, network.Parameters.ToArray());
        Assert.Equal(0, adam.StepCount);
        Assert.Equal(rate, adam.LearningRate);
    }

    [Fact]
    public void AnOptimizerForAnotherNetworkThrowsBeforeItWritesAParameter()
    {
        var net = new BlobClassifier(1);
        float[] before = net.Parameters.ToArray();
        var error = Assert.Throws<ArgumentException>(() => Trainer.Train(net, new Adam(10, 0.01f), Blobs, new()));
        Assert.Contains($"expected 10", error.Message);
        Assert.Equal(before, net.Parameters.ToArray());
    }

    [Fact]
    public void NullArgumentsAreNamed()
    {
        var net = new BlobClassifier(1);
        var adam = new Adam(BlobClassifier.ParameterCount);
        Assert.Equal("network", Assert.Throws<ArgumentNullException>(() => Trainer.Train<BlobClassifier>(null!, adam, Blobs, new())).ParamName);
        Assert.Equal("optimizer", Assert.Throws<ArgumentNullException>(() => Trainer.Train(net, null!, Blobs, new())).ParamName);
        Assert.Equal("data", Assert.Throws<ArgumentNullException>(() => Trainer.Train(net, adam, null!, new())).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => Trainer.Train(net, adam, Blobs, null!)).ParamName);
        Assert.Equal("data", Assert.Throws<ArgumentNullException>(() => Trainer.Loss(net, null!)).ParamName);
    }

    [Fact]
    public void ABatchLargerThanTheDataIsOneBatchAndAllocatesForTheDataOnly()
    {
        var small = new BlobClassifier(seed: 2);
        var huge = new BlobClassifier(seed: 2);
        var data = TrainingData.Blobs(40, 3);
        Trainer.Train(small, new Adam(BlobClassifier.ParameterCount, 0.01f), data, new TrainingOptions { Epochs = 2, BatchSize = 40 });

        long before = GC.GetAllocatedBytesForCurrentThread();
        Trainer.Train(huge, new Adam(BlobClassifier.ParameterCount, 0.01f), data, new TrainingOptions { Epochs = 2, BatchSize = 100_000_000 });
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(small.Parameters.ToArray(), huge.Parameters.ToArray()); // the same single batch an epoch
        Assert.True(allocated < 64 * 1024, $"{allocated} bytes (a buffer for 100,000,000 samples would be 1.6 GB)");
        Trainer.Train(huge, new Adam(BlobClassifier.ParameterCount, 0.01f), data, new TrainingOptions { Epochs = 1, BatchSize = int.MaxValue }); // no overflow
    }

    private static Dataset Labels(int classes) =>
        new(Blobs.Features.ToArray(), 4, Enumerable.Range(0, Blobs.Count).Select(i => i % classes).ToArray(), classes);

    private static Dataset Labels3(int classes) =>
        new(Regression.Features.ToArray(), 3, Enumerable.Range(0, Regression.Count).Select(i => i % classes).ToArray(), classes);

    private static Dataset Targets(Dataset data, int index, float value)
    {
        float[] targets = data.Targets.ToArray();
        targets[index] = value;
        return new Dataset(data.Features.ToArray(), data.FeatureCount, targets, data.TargetSize);
    }

    private static Dataset Feature(Dataset data, int index, float value)
    {
        float[] features = data.Features.ToArray();
        features[index] = value;
        return new Dataset(features, data.FeatureCount, data.Targets.ToArray(), data.TargetSize);
    }
}
