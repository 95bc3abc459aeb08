using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Catalog;
using NetGen.Generator.Model;

namespace NetGen.Tests.Infrastructure;

/// <summary>
/// A hand-built model evaluated in double precision, layer by layer as <c>nn.Sequential</c> would, from the float32
/// parameters the emitted network holds: its forward pass, its back-propagation and its loss with
/// <c>reduction='mean'</c>, written from the design's contract (PyTorch's definitions, the fused trailing Sigmoid with
/// BCELoss and Softmax with CrossEntropyLoss), not from the emitter's plan.
/// </summary>
internal sealed class DoubleNetwork
{
    private readonly NetworkSpec _network;
    private readonly float[] _parameters;

    public DoubleNetwork(NetworkSpec network, ReadOnlySpan<float> parameters)
    {
        _network = network;
        _parameters = parameters.ToArray();
        Layers = network.Layers.ToList();
    }

    private IReadOnlyList<LayerSpec> Layers { get; }

    private ActivationKind? LastKind => Layers[^1] is ActivationSpec last ? last.Kind : null;

    /// <summary>The loss reads the logits before a trailing Sigmoid (BCELoss) or Softmax (CrossEntropyLoss).</summary>
    public bool LossIsFused =>
        _network.Loss == LossKind.BCE && LastKind == ActivationKind.Sigmoid
        || _network.Loss == LossKind.CrossEntropy && LastKind == ActivationKind.Softmax;

    /// <summary>Each layer's output for one sample; <c>values[k]</c> is layer k's.</summary>
    public double[][] Values(ReadOnlySpan<float> input)
    {
        var values = new double[Layers.Count][];
        double[] x = input.ToArray().Select(v => (double)v).ToArray();
        for (int k = 0; k < Layers.Count; k++) x = values[k] = Apply(Layers[k], x);
        return values;
    }

    public double[] Forward(ReadOnlySpan<float> input) => Values(input)[^1];

    /// <summary>How close any activation's input comes to one of its kinks (infinity when none has kinks).</summary>
    public double KinkDistance(ReadOnlySpan<float> input)
    {
        double[][] values = Values(input);
        double distance = double.PositiveInfinity;
        for (int k = 0; k < Layers.Count; k++)
        {
            if (Layers[k] is not ActivationSpec activation) continue;
            double[] x = k == 0 ? input.ToArray().Select(v => (double)v).ToArray() : values[k - 1];
            foreach (double kink in DoubleActivations.Kinks(activation.Kind, activation.Arguments.ToList()))
                foreach (double value in x)
                    distance = Math.Min(distance, Math.Abs(value - kink) / Math.Max(1, Math.Abs(kink)));
        }
        return distance;
    }

    /// <summary>
    /// Back-propagates one sample from dLoss/d(output of layer <paramref name="top"/>): adds dLoss/dParameters into
    /// <paramref name="parameterGradient"/> and returns dLoss/dInput.
    /// </summary>
    public double[] Backward(ReadOnlySpan<float> input, double[][] values, int top, double[] gradient, double[] parameterGradient)
    {
        double[] g = gradient;
        double[] inputValues = input.ToArray().Select(v => (double)v).ToArray();
        for (int k = top; k >= 0; k--)
        {
            double[] x = k == 0 ? inputValues : values[k - 1];
            g = Layers[k] switch
            {
                LinearSpec linear => LinearBackward(linear, x, g, parameterGradient),
                ActivationSpec activation => ActivationBackward(activation, x, values[k], g),
                _ => throw new NotSupportedException(Layers[k].GetType().Name),
            };
        }
        return g;
    }

    /// <summary>
    /// The mean loss over a batch and its gradient with respect to the parameters, as ComputeGradients promises:
    /// BCE and MSE averaged over samples and outputs, cross-entropy over samples (targets a distribution a sample).
    /// </summary>
    public (double Loss, double[] Gradient) Loss(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int batch) =>
        Loss(inputs, targets, batch, new double[batch * _network.InputSize]);

    /// <summary>As <see cref="Loss(ReadOnlySpan{float}, ReadOnlySpan{float}, int)"/>, with dLoss/dInputs into <paramref name="inputGradient"/>.</summary>
    public (double Loss, double[] Gradient) Loss(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int batch, double[] inputGradient)
    {
        int inputSize = _network.InputSize, outputSize = _network.OutputSize;
        int seed = LossIsFused ? Layers.Count - 2 : Layers.Count - 1;
        double count = LossCatalog.Get(_network.Loss).PerOutput ? (double)batch * outputSize : batch;
        var gradient = new double[_network.ParameterCount];
        double loss = 0;
        for (int s = 0; s < batch; s++)
        {
            ReadOnlySpan<float> input = inputs.Slice(s * inputSize, inputSize);
            double[] t = targets.Slice(s * outputSize, outputSize).ToArray().Select(v => (double)v).ToArray();
            double[][] values = Values(input);
            double[] z = values[seed];
            var dz = new double[outputSize];
            loss += SampleLoss(z, t, dz);
            for (int o = 0; o < outputSize; o++) dz[o] /= count;
            Backward(input, values, seed, dz, gradient).CopyTo(inputGradient, s * inputSize);
        }
        return (loss / count, gradient);
    }

    /// <summary>One sample's summed loss over its outputs, and dLoss/dz into <paramref name="dz"/>.</summary>
    private double SampleLoss(double[] z, double[] t, double[] dz)
    {
        double loss = 0;
        switch (_network.Loss)
        {
            case LossKind.MSE:
                for (int o = 0; o < z.Length; o++)
                {
                    loss += (z[o] - t[o]) * (z[o] - t[o]);
                    dz[o] = 2 * (z[o] - t[o]);
                }
                return loss;
            case LossKind.BCE when LossIsFused: // BCEWithLogitsLoss
                for (int o = 0; o < z.Length; o++)
                {
                    loss += Math.Max(z[o], 0) - z[o] * t[o] + DoubleActivations.Log1P(Math.Exp(-Math.Abs(z[o])));
                    dz[o] = DoubleActivations.Sigmoid(z[o]) - t[o];
                }
                return loss;
            case LossKind.BCE: // BCELoss on probabilities, its logarithms clamped at −100 as PyTorch's
                for (int o = 0; o < z.Length; o++)
                {
                    loss -= t[o] * Math.Max(Math.Log(z[o]), -100) + (1 - t[o]) * Math.Max(Math.Log(1 - z[o]), -100);
                    dz[o] = (z[o] - t[o]) / (z[o] * (1 - z[o]));
                }
                return loss;
            case LossKind.CrossEntropy: // on logits: Σ w·t'·(logsumexp(z) − z), gradient softmax(z)·Σ w·t' − w·t', t' = (1 − ε)·t + ε/C
                double max = z.Max(), logSum = max + Math.Log(z.Sum(v => Math.Exp(v - max)));
                double smoothing = _network.LossSettings.LabelSmoothing;
                double[] weighted = t.Select((target, o) => (_network.LossSettings.Weight.IsEmpty ? 1 : _network.LossSettings.Weight[o])
                                                            * ((1 - smoothing) * target + smoothing / z.Length)).ToArray();
                double targetSum = weighted.Sum();
                for (int o = 0; o < z.Length; o++)
                {
                    loss += weighted[o] * (logSum - z[o]);
                    dz[o] = Math.Exp(z[o] - logSum) * targetSum - weighted[o];
                }
                return loss;
            case LossKind.L1:
                for (int o = 0; o < z.Length; o++)
                {
                    loss += Math.Abs(z[o] - t[o]);
                    dz[o] = Math.Sign(z[o] - t[o]);
                }
                return loss;
            case LossKind.SmoothL1: // 0.5·d²/β inside β, |d| − 0.5·β outside
            case LossKind.Huber:    // 0.5·d² inside δ, δ·(|d| − 0.5·δ) outside
                bool huber = _network.Loss == LossKind.Huber;
                double limit = huber ? _network.LossSettings.Delta : _network.LossSettings.Beta;
                for (int o = 0; o < z.Length; o++)
                {
                    double d = z[o] - t[o];
                    bool inside = Math.Abs(d) < limit;
                    loss += inside ? (huber ? 0.5 * d * d : 0.5 * d * d / limit) : (huber ? limit * (Math.Abs(d) - 0.5 * limit) : Math.Abs(d) - 0.5 * limit);
                    dz[o] = inside ? (huber ? d : d / limit) : (huber ? limit : 1) * Math.Sign(d);
                }
                return loss;
            case LossKind.NLL: // −Σ t·z on log-probabilities, gradient −t
                for (int o = 0; o < z.Length; o++)
                {
                    loss -= t[o] * z[o];
                    dz[o] = -t[o];
                }
                return loss;
            default:
                throw new NotSupportedException($"No double-precision definition of the loss {_network.Loss}: add it to {nameof(DoubleNetwork)}.");
        }
    }

    private double[] Apply(LayerSpec layer, double[] x)
    {
        switch (layer)
        {
            case LinearSpec linear:
                var y = new double[linear.OutFeatures];
                for (int o = 0; o < linear.OutFeatures; o++)
                {
                    double sum = linear.HasBias ? _parameters[linear.BiasOffset + o] : 0;
                    for (int i = 0; i < linear.InFeatures; i++) sum += (double)_parameters[linear.WeightOffset + o * linear.InFeatures + i] * x[i];
                    y[o] = sum;
                }
                return y;
            case ActivationSpec { Kind: ActivationKind.Softmax }:
                return Softmax(x);
            case ActivationSpec { Kind: ActivationKind.LogSoftmax }:
                double max = x.Max(), logSum = max + Math.Log(x.Sum(v => Math.Exp(v - max)));
                return x.Select(v => v - logSum).ToArray();
            case ActivationSpec activation:
                return x.Select(v => DoubleActivations.Value(activation.Kind, activation.Arguments.ToList(), v)).ToArray();
            default:
                throw new NotSupportedException(layer.GetType().Name);
        }
    }

    private static double[] Softmax(double[] x)
    {
        double max = x.Max();
        double[] e = x.Select(v => Math.Exp(v - max)).ToArray();
        double sum = e.Sum();
        return e.Select(v => v / sum).ToArray();
    }

    private double[] LinearBackward(LinearSpec linear, double[] x, double[] g, double[] parameterGradient)
    {
        var dx = new double[linear.InFeatures];
        for (int o = 0; o < linear.OutFeatures; o++)
        {
            if (linear.HasBias) parameterGradient[linear.BiasOffset + o] += g[o];
            for (int i = 0; i < linear.InFeatures; i++)
            {
                parameterGradient[linear.WeightOffset + o * linear.InFeatures + i] += g[o] * x[i];
                dx[i] += _parameters[linear.WeightOffset + o * linear.InFeatures + i] * g[o];
            }
        }
        return dx;
    }

    private static double[] ActivationBackward(ActivationSpec activation, double[] x, double[] y, double[] g)
    {
        switch (activation.Kind)
        {
            case ActivationKind.Softmax: // dx = y ⊙ (g − Σ g·y)
                double dot = g.Zip(y, (a, b) => a * b).Sum();
                return y.Select((v, i) => v * (g[i] - dot)).ToArray();
            case ActivationKind.LogSoftmax: // dx = g − softmax(x)·Σ g
                double sum = g.Sum();
                return y.Select((v, i) => g[i] - Math.Exp(v) * sum).ToArray();
            default:
                return x.Select((v, i) => g[i] * DoubleActivations.Derivative(activation.Kind, activation.Arguments.ToList(), v)).ToArray();
        }
    }
}
