using System;

namespace NetGen;

/// <summary>
/// <c>nn.BatchNorm1d(num_features, eps=1e-5, momentum=0.1)</c> over the batch: y = (x − mean) / √(var + eps) · weight +
/// bias for each feature. In training (<c>ComputeGradients</c>) the mean and the biased variance are the batch's, and
/// the running statistics move towards them: running = (1 − momentum)·running + momentum·batch statistic, with the
/// unbiased variance, as PyTorch's; a batch of one is refused. In evaluation (<c>Forward</c>, <c>ForwardBatch</c>,
/// <c>Backward</c>) the running statistics are used. Parameters <c>{index}.weight</c> (starting at 1) and
/// <c>{index}.bias</c> (starting at 0); buffers <c>{index}.running_mean</c> (0), <c>{index}.running_var</c> (1) and
/// <c>{index}.num_batches_tracked</c> (0) in the network's <c>Buffers</c>, saved with the weights.
/// </summary>
/// <param name="numFeatures">The number of features: the width of the layer before it.</param>
/// <param name="eps">Added to the variance, for stability; positive.</param>
/// <param name="momentum">How far the running statistics move towards each batch's, in [0, 1].</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class BatchNorm1dAttribute(int numFeatures, double eps = 1e-5, double momentum = 0.1) : LayerAttribute
{
    /// <summary>The number of features.</summary>
    public int NumFeatures { get; } = numFeatures;

    /// <summary>Added to the variance, for stability.</summary>
    public float Eps { get; } = (float)eps;

    /// <summary>How far the running statistics move towards each batch's.</summary>
    public float Momentum { get; } = (float)momentum;
}
