using System;
using System.Collections.Generic;

namespace NetGen.Benchmarks.Peers;

// Peer (a): how a network is typically hand-rolled in C# — a Layer object per layer in a List, jagged arrays,
// a new array for every layer output and gradient, virtual calls, no fusion of the loss with the last activation.

/// <summary>One layer: remembers what it needs from the forward pass and back-propagates through it.</summary>
public abstract class NaiveLayer
{
    public abstract float[] Forward(float[] input);
    public abstract float[] Backward(float[] outputGradient);
    public virtual void ZeroGradients() { }
}

public sealed class NaiveLinear : NaiveLayer
{
    public readonly float[][] Weights;      // [out][in]
    public readonly float[] Biases;
    public readonly float[][] WeightGradients;
    public readonly float[] BiasGradients;
    private float[] _input = Array.Empty<float>();

    public NaiveLinear(int inFeatures, int outFeatures)
    {
        Weights = new float[outFeatures][];
        WeightGradients = new float[outFeatures][];
        for (int o = 0; o < outFeatures; o++)
        {
            Weights[o] = new float[inFeatures];
            WeightGradients[o] = new float[inFeatures];
        }
        Biases = new float[outFeatures];
        BiasGradients = new float[outFeatures];
    }

    public override float[] Forward(float[] input)
    {
        _input = input;
        var output = new float[Weights.Length];
        for (int o = 0; o < Weights.Length; o++)
        {
            float sum = Biases[o];
            for (int i = 0; i < input.Length; i++) sum += Weights[o][i] * input[i];
            output[o] = sum;
        }
        return output;
    }

    public override float[] Backward(float[] outputGradient)
    {
        var inputGradient = new float[_input.Length];
        for (int o = 0; o < Weights.Length; o++)
        {
            BiasGradients[o] += outputGradient[o];
            for (int i = 0; i < _input.Length; i++)
            {
                WeightGradients[o][i] += outputGradient[o] * _input[i];
                inputGradient[i] += Weights[o][i] * outputGradient[o];
            }
        }
        return inputGradient;
    }

    public override void ZeroGradients()
    {
        foreach (var row in WeightGradients) Array.Clear(row);
        Array.Clear(BiasGradients);
    }
}

public sealed class NaiveReLU : NaiveLayer
{
    private float[] _input = Array.Empty<float>();

    public override float[] Forward(float[] input)
    {
        _input = input;
        var output = new float[input.Length];
        for (int i = 0; i < input.Length; i++) output[i] = input[i] > 0 ? input[i] : 0;
        return output;
    }

    public override float[] Backward(float[] outputGradient)
    {
        var inputGradient = new float[outputGradient.Length];
        for (int i = 0; i < inputGradient.Length; i++) inputGradient[i] = _input[i] > 0 ? outputGradient[i] : 0;
        return inputGradient;
    }
}

public sealed class NaiveTanh : NaiveLayer
{
    private float[] _output = Array.Empty<float>();

    public override float[] Forward(float[] input)
    {
        var output = new float[input.Length];
        for (int i = 0; i < input.Length; i++) output[i] = MathF.Tanh(input[i]);
        return _output = output;
    }

    public override float[] Backward(float[] outputGradient)
    {
        var inputGradient = new float[outputGradient.Length];
        for (int i = 0; i < inputGradient.Length; i++) inputGradient[i] = outputGradient[i] * (1 - _output[i] * _output[i]);
        return inputGradient;
    }
}

public sealed class NaiveSigmoid : NaiveLayer
{
    private float[] _output = Array.Empty<float>();

    public override float[] Forward(float[] input)
    {
        var output = new float[input.Length];
        for (int i = 0; i < input.Length; i++) output[i] = 1f / (1f + MathF.Exp(-input[i]));
        return _output = output;
    }

    public override float[] Backward(float[] outputGradient)
    {
        var inputGradient = new float[outputGradient.Length];
        for (int i = 0; i < inputGradient.Length; i++) inputGradient[i] = outputGradient[i] * _output[i] * (1 - _output[i]);
        return inputGradient;
    }
}

public sealed class NaiveSoftmax : NaiveLayer
{
    private float[] _output = Array.Empty<float>();

    public override float[] Forward(float[] input)
    {
        float max = float.NegativeInfinity;
        foreach (float x in input) max = Math.Max(max, x);
        var output = new float[input.Length];
        float sum = 0;
        for (int i = 0; i < input.Length; i++) sum += output[i] = MathF.Exp(input[i] - max);
        for (int i = 0; i < output.Length; i++) output[i] /= sum;
        return _output = output;
    }

    public override float[] Backward(float[] outputGradient)
    {
        // The full Jacobian-vector product: dx_i = y_i (g_i − Σ_j g_j y_j).
        float dot = 0;
        for (int j = 0; j < _output.Length; j++) dot += outputGradient[j] * _output[j];
        var inputGradient = new float[outputGradient.Length];
        for (int i = 0; i < inputGradient.Length; i++) inputGradient[i] = _output[i] * (outputGradient[i] - dot);
        return inputGradient;
    }
}

/// <summary>The network: a list of layers, run front to back and back to front.</summary>
public sealed class NaiveNetwork
{
    private readonly List<NaiveLayer> _layers = new();
    private readonly MlpSpec _spec;

    public NaiveNetwork(MlpSpec spec, ReadOnlySpan<float> parameters)
    {
        spec.CheckParameters(parameters);
        _spec = spec;
        var first = new NaiveLinear(spec.Input, spec.Hidden);
        var second = new NaiveLinear(spec.Hidden, spec.Output);
        Load(first, parameters.Slice(spec.W1Offset), parameters.Slice(spec.B1Offset));
        Load(second, parameters.Slice(spec.W2Offset), parameters.Slice(spec.B2Offset));
        _layers.Add(first);
        _layers.Add(Create(spec.HiddenActivation));
        _layers.Add(second);
        _layers.Add(Create(spec.OutputActivation));
    }

    private static NaiveLayer Create(Activation activation) => activation switch
    {
        Activation.ReLU => new NaiveReLU(),
        Activation.Tanh => new NaiveTanh(),
        Activation.Sigmoid => new NaiveSigmoid(),
        _ => new NaiveSoftmax(),
    };

    private static void Load(NaiveLinear layer, ReadOnlySpan<float> weights, ReadOnlySpan<float> biases)
    {
        int inFeatures = layer.Weights[0].Length;
        for (int o = 0; o < layer.Weights.Length; o++)
        {
            weights.Slice(o * inFeatures, inFeatures).CopyTo(layer.Weights[o]);
            layer.Biases[o] = biases[o];
        }
    }

    public float[] Forward(float[] input)
    {
        float[] x = input;
        foreach (var layer in _layers) x = layer.Forward(x);
        return x;
    }

    /// <summary>Mean loss over the batch; gradients of that mean are left in the layers. Labels are class indices
    /// (0/1 for the sigmoid network).</summary>
    public float ComputeGradients(float[][] inputs, int[] labels)
    {
        foreach (var layer in _layers) layer.ZeroGradients();
        float total = 0;
        float scale = 1f / inputs.Length;
        for (int s = 0; s < inputs.Length; s++)
        {
            float[] output = Forward(inputs[s]);
            var gradient = new float[output.Length];
            if (_spec.IsBinary)
            {
                // BCE on the probability, as a user writes it from the formula.
                float p = Math.Clamp(output[0], 1e-7f, 1 - 1e-7f), t = labels[s];
                total += -(t * MathF.Log(p) + (1 - t) * MathF.Log(1 - p));
                gradient[0] = (p - t) / (p * (1 - p)) * scale;
            }
            else
            {
                total += -MathF.Log(output[labels[s]]);
                gradient[labels[s]] = -1f / output[labels[s]] * scale;
            }
            for (int l = _layers.Count - 1; l >= 0; l--) gradient = _layers[l].Backward(gradient);
        }
        return total * scale;
    }

    /// <summary>Writes the gradients in state_dict order, to compare them with the generated network's.</summary>
    public void CopyGradients(Span<float> destination)
    {
        var first = (NaiveLinear)_layers[0];
        var second = (NaiveLinear)_layers[2];
        int at = 0;
        foreach (var layer in new[] { first, second })
        {
            foreach (var row in layer.WeightGradients) { row.CopyTo(destination.Slice(at)); at += row.Length; }
            layer.BiasGradients.CopyTo(destination.Slice(at));
            at += layer.BiasGradients.Length;
        }
    }
}
