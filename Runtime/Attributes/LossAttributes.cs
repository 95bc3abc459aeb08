using System;

namespace NetGen;

// The losses, PyTorch's, always with reduction='mean'. ComputeGradients is generated for a class that has one.

/// <summary>
/// <c>nn.BCELoss</c>: binary cross-entropy of probabilities against targets in [0, 1], averaged over the batch and
/// the outputs. After a trailing <see cref="SigmoidAttribute"/> it is computed from the pre-sigmoid value, as
/// <c>nn.BCEWithLogitsLoss</c>, so it stays exact for any logit.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class BCELossAttribute : LossAttribute { }

/// <summary>
/// <c>nn.CrossEntropyLoss</c> on the network's output read as logits, against class indices or class
/// probabilities, averaged over the batch. After a trailing <see cref="SoftmaxAttribute"/> it is computed from the
/// pre-softmax logits (what <c>nn.CrossEntropyLoss</c> expects), while the network still returns probabilities.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class CrossEntropyLossAttribute : LossAttribute { }

/// <summary><c>nn.MSELoss</c>: squared error averaged over the batch and the outputs.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class MSELossAttribute : LossAttribute { }
