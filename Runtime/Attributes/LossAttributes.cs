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
/// <c>labelSmoothing</c> and <see cref="Weight"/> are PyTorch's <c>label_smoothing</c> and <c>weight</c>: the target
/// becomes (1 − ε)·target + ε/classes, and each class's terms are multiplied by its weight (with class indices the mean
/// is then over the weights of the samples' classes, as PyTorch's).
/// </summary>
/// <param name="labelSmoothing">ε, in [0, 1]; 0 (the default) is the plain cross-entropy.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class CrossEntropyLossAttribute(double labelSmoothing = 0.0) : LossAttribute
{
    /// <summary>The label smoothing ε.</summary>
    public float LabelSmoothing { get; } = (float)labelSmoothing;

    /// <summary>A weight a class (one an output, each finite and at least 0), or null for all 1: <c>Weight = new[] { 1.0, 2.0 }</c>.</summary>
    public double[]? Weight { get; set; }
}

/// <summary><c>nn.MSELoss</c>: squared error averaged over the batch and the outputs.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class MSELossAttribute : LossAttribute { }

/// <summary><c>nn.L1Loss</c>: absolute error averaged over the batch and the outputs; its gradient at 0 is 0, as PyTorch's.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class L1LossAttribute : LossAttribute { }

/// <summary>
/// <c>nn.SmoothL1Loss(beta=1.0)</c> averaged over the batch and the outputs: 0.5·d²/beta where |d| &lt; beta, else
/// |d| − 0.5·beta (d = output − target); beta = 0 is the L1 loss.
/// </summary>
/// <param name="beta">Where the loss turns from quadratic to linear; at least 0.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class SmoothL1LossAttribute(double beta = 1.0) : LossAttribute
{
    /// <summary>Where the loss turns from quadratic to linear.</summary>
    public float Beta { get; } = (float)beta;
}

/// <summary>
/// <c>nn.HuberLoss(delta=1.0)</c> averaged over the batch and the outputs: 0.5·d² where |d| &lt; delta, else
/// delta·(|d| − 0.5·delta) (d = output − target).
/// </summary>
/// <param name="delta">Where the loss turns from quadratic to linear; positive.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class HuberLossAttribute(double delta = 1.0) : LossAttribute
{
    /// <summary>Where the loss turns from quadratic to linear.</summary>
    public float Delta { get; } = (float)delta;
}

/// <summary>
/// <c>nn.NLLLoss</c>: the negative log-likelihood of log-probabilities, so the network ends with
/// <see cref="LogSoftmaxAttribute"/>; −output[label] averaged over the batch, with class indices (or, with float
/// targets, −Σ target·output: class probabilities, as <see cref="CrossEntropyLossAttribute"/> takes them).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class NLLLossAttribute : LossAttribute { }
