using System;

namespace NetGen;

/// <summary>
/// <c>torch.optim.lr_scheduler.MultiStepLR</c>: multiplies the learning rate by <see cref="Gamma"/> at each milestone
/// (a milestone listed twice decays twice), so after <c>n</c> steps it is <c>lr · gamma^(milestones ≤ n)</c>.
/// </summary>
public sealed class MultiStepLR : LRScheduler
{
    private readonly int[] _milestones;

    /// <summary>Starts the schedule at the optimizer's current learning rate.</summary>
    /// <param name="optimizer">The optimizer whose learning rate it sets.</param>
    /// <param name="milestones">The steps at which to decay, in any order.</param>
    /// <param name="gamma">The factor of each decay.</param>
    public MultiStepLR(IOptimizer optimizer, int[] milestones, float gamma = 0.1f) : base(optimizer)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        foreach (int milestone in milestones)
            Require(milestone > 0, nameof(milestones), milestone, "to hold positive step numbers");
        Require(gamma >= 0f && float.IsFinite(gamma), nameof(gamma), gamma, "to be a finite number ≥ 0");
        _milestones = (int[])milestones.Clone();
        Array.Sort(_milestones);
        Gamma = gamma;
    }

    /// <summary>The steps at which the rate decays, sorted.</summary>
    public ReadOnlySpan<int> Milestones => _milestones;

    /// <summary>The factor of each decay.</summary>
    public float Gamma { get; }

    /// <summary>Advances the schedule by one epoch and sets the optimizer's learning rate.</summary>
    public void Step()
    {
        LastEpoch++;
        double rate = CurrentLearningRate;
        foreach (int milestone in _milestones)
            if (milestone == LastEpoch) rate *= Gamma;
        SetLearningRate(rate);
    }

    internal override void StepForTrainer(float metric) => Step();
}
