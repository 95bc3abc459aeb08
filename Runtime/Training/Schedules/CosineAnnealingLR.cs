using System;

namespace NetGen;

/// <summary>
/// <c>torch.optim.lr_scheduler.CosineAnnealingLR</c>: the learning rate follows half a cosine from its starting value
/// down to <see cref="EtaMin"/> over <see cref="TMax"/> steps, then back up, and so on (without restarts).
/// </summary>
/// <remarks>
/// It uses PyTorch's recursive form, which follows the cosine from the current rate (so that it composes with other
/// changes of the rate), with PyTorch's special case where the recursion's denominator is zero.
/// </remarks>
public sealed class CosineAnnealingLR : LRScheduler
{
    private readonly double _baseLearningRate;

    /// <summary>Starts the schedule at the optimizer's current learning rate.</summary>
    /// <param name="optimizer">The optimizer whose learning rate it sets.</param>
    /// <param name="tMax">The number of steps of half a period (PyTorch's <c>T_max</c>).</param>
    /// <param name="etaMin">The lowest learning rate (PyTorch's <c>eta_min</c>).</param>
    public CosineAnnealingLR(IOptimizer optimizer, int tMax, float etaMin = 0f) : base(optimizer)
    {
        Require(tMax > 0, nameof(tMax), tMax, "to be a positive number of steps");
        Require(etaMin >= 0f && float.IsFinite(etaMin), nameof(etaMin), etaMin, "to be a finite number ≥ 0");
        TMax = tMax;
        EtaMin = etaMin;
        _baseLearningRate = optimizer.LearningRate;
    }

    /// <summary>The number of steps of half a period.</summary>
    public int TMax { get; }

    /// <summary>The lowest learning rate.</summary>
    public float EtaMin { get; }

    /// <summary>Advances the schedule by one epoch and sets the optimizer's learning rate.</summary>
    public void Step()
    {
        LastEpoch++;
        double rate = CurrentLearningRate, etaMin = EtaMin;
        int epoch = LastEpoch, tMax = TMax;
        if ((epoch - 1 - tMax) % (2 * tMax) == 0)
            SetLearningRate(rate + (_baseLearningRate - etaMin) * (1 - Math.Cos(Math.PI / tMax)) / 2);
        else
            SetLearningRate((1 + Math.Cos(Math.PI * epoch / tMax)) / (1 + Math.Cos(Math.PI * (epoch - 1) / tMax)) * (rate - etaMin) + etaMin);
    }

    internal override void StepForTrainer(float metric) => Step();
}
