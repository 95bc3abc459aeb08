using System;

namespace NetGen;

/// <summary>An optimizer: updates parameters in place from their gradients, allocating nothing after construction.</summary>
public interface IOptimizer
{
    /// <summary>The learning rate; settable between steps, for a schedule. A finite number ≥ 0: anything else throws <see cref="ArgumentOutOfRangeException"/>.</summary>
    float LearningRate { get; set; }

    /// <summary>The number of steps taken so far.</summary>
    int StepCount { get; }

    /// <summary>One update of <paramref name="parameters"/> from <paramref name="gradients"/>.</summary>
    void Step(Span<float> parameters, ReadOnlySpan<float> gradients);
}
