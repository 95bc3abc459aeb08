using System;
using System.Globalization;

namespace NetGen;

/// <summary>
/// Everything <see cref="Trainer.Train"/> can check before its first step, so that data the network cannot learn, or
/// options that cannot work, fail at once with a message that says what was expected, and change nothing.
/// </summary>
internal static class TrainingChecks
{
    public static void Check(ITrainableNetwork network, IOptimizer optimizer, Dataset data, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Epochs <= 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.Epochs, "options.Epochs: expected at least one epoch.");
        if (options.BatchSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, "options.BatchSize: expected a positive batch size.");
        if (options.Threads is < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.Threads, "options.Threads: expected at least 1 thread, or null for one pass on the calling thread.");

        Data(network, data, nameof(data));
        if (options.Validation is { } validation) Data(network, validation, "options.Validation");

        if (options.MaxGradientNorm is float maxNorm && !(maxNorm > 0f && float.IsFinite(maxNorm)))
            throw new ArgumentOutOfRangeException(nameof(options), maxNorm, "options.MaxGradientNorm: expected a finite number > 0.");
        if (options.GradientClipValue is float clipValue && !(clipValue > 0f && float.IsFinite(clipValue)))
            throw new ArgumentOutOfRangeException(nameof(options), clipValue, "options.GradientClipValue: expected a finite number > 0.");
        if (options.MaxGradientNorm is not null && options.GradientClipValue is not null)
            throw new ArgumentException("options: expected MaxGradientNorm or GradientClipValue, not both (clip by norm or by value).", nameof(options));

        // BatchNorm1d refuses a batch of one in training, as PyTorch's: say so now rather than at the end of the first epoch.
        int batchSize = Math.Min(options.BatchSize, data.Count);
        if (HasBatchNorm(network) && (batchSize == 1 || data.Count % batchSize == 1))
            throw new ArgumentException($"options.BatchSize: {data.Count} samples in batches of {batchSize} leave a batch of one sample, which " +
                                        "BatchNorm1d cannot normalise in training (as PyTorch refuses it); expected a batch size that leaves none.", nameof(options));

        bool classification = IsClassification(network, data);
        if (options.EarlyStopping is { } early) Metric(early.Monitor, "options.EarlyStopping.Monitor", options, classification);
        if (options.Scheduler is { } scheduler) Scheduler(scheduler, optimizer, data, options, classification);
    }

    /// <summary>Whether epochs report an accuracy: class indices, or a loss whose outputs are class scores.</summary>
    public static bool IsClassification(INetwork network, Dataset data) =>
        data.HasLabels || network.Loss is CrossEntropyLossAttribute or NLLLossAttribute || network.Loss is BCELossAttribute && network.OutputSize == 1;

    private static bool HasBatchNorm(INetwork network)
    {
        foreach (LayerAttribute layer in network.Layers)
            if (layer is BatchNorm1dAttribute) return true;
        return false;
    }

    /// <summary>The metric ReduceLROnPlateau watches when the options do not name one.</summary>
    public static TrainingMetric SchedulerMetric(TrainingOptions options) =>
        options.SchedulerMetric ?? (options.Validation is null ? TrainingMetric.Loss : TrainingMetric.ValidationLoss);

    /// <summary>Checks that <paramref name="data"/> fits the network and holds targets its loss can learn.</summary>
    public static void Data(ITrainableNetwork network, Dataset data, string name)
    {
        if (data.FeatureCount != network.InputSize)
            throw new ArgumentException($"{name} has {data.FeatureCount} features a sample; expected the network's InputSize ({network.InputSize}).", name);
        if (data.Count == 0) throw new ArgumentException($"{name} holds no samples; expected at least one.", name);
        ReadOnlySpan<float> features = data.Features;
        for (int i = 0; i < features.Length; i++)
            if (!float.IsFinite(features[i]))
                throw new ArgumentException($"{name}: sample {i / data.FeatureCount}, feature {i % data.FeatureCount} is {Text(features[i])}; " +
                                            "expected finite numbers (one NaN or infinity makes every loss NaN).", name);
        if (data.HasLabels) Labels(network, data, name);
        else Targets(network, data, name);
    }

    private static void Labels(ITrainableNetwork network, Dataset data, string name)
    {
        int outputs = network.OutputSize;
        ReadOnlySpan<int> labels = data.Labels;
        for (int i = 0; i < labels.Length; i++)
        {
            int label = labels[i];
            if (outputs == 1 && network is not IClassifierNetwork)
            {
                if (label > 1) // one output learns a 0/1 target
                    throw new ArgumentException($"{name}: sample {i} has class {label}, but a network with one output learns two classes " +
                                                $"(targets 0 and 1); expected class indices 0 or 1. For {data.TargetSize} classes, declare " +
                                                $"{data.TargetSize} outputs with Softmax and CrossEntropyLoss.", name);
            }
            else if (label >= outputs)
                throw new ArgumentException($"{name}: sample {i} has class {label}, but the network has {outputs} outputs; " +
                                            $"expected class indices in [0, {outputs - 1}].", name);
        }
    }

    private static void Targets(ITrainableNetwork network, Dataset data, string name)
    {
        if (data.TargetSize != network.OutputSize)
            throw new ArgumentException($"{name} has {data.TargetSize} targets a sample; expected the network's OutputSize ({network.OutputSize}).", name);
        bool probabilities = network.Loss is BCELossAttribute;
        ReadOnlySpan<float> targets = data.Targets;
        for (int i = 0; i < targets.Length; i++)
        {
            float target = targets[i];
            if (!float.IsFinite(target))
                throw new ArgumentException($"{name}: sample {i / data.TargetSize}, target {i % data.TargetSize} is {Text(target)}; expected finite numbers.", name);
            if (probabilities && target is < 0f or > 1f)
                throw new ArgumentException($"{name}: sample {i / data.TargetSize}, target {i % data.TargetSize} is {Text(target)}; " +
                                            "BCELoss expects targets in [0, 1] (probabilities).", name);
        }
    }

    /// <summary>Checks that an epoch will measure <paramref name="metric"/>.</summary>
    private static void Metric(TrainingMetric metric, string what, TrainingOptions options, bool classification)
    {
        if (metric is TrainingMetric.ValidationLoss or TrainingMetric.ValidationAccuracy && options.Validation is null)
            throw new ArgumentException($"{what} is {metric}; expected options.Validation to hold a validation set.", nameof(options));
        if (metric is TrainingMetric.Accuracy or TrainingMetric.ValidationAccuracy && !classification)
            throw new ArgumentException($"{what} is {metric}, but this network and data measure no accuracy (they are not a " +
                                        "classification); expected a loss metric.", nameof(options));
    }

    private static void Scheduler(LRScheduler scheduler, IOptimizer optimizer, Dataset data, TrainingOptions options, bool classification)
    {
        if (!ReferenceEquals(scheduler.Optimizer, optimizer))
            throw new ArgumentException("options.Scheduler was constructed on another optimizer; expected the one given to Train.", nameof(options));
        if (scheduler is OneCycleLR cycle)
        {
            long batches = (data.Count + (long)Math.Min(options.BatchSize, data.Count) - 1) / Math.Min(options.BatchSize, data.Count);
            long steps = batches * options.Epochs;
            if (cycle.LastEpoch + steps > cycle.TotalSteps)
                throw new ArgumentException($"options.Scheduler is a OneCycleLR of totalSteps {cycle.TotalSteps} (stepped {cycle.LastEpoch} times); " +
                                            $"this training takes {steps} steps ({options.Epochs} epochs × {batches} batches).", nameof(options));
        }
        if (scheduler is ReduceLROnPlateau plateau)
        {
            TrainingMetric metric = SchedulerMetric(options);
            Metric(metric, "options.SchedulerMetric", options, classification);
            string expectedMode = metric is TrainingMetric.Loss or TrainingMetric.ValidationLoss ? "min" : "max";
            if (plateau.Mode != expectedMode)
                throw new ArgumentException($"options.Scheduler is a ReduceLROnPlateau in mode '{plateau.Mode}' watching {metric}; " +
                                            $"expected mode '{expectedMode}' for it.", nameof(options));
        }
    }

    /// <summary>A value as C# and PyTorch users write it, whatever the machine's culture.</summary>
    private static string Text(float value) => value.ToString(CultureInfo.InvariantCulture);
}
