using System;
using System.Collections.Generic;
using Xunit;

namespace NetGen.Tests.Training;

/// <summary>
/// Early stopping against a run without it: the run it stops must be the same run, cut where the rule (patience,
/// minimum improvement, the metric's direction) says, with the best epoch's parameters restored when asked.
/// A small noisy training set and a separate validation set make the network overfit, so the validation loss turns.
/// </summary>
public class EarlyStoppingTests
{
    private const int Epochs = 60;
    private static readonly Dataset Train = TrainingData.Blobs(30, seed: 11), Validation = TrainingData.Blobs(300, seed: 12);

    public static TheoryData<TrainingMetric, int, float> Rules => new()
    {
        { TrainingMetric.ValidationLoss, 5, 0f },
        { TrainingMetric.ValidationLoss, 2, 0.01f },
        { TrainingMetric.ValidationAccuracy, 4, 0f },
        { TrainingMetric.Loss, 0, 0.05f },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void StopsWhereTheRuleSaysAndRestoresTheBestEpoch(TrainingMetric monitor, int patience, float minDelta)
    {
        var (fullHistory, parametersAfter) = RunWithoutEarlyStopping();
        var (expectedStop, bestEpoch) = ApplyRule(fullHistory, monitor, patience, minDelta);
        Assert.True(expectedStop < Epochs, "the precondition: this rule stops the reference run early");
        Assert.True(bestEpoch < expectedStop, "the precondition: the best epoch is not the last, so restoring changes something");

        var net = new BlobClassifier(seed: 1);
        var history = Trainer.Train(net, new Adam(BlobClassifier.ParameterCount, 0.05f), Train, Options(new EarlyStopping
        {
            Monitor = monitor, Patience = patience, MinDelta = minDelta, RestoreBestParameters = true,
        }));

        Assert.Equal(expectedStop, history.Count);
        for (int i = 0; i < history.Count; i++) // the same run, bit for bit, up to where it stopped
            Assert.Equal(fullHistory[i] with { Elapsed = default, StopReason = default }, history[i] with { Elapsed = default, StopReason = default, RestoredEpoch = null });
        Assert.Equal(StopReason.EarlyStopping, history[^1].StopReason);
        Assert.Equal(bestEpoch, history[^1].RestoredEpoch);
        Assert.Equal(parametersAfter[bestEpoch - 1], net.Parameters.ToArray());
    }

    [Fact]
    public void WithoutRestoringTheNetworkEndsAsTheLastEpochLeftIt()
    {
        var (fullHistory, parametersAfter) = RunWithoutEarlyStopping();
        var net = new BlobClassifier(seed: 1);
        var history = Trainer.Train(net, new Adam(BlobClassifier.ParameterCount, 0.05f), Train, Options(new EarlyStopping { Patience = 5 }));
        Assert.Equal(ApplyRule(fullHistory, TrainingMetric.ValidationLoss, 5, 0).Stop, history.Count);
        Assert.Null(history[^1].RestoredEpoch);
        Assert.Equal(parametersAfter[history.Count - 1], net.Parameters.ToArray());
    }

    [Fact]
    public void RestoringAppliesAlsoWhenEveryEpochRan()
    {
        var (fullHistory, parametersAfter) = RunWithoutEarlyStopping();
        var net = new BlobClassifier(seed: 1);
        var history = Trainer.Train(net, new Adam(BlobClassifier.ParameterCount, 0.05f), Train,
            Options(new EarlyStopping { Patience = Epochs, RestoreBestParameters = true }));
        int best = ApplyRule(fullHistory, TrainingMetric.ValidationLoss, Epochs, 0).Best;
        Assert.Equal(StopReason.EpochsCompleted, history[^1].StopReason);
        Assert.Equal(best, history[^1].RestoredEpoch);
        Assert.Equal(parametersAfter[best - 1], net.Parameters.ToArray());
    }

    [Fact]
    public void SettingsOutsideTheirRangeAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStopping { Patience = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStopping { MinDelta = float.NaN });
        Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStopping { MinDelta = -0.1f });
    }

    private static TrainingOptions Options(EarlyStopping? early) =>
        new() { Epochs = Epochs, BatchSize = 8, Seed = 4, Validation = Validation, EarlyStopping = early };

    /// <summary>The reference: every epoch, with the parameters after each.</summary>
    private static (IReadOnlyList<EpochReport> History, List<float[]> ParametersAfter) RunWithoutEarlyStopping()
    {
        var net = new BlobClassifier(seed: 1);
        var parametersAfter = new List<float[]>();
        var history = Trainer.Train(net, new Adam(BlobClassifier.ParameterCount, 0.05f), Train, Options(null),
            new ProgressRecorder(p => { if (p.Report is not null) parametersAfter.Add(net.Parameters.ToArray()); }));
        return (history, parametersAfter);
    }

    /// <summary>Keras's and Lightning's rule, written out independently of the trainer.</summary>
    private static (int Stop, int Best) ApplyRule(IReadOnlyList<EpochReport> history, TrainingMetric monitor, int patience, float minDelta)
    {
        bool higherIsBetter = monitor is TrainingMetric.Accuracy or TrainingMetric.ValidationAccuracy;
        double best = higherIsBetter ? double.NegativeInfinity : double.PositiveInfinity;
        int bestEpoch = 0, wait = 0;
        foreach (EpochReport report in history)
        {
            double value = monitor switch
            {
                TrainingMetric.Loss => report.Loss,
                TrainingMetric.Accuracy => report.Accuracy!.Value,
                TrainingMetric.ValidationLoss => report.ValidationLoss!.Value,
                _ => report.ValidationAccuracy!.Value,
            };
            if (higherIsBetter ? value > best + minDelta : value < best - minDelta)
            {
                (best, bestEpoch, wait) = (value, report.Epoch, 0);
                continue;
            }
            if (++wait >= patience) return (report.Epoch, bestEpoch);
        }
        return (history.Count, bestEpoch);
    }
}
