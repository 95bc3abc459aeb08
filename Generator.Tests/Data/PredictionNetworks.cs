using System;
using System.Collections.Generic;

namespace NetGen.Tests.Data;

// Networks that differ only in their last layer, so that one set of parameters gives logits, probabilities and
// log-probabilities of the same classifier: the prediction helpers must agree across them.

[Linear(3, 4), Tanh, Linear(4, 3)]
[CrossEntropyLoss]
public partial class LogitsClassifier { }

[Linear(3, 4), Tanh, Linear(4, 3), Softmax]
[CrossEntropyLoss]
public partial class SoftmaxClassifier { }

[Linear(3, 4), Tanh, Linear(4, 3), LogSoftmax]
public partial class LogSoftmaxClassifier { }

[Linear(3, 1)]
public partial class LogitBinary { }

[Linear(3, 1), Sigmoid]
[BCELoss]
public partial class SigmoidBinary { }

[Linear(3, 1), LogSigmoid]
public partial class LogSigmoidBinary { }

/// <summary>
/// A stand-in network whose outputs are its inputs, declared with any layers and loss: the tests choose the outputs
/// exactly (NaN, ties, extremes) without depending on how a generated network computes them.
/// </summary>
public sealed class PassThroughNetwork(int size, LayerAttribute[] layers, LossAttribute? loss = null) : INetwork
{
    public int InputSize => size;
    public int OutputSize => size;
    public Span<float> Parameters => Span<float>.Empty;
    public Span<float> Gradients => Span<float>.Empty;
    public IReadOnlyList<ParameterTensor> ParameterLayout => Array.Empty<ParameterTensor>();
    public IReadOnlyList<LayerAttribute> Layers => layers;
    public LossAttribute? Loss => loss;

    public void Forward(ReadOnlySpan<float> input, Span<float> output)
    {
        Guard.Length(input.Length, size, nameof(input));
        Guard.Length(output.Length, size, nameof(output));
        input.CopyTo(output);
    }

    public void ForwardBatch(ReadOnlySpan<float> inputs, Span<float> outputs)
    {
        Guard.BatchSize(inputs.Length, size, outputs.Length, size, nameof(inputs), nameof(outputs));
        inputs.CopyTo(outputs);
    }

    public void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient) =>
        throw new NotSupportedException("Only for prediction tests.");
}
