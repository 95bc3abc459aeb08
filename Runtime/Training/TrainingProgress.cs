using System;

namespace NetGen;

/// <summary>
/// Where training is, reported through <see cref="IProgress{T}"/> after every batch and again after every epoch's
/// evaluation (then <see cref="Report"/> is that epoch's report). A struct: reporting allocates nothing.
/// </summary>
public readonly record struct TrainingProgress
{
    /// <summary>The current epoch, from 1.</summary>
    public int Epoch { get; init; }

    /// <summary>The number of epochs asked for (early stopping may end sooner).</summary>
    public int Epochs { get; init; }

    /// <summary>The batches of this epoch done so far.</summary>
    public int Batch { get; init; }

    /// <summary>The number of batches an epoch.</summary>
    public int Batches { get; init; }

    /// <summary>The samples of this epoch trained on so far.</summary>
    public int SamplesDone { get; init; }

    /// <summary>The number of training samples (an epoch).</summary>
    public int SampleCount { get; init; }

    /// <summary>The mean loss over this epoch's samples so far.</summary>
    public float Loss { get; init; }

    /// <summary>The learning rate of the last step.</summary>
    public float LearningRate { get; init; }

    /// <summary>The time since training began.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>The time left to the last epoch at the pace so far (evaluation included); early stopping may end sooner.</summary>
    public TimeSpan Remaining { get; init; }

    /// <summary>The fraction of the whole run done, in [0, 1].</summary>
    public double Fraction => Epochs == 0 || SampleCount == 0 ? 0 : ((Epoch - 1) + (double)SamplesDone / SampleCount) / Epochs;

    /// <summary>The epoch's report once it is evaluated (the last report of an epoch); null after a batch.</summary>
    public EpochReport? Report { get; init; }

    /// <summary>Whether this is the last report of the run (the final epoch's, or the one early stopping ended on).</summary>
    public bool IsFinal => Report is not null && Report.StopReason != StopReason.None;
}
