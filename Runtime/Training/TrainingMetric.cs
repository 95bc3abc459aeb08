namespace NetGen;

/// <summary>A number each <see cref="EpochReport"/> holds, for early stopping and <see cref="ReduceLROnPlateau"/> to watch.</summary>
public enum TrainingMetric
{
    /// <summary>The mean loss on <see cref="TrainingOptions.Validation"/> (lower is better).</summary>
    ValidationLoss,

    /// <summary>The accuracy on <see cref="TrainingOptions.Validation"/>, for a classification set (higher is better).</summary>
    ValidationAccuracy,

    /// <summary>The mean training loss of the epoch (lower is better).</summary>
    Loss,

    /// <summary>The training accuracy, for a classification set (higher is better).</summary>
    Accuracy,
}
