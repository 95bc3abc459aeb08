using NetGen;

namespace Consumer;

/// <summary>Iris species from four measurements: softmax over three classes, trained on class indices.</summary>
[Linear(4, 16), ReLU, Linear(16, 3), Softmax]
[CrossEntropyLoss]
internal sealed partial class IrisNet { }

/// <summary>XOR, with the activation argument written as a PyTorch user writes it (a double).</summary>
[Linear(2, 8), LeakyReLU(0.2), Linear(8, 1), Sigmoid]
[BCELoss]
internal sealed partial class XorNet { }

/// <summary>Weights PyTorch trained, baked into the assembly by the generator: no file is read at run time.</summary>
[Weights("tiny.safetensors")]
[Linear(4, 8), ReLU, Linear(8, 1), Sigmoid]
[BCELoss]
internal sealed partial class BakedTiny { }

/// <summary>The same layers, for the same file loaded at run time.</summary>
[Linear(4, 8), ReLU, Linear(8, 1), Sigmoid]
[BCELoss]
internal sealed partial class LoadedTiny { }
