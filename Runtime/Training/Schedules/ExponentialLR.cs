namespace NetGen;

/// <summary>
/// <c>torch.optim.lr_scheduler.ExponentialLR</c>: multiplies the learning rate by <see cref="Gamma"/> at every step.
/// </summary>
public sealed class ExponentialLR : LRScheduler
{
    /// <summary>Starts the schedule at the optimizer's current learning rate.</summary>
    /// <param name="optimizer">The optimizer whose learning rate it sets.</param>
    /// <param name="gamma">The factor of each step.</param>
    public ExponentialLR(IOptimizer optimizer, float gamma) : base(optimizer)
    {
        Require(gamma >= 0f && float.IsFinite(gamma), nameof(gamma), gamma, "to be a finite number ≥ 0");
        Gamma = gamma;
    }

    /// <summary>The factor of each step.</summary>
    public float Gamma { get; }

    /// <summary>Advances the schedule by one epoch and sets the optimizer's learning rate.</summary>
    public void Step()
    {
        LastEpoch++;
        SetLearningRate(CurrentLearningRate * Gamma);
    }

    internal override void StepForTrainer(float metric) => Step();
}
