namespace NetGen;

/// <summary>
/// AdamW with PyTorch's <c>torch.optim.AdamW</c> update rule: Adam's moments, with the weight decay applied to the
/// parameters (p ← p·(1 − lr·weightDecay)) instead of being added to the gradient. Its default decay is 0.01.
/// </summary>
public sealed class AdamW : Adam
{
    /// <summary>Creates the optimizer for a network of <paramref name="parameterCount"/> parameters.</summary>
    public AdamW(int parameterCount, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 1e-2f)
        : base(parameterCount, learningRate, beta1, beta2, epsilon, weightDecay, decoupledWeightDecay: true)
    {
    }
}
