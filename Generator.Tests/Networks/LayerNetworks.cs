namespace NetGen.Tests.Networks;

// Networks with the layers and losses beyond Linear and the activations (Dropout, LayerNorm, BatchNorm1d, PReLU; L1,
// SmoothL1, Huber, NLL, and CrossEntropyLoss's label smoothing and class weights), small ones in registers and wide
// ones through the kernels, for the gradient checks, the files and the ONNX export.

[Linear(4, 8), ReLU, Dropout(0.3), Linear(8, 3)]
[CrossEntropyLoss]
public partial class DropoutClassifier { }

[Linear(5, 6), LayerNorm(6), Tanh, Linear(6, 2)]
[MSELoss]
public partial class LayerNormRegression { }

[Linear(4, 6), BatchNorm1d(6), ReLU, Linear(6, 1), Sigmoid]
[BCELoss]
public partial class BatchNormClassifier { }

[Linear(3, 5), PReLU(5), Linear(5, 2), PReLU]
[HuberLoss]
public partial class PReLURegression { }

// Normalisation first, on the raw inputs: every layer after it has a gradient to pass down to it.
[BatchNorm1d(4), Linear(4, 6), SiLU, Linear(6, 2)]
[L1Loss]
public partial class InputBatchNorm { }

[LayerNorm(3, elementwiseAffine: false), Linear(3, 4), PReLU(1, 0.1), Linear(4, 2)]
[SmoothL1Loss(0.5)]
public partial class InputLayerNorm { }

[Linear(5, 4), ReLU, Linear(4, 3), LogSoftmax]
[NLLLoss]
public partial class LogSoftmaxNll { }

[Linear(4, 6), Tanh, Linear(6, 3), Softmax]
[CrossEntropyLoss(labelSmoothing: 0.1, Weight = new[] { 1.0, 2.0, 0.5 })]
public partial class SmoothedWeightedClassifier { }

// Wide layers (kernel calls, no register segment) with the new layers between them. PReLU has its own wide network:
// after a BatchNorm1d, the batch's statistics move every unit of a feature when one weight moves, and the central
// differences of the gradient checks cross a kink of the PReLU somewhere in the batch.
[Linear(40, 48), LayerNorm(48), GELU, Dropout(0.2), Linear(48, 40), BatchNorm1d(40, 1e-3, 0.2), Tanh, Linear(40, 10), LogSoftmax]
[NLLLoss]
public partial class WideEverything { }

[Linear(40, 48), PReLU(48), Linear(48, 10)]
[MSELoss]
public partial class WidePReLU { }

// Two BatchNorm1d layers and a Dropout between them: three stages of the batch's schedule.
[Linear(6, 8), BatchNorm1d(8), ReLU, Dropout(0.25), Linear(8, 8), BatchNorm1d(8), Tanh, Linear(8, 2)]
[MSELoss]
public partial class TwoBatchNorms { }

// BatchNorm1d last: the loss reads its output (the batch's last stage has no layer).
[Linear(4, 3), BatchNorm1d(3)]
[MSELoss]
public partial class BatchNormLast { }

// The batch's stages with a fused Softmax, class indices and label smoothing.
[Linear(4, 6), BatchNorm1d(6), Tanh, Linear(6, 3), Softmax]
[CrossEntropyLoss(labelSmoothing: 0.1)]
public partial class BatchNormSoftmax { }

// Evaluation only (no loss): Forward and ForwardBatch with the running statistics and Dropout as the identity.
[Linear(3, 4), BatchNorm1d(4), Dropout(0.5), LayerNorm(4), Linear(4, 2)]
public partial class InferenceOnly { }

/// <summary>The layer networks as a few training steps leave them: BatchNorm1d's running statistics, LayerNorm's and PReLU's parameters moved from their starts.</summary>
public static class LayerNetworkTraining
{
    public static TNetwork Trained<TNetwork>(TNetwork network, int steps = 3) where TNetwork : ITrainableNetwork
    {
        var random = new SeededRandom(17);
        float[] inputs = new float[24 * network.InputSize], targets = new float[24 * network.OutputSize];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = 3f * random.NextSingle() - 1f;
        for (int i = 0; i < targets.Length; i++) targets[i] = random.NextSingle();
        var sgd = new Sgd(network.Parameters.Length, learningRate: 0.1f);
        for (int step = 0; step < steps; step++)
        {
            network.ComputeGradients(inputs, targets);
            sgd.Step(network.Parameters, network.Gradients);
        }
        return network;
    }
}
