using System;
using System.Numerics.Tensors;

namespace NetGen.Benchmarks.Peers;

/// <summary>
/// Peer (b): the careful hand-written version with <see cref="TensorPrimitives"/> — one Dot per output row,
/// vectorised activations, every buffer allocated once in the constructor, and a hand-written backward pass
/// with the loss fused into the last activation (softmax − one-hot, sigmoid − target).
/// </summary>
public sealed class TensorPrimitivesNetwork
{
    private readonly MlpSpec _spec;
    private readonly float[] _parameters;
    private readonly float[] _gradients;
    // Per-sample work buffers: pre-activation and activation of the hidden layer, logits, output, gradients.
    private readonly float[] _hiddenSum, _hidden, _logits, _output, _logitGradient, _hiddenGradient;

    public TensorPrimitivesNetwork(MlpSpec spec, ReadOnlySpan<float> parameters)
    {
        spec.CheckParameters(parameters);
        _spec = spec;
        _parameters = parameters.ToArray();
        _gradients = new float[spec.ParameterCount];
        _hiddenSum = new float[spec.Hidden];
        _hidden = new float[spec.Hidden];
        _hiddenGradient = new float[spec.Hidden];
        _logits = new float[spec.Output];
        _output = new float[spec.Output];
        _logitGradient = new float[spec.Output];
    }

    public ReadOnlySpan<float> Gradients => _gradients;

    private ReadOnlySpan<float> W1 => _parameters.AsSpan(_spec.W1Offset, _spec.Hidden * _spec.Input);
    private ReadOnlySpan<float> B1 => _parameters.AsSpan(_spec.B1Offset, _spec.Hidden);
    private ReadOnlySpan<float> W2 => _parameters.AsSpan(_spec.W2Offset, _spec.Output * _spec.Hidden);
    private ReadOnlySpan<float> B2 => _parameters.AsSpan(_spec.B2Offset, _spec.Output);

    public void Forward(ReadOnlySpan<float> input, Span<float> output)
    {
        ForwardSample(input);
        _output.CopyTo(output);
    }

    /// <summary>Forward over a batch, one sample at a time (the same shape of work the generated code does).</summary>
    public void ForwardBatch(ReadOnlySpan<float> inputs, Span<float> outputs)
    {
        int batch = inputs.Length / _spec.Input;
        for (int s = 0; s < batch; s++)
            Forward(inputs.Slice(s * _spec.Input, _spec.Input), outputs.Slice(s * _spec.Output, _spec.Output));
    }

    private void ForwardSample(ReadOnlySpan<float> input)
    {
        Linear(W1, B1, input, _hiddenSum);
        if (_spec.HiddenActivation == Activation.ReLU) TensorPrimitives.Max(_hiddenSum, 0f, _hidden);
        else TensorPrimitives.Tanh(_hiddenSum, _hidden);
        Linear(W2, B2, _hidden, _logits);
        if (_spec.OutputActivation == Activation.Sigmoid) TensorPrimitives.Sigmoid(_logits, _output);
        else TensorPrimitives.SoftMax(_logits, _output);
    }

    private static void Linear(ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, ReadOnlySpan<float> input, Span<float> output)
    {
        int inFeatures = input.Length;
        for (int o = 0; o < output.Length; o++)
            output[o] = TensorPrimitives.Dot(weight.Slice(o * inFeatures, inFeatures), input) + bias[o];
    }

    /// <summary>Sets the gradients to those of the mean loss over the batch and returns that loss. Labels are class
    /// indices (0/1 for the sigmoid network).</summary>
    public float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels)
    {
        Array.Clear(_gradients);
        int batch = labels.Length;
        float scale = 1f / batch;
        float total = 0;
        Span<float> dW1 = _gradients.AsSpan(_spec.W1Offset, _spec.Hidden * _spec.Input);
        Span<float> db1 = _gradients.AsSpan(_spec.B1Offset, _spec.Hidden);
        Span<float> dW2 = _gradients.AsSpan(_spec.W2Offset, _spec.Output * _spec.Hidden);
        Span<float> db2 = _gradients.AsSpan(_spec.B2Offset, _spec.Output);
        for (int s = 0; s < batch; s++)
        {
            ReadOnlySpan<float> input = inputs.Slice(s * _spec.Input, _spec.Input);
            ForwardSample(input);
            total += LossGradient(labels[s], scale);

            // Output layer: dW2 += g ⊗ hidden, db2 += g, dHidden = W2ᵀ g.
            TensorPrimitives.Add(db2, _logitGradient, db2);
            Array.Clear(_hiddenGradient);
            for (int o = 0; o < _spec.Output; o++)
            {
                float g = _logitGradient[o];
                Span<float> row = dW2.Slice(o * _spec.Hidden, _spec.Hidden);
                TensorPrimitives.MultiplyAdd(_hidden, g, row, row);
                TensorPrimitives.MultiplyAdd(W2.Slice(o * _spec.Hidden, _spec.Hidden), g, _hiddenGradient, _hiddenGradient);
            }

            // Hidden activation: ReLU passes where the input was positive; tanh′ = 1 − tanh².
            if (_spec.HiddenActivation == Activation.ReLU)
            {
                for (int h = 0; h < _spec.Hidden; h++) if (_hiddenSum[h] <= 0) _hiddenGradient[h] = 0;
            }
            else
            {
                TensorPrimitives.Multiply(_hidden, _hidden, _hiddenSum); // the pre-activation is no longer needed
                TensorPrimitives.Subtract(1f, _hiddenSum, _hiddenSum);
                TensorPrimitives.Multiply(_hiddenGradient, _hiddenSum, _hiddenGradient);
            }

            // First layer: dW1 += g ⊗ input, db1 += g (no input gradient needed).
            TensorPrimitives.Add(db1, _hiddenGradient, db1);
            for (int h = 0; h < _spec.Hidden; h++)
            {
                Span<float> row = dW1.Slice(h * _spec.Input, _spec.Input);
                TensorPrimitives.MultiplyAdd(input, _hiddenGradient[h], row, row);
            }
        }
        return total * scale;
    }

    /// <summary>The loss of one sample and its gradient with respect to the logits, times scale.</summary>
    private float LossGradient(int label, float scale)
    {
        if (_spec.IsBinary)
        {
            // BCE with logits: loss = softplus(z) − t z, gradient σ(z) − t.
            float z = _logits[0], t = label;
            _logitGradient[0] = (_output[0] - t) * scale;
            return MathF.Max(z, 0) - z * t + MathF.Log(1 + MathF.Exp(-MathF.Abs(z)));
        }
        TensorPrimitives.Multiply(_output, scale, _logitGradient);
        _logitGradient[label] -= scale;
        return -MathF.Log(_output[label]);
    }
}
