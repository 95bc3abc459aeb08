using System;

namespace NetGen;

/// <summary>
/// A learning-rate schedule, as PyTorch's <c>torch.optim.lr_scheduler</c>: constructed on an optimizer, it sets
/// <see cref="IOptimizer.LearningRate"/> each time it is stepped. Call <c>Step()</c> once an epoch (once a batch for
/// <see cref="OneCycleLR"/>), after the optimizer's step, or give it to <see cref="TrainingOptions.Scheduler"/> and
/// let <see cref="Trainer"/> step it.
/// </summary>
/// <remarks>
/// The rate is kept in double precision between steps, as PyTorch keeps it in a Python float, so that a long schedule
/// does not drift by float rounding; the optimizer receives it rounded to float. A rate set on the optimizer by
/// someone else (another schedule, the user) is picked up at the next step, as PyTorch's chainable schedules do.
/// </remarks>
public abstract class LRScheduler
{
    private double _learningRate;

    private protected LRScheduler(IOptimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Optimizer = optimizer;
        _learningRate = optimizer.LearningRate;
    }

    /// <summary>The optimizer whose learning rate this schedule sets.</summary>
    public IOptimizer Optimizer { get; }

    /// <summary>How many times the schedule has been stepped (PyTorch's <c>last_epoch</c>, 0 after construction).</summary>
    public int LastEpoch { get; private protected set; }

    /// <summary>The learning rate this schedule set last (PyTorch's <c>get_last_lr()</c>).</summary>
    public float LastLearningRate => (float)_learningRate;

    /// <summary>The optimizer's current rate: at double precision while nobody else has changed it.</summary>
    private protected double CurrentLearningRate =>
        Optimizer.LearningRate == (float)_learningRate ? _learningRate : Optimizer.LearningRate;

    private protected void SetLearningRate(double learningRate)
    {
        _learningRate = learningRate;
        Optimizer.LearningRate = (float)learningRate;
    }

    /// <summary>Whether <see cref="Trainer"/> steps this schedule after every batch rather than every epoch.</summary>
    internal virtual bool StepsEachBatch => false;

    /// <summary>
    /// Steps the schedule for <see cref="Trainer"/> at the end of an epoch (or of a batch, when
    /// <see cref="StepsEachBatch"/>); <paramref name="metric"/> is the monitored value, used by
    /// <see cref="ReduceLROnPlateau"/> only.
    /// </summary>
    internal abstract void StepForTrainer(float metric);

    /// <summary>A checked argument: a finite number in the given range, or an exception that names the range.</summary>
    private protected static void Require(bool valid, string name, object value, string expected)
    {
        if (!valid) throw new ArgumentOutOfRangeException(name, value, $"Expected {name} {expected}.");
    }
}
