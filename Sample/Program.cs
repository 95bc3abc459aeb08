using System;
using NetGen;

var net = new Tiny(seed: 1);
Span<float> y = stackalloc float[Tiny.OutputSize];
net.Forward([0.5f, -1f, 2f, 0f], y);
Console.WriteLine(y[0]);

[Linear(4, 8), ReLU, Linear(8, 1), Sigmoid]
[BCELoss]
public partial class Tiny { }

[Linear(4, 16), ReLU, Linear(16, 3), Softmax]
[CrossEntropyLoss]
public partial class IrisNet { }

[Linear(784, 128), ReLU, Linear(128, 10), Softmax]
[CrossEntropyLoss]
public partial class Large { }
