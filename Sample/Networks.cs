namespace NetGen.Sample;

// The tutorial's networks, declared as layers: the first way to use activations (nn.Sequential style).
// Each binary classifier is the same shape, 2 → 16 → 1, and differs only in its hidden activation.

/// <summary>No hidden activation: two linear layers collapse into one linear map (logistic regression).</summary>
[Linear(2, 16), Linear(16, 1), Sigmoid]
[BCELoss]
public partial class LinearOnly { }

// NetGen warns (NG0008) that nothing before a BinaryStep can learn; that is the lesson, so the warning is silenced here.
#pragma warning disable NG0008
/// <summary>The binary step: fires or not. Its gradient is zero, so its first layer never learns.</summary>
[Linear(2, 16), BinaryStep, Linear(16, 1), Sigmoid]
[BCELoss]
public partial class StepNet { }
#pragma warning restore NG0008

[Linear(2, 16), Sigmoid, Linear(16, 1), Sigmoid]
[BCELoss]
public partial class SigmoidNet { }

[Linear(2, 16), Tanh, Linear(16, 1), Sigmoid]
[BCELoss]
public partial class TanhNet { }

[Linear(2, 16), ReLU, Linear(16, 1), Sigmoid]
[BCELoss]
public partial class ReLUNet { }

[Linear(2, 16), LeakyReLU(0.01f), Linear(16, 1), Sigmoid]
[BCELoss]
public partial class LeakyReLUNet { }

/// <summary>Multi-class: Softmax as the last layer turns three scores into probabilities of the three iris species.</summary>
[Linear(4, 16), ReLU, Linear(16, 3), Softmax]
[CrossEntropyLoss]
public partial class IrisClassifier { }
