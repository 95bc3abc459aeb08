using System;

namespace NetGen;

/// <summary>How <see cref="Trainer.Train"/> runs: epochs, mini-batch size and the seed of the shuffles.</summary>
public sealed record TrainingOptions
{
    /// <summary>Passes over the training set.</summary>
    public int Epochs { get; init; } = 100;

    /// <summary>Samples a step; the last batch of an epoch may be smaller.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Seeds the order of the samples in each epoch, so that a run can be repeated bit for bit.</summary>
    public int Seed { get; init; }

    /// <summary>Held-out samples to evaluate after each epoch (not trained on).</summary>
    public Dataset? Validation { get; init; }
}

/// <summary>What one epoch achieved.</summary>
/// <param name="Epoch">1 for the first epoch.</param>
/// <param name="Loss">The mean training loss over the epoch's batches (weighted by batch size).</param>
/// <param name="Accuracy">Training accuracy, for a classification set; otherwise null.</param>
/// <param name="ValidationLoss">The loss on <see cref="TrainingOptions.Validation"/>, if any.</param>
/// <param name="ValidationAccuracy">The accuracy on <see cref="TrainingOptions.Validation"/>, for a classification set.</param>
public sealed record EpochReport(int Epoch, float Loss, double? Accuracy, float? ValidationLoss, double? ValidationAccuracy);

/// <summary>
/// The ready training loop: shuffled mini-batches from a seed, one optimizer step a batch, a report after each epoch.
/// It allocates its batch buffers once, before the first epoch.
/// </summary>
public static class Trainer
{
    /// <summary>
    /// Trains <paramref name="network"/> on <paramref name="data"/>. Class indices train a network with
    /// <see cref="CrossEntropyLossAttribute"/> directly; for another loss they become targets (one-hot, or 0/1 for a
    /// network with one output). Returns the last epoch's report.
    /// </summary>
    public static EpochReport Train<TNetwork>(TNetwork network, IOptimizer optimizer, Dataset data, TrainingOptions options, Action<EpochReport>? onEpoch = null)
        where TNetwork : ITrainableNetwork
    {
        if (data.FeatureCount != network.InputSize)
            throw new ArgumentException($"data has {data.FeatureCount} features a sample; expected the network's InputSize ({network.InputSize}).", nameof(data));
        if (options.Epochs <= 0 || options.BatchSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(options), "Expected at least one epoch and a positive batch size.");
        if (data.Count == 0) throw new ArgumentException("data holds no samples.", nameof(data));

        var batches = new BatchSource(data, network.OutputSize, network is IClassifierNetwork, options.BatchSize);
        var random = new SeededRandom(options.Seed);
        int[] order = new int[data.Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;

        EpochReport report = null!;
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            random.Shuffle(order.AsSpan());
            double lossSum = 0;
            for (int start = 0; start < order.Length; start += options.BatchSize)
            {
                int count = Math.Min(options.BatchSize, order.Length - start);
                float loss = batches.ComputeGradients(network, order.AsSpan(start, count));
                optimizer.Step(network.Parameters, network.Gradients);
                lossSum += (double)loss * count;
            }
            report = Evaluate(network, data, options.Validation, epoch, (float)(lossSum / order.Length));
            onEpoch?.Invoke(report);
        }
        return report;
    }

    /// <summary>The mean loss of <paramref name="network"/> over <paramref name="data"/>, in one batch. Overwrites Gradients.</summary>
    public static float Loss<TNetwork>(TNetwork network, Dataset data) where TNetwork : ITrainableNetwork
    {
        var batches = new BatchSource(data, network.OutputSize, network is IClassifierNetwork, data.Count);
        int[] all = new int[data.Count];
        for (int i = 0; i < all.Length; i++) all[i] = i;
        return batches.ComputeGradients(network, all);
    }

    private static EpochReport Evaluate<TNetwork>(TNetwork network, Dataset train, Dataset? validation, int epoch, float loss)
        where TNetwork : ITrainableNetwork
    {
        bool classification = train.HasLabels || network.OutputSize == 1 && train.TargetSize == 1;
        double? accuracy = classification ? Metrics.Accuracy(network, train) : null;
        if (validation is null) return new EpochReport(epoch, loss, accuracy, null, null);
        float validationLoss = Loss(network, validation);
        double? validationAccuracy = classification ? Metrics.Accuracy(network, validation) : null;
        return new EpochReport(epoch, loss, accuracy, validationLoss, validationAccuracy);
    }

    /// <summary>Gathers the rows of a batch into contiguous buffers, in the form the network's loss takes.</summary>
    private sealed class BatchSource
    {
        private readonly Dataset _data;
        private readonly int _outputSize;
        private readonly bool _useLabels;
        private readonly float[] _inputs;
        private readonly float[] _targets;
        private readonly int[] _labels;

        public BatchSource(Dataset data, int outputSize, bool networkTakesLabels, int batchSize)
        {
            _data = data;
            _outputSize = outputSize;
            _useLabels = data.HasLabels && networkTakesLabels;
            if (!data.HasLabels && data.TargetSize != outputSize)
                throw new ArgumentException($"data has {data.TargetSize} targets a sample; expected the network's OutputSize ({outputSize}).", nameof(data));
            if (data.HasLabels && !networkTakesLabels && outputSize != 1 && outputSize != data.TargetSize)
                throw new ArgumentException($"data has {data.TargetSize} classes; the network has {outputSize} outputs.", nameof(data));
            _inputs = new float[batchSize * data.FeatureCount];
            _targets = new float[batchSize * outputSize];
            _labels = new int[batchSize];
        }

        public float ComputeGradients<TNetwork>(TNetwork network, ReadOnlySpan<int> rows) where TNetwork : ITrainableNetwork
        {
            int features = _data.FeatureCount;
            Span<float> inputs = _inputs.AsSpan(0, rows.Length * features);
            for (int i = 0; i < rows.Length; i++) _data.FeaturesOf(rows[i]).CopyTo(inputs.Slice(i * features, features));
            if (_useLabels)
            {
                Span<int> labels = _labels.AsSpan(0, rows.Length);
                for (int i = 0; i < rows.Length; i++) labels[i] = _data.Labels[rows[i]];
                return ((IClassifierNetwork)network).ComputeGradients(inputs, labels);
            }
            Span<float> targets = _targets.AsSpan(0, rows.Length * _outputSize);
            for (int i = 0; i < rows.Length; i++)
            {
                Span<float> row = targets.Slice(i * _outputSize, _outputSize);
                if (!_data.HasLabels) _data.Targets.Slice(rows[i] * _outputSize, _outputSize).CopyTo(row);
                else if (_outputSize == 1) row[0] = _data.Labels[rows[i]];
                else
                {
                    row.Clear();
                    row[_data.Labels[rows[i]]] = 1f;
                }
            }
            return network.ComputeGradients(inputs, targets);
        }
    }
}
