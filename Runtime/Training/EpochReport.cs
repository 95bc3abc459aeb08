using System;

namespace NetGen;

/// <summary>What one epoch achieved: one entry of the history <see cref="Trainer.Train"/> returns.</summary>
public sealed record EpochReport
{
    /// <summary>1 for the first epoch.</summary>
    public int Epoch { get; init; }

    /// <summary>The mean training loss over the epoch's batches (weighted by batch size).</summary>
    public float Loss { get; init; }

    /// <summary>Training accuracy at the end of the epoch, for a classification set; otherwise null.</summary>
    public double? Accuracy { get; init; }

    /// <summary>The loss on <see cref="TrainingOptions.Validation"/> at the end of the epoch, if there is one.</summary>
    public float? ValidationLoss { get; init; }

    /// <summary>The accuracy on <see cref="TrainingOptions.Validation"/>, for a classification set.</summary>
    public double? ValidationAccuracy { get; init; }

    /// <summary>The learning rate of the epoch's last step (a schedule may change it after the report).</summary>
    public float LearningRate { get; init; }

    /// <summary>The time since training began, at the end of this epoch's evaluation.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Why training stopped after this epoch; <see cref="StopReason.None"/> when it went on.</summary>
    public StopReason StopReason { get; init; }

    /// <summary>
    /// On the last report, when <see cref="EarlyStopping.RestoreBestParameters"/> put back an earlier epoch's parameters:
    /// that epoch. Null when the network holds the parameters this report measured.
    /// </summary>
    public int? RestoredEpoch { get; init; }
}
