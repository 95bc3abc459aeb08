using System;
using System.Linq;
using Xunit;

namespace NetGen.Tests.Training;

/// <summary>Progress after every batch and every epoch: samples done, loss so far, time, and the epoch's report.</summary>
public class TrainingProgressTests
{
    [Fact]
    public void EachBatchAndEachEpochIsReportedInOrder()
    {
        var data = TrainingData.Blobs(100, seed: 1); // batches of 32: 32, 64, 96, 100
        var recorder = new ProgressRecorder();
        var history = Trainer.Train(new BlobClassifier(seed: 1), new Adam(BlobClassifier.ParameterCount, 0.01f), data,
            new TrainingOptions { Epochs = 3, BatchSize = 32, Validation = TrainingData.Blobs(30, 2) }, recorder);

        Assert.Equal(3 * (4 + 1), recorder.Reports.Count);
        for (int epoch = 1; epoch <= 3; epoch++)
        {
            var reports = recorder.Reports.Skip((epoch - 1) * 5).Take(5).ToList();
            Assert.All(reports, r => Assert.True(r.Epoch == epoch && r.Epochs == 3 && r.Batches == 4 && r.SampleCount == 100));
            Assert.Equal([32, 64, 96, 100, 100], reports.Select(r => r.SamplesDone));
            Assert.Equal([1, 2, 3, 4, 4], reports.Select(r => r.Batch));
            Assert.All(reports.Take(4), r => Assert.Null(r.Report));
            Assert.Same(history[epoch - 1], reports[4].Report);
            Assert.Equal(history[epoch - 1].Loss, reports[3].Loss); // the loss so far, after the last batch, is the epoch's
            Assert.Equal(epoch == 3, reports[4].IsFinal);
        }
        Assert.True(recorder.Reports.Zip(recorder.Reports.Skip(1)).All(p => p.First.Elapsed <= p.Second.Elapsed));
        Assert.True(recorder.Reports.Zip(recorder.Reports.Skip(1)).All(p => p.First.Fraction <= p.Second.Fraction));
        Assert.Equal(1.0, recorder.Reports[^1].Fraction);
        Assert.Equal(TimeSpan.Zero, recorder.Reports[^1].Remaining);
        Assert.All(recorder.Reports, r => Assert.True(r.Remaining >= TimeSpan.Zero));
    }

    [Fact]
    public void TheLossSoFarIsTheMeanOverTheSamplesDone()
    {
        var data = TrainingData.Blobs(50, seed: 4);
        var recorder = new ProgressRecorder();
        Trainer.Train(new BlobClassifier(seed: 1), new Sgd(BlobClassifier.ParameterCount, 0f), data, // rate 0: every batch sees the same network
            new TrainingOptions { Epochs = 1, BatchSize = 20 }, recorder);
        float full = Trainer.Loss(new BlobClassifier(seed: 1), data);
        // With a frozen network the epoch's sample-weighted mean is the loss of the whole set, up to float rounding
        // of three partial means (relative 1e-6 is a few float ulps).
        Assert.Equal(full, recorder.Reports[2].Loss, full * 1e-6f);
    }
}
