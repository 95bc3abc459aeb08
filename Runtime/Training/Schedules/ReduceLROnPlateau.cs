using System;

namespace NetGen;

/// <summary>
/// <c>torch.optim.lr_scheduler.ReduceLROnPlateau</c>: multiplies the learning rate by <see cref="Factor"/> when a
/// metric (a validation loss, say) has not improved for more than <see cref="Patience"/> steps. Step it with the
/// metric once an epoch; <see cref="Trainer"/> does so with <see cref="TrainingOptions.SchedulerMetric"/>.
/// </summary>
public sealed class ReduceLROnPlateau : LRScheduler
{
    private int _cooldownCounter;

    /// <summary>Starts watching; the learning rate stays the optimizer's until the first plateau.</summary>
    /// <param name="optimizer">The optimizer whose learning rate it sets.</param>
    /// <param name="mode"><c>"min"</c>: the metric should fall (a loss); <c>"max"</c>: it should rise (an accuracy).</param>
    /// <param name="factor">The factor of each reduction, below 1.</param>
    /// <param name="patience">The number of steps without improvement tolerated before a reduction.</param>
    /// <param name="threshold">The least change that counts as an improvement (see <paramref name="thresholdMode"/>).</param>
    /// <param name="thresholdMode"><c>"rel"</c>: better than best · (1 ∓ threshold); <c>"abs"</c>: better than best ∓ threshold.</param>
    /// <param name="cooldown">The number of steps after a reduction during which no step counts as bad.</param>
    /// <param name="minLr">The learning rate never goes below this.</param>
    /// <param name="eps">A reduction smaller than this is skipped.</param>
    public ReduceLROnPlateau(IOptimizer optimizer, string mode = "min", float factor = 0.1f, int patience = 10, float threshold = 1e-4f,
        string thresholdMode = "rel", int cooldown = 0, float minLr = 0f, float eps = 1e-8f)
        : base(optimizer)
    {
        if (mode is not ("min" or "max"))
            throw new ArgumentException($"mode is '{mode}'; expected 'min' or 'max'.", nameof(mode));
        if (thresholdMode is not ("rel" or "abs"))
            throw new ArgumentException($"thresholdMode is '{thresholdMode}'; expected 'rel' or 'abs'.", nameof(thresholdMode));
        Require(factor >= 0f && factor < 1f, nameof(factor), factor, "in [0, 1)");
        Require(patience >= 0, nameof(patience), patience, "to be a number of steps ≥ 0");
        Require(threshold >= 0f && float.IsFinite(threshold), nameof(threshold), threshold, "to be a finite number ≥ 0");
        Require(cooldown >= 0, nameof(cooldown), cooldown, "to be a number of steps ≥ 0");
        Require(minLr >= 0f && float.IsFinite(minLr), nameof(minLr), minLr, "to be a finite number ≥ 0");
        Require(eps >= 0f && float.IsFinite(eps), nameof(eps), eps, "to be a finite number ≥ 0");
        Mode = mode;
        Factor = factor;
        Patience = patience;
        Threshold = threshold;
        ThresholdMode = thresholdMode;
        Cooldown = cooldown;
        MinLr = minLr;
        Eps = eps;
        Best = mode == "min" ? double.PositiveInfinity : double.NegativeInfinity;
    }

    /// <summary><c>"min"</c> or <c>"max"</c>.</summary>
    public string Mode { get; }

    /// <summary>The factor of each reduction.</summary>
    public float Factor { get; }

    /// <summary>The number of steps without improvement tolerated before a reduction.</summary>
    public int Patience { get; }

    /// <summary>The least change that counts as an improvement.</summary>
    public float Threshold { get; }

    /// <summary><c>"rel"</c> or <c>"abs"</c>.</summary>
    public string ThresholdMode { get; }

    /// <summary>The number of steps after a reduction during which no step counts as bad.</summary>
    public int Cooldown { get; }

    /// <summary>The lowest learning rate.</summary>
    public float MinLr { get; }

    /// <summary>A reduction smaller than this is skipped.</summary>
    public float Eps { get; }

    /// <summary>The best metric seen so far.</summary>
    public double Best { get; private set; }

    /// <summary>The number of steps since the metric last improved (reset by a reduction and during the cooldown).</summary>
    public int NumBadEpochs { get; private set; }

    /// <summary>Records one epoch's <paramref name="metric"/> and reduces the learning rate after a plateau. NaN never improves.</summary>
    public void Step(float metric)
    {
        LastEpoch++;
        if (IsBetter(metric))
        {
            Best = metric;
            NumBadEpochs = 0;
        }
        else NumBadEpochs++;

        if (_cooldownCounter > 0)
        {
            _cooldownCounter--;
            NumBadEpochs = 0;
        }
        if (NumBadEpochs > Patience)
        {
            double old = CurrentLearningRate, reduced = Math.Max(old * Factor, MinLr);
            if (old - reduced > Eps) SetLearningRate(reduced);
            _cooldownCounter = Cooldown;
            NumBadEpochs = 0;
        }
    }

    internal override void StepForTrainer(float metric) => Step(metric);

    private bool IsBetter(double metric) => (Mode, ThresholdMode) switch
    {
        ("min", "rel") => metric < Best * (1 - (double)Threshold),
        ("min", _) => metric < Best - Threshold,
        (_, "rel") => metric > Best * ((double)Threshold + 1),
        _ => metric > Best + Threshold,
    };
}
