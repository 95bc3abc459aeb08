using System;
using System.Collections.Generic;

namespace NetGen.Tests.Networks;

// The networks of Reference/torch_reference.json, declared as a user would declare them.

[Linear(4, 8), ReLU, Linear(8, 1), Sigmoid]
[BCELoss]
public partial class TinyReluSigmoidBce { }

[Linear(3, 5), Tanh, Linear(5, 4), Softmax]
[CrossEntropyLoss]
public partial class TanhSoftmaxCrossEntropy { }

[Linear(2, 6), LeakyReLU(0.01f), Linear(6, 6), LeakyReLU(0.2f), Linear(6, 2)]
[MSELoss]
public partial class LeakyMse { }

[Linear(5, 3), Sigmoid, Linear(3, 3)]
[MSELoss]
public partial class SigmoidHiddenMse { }

#pragma warning disable NG0008 // nothing before a BinaryStep learns: expected, the case checks the step's value and zero gradient
[Linear(3, 4), BinaryStep, Linear(4, 2)]
[MSELoss]
public partial class BinaryStepMse { }
#pragma warning restore NG0008

[Linear(4, 6), ReLU, Linear(6, 3)]
[CrossEntropyLoss]
public partial class LogitsCrossEntropy { }

/// <summary>The generated class for each reference case, by the case's name.</summary>
public static class ReferenceNetworks
{
    public static readonly IReadOnlyDictionary<string, Func<ITrainableNetwork>> ByCase = new Dictionary<string, Func<ITrainableNetwork>>
    {
        ["seed_tiny_relu_sigmoid_bce"] = () => new TinyReluSigmoidBce(0),
        ["tiny_batch8"] = () => new TinyReluSigmoidBce(0),
        ["tanh_softmax_ce"] = () => new TanhSoftmaxCrossEntropy(0),
        ["leaky_mse"] = () => new LeakyMse(0),
        ["sigmoid_hidden_mse"] = () => new SigmoidHiddenMse(0),
        ["binary_step_forward"] = () => new BinaryStepMse(0),
        ["logits_ce_no_softmax"] = () => new LogitsCrossEntropy(0),
        // Reference/layer_reference.json (seed 0: the Dropout masks the reference script draws).
        ["dropout_mlp_ce"] = () => new DropoutClassifier(0),
        ["layernorm_mse"] = () => new LayerNormRegression(0),
        ["input_layernorm_huber"] = () => new InputLayerNormHuber(0),
        ["batchnorm_bce"] = () => new BatchNormClassifier(0),
        ["input_batchnorm_l1"] = () => new InputBatchNormL1(0),
        ["prelu_smoothl1"] = () => new PReLUSmoothL1(0),
        ["logsoftmax_nll"] = () => new LogSoftmaxNll(0),
        ["ce_smoothing_weights"] = () => new SmoothedWeightedClassifier(0),
        ["ce_logits_smoothing"] = () => new LogitsSmoothedCrossEntropy(0),
        ["wide_everything"] = () => new WideEverything(0),
        ["wide_prelu"] = () => new WidePReLU(0),
        ["two_batchnorms"] = () => new TwoBatchNorms(0),
    };
}
