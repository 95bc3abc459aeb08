using System;

namespace NetGen;

/// <summary>
/// Stops training when a metric has stopped improving, as PyTorch Lightning's and Keras's <c>EarlyStopping</c>:
/// after <see cref="Patience"/> epochs in a row without an improvement of more than <see cref="MinDelta"/>.
/// </summary>
public sealed record EarlyStopping
{
    private readonly int _patience = 3;
    private readonly float _minDelta;

    /// <summary>The metric watched; a loss should fall, an accuracy rise. The validation loss by default.</summary>
    public TrainingMetric Monitor { get; init; } = TrainingMetric.ValidationLoss;

    /// <summary>The number of epochs without improvement after which training stops (0: the first one). Lightning's default, 3.</summary>
    public int Patience
    {
        get => _patience;
        init => _patience = value >= 0 ? value
            : throw new ArgumentOutOfRangeException(nameof(Patience), value, "Expected a number of epochs ≥ 0.");
    }

    /// <summary>The least change of the metric that counts as an improvement (0: any change).</summary>
    public float MinDelta
    {
        get => _minDelta;
        init => _minDelta = value >= 0f && float.IsFinite(value) ? value
            : throw new ArgumentOutOfRangeException(nameof(MinDelta), value, "Expected a finite number ≥ 0.");
    }

    /// <summary>
    /// Whether the network ends with the parameters of its best epoch rather than its last (the optimizer's state is
    /// not rolled back). Applies however training ends, early or after every epoch.
    /// </summary>
    public bool RestoreBestParameters { get; init; }
}
