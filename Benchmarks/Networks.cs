namespace NetGen.Benchmarks;

// The three networks every peer is measured on, declared as a NetGen user would declare them.

/// <summary>A tiny binary classifier: 49 parameters, fully unrolled by the generator.</summary>
[Linear(4, 8), ReLU, Linear(8, 1), Sigmoid]
[BCELoss]
public partial class SmallNet { }

/// <summary>A mid-sized classifier: the first layer (2048 weights) runs on kernels, the second is unrolled.</summary>
[Linear(64, 32), Tanh, Linear(32, 10), Softmax]
[CrossEntropyLoss]
public partial class MidNet { }

/// <summary>An MNIST-sized classifier: both layers run on kernels.</summary>
[Linear(784, 128), ReLU, Linear(128, 10), Softmax]
[CrossEntropyLoss]
public partial class LargeNet { }
