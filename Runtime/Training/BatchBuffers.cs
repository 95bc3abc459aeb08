using System;

namespace NetGen;

/// <summary>
/// The trainer's working memory, allocated once before the first step: gathers the shuffled rows of a batch into
/// contiguous buffers, in the form the network's loss takes, and evaluates a whole set in chunks. Sized by the data,
/// never by a batch size larger than the data.
/// </summary>
internal sealed class BatchBuffers
{
    private readonly int _features;
    private readonly int _outputs;
    private readonly bool _networkTakesLabels;
    private readonly float[] _inputBuffer;
    private readonly float[] _targetBuffer;
    private readonly float[] _outputBuffer;
    private readonly int[] _labelBuffer;

    /// <param name="network">The network the batches are for.</param>
    /// <param name="batchCapacity">The most rows a training batch holds (≤ the training set's size).</param>
    /// <param name="evaluationChunk">The rows evaluated at once (≥ <paramref name="batchCapacity"/>, ≤ the largest set's size).</param>
    public BatchBuffers(ITrainableNetwork network, int batchCapacity, int evaluationChunk)
    {
        _features = network.InputSize;
        _outputs = network.OutputSize;
        _networkTakesLabels = network is IClassifierNetwork;
        EvaluationChunk = evaluationChunk;
        _inputBuffer = new float[batchCapacity * _features];
        _labelBuffer = new int[batchCapacity];
        _targetBuffer = new float[evaluationChunk * _outputs];
        _outputBuffer = new float[evaluationChunk * _outputs];
    }

    /// <summary>The rows evaluated at once.</summary>
    public int EvaluationChunk { get; }

    /// <summary>
    /// Sets the network's gradients to those of the mean loss over the given rows, and returns that loss; on
    /// <paramref name="threads"/> threads when it is set.
    /// </summary>
    public float ComputeGradients<TNetwork>(TNetwork network, Dataset data, ReadOnlySpan<int> rows, int? threads = null) where TNetwork : ITrainableNetwork
    {
        Span<float> inputs = _inputBuffer.AsSpan(0, rows.Length * _features);
        for (int i = 0; i < rows.Length; i++) data.FeaturesOf(rows[i]).CopyTo(inputs.Slice(i * _features, _features));
        if (data.HasLabels && _networkTakesLabels)
        {
            Span<int> labels = _labelBuffer.AsSpan(0, rows.Length);
            for (int i = 0; i < rows.Length; i++) labels[i] = data.Labels[rows[i]];
            var classifier = (IClassifierNetwork)network;
            return threads is { } count ? classifier.ComputeGradients(inputs, labels, count) : classifier.ComputeGradients(inputs, labels);
        }
        Span<float> targets = _targetBuffer.AsSpan(0, rows.Length * _outputs);
        for (int i = 0; i < rows.Length; i++) WriteTarget(data, rows[i], targets.Slice(i * _outputs, _outputs));
        return threads is { } n ? network.ComputeGradients(inputs, targets, n) : network.ComputeGradients(inputs, targets);
    }

    /// <summary>
    /// The mean loss over all of <paramref name="data"/>, chunk by chunk. Overwrites the network's gradients; a network
    /// with Dropout or BatchNorm1d is evaluated instead (<see cref="Compute.IEvaluatingNetwork"/>: no mask drawn, no
    /// running statistic moved).
    /// </summary>
    public float Loss<TNetwork>(TNetwork network, Dataset data) where TNetwork : ITrainableNetwork
    {
        var evaluating = network as Compute.IEvaluatingNetwork;
        double sum = 0;
        for (int start = 0; start < data.Count; start += EvaluationChunk)
        {
            int count = Math.Min(EvaluationChunk, data.Count - start);
            ReadOnlySpan<float> inputs = data.Features.Slice(start * _features, count * _features);
            float loss;
            if (data.HasLabels && _networkTakesLabels)
            {
                ReadOnlySpan<int> labels = data.Labels.Slice(start, count);
                loss = evaluating?.EvaluationLoss(inputs, labels) ?? ((IClassifierNetwork)network).ComputeGradients(inputs, labels);
            }
            else
            {
                ReadOnlySpan<float> targets = data.HasLabels ? _targetBuffer.AsSpan(0, count * _outputs) : data.Targets.Slice(start * _outputs, count * _outputs);
                if (data.HasLabels)
                    for (int i = 0; i < count; i++) WriteTarget(data, start + i, _targetBuffer.AsSpan(i * _outputs, _outputs));
                loss = evaluating?.EvaluationLoss(inputs, targets) ?? network.ComputeGradients(inputs, targets);
            }
            sum += (double)loss * count;
        }
        return (float)(sum / data.Count);
    }

    /// <summary>
    /// The fraction of <paramref name="data"/> classified correctly, as <see cref="Metrics.Accuracy"/> counts it (the
    /// largest output, or output &gt; 0.5 for one output), from batched forward passes. An output with a NaN is wrong.
    /// </summary>
    public double Accuracy(INetwork network, Dataset data)
    {
        int correct = 0;
        for (int start = 0; start < data.Count; start += EvaluationChunk)
        {
            int count = Math.Min(EvaluationChunk, data.Count - start);
            Span<float> outputs = _outputBuffer.AsSpan(0, count * _outputs);
            network.ForwardBatch(data.Features.Slice(start * _features, count * _features), outputs);
            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<float> output = outputs.Slice(i * _outputs, _outputs);
                int expected = data.HasLabels
                    ? data.Labels[start + i]
                    : Metrics.ArgMaxOrThreshold(data.Targets.Slice((start + i) * _outputs, _outputs));
                if (HasNaN(output)) continue;
                if (Metrics.ArgMaxOrThreshold(output) == expected) correct++;
            }
        }
        return (double)correct / data.Count;
    }

    /// <summary>A class index as the targets a non-classifier loss takes: 0/1 for one output, else one-hot.</summary>
    private void WriteTarget(Dataset data, int row, Span<float> target)
    {
        if (!data.HasLabels) data.Targets.Slice(row * _outputs, _outputs).CopyTo(target);
        else if (_outputs == 1) target[0] = data.Labels[row];
        else
        {
            target.Clear();
            target[data.Labels[row]] = 1f;
        }
    }

    private static bool HasNaN(ReadOnlySpan<float> values)
    {
        foreach (float value in values)
            if (float.IsNaN(value)) return true;
        return false;
    }
}
