namespace NetGen;

/// <summary>Why <see cref="Trainer.Train"/> stopped after an epoch: on the last <see cref="EpochReport"/> of a history.</summary>
public enum StopReason
{
    /// <summary>Training went on after this epoch.</summary>
    None,

    /// <summary>All <see cref="TrainingOptions.Epochs"/> ran.</summary>
    EpochsCompleted,

    /// <summary>The monitored metric stopped improving (<see cref="TrainingOptions.EarlyStopping"/>).</summary>
    EarlyStopping,
}
