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

    /// <summary>
    /// A copy of the optimizer's whole state — kind, hyper-parameters, step count and buffers — as PyTorch's
    /// <c>optimizer.state_dict()</c>: what <see cref="CheckpointFile"/> saves so that training resumes bit for bit.
    /// </summary>
    OptimizerState StateDict();

    /// <summary>
    /// Restores a state from <see cref="StateDict"/>, hyper-parameters included (as PyTorch's <c>load_state_dict</c>),
    /// all or nothing: a state of another kind or size, or with a value the constructor would refuse, throws an
    /// <see cref="ArgumentException"/> naming what was expected and changes nothing.
    /// </summary>
    void LoadStateDict(OptimizerState state);
}
