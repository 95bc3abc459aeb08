namespace NetGen.Tests.Networks;

// The networks of Reference/layer_reference.json that LayerNetworks.cs does not already declare.

[LayerNorm(3, elementwiseAffine: false), Linear(3, 4), ReLU, Linear(4, 2)]
[HuberLoss(0.5)]
public partial class InputLayerNormHuber { }

[BatchNorm1d(4, momentum: 0.2), Linear(4, 6), SiLU, Linear(6, 2)]
[L1Loss]
public partial class InputBatchNormL1 { }

[Linear(3, 5), PReLU(5, 0.1), Linear(5, 2), PReLU]
[SmoothL1Loss(0.5)]
public partial class PReLUSmoothL1 { }

[Linear(4, 6), ReLU, Linear(6, 3)]
[CrossEntropyLoss(labelSmoothing: 0.2)]
public partial class LogitsSmoothedCrossEntropy { }
