using System;

namespace NetGen;

/// <summary>
/// The state of <see cref="EarlyStopping"/> during one run: the best value of the metric, the epochs since, and
/// (when asked) a copy of the best parameters, allocated once before the first epoch.
/// </summary>
internal sealed class EarlyStopper
{
    private readonly EarlyStopping _settings;
    private readonly bool _higherIsBetter;
    private readonly float[]? _bestParameters;
    private double _best;
    private int _epochsWithoutImprovement;

    public EarlyStopper(EarlyStopping settings, int parameterCount)
    {
        _settings = settings;
        _higherIsBetter = settings.Monitor is TrainingMetric.Accuracy or TrainingMetric.ValidationAccuracy;
        _best = _higherIsBetter ? double.NegativeInfinity : double.PositiveInfinity;
        if (settings.RestoreBestParameters) _bestParameters = new float[parameterCount];
    }

    /// <summary>The epoch of the best value so far; 0 before any.</summary>
    public int BestEpoch { get; private set; }

    /// <summary>Records an epoch's value (NaN never improves); returns whether training should stop now.</summary>
    public bool ShouldStop(int epoch, double value, ReadOnlySpan<float> parameters)
    {
        double minDelta = _settings.MinDelta;
        bool improved = _higherIsBetter ? value > _best + minDelta : value < _best - minDelta;
        if (improved)
        {
            _best = value;
            BestEpoch = epoch;
            _epochsWithoutImprovement = 0;
            if (_bestParameters is not null) parameters.CopyTo(_bestParameters);
            return false;
        }
        _epochsWithoutImprovement++;
        return _epochsWithoutImprovement >= _settings.Patience;
    }

    /// <summary>
    /// At the end of training: puts the best epoch's parameters back when asked and when they are not already the
    /// current ones; returns that epoch, or null when nothing was restored.
    /// </summary>
    public int? RestoreBest(int lastEpoch, Span<float> parameters)
    {
        if (_bestParameters is null || BestEpoch == 0 || BestEpoch == lastEpoch) return null;
        _bestParameters.CopyTo(parameters);
        return BestEpoch;
    }
}
