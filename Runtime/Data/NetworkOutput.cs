using System;
using System.Collections.Generic;

namespace NetGen;

/// <summary>What a network's outputs are, read from its declared layers and loss.</summary>
internal enum NetworkOutput
{
    /// <summary>Probabilities already: a trailing Softmax or Sigmoid, or a BCELoss or MSELoss network (see <see cref="NetworkOutputs.Of"/>).</summary>
    Probabilities,

    /// <summary>Log-probabilities: a trailing LogSoftmax or LogSigmoid.</summary>
    LogProbabilities,

    /// <summary>Unnormalised scores: softmax (several outputs) or sigmoid (one output) turns them into probabilities.</summary>
    Logits,
}

internal static class NetworkOutputs
{
    /// <summary>
    /// A trailing Softmax or Sigmoid gives probabilities, a trailing LogSoftmax or LogSigmoid log-probabilities. Without
    /// one, BCELoss says the output is a probability (it takes nothing else), and an MSELoss network regresses the 0/1 or
    /// one-hot targets the <see cref="Trainer"/> gives it for classes, so its outputs estimate probabilities too. Anything
    /// else (CrossEntropyLoss, which takes logits, or no loss: an imported PyTorch model) outputs logits.
    /// </summary>
    public static NetworkOutput Of(INetwork network)
    {
        IReadOnlyList<LayerAttribute> layers = network.Layers;
        LayerAttribute? last = layers.Count > 0 ? layers[layers.Count - 1] : null;
        return last switch
        {
            SoftmaxAttribute or SigmoidAttribute => NetworkOutput.Probabilities,
            LogSoftmaxAttribute or LogSigmoidAttribute => NetworkOutput.LogProbabilities,
            _ => network.Loss is BCELossAttribute or MSELossAttribute ? NetworkOutput.Probabilities : NetworkOutput.Logits,
        };
    }

    /// <summary>
    /// The class of one sample's outputs: the largest output, or for a single output whether it says class 1 (above
    /// probability ½, log-probability log ½ or logit 0); −1 when an output is NaN, which is no class.
    /// </summary>
    public static int ClassOf(ReadOnlySpan<float> output, NetworkOutput kind)
    {
        if (output.Length == 1)
        {
            float y = output[0];
            if (float.IsNaN(y)) return -1;
            float threshold = kind switch
            {
                NetworkOutput.Logits => 0f,
                NetworkOutput.LogProbabilities => -0.6931472f, // log ½
                _ => 0.5f,
            };
            return y > threshold ? 1 : 0;
        }
        int best = 0;
        for (int i = 0; i < output.Length; i++)
        {
            if (float.IsNaN(output[i])) return -1;
            if (output[i] > output[best]) best = i;
        }
        return best;
    }
}
