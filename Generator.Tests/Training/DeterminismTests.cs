using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace NetGen.Tests.Training;

/// <summary>
/// The same network seed, data and options give the same parameters and history, to the bit, whatever else is on:
/// progress reporting, a schedule, early stopping, clipping. And the documented loop is the whole story: a hand-written
/// loop with the same shuffles and steps lands on the same bits.
/// </summary>
public class DeterminismTests
{
    private static readonly Dataset Train = TrainingData.Blobs(120, seed: 1), Validation = TrainingData.Blobs(60, seed: 2);

    private static (float[] Parameters, IReadOnlyList<EpochReport> History) Run(bool withProgress)
    {
        var net = new BlobClassifier(seed: 3);
        var adam = new Adam(BlobClassifier.ParameterCount, 0.05f);
        var options = new TrainingOptions
        {
            Epochs = 30, BatchSize = 16, Seed = 5, Validation = Validation, MaxGradientNorm = 0.5f,
            Scheduler = new CosineAnnealingLR(adam, tMax: 10),
            EarlyStopping = new EarlyStopping { Patience = 4, RestoreBestParameters = true },
        };
        var history = Trainer.Train(net, adam, Train, options, withProgress ? new ProgressRecorder() : null);
        return (net.Parameters.ToArray(), history.Select(r => r with { Elapsed = default }).ToList());
    }

    [Fact]
    public void TheSameRunTwiceGivesTheSameBits()
    {
        var first = Run(withProgress: false);
        var second = Run(withProgress: false);
        Assert.Equal(first.Parameters, second.Parameters);
        Assert.Equal(first.History, second.History);
    }

    [Fact]
    public void ProgressReportingChangesNothing()
    {
        var without = Run(withProgress: false);
        var with = Run(withProgress: true);
        Assert.Equal(without.Parameters, with.Parameters);
        Assert.Equal(without.History, with.History);
    }

    [Fact]
    public void TrainMatchesAHandWrittenLoopWithClipping()
    {
        const int epochs = 3, batchSize = 16, seed = 5;
        var trained = new BlobClassifier(seed: 3);
        Trainer.Train(trained, new Sgd(BlobClassifier.ParameterCount, 0.1f, momentum: 0.9f), Train,
            new TrainingOptions { Epochs = epochs, BatchSize = batchSize, Seed = seed, GradientClipValue = 0.05f });

        var net = new BlobClassifier(seed: 3);
        var sgd = new Sgd(BlobClassifier.ParameterCount, 0.1f, momentum: 0.9f);
        var random = new SeededRandom(seed);
        int[] order = Enumerable.Range(0, Train.Count).ToArray();
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            random.Shuffle<int>(order);
            foreach (int[] rows in order.Chunk(batchSize))
            {
                float[] inputs = rows.SelectMany(r => Train.FeaturesOf(r).ToArray()).ToArray();
                int[] labels = rows.Select(r => Train.Labels[r]).ToArray();
                net.ComputeGradients(inputs, labels);
                GradientClipping.ClipValue(net.Gradients, 0.05f);
                sgd.Step(net.Parameters, net.Gradients);
            }
        }
        Assert.Equal(net.Parameters.ToArray(), trained.Parameters.ToArray());

        var unclipped = new BlobClassifier(seed: 3);
        Trainer.Train(unclipped, new Sgd(BlobClassifier.ParameterCount, 0.1f, momentum: 0.9f), Train,
            new TrainingOptions { Epochs = epochs, BatchSize = batchSize, Seed = seed });
        Assert.NotEqual(unclipped.Parameters.ToArray(), trained.Parameters.ToArray()); // the clipping did something
    }
}
