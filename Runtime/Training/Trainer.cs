using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;

namespace NetGen;

/// <summary>
/// The ready training loop: shuffled mini-batches from a seed, one optimizer step a batch, an evaluated report after
/// each epoch, and the history of those reports at the end. Optional: a validation set, early stopping, a
/// learning-rate schedule, gradient clipping, progress reports and cancellation (<see cref="TrainingOptions"/>).
/// </summary>
/// <remarks>
/// It checks the data and the options before the first step and allocates its buffers once; each step after that
/// allocates nothing (reports included). The same network, seed, data and options give the same parameters to the
/// bit, with or without progress reporting.
/// </remarks>
public static class Trainer
{
    /// <summary>
    /// Trains <paramref name="network"/> on <paramref name="data"/> and returns one report an epoch; the last says why
    /// training stopped. Class indices train a network with <see cref="CrossEntropyLossAttribute"/> directly; for another
    /// loss they become targets (0/1 for a network with one output, else one-hot).
    /// </summary>
    /// <param name="network">The network; its parameters are updated in place.</param>
    /// <param name="optimizer">The optimizer, constructed for the network's parameter count.</param>
    /// <param name="data">The training set.</param>
    /// <param name="options">Epochs, batch size, seed and the optional features.</param>
    /// <param name="progress">
    /// Told after every batch and every epoch, synchronously on the training thread (implement
    /// <see cref="IProgress{T}"/> to draw, log or read the network in step; <see cref="Progress{T}"/> instead posts to
    /// the captured synchronization context or the thread pool, which suits a UI).
    /// </param>
    /// <param name="cancellationToken">
    /// Checked before every batch: once cancelled, training stops with an <see cref="OperationCanceledException"/>
    /// and the network holds the parameters of the last completed step.
    /// </param>
    /// <exception cref="ArgumentException">The data or options cannot train this network (nothing has changed).</exception>
    /// <exception cref="TrainingDivergedException">A batch's loss was NaN or infinite (see <see cref="TrainingOptions.ThrowOnNonFiniteLoss"/>).</exception>
    public static IReadOnlyList<EpochReport> Train<TNetwork>(TNetwork network, IOptimizer optimizer, Dataset data, TrainingOptions options,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
        where TNetwork : ITrainableNetwork
    {
        TrainingChecks.Check(network, optimizer, data, options);
        long started = Stopwatch.GetTimestamp();
        int count = data.Count, epochs = options.Epochs;
        int batchSize = Math.Min(options.BatchSize, count); // a batch larger than the data is the whole data
        int batches = (count + batchSize - 1) / batchSize;
        Dataset? validation = options.Validation;
        int largestSet = Math.Max(count, validation?.Count ?? 0);
        var buffers = new BatchBuffers(network, batchSize, evaluationChunk: Math.Max(batchSize, Math.Min(256, largestSet)));
        bool classification = TrainingChecks.IsClassification(network, data);
        var stopper = options.EarlyStopping is { } early ? new EarlyStopper(early, network.Parameters.Length) : null;
        LRScheduler? scheduler = options.Scheduler;
        TrainingMetric schedulerMetric = TrainingChecks.SchedulerMetric(options);
        var random = new SeededRandom(options.Seed);
        int[] order = new int[count];
        for (int i = 0; i < count; i++) order[i] = i;
        var history = new List<EpochReport>();

        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            random.Shuffle(order.AsSpan());
            double lossSum = 0;
            int done = 0;
            float rate = optimizer.LearningRate;
            for (int batch = 1; batch <= batches; batch++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int rows = Math.Min(batchSize, count - done);
                float loss = buffers.ComputeGradients(network, data, order.AsSpan(done, rows), options.Threads);
                if (options.ThrowOnNonFiniteLoss && !float.IsFinite(loss))
                    throw new TrainingDivergedException(epoch, batch, batches, loss, history.AsReadOnly());
                if (options.MaxGradientNorm is float maxNorm) GradientClipping.ClipNorm(network.Gradients, maxNorm);
                if (options.GradientClipValue is float clipValue) GradientClipping.ClipValue(network.Gradients, clipValue);
                rate = optimizer.LearningRate;
                optimizer.Step(network.Parameters, network.Gradients);
                if (scheduler is { StepsEachBatch: true }) scheduler.StepForTrainer(float.NaN);
                lossSum += (double)loss * rows;
                done += rows;
                progress?.Report(new TrainingProgress
                {
                    Epoch = epoch, Epochs = epochs, Batch = batch, Batches = batches, SamplesDone = done, SampleCount = count,
                    Loss = (float)(lossSum / done), LearningRate = rate, Elapsed = Stopwatch.GetElapsedTime(started),
                    Remaining = Remaining(started, ((epoch - 1) * (double)count + done) / ((double)epochs * count)),
                });
            }

            float epochLoss = (float)(lossSum / count);
            double? accuracy = classification ? buffers.Accuracy(network, data) : null;
            float? validationLoss = validation is null ? null : buffers.Loss(network, validation);
            double? validationAccuracy = validation is not null && classification ? buffers.Accuracy(network, validation) : null;
            double monitored = stopper is null ? 0 : Value(options.EarlyStopping!.Monitor, epochLoss, accuracy, validationLoss, validationAccuracy);
            StopReason stop = stopper?.ShouldStop(epoch, monitored, network.Parameters) == true ? StopReason.EarlyStopping
                : epoch == epochs ? StopReason.EpochsCompleted : StopReason.None;
            int? restored = stop != StopReason.None ? stopper?.RestoreBest(epoch, network.Parameters) : null;
            var report = new EpochReport
            {
                Epoch = epoch, Loss = epochLoss, Accuracy = accuracy, ValidationLoss = validationLoss, ValidationAccuracy = validationAccuracy,
                LearningRate = rate, Elapsed = Stopwatch.GetElapsedTime(started), StopReason = stop, RestoredEpoch = restored,
            };
            history.Add(report);
            if (scheduler is { StepsEachBatch: false })
                scheduler.StepForTrainer((float)Value(schedulerMetric, epochLoss, accuracy, validationLoss, validationAccuracy));
            progress?.Report(new TrainingProgress
            {
                Epoch = epoch, Epochs = epochs, Batch = batches, Batches = batches, SamplesDone = count, SampleCount = count,
                Loss = epochLoss, LearningRate = rate, Elapsed = report.Elapsed,
                Remaining = stop != StopReason.None ? TimeSpan.Zero : Remaining(started, (double)epoch / epochs), Report = report,
            });
            if (stop != StopReason.None) break;
        }
        return history.AsReadOnly();
    }

    /// <summary>
    /// The mean loss of <paramref name="network"/> over <paramref name="data"/> (class indices as in <see cref="Train"/>).
    /// Overwrites <see cref="INetwork.Gradients"/>.
    /// </summary>
    public static float Loss<TNetwork>(TNetwork network, Dataset data) where TNetwork : ITrainableNetwork
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        TrainingChecks.Data(network, data, nameof(data));
        return new BatchBuffers(network, batchCapacity: 0, evaluationChunk: Math.Min(256, data.Count)).Loss(network, data);
    }

    private static double Value(TrainingMetric metric, float loss, double? accuracy, float? validationLoss, double? validationAccuracy) => metric switch
    {
        TrainingMetric.Loss => loss,
        TrainingMetric.Accuracy => accuracy ?? double.NaN,
        TrainingMetric.ValidationLoss => validationLoss ?? double.NaN,
        _ => validationAccuracy ?? double.NaN,
    };

    /// <summary>The time left at the pace so far, given the fraction of the run done.</summary>
    private static TimeSpan Remaining(long started, double fraction)
    {
        if (fraction <= 0) return TimeSpan.Zero;
        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds * (1 - fraction) / fraction;
        return TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.MaxValue.TotalSeconds / 2));
    }
}
