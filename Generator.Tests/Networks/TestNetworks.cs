namespace NetGen.Tests.Networks;

// Networks the reference file does not cover: a wide one (looped layers), and one with every activation for the
// finite-difference gradient checks.

[Linear(784, 128), ReLU, Linear(128, 10), Softmax]
[CrossEntropyLoss]
public partial class Mnist { }
