namespace NetGen;

/// <summary>
/// How <see cref="Trainer.Train"/> runs: epochs, mini-batch size and the seed of the shuffles; and optionally a held-out
/// set, early stopping, a learning-rate schedule and gradient clipping. Every value is checked before the first step.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>Passes over the training set (at most; early stopping may end sooner).</summary>
    public int Epochs { get; init; } = 100;

    /// <summary>Samples a step; the last batch of an epoch may be smaller. Larger than the data set: one batch an epoch.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Seeds the order of the samples in each epoch, so that a run can be repeated bit for bit.</summary>
    public int Seed { get; init; }

    /// <summary>Held-out samples to evaluate after each epoch (not trained on).</summary>
    public Dataset? Validation { get; init; }

    /// <summary>Stops when a metric stops improving; null to run every epoch.</summary>
    public EarlyStopping? EarlyStopping { get; init; }

    /// <summary>
    /// A learning-rate schedule constructed on the same optimizer. <see cref="OneCycleLR"/> is stepped after every
    /// batch, the others after every epoch (<see cref="ReduceLROnPlateau"/> with <see cref="SchedulerMetric"/>), after
    /// the epoch's report, as a PyTorch loop would.
    /// </summary>
    public LRScheduler? Scheduler { get; init; }

    /// <summary>
    /// The metric a <see cref="ReduceLROnPlateau"/> scheduler watches: by default the validation loss when there is a
    /// validation set, else the training loss. A loss needs mode "min", an accuracy mode "max".
    /// </summary>
    public TrainingMetric? SchedulerMetric { get; init; }

    /// <summary>Clips the gradients' total L2 norm to this before every step (<see cref="GradientClipping.ClipNorm"/>); null: no clipping.</summary>
    public float? MaxGradientNorm { get; init; }

    /// <summary>Clamps every gradient to ± this before every step (<see cref="GradientClipping.ClipValue"/>); null: no clipping.</summary>
    public float? GradientClipValue { get; init; }

    /// <summary>
    /// Threads for each batch's gradient (<c>ComputeGradients(inputs, targets, threads)</c>): any number gives the same
    /// bits, since the batch is cut into shards fixed by its size. Null (the default): one thread, one pass.
    /// </summary>
    public int? Threads { get; init; }

    /// <summary>
    /// Whether a NaN or infinite batch loss stops training with a <see cref="TrainingDivergedException"/> (before that
    /// batch's step, so the parameters stay finite). True by default; false trains on, as PyTorch would.
    /// </summary>
    public bool ThrowOnNonFiniteLoss { get; init; } = true;
}
