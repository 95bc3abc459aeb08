namespace NetGen.Tests.Training;

// Small networks for the trainer's tests: one of each loss, so that labels, targets and accuracy take every path.

[Linear(4, 8), Tanh, Linear(8, 3), Softmax]
[CrossEntropyLoss]
public partial class BlobClassifier { }

[Linear(4, 6), ReLU, Linear(6, 1), Sigmoid]
[BCELoss]
public partial class BinaryNet { }

[Linear(3, 8), Tanh, Linear(8, 2)]
[MSELoss]
public partial class SmallRegression { }
