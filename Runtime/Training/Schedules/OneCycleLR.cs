using System;

namespace NetGen;

/// <summary>
/// <c>torch.optim.lr_scheduler.OneCycleLR</c> (the 1cycle policy): the learning rate rises from
/// <c>maxLr / divFactor</c> to <see cref="MaxLr"/> over the first <see cref="PctStart"/> of the steps, then anneals to
/// <c>maxLr / divFactor / finalDivFactor</c> by the last step. Stepped once a batch: <see cref="Trainer"/> does so.
/// </summary>
/// <remarks>
/// Constructing it sets the optimizer's learning rate to the starting value, as in PyTorch. The momentum is not
/// cycled (PyTorch's <c>cycle_momentum=False</c>): NetGen's optimizers keep their momentum fixed. Stepped
/// <see cref="TotalSteps"/> times (the last step of training is followed by one), it holds the final rate where
/// PyTorch would extrapolate past it.
/// </remarks>
public sealed class OneCycleLR : LRScheduler
{
    private readonly (double EndStep, double StartRate, double EndRate)[] _phases;

    /// <summary>Starts the cycle: sets the optimizer's learning rate to <c>maxLr / divFactor</c>.</summary>
    /// <param name="optimizer">The optimizer whose learning rate it sets.</param>
    /// <param name="maxLr">The highest learning rate, reached after <paramref name="pctStart"/> of the steps.</param>
    /// <param name="totalSteps">The number of steps of the cycle; or give <paramref name="epochs"/> and <paramref name="stepsPerEpoch"/>.</param>
    /// <param name="epochs">With <paramref name="stepsPerEpoch"/>, the cycle's length when <paramref name="totalSteps"/> is not given.</param>
    /// <param name="stepsPerEpoch">The number of batches an epoch.</param>
    /// <param name="pctStart">The fraction of the cycle spent rising.</param>
    /// <param name="annealStrategy"><c>"cos"</c> (cosine annealing) or <c>"linear"</c>.</param>
    /// <param name="divFactor">The starting rate is <c>maxLr / divFactor</c>.</param>
    /// <param name="finalDivFactor">The final rate is the starting rate divided by this.</param>
    /// <param name="threePhase">Three phases: up to <paramref name="maxLr"/>, back down to the starting rate, then down to the final rate.</param>
    public OneCycleLR(IOptimizer optimizer, float maxLr, int? totalSteps = null, int? epochs = null, int? stepsPerEpoch = null,
        float pctStart = 0.3f, string annealStrategy = "cos", float divFactor = 25f, float finalDivFactor = 1e4f, bool threePhase = false)
        : base(optimizer)
    {
        Require(maxLr >= 0f && float.IsFinite(maxLr), nameof(maxLr), maxLr, "to be a finite number ≥ 0");
        if (totalSteps is int total)
            Require(total > 0, nameof(totalSteps), total, "to be a positive number of steps");
        else if (epochs is int e && stepsPerEpoch is int s)
        {
            Require(e > 0, nameof(epochs), e, "to be a positive number of epochs");
            Require(s > 0, nameof(stepsPerEpoch), s, "to be a positive number of steps");
            Require((long)e * s <= int.MaxValue, nameof(epochs), e, $"× stepsPerEpoch to be at most {int.MaxValue} steps");
            total = e * s;
        }
        else throw new ArgumentException("Expected totalSteps, or both epochs and stepsPerEpoch.", nameof(totalSteps));
        Require(pctStart >= 0f && pctStart <= 1f, nameof(pctStart), pctStart, "in [0, 1]");
        if (annealStrategy is not ("cos" or "linear"))
            throw new ArgumentException($"annealStrategy is '{annealStrategy}'; expected 'cos' or 'linear'.", nameof(annealStrategy));
        Require(divFactor > 0f && float.IsFinite(divFactor), nameof(divFactor), divFactor, "to be a finite number > 0");
        Require(finalDivFactor > 0f && float.IsFinite(finalDivFactor), nameof(finalDivFactor), finalDivFactor, "to be a finite number > 0");

        TotalSteps = total;
        MaxLr = maxLr;
        PctStart = pctStart;
        AnnealStrategy = annealStrategy;
        DivFactor = divFactor;
        FinalDivFactor = finalDivFactor;
        ThreePhase = threePhase;
        double initial = (double)maxLr / divFactor, min = initial / finalDivFactor, rise = (double)pctStart * total;
        _phases = threePhase
            ? new[] { (rise - 1, initial, (double)maxLr), (2 * rise - 2, (double)maxLr, initial), (total - 1.0, initial, min) }
            : new[] { (rise - 1, initial, (double)maxLr), (total - 1.0, (double)maxLr, min) };
        SetLearningRate(RateAt(0));
    }

    /// <summary>The number of steps of the cycle; stepping further throws.</summary>
    public int TotalSteps { get; }

    /// <summary>The highest learning rate.</summary>
    public float MaxLr { get; }

    /// <summary>The fraction of the cycle spent rising.</summary>
    public float PctStart { get; }

    /// <summary><c>"cos"</c> or <c>"linear"</c>.</summary>
    public string AnnealStrategy { get; }

    /// <summary>The starting rate is <see cref="MaxLr"/> / <see cref="DivFactor"/>.</summary>
    public float DivFactor { get; }

    /// <summary>The final rate is the starting rate / <see cref="FinalDivFactor"/>.</summary>
    public float FinalDivFactor { get; }

    /// <summary>Whether the cycle has three phases (up, down to the start, down to the final rate).</summary>
    public bool ThreePhase { get; }

    /// <summary>Advances the cycle by one batch and sets the optimizer's learning rate.</summary>
    /// <exception cref="InvalidOperationException">The cycle has already taken <see cref="TotalSteps"/> steps.</exception>
    public void Step()
    {
        if (LastEpoch >= TotalSteps)
            throw new InvalidOperationException($"Tried to step {LastEpoch + 1} times; the cycle has totalSteps {TotalSteps}.");
        LastEpoch++;
        SetLearningRate(RateAt(LastEpoch));
    }

    internal override bool StepsEachBatch => true;

    internal override void StepForTrainer(float metric) => Step();

    /// <summary>PyTorch's piecewise schedule: find the phase of the step, anneal between its ends.</summary>
    private double RateAt(int step)
    {
        double phaseStart = 0;
        for (int i = 0; i < _phases.Length; i++)
        {
            var (end, from, to) = _phases[i];
            if (step <= end || i == _phases.Length - 1)
            {
                // A phase of zero length is over as soon as it starts (PyTorch divides by zero there); after the last
                // step the cycle holds its final rate (PyTorch extrapolates one step further, below 0 when linear).
                double progress = end == phaseStart ? 1 : Math.Min(1, (step - phaseStart) / (end - phaseStart));
                return AnnealStrategy == "cos"
                    ? to + (from - to) / 2.0 * (Math.Cos(Math.PI * progress) + 1)
                    : (to - from) * progress + from;
            }
            phaseStart = end;
        }
        throw new InvalidOperationException("unreachable: the last phase takes every remaining step");
    }
}
