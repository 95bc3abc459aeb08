using System.Linq;
using Xunit;

namespace NetGen.Tests.Training;

/// <summary>Train returns one report an epoch, each with the numbers a user plots, and the last says why it stopped.</summary>
public class TrainingHistoryTests
{
    private static readonly Dataset Train = TrainingData.Blobs(300, seed: 1), Validation = TrainingData.Blobs(90, seed: 2);

    [Fact]
    public void EveryEpochHasItsReportWithTrainingAndValidationNumbers()
    {
        var net = new BlobClassifier(seed: 1);
        var history = Trainer.Train(net, new Adam(BlobClassifier.ParameterCount, 0.01f), Train,
            new TrainingOptions { Epochs = 5, BatchSize = 32, Seed = 1, Validation = Validation });

        Assert.Equal([1, 2, 3, 4, 5], history.Select(r => r.Epoch));
        Assert.All(history.SkipLast(1), r => Assert.Equal(StopReason.None, r.StopReason));
        Assert.Equal(StopReason.EpochsCompleted, history[^1].StopReason);
        Assert.All(history, r => Assert.Equal(0.01f, r.LearningRate));
        Assert.All(history, r => Assert.True(r.Accuracy is > 0 and <= 1 && r.ValidationAccuracy is > 0 and <= 1 && r.ValidationLoss > 0));
        Assert.True(history.Zip(history.Skip(1)).All(p => p.First.Elapsed <= p.Second.Elapsed));
        Assert.True(history[^1].Loss < history[0].Loss, "the blobs are learnable: the loss should fall");
        Assert.Null(history[^1].RestoredEpoch);

        // The last report measured the network as it is now, the way the public metrics measure it.
        Assert.Equal(Metrics.Accuracy(net, Train), history[^1].Accuracy);
        Assert.Equal(Metrics.Accuracy(net, Validation), history[^1].ValidationAccuracy);
        Assert.Equal(Trainer.Loss(net, Validation), history[^1].ValidationLoss);
    }

    [Fact]
    public void ARegressionHasLossesButNoAccuracy()
    {
        var history = Trainer.Train(new SmallRegression(seed: 1), new Adam(SmallRegression.ParameterCount, 0.01f), TrainingData.Regression(200, 1),
            new TrainingOptions { Epochs = 3, Validation = TrainingData.Regression(50, 2) });
        Assert.All(history, r => Assert.True(r.Accuracy is null && r.ValidationAccuracy is null && r.ValidationLoss > 0));
    }

    [Fact]
    public void TheHistoryRecordsTheLearningRateAnEpochScheduleSet()
    {
        var sgd = new Sgd(BlobClassifier.ParameterCount, 0.1f);
        var schedule = new StepLR(sgd, stepSize: 2, gamma: 0.5f);
        var history = Trainer.Train(new BlobClassifier(seed: 1), sgd, Train, new TrainingOptions { Epochs = 5, Scheduler = schedule });
        Assert.Equal([0.1f, 0.1f, 0.05f, 0.05f, 0.025f], history.Select(r => r.LearningRate));
        Assert.Equal(5, schedule.LastEpoch); // stepped after the last epoch too, as a PyTorch loop does
    }

    [Fact]
    public void ReduceLROnPlateauWatchesTheValidationLossByDefault()
    {
        var adam = new Adam(BlobClassifier.ParameterCount, 0.05f);
        var history = Trainer.Train(new BlobClassifier(seed: 3), adam, TrainingData.Blobs(60, 5),
            new TrainingOptions { Epochs = 40, BatchSize = 8, Validation = Validation, Scheduler = new ReduceLROnPlateau(adam, factor: 0.5f, patience: 2) });

        // Replaying the reported validation losses through a fresh scheduler gives the rates the history shows.
        var replay = new Sgd(1, 0.05f);
        var expected = new ReduceLROnPlateau(replay, factor: 0.5f, patience: 2);
        for (int i = 0; i < history.Count; i++)
        {
            Assert.Equal(replay.LearningRate, history[i].LearningRate);
            expected.Step(history[i].ValidationLoss!.Value);
        }
        Assert.True(history[^1].LearningRate < 0.05f, "the precondition: a plateau was reached, so the wiring was exercised");
    }

    [Fact]
    public void OneCycleIsSteppedEveryBatch()
    {
        var sgd = new Sgd(BlobClassifier.ParameterCount, 0.01f);
        const int epochs = 4, batches = 10; // 300 samples in batches of 30
        var cycle = new OneCycleLR(sgd, maxLr: 0.2f, epochs: epochs, stepsPerEpoch: batches);
        var history = Trainer.Train(new BlobClassifier(seed: 1), sgd, Train, new TrainingOptions { Epochs = epochs, BatchSize = 30, Scheduler = cycle });

        Assert.Equal(epochs * batches, cycle.LastEpoch);
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            var replay = new Sgd(1, 0.01f);
            var expected = new OneCycleLR(replay, maxLr: 0.2f, epochs: epochs, stepsPerEpoch: batches);
            for (int step = 0; step < epoch * batches - 1; step++) expected.Step(); // the rate of the epoch's last batch
            Assert.Equal(replay.LearningRate, history[epoch - 1].LearningRate);
        }
    }
}
