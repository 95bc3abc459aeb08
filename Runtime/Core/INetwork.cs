using System;
using System.Collections.Generic;

namespace NetGen;

/// <summary>
/// What every generated network offers, for code that works with any of them (the <see cref="Trainer"/>, weight
/// files, benchmarks). The generated class has the same members as constants and public methods.
/// </summary>
public interface INetwork
{
    /// <summary>The number of inputs of one sample.</summary>
    int InputSize { get; }

    /// <summary>The number of outputs of one sample.</summary>
    int OutputSize { get; }

    /// <summary>All parameters in one flat buffer, in PyTorch <c>state_dict</c> order.</summary>
    Span<float> Parameters { get; }

    /// <summary>dLoss/dParameters, laid out as <see cref="Parameters"/>.</summary>
    Span<float> Gradients { get; }

    /// <summary>The named tensors of <see cref="Parameters"/>.</summary>
    IReadOnlyList<ParameterTensor> ParameterLayout { get; }

    /// <summary>
    /// The network's buffers: state saved with the parameters but not trained by gradients — BatchNorm1d's
    /// <c>running_mean</c>, <c>running_var</c> and <c>num_batches_tracked</c> — in one flat buffer, in <c>state_dict</c>
    /// order; empty for a network without them. Training (<c>ComputeGradients</c>) updates them; the weight files save
    /// and load them with the parameters.
    /// </summary>
    Span<float> Buffers => Span<float>.Empty;

    /// <summary>The named tensors of <see cref="Buffers"/> (their names are the <c>state_dict</c>'s, as the parameters').</summary>
    IReadOnlyList<ParameterTensor> BufferLayout => Array.Empty<ParameterTensor>();

    /// <summary>The layers as declared, in order: the attribute objects with their arguments (for exporters).</summary>
    IReadOnlyList<LayerAttribute> Layers { get; }

    /// <summary>The loss the network was declared with, or null.</summary>
    LossAttribute? Loss { get; }

    /// <summary>
    /// Computes the outputs of one sample. Allocation-free, and safe to call from many threads at once on one instance:
    /// it reads the parameters and writes only <paramref name="output"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="input"/> is not InputSize values, or <paramref name="output"/> not OutputSize.</exception>
    void Forward(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>
    /// Computes the outputs of a batch: <paramref name="inputs"/> holds batch × InputSize values (one row a sample),
    /// <paramref name="outputs"/> receives batch × OutputSize. Samples go through in tiles of 32, each register holding
    /// one feature of several samples. Allocation-free and safe to call from many threads at once, as Forward.
    /// </summary>
    /// <exception cref="ArgumentException">The batch is empty or not whole, or <paramref name="outputs"/> does not match it.</exception>
    void ForwardBatch(ReadOnlySpan<float> inputs, Span<float> outputs);

    /// <summary>
    /// Back-propagates one sample: adds dLoss/dParameters into <see cref="Gradients"/> given dLoss/dOutput, and writes
    /// dLoss/dInput unless <paramref name="inputGradient"/> is empty (the output is what Forward returns). Allocation-free;
    /// it adds to the one gradient buffer, so calls on one instance must not overlap.
    /// </summary>
    /// <exception cref="ArgumentException">A span's length is not InputSize or OutputSize.</exception>
    /// <exception cref="InvalidOperationException">Another thread is in ComputeGradients or Backward on this instance.</exception>
    void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient);
}

/// <summary>A network declared with a loss attribute: it computes the mean loss of a batch and its gradient.</summary>
public interface ITrainableNetwork : INetwork
{
    /// <summary>
    /// Sets <see cref="INetwork.Gradients"/> to the gradient of the declared loss's mean over the batch (PyTorch's
    /// <c>reduction='mean'</c>) and returns that loss. batch = inputs.Length / InputSize; targets are OutputSize values a
    /// sample (for a cross-entropy, class probabilities: one-hot or soft). Allocation-free; it writes the one gradient
    /// buffer, so calls on one instance must not overlap.
    /// </summary>
    /// <exception cref="ArgumentException">The batch is empty or not whole, or the targets do not match it.</exception>
    /// <exception cref="InvalidOperationException">Another thread is in ComputeGradients or Backward on this instance.</exception>
    float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets);

    /// <summary>
    /// As <see cref="ComputeGradients(ReadOnlySpan{float}, ReadOnlySpan{float})"/> on up to <paramref name="threads"/>
    /// threads, with the same bits for every thread count: the batch is cut into shards fixed by its size (128 samples
    /// or more each, at most 16), and their gradients are summed in shard order. The sum of the shards can differ from
    /// the one-pass overload's in the last place.
    /// </summary>
    float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int threads);
}

/// <summary>A network declared with <see cref="CrossEntropyLossAttribute"/>: it also trains on class indices.</summary>
public interface IClassifierNetwork : ITrainableNetwork
{
    /// <summary>As <see cref="ITrainableNetwork.ComputeGradients(ReadOnlySpan{float}, ReadOnlySpan{float})"/>, with one class index a sample.</summary>
    /// <exception cref="ArgumentException">The batch is empty or not whole, or the labels do not match it.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A class index is not in [0, OutputSize).</exception>
    /// <exception cref="InvalidOperationException">Another thread is in ComputeGradients or Backward on this instance.</exception>
    float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels);

    /// <summary>As <see cref="ComputeGradients(ReadOnlySpan{float}, ReadOnlySpan{int})"/> on up to <paramref name="threads"/> threads, the same bits for every count.</summary>
    float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels, int threads);
}
