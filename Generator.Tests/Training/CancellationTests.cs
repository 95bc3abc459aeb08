using System;
using System.Threading;
using Xunit;

namespace NetGen.Tests.Training;

/// <summary>A cancelled run stops between batches, with the network exactly as the last completed step left it.</summary>
public class CancellationTests
{
    private static readonly Dataset Data = TrainingData.Blobs(200, seed: 1); // 7 batches of 32 (the last of 8)

    [Fact]
    public void CancellingMidEpochStopsBeforeTheNextBatch()
    {
        var net = new BlobClassifier(seed: 1);
        var adam = new Adam(BlobClassifier.ParameterCount, 0.01f);
        using var cancellation = new CancellationTokenSource();
        float[]? afterThirdBatch = null;
        var progress = new ProgressRecorder(p =>
        {
            if (p is { Epoch: 2, Batch: 3, Report: null })
            {
                afterThirdBatch = net.Parameters.ToArray();
                cancellation.Cancel();
            }
        });

        Assert.ThrowsAny<OperationCanceledException>(() =>
            Trainer.Train(net, adam, Data, new TrainingOptions { Epochs = 5, BatchSize = 32 }, progress, cancellation.Token));

        Assert.Equal(7 + 3, adam.StepCount); // the whole first epoch and three batches of the second
        Assert.Equal(afterThirdBatch, net.Parameters.ToArray());
        Assert.Equal(2, progress.Reports[^1].Epoch);
        Assert.Equal(3, progress.Reports[^1].Batch);
    }

    [Fact]
    public void ACancelledTokenStopsBeforeTheFirstStep()
    {
        var net = new BlobClassifier(seed: 1);
        float[] before = net.Parameters.ToArray();
        var adam = new Adam(BlobClassifier.ParameterCount, 0.01f);
        Assert.ThrowsAny<OperationCanceledException>(() =>
            Trainer.Train(net, adam, Data, new TrainingOptions { Epochs = 5 }, cancellationToken: new CancellationToken(canceled: true)));
        Assert.Equal(0, adam.StepCount);
        Assert.Equal(before, net.Parameters.ToArray());
    }
}
