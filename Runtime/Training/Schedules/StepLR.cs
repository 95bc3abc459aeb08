namespace NetGen;

/// <summary>
/// <c>torch.optim.lr_scheduler.StepLR</c>: multiplies the learning rate by <see cref="Gamma"/> every
/// <see cref="StepSize"/> steps, so after <c>n</c> steps it is <c>lr · gamma^⌊n / stepSize⌋</c>.
/// </summary>
public sealed class StepLR : LRScheduler
{
    /// <summary>Starts the schedule at the optimizer's current learning rate.</summary>
    /// <param name="optimizer">The optimizer whose learning rate it sets.</param>
    /// <param name="stepSize">The number of steps between two decays (PyTorch's <c>step_size</c>).</param>
    /// <param name="gamma">The factor of each decay.</param>
    public StepLR(IOptimizer optimizer, int stepSize, float gamma = 0.1f) : base(optimizer)
    {
        Require(stepSize > 0, nameof(stepSize), stepSize, "to be a positive number of steps");
        Require(gamma >= 0f && float.IsFinite(gamma), nameof(gamma), gamma, "to be a finite number ≥ 0");
        StepSize = stepSize;
        Gamma = gamma;
    }

    /// <summary>The number of steps between two decays.</summary>
    public int StepSize { get; }

    /// <summary>The factor of each decay.</summary>
    public float Gamma { get; }

    /// <summary>Advances the schedule by one epoch and sets the optimizer's learning rate.</summary>
    public void Step()
    {
        LastEpoch++;
        double rate = CurrentLearningRate;
        SetLearningRate(LastEpoch % StepSize == 0 ? rate * Gamma : rate);
    }

    internal override void StepForTrainer(float metric) => Step();
}
