using System;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Tests.Training;

/// <summary>
/// Once training has started, a step allocates nothing: gathering the batch, the loss and gradients, clipping, the
/// optimizer, a per-batch schedule, cancellation checks and the progress report itself. Measured from inside the
/// progress callback, between a batch early in an epoch and one late in it: hundreds of steps in between.
/// </summary>
public class TrainingAllocationTests(ITestOutputHelper output)
{
    [Fact]
    public void StepsAllocateNothingWithEveryOptionOn()
    {
        var data = TrainingData.Blobs(4000, seed: 1); // 500 batches of 8 an epoch
        long early = 0, late = 0, nextEpochEarly = 0;
        // Up to three runs, the first clean one counting: another thread's collection can add one allocation quantum
        // to this thread's count (Infrastructure/Allocations); an allocation a step would show in every run.
        for (int attempt = 0; attempt < 3 && (attempt == 0 || late - early != 0); attempt++)
        {
            var net = new BlobClassifier(seed: 1);
            var adam = new Adam(BlobClassifier.ParameterCount, 0.001f);
            var progress = new ProgressCallback(p =>
            {
                if (p.Report is not null) return;
                if (p.Epoch == 2 && p.Batch == 10) early = GC.GetAllocatedBytesForCurrentThread();
                if (p.Epoch == 2 && p.Batch == 490) late = GC.GetAllocatedBytesForCurrentThread();
                if (p.Epoch == 3 && p.Batch == 10) nextEpochEarly = GC.GetAllocatedBytesForCurrentThread();
            });
            using var cancellation = new System.Threading.CancellationTokenSource();

            Trainer.Train(net, adam, data, new TrainingOptions
            {
                Epochs = 3, BatchSize = 8, Validation = TrainingData.Blobs(500, 2), MaxGradientNorm = 1f,
                Scheduler = new OneCycleLR(adam, maxLr: 0.01f, epochs: 3, stepsPerEpoch: 500),
                EarlyStopping = new EarlyStopping { Patience = 10, RestoreBestParameters = true },
            }, progress, cancellation.Token);
        }

        output.WriteLine($"480 steps: {late - early} bytes; across an epoch's end: {nextEpochEarly - late} bytes");
        Assert.True(early > 0 && late > 0 && nextEpochEarly > 0, "the precondition: every measurement was taken");
        Assert.Equal(0, late - early); // 480 steps
        // From one epoch to the next: the epoch's report and its place in the history, nothing a step.
        Assert.True(nextEpochEarly - late < 1024, $"{nextEpochEarly - late} bytes over an epoch's end");
    }
}
