namespace NetGen.Tests.Networks;

// Networks the reference file does not cover: a wide one (looped layers), and one with every activation for the
// finite-difference gradient checks.

[Linear(784, 128), ReLU, Linear(128, 10), Softmax]
[CrossEntropyLoss]
public partial class Mnist { }

[Linear(3, 5), GELU, Linear(5, 5), SiLU, Linear(5, 4), Mish, Linear(4, 3), Softmax]
[CrossEntropyLoss]
public partial class SmoothSoftmaxNet { }

[Linear(3, 5), ELU(0.7f), Linear(5, 5), CELU(1.3f), Linear(5, 4), SELU, Linear(4, 2), Sigmoid]
[BCELoss]
public partial class ExponentialUnitsNet { }

[Linear(3, 5), Softplus(2f, 5f), Linear(5, 5), Softsign, Linear(5, 4), LogSigmoid, Linear(4, 3), LogSoftmax]
[CrossEntropyLoss]
public partial class LogProbabilitiesNet { }

[Linear(3, 5), Tanhshrink, Linear(5, 5), GELU("tanh"), Linear(5, 4, Bias = false), Hardswish, Linear(4, 2), Identity]
[MSELoss]
public partial class MixedRegressionNet { }

[Linear(3, 6), Hardtanh(-0.5f, 0.5f), Linear(6, 5), ReLU6, Linear(5, 4), Hardsigmoid, Linear(4, 2), Tanh]
[MSELoss]
public partial class ClampsNet { }

[Tanh, Linear(3, 5), LeakyReLU(0.1f), Linear(5, 5), ReLU, Linear(5, 2), Sigmoid]
[MSELoss]
public partial class ActivationFirstNet { }

// 40 × 30 = 1200 weights: over the unroll limit, so the first two layers loop and the last (120 weights) is
// unrolled: both paths and the hand-over between them in one network.
[Linear(40, 30), Tanh, Linear(30, 40), GELU, Linear(40, 3), Softmax]
[CrossEntropyLoss]
public partial class WideLoopedNet { }

// For the learning tests: the tutorial's point that a network without a hidden activation is one linear map.
[Linear(2, 8), Linear(8, 1), Sigmoid]
[BCELoss]
public partial class LinearXor { }

[Linear(2, 8), Tanh, Linear(8, 1), Sigmoid]
[BCELoss]
public partial class TanhXor { }

[Linear(4, 16), ReLU, Linear(16, 3), Softmax]
[CrossEntropyLoss]
public partial class IrisNet { }

[Linear(30, 16), ReLU, Linear(16, 1), Sigmoid]
[BCELoss]
public partial class BreastCancerNet { }

// Wider than any stack could hold a sample of (issue: a 512 KB thread overflowed): the generated code keeps at most
// 16 KB on the stack and the rest in the thread's buffer.
[Linear(2, 32000), ReLU, Linear(32000, 2)]
[MSELoss]
public partial class VeryWideNet { }
