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

    /// <summary>The layers as declared, in order: the attribute objects with their arguments (for exporters).</summary>
    IReadOnlyList<LayerAttribute> Layers { get; }

    /// <summary>The loss the network was declared with, or null.</summary>
    LossAttribute? Loss { get; }

    /// <summary>Computes the outputs of one sample; allocation-free and safe to call from many threads at once.</summary>
    void Forward(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>
    /// Computes the outputs of a batch (batch × InputSize in, batch × OutputSize out, one row a sample); networks with
    /// wide layers run it in tiles of samples so that each weight loaded serves several.
    /// </summary>
    void ForwardBatch(ReadOnlySpan<float> inputs, Span<float> outputs);

    /// <summary>
    /// Adds dLoss/dParameters for one sample into <see cref="Gradients"/>, given dLoss/dOutput, and writes
    /// dLoss/dInput unless <paramref name="inputGradient"/> is empty.
    /// </summary>
    void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient);
}

/// <summary>A network declared with a loss attribute: it computes the mean loss of a batch and its gradient.</summary>
public interface ITrainableNetwork : INetwork
{
    /// <summary>
    /// Sets <see cref="INetwork.Gradients"/> to the gradient of the mean loss over the batch
    /// (batch = inputs.Length / InputSize; targets batch × OutputSize) and returns that loss.
    /// </summary>
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
    float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels);

    /// <summary>As <see cref="ComputeGradients(ReadOnlySpan{float}, ReadOnlySpan{int})"/> on up to <paramref name="threads"/> threads, the same bits for every count.</summary>
    float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels, int threads);
}
