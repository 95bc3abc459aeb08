using System;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace NetGen.Tests.Training;

/// <summary>
/// Every schedule against PyTorch's own torch.optim.lr_scheduler, value by value: the rate after construction and
/// after each step. PyTorch computes in double from the same float32 arguments; NetGen keeps the rate in double too
/// and hands the optimizer that rate rounded to float, so each value must be PyTorch's rounded to the nearest float.
/// The one deliberate difference: OneCycleLR stepped once more than its last step holds its final rate.
/// </summary>
public class ScheduleReferenceTests
{
    public static TheoryData<string> Cases => new(TrainingReference.Schedules.Select(s => s.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public void LearningRatesMatchPyTorch(string name)
    {
        ScheduleReference reference = TrainingReference.Schedules.Single(s => s.Name == name);
        var optimizer = new Sgd(parameterCount: 1, learningRate: reference.LearningRate);
        LRScheduler scheduler = Build(reference, optimizer);

        for (int step = 0; step < reference.LearningRates.Length; step++)
        {
            if (step > 0) Step(scheduler, reference, step);
            if (scheduler is OneCycleLR cycle && step == cycle.TotalSteps)
            {
                // One step past the cycle's last: PyTorch extrapolates (below 0 when linear); NetGen holds the final rate.
                Assert.Equal((float)(cycle.MaxLr / (double)cycle.DivFactor / cycle.FinalDivFactor), optimizer.LearningRate);
                continue;
            }
            Assert.True((float)reference.LearningRates[step] == optimizer.LearningRate,
                $"{name}, after {step} steps: PyTorch {reference.LearningRates[step]:R} (as float {(float)reference.LearningRates[step]:R}), NetGen {optimizer.LearningRate:R}");
            Assert.Equal(optimizer.LearningRate, scheduler.LastLearningRate);
            Assert.Equal(step, scheduler.LastEpoch);
        }
    }

    [Fact]
    public void OneCycleRefusesToStepPastItsTotalSteps()
    {
        var optimizer = new Sgd(1, 0.1f);
        var cycle = new OneCycleLR(optimizer, maxLr: 0.1f, totalSteps: 3);
        for (int i = 0; i < 3; i++) cycle.Step();
        float rate = optimizer.LearningRate;
        var error = Assert.Throws<InvalidOperationException>(cycle.Step);
        Assert.Contains("totalSteps 3", error.Message);
        Assert.Equal(3, cycle.LastEpoch); // unchanged by the refused step
        Assert.Equal(rate, optimizer.LearningRate);
    }

    [Fact]
    public void ARateSetOnTheOptimizerBetweenStepsIsTheOneTheScheduleContinuesFrom()
    {
        var optimizer = new Sgd(1, 1f);
        var schedule = new ExponentialLR(optimizer, gamma: 0.5f);
        schedule.Step();
        optimizer.LearningRate = 0.25f; // another schedule, or the user, changed it (PyTorch's chainable form reads it)
        schedule.Step();
        Assert.Equal(0.125f, optimizer.LearningRate);
    }

    [Fact]
    public void BadArgumentsNameWhatIsExpected()
    {
        var optimizer = new Sgd(1, 0.1f);
        Assert.Contains("stepSize", Assert.Throws<ArgumentOutOfRangeException>(() => new StepLR(optimizer, 0)).Message);
        Assert.Contains("gamma", Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialLR(optimizer, float.NaN)).Message);
        Assert.Contains("milestones", Assert.Throws<ArgumentOutOfRangeException>(() => new MultiStepLR(optimizer, [3, -1])).Message);
        Assert.Contains("tMax", Assert.Throws<ArgumentOutOfRangeException>(() => new CosineAnnealingLR(optimizer, 0)).Message);
        Assert.Contains("'cos' or 'linear'", Assert.Throws<ArgumentException>(() => new OneCycleLR(optimizer, 0.1f, totalSteps: 10, annealStrategy: "cosine")).Message);
        Assert.Contains("totalSteps, or both epochs and stepsPerEpoch", Assert.Throws<ArgumentException>(() => new OneCycleLR(optimizer, 0.1f, epochs: 3)).Message);
        Assert.Contains("'min' or 'max'", Assert.Throws<ArgumentException>(() => new ReduceLROnPlateau(optimizer, mode: "minimum")).Message);
        Assert.Contains("factor", Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLROnPlateau(optimizer, factor: 1f)).Message);
        Assert.Throws<ArgumentNullException>(() => new StepLR(null!, 3));
        Assert.Equal(0.1f, optimizer.LearningRate); // a refused schedule sets nothing
    }

    private static LRScheduler Build(ScheduleReference c, IOptimizer optimizer)
    {
        JsonElement a = c.Args;
        float? F(string name) => a.TryGetProperty(name, out JsonElement v) ? v.GetSingle() : null;
        int? I(string name) => a.TryGetProperty(name, out JsonElement v) ? v.GetInt32() : null;
        string? S(string name) => a.TryGetProperty(name, out JsonElement v) ? v.GetString() : null;
        return c.Type switch
        {
            "StepLR" => F("gamma") is float g ? new StepLR(optimizer, I("stepSize")!.Value, g) : new StepLR(optimizer, I("stepSize")!.Value),
            "MultiStepLR" => F("gamma") is float g
                ? new MultiStepLR(optimizer, a.GetProperty("milestones").EnumerateArray().Select(m => m.GetInt32()).ToArray(), g)
                : new MultiStepLR(optimizer, a.GetProperty("milestones").EnumerateArray().Select(m => m.GetInt32()).ToArray()),
            "ExponentialLR" => new ExponentialLR(optimizer, F("gamma")!.Value),
            "CosineAnnealingLR" => F("etaMin") is float eta ? new CosineAnnealingLR(optimizer, I("tMax")!.Value, eta) : new CosineAnnealingLR(optimizer, I("tMax")!.Value),
            "OneCycleLR" => new OneCycleLR(optimizer, F("maxLr")!.Value, I("totalSteps"), I("epochs"), I("stepsPerEpoch"),
                pctStart: F("pctStart") ?? 0.3f, annealStrategy: S("annealStrategy") ?? "cos", divFactor: F("divFactor") ?? 25f,
                finalDivFactor: F("finalDivFactor") ?? 1e4f, threePhase: a.TryGetProperty("threePhase", out JsonElement t) && t.GetBoolean()),
            "ReduceLROnPlateau" => new ReduceLROnPlateau(optimizer, mode: S("mode") ?? "min", factor: F("factor") ?? 0.1f, patience: I("patience") ?? 10,
                threshold: F("threshold") ?? 1e-4f, thresholdMode: S("thresholdMode") ?? "rel", cooldown: I("cooldown") ?? 0,
                minLr: F("minLr") ?? 0f, eps: F("eps") ?? 1e-8f),
            _ => throw new InvalidOperationException($"no schedule named {c.Type}"),
        };
    }

    private static void Step(LRScheduler scheduler, ScheduleReference c, int step)
    {
        switch (scheduler)
        {
            case StepLR s: s.Step(); break;
            case MultiStepLR s: s.Step(); break;
            case ExponentialLR s: s.Step(); break;
            case CosineAnnealingLR s: s.Step(); break;
            case OneCycleLR s: s.Step(); break;
            case ReduceLROnPlateau s: s.Step(c.Metrics[step - 1]); break;
        }
    }
}
