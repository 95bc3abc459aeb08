using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace NetGen;

/// <summary>
/// Everything an optimizer needs to continue exactly where it stopped, as PyTorch's <c>optimizer.state_dict()</c>
/// holds it: which optimizer (<see cref="Kind"/>), its hyper-parameters by PyTorch's names (<c>lr</c>,
/// <c>momentum</c>, <c>weight_decay</c>, …), its step count, and its buffers, each one value a parameter
/// (<c>momentum_buffer</c>, <c>exp_avg</c>, <c>exp_avg_sq</c>, …). <see cref="CheckpointFile"/> saves and loads it.
/// </summary>
/// <remarks>
/// An optimizer added later fits without changing this class or the checkpoint format: it names its own kind,
/// hyper-parameters (numbers; a flag is 0 or 1) and buffers, exports them in <see cref="IOptimizer.StateDict"/>, and
/// in <see cref="IOptimizer.LoadStateDict"/> calls <see cref="Require"/> and then checks the values as its constructor
/// would, before it changes anything.
/// </remarks>
public sealed class OptimizerState
{
    private readonly Dictionary<string, double> _hyperParameters;
    private readonly Dictionary<string, ReadOnlyMemory<float>> _buffers;

    /// <summary>A state; the dictionaries and buffers are copied.</summary>
    /// <exception cref="ArgumentNullException">An argument or a buffer is null.</exception>
    /// <exception cref="ArgumentException">
    /// The kind is empty, the parameter count is not positive, the step count is negative, or a buffer's length is not the parameter count.
    /// </exception>
    public OptimizerState(string kind, int parameterCount, int stepCount,
        IReadOnlyDictionary<string, double> hyperParameters, IReadOnlyDictionary<string, float[]> buffers)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentNullException.ThrowIfNull(hyperParameters);
        ArgumentNullException.ThrowIfNull(buffers);
        if (parameterCount <= 0)
            throw new ArgumentOutOfRangeException(nameof(parameterCount), parameterCount, "Expected a positive parameter count.");
        if (stepCount < 0)
            throw new ArgumentOutOfRangeException(nameof(stepCount), stepCount, "Expected a step count ≥ 0.");
        _hyperParameters = new Dictionary<string, double>(hyperParameters, StringComparer.Ordinal);
        _buffers = new Dictionary<string, ReadOnlyMemory<float>>(StringComparer.Ordinal);
        foreach ((string name, float[] values) in buffers)
        {
            ArgumentNullException.ThrowIfNull(values, $"{nameof(buffers)}[{name}]");
            if (values.Length != parameterCount)
                throw new ArgumentException($"Buffer '{name}' has {values.Length} values; expected one a parameter ({parameterCount}).", nameof(buffers));
            _buffers.Add(name, values.ToArray());
        }
        Kind = kind;
        ParameterCount = parameterCount;
        StepCount = stepCount;
    }

    /// <summary>The optimizer's type name: <c>Sgd</c>, <c>Adam</c>, <c>AdamW</c>.</summary>
    public string Kind { get; }

    /// <summary>The number of parameters the optimizer updates.</summary>
    public int ParameterCount { get; }

    /// <summary>The number of steps taken (Adam's bias correction and SGD's first momentum step depend on it).</summary>
    public int StepCount { get; }

    /// <summary>The hyper-parameters by PyTorch's names; a flag (<c>nesterov</c>) is 0 or 1.</summary>
    public IReadOnlyDictionary<string, double> HyperParameters => _hyperParameters;

    /// <summary>The per-parameter buffers by PyTorch's names, each <see cref="ParameterCount"/> long.</summary>
    public IReadOnlyDictionary<string, ReadOnlyMemory<float>> Buffers => _buffers;

    /// <summary>
    /// For <see cref="IOptimizer.LoadStateDict"/>: throws an <see cref="ArgumentException"/> naming what was expected
    /// unless this is the state of a <paramref name="kind"/> optimizer of <paramref name="parameterCount"/> parameters
    /// with exactly these hyper-parameters and buffers, every buffer value finite.
    /// </summary>
    public void Require(string kind, int parameterCount, IReadOnlyCollection<string> hyperParameters, IReadOnlyCollection<string> buffers)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(hyperParameters);
        ArgumentNullException.ThrowIfNull(buffers);
        if (Kind != kind)
            throw new ArgumentException($"The state is a '{Kind}' optimizer's; expected a '{kind}' optimizer's.", "state");
        if (ParameterCount != parameterCount)
            throw new ArgumentException($"The state is for {ParameterCount} parameters; expected {parameterCount}.", "state");
        SameNames("hyper-parameters", _hyperParameters.Keys, hyperParameters);
        SameNames("buffers", _buffers.Keys, buffers);
        foreach ((string name, ReadOnlyMemory<float> values) in _buffers)
            FileChecks.Finite(values.Span, $"buffer '{name}'", "state");
    }

    /// <summary>A hyper-parameter that must be 0 or 1, as a flag.</summary>
    public bool Flag(string name)
    {
        double value = _hyperParameters[name];
        if (value is not (0 or 1))
            throw new ArgumentException(FormattableString.Invariant($"Hyper-parameter '{name}' is {value}; expected 0 or 1 (a flag)."), "state");
        return value == 1;
    }

    private static void SameNames(string what, IEnumerable<string> actual, IReadOnlyCollection<string> expected)
    {
        var have = actual.OrderBy(n => n, StringComparer.Ordinal).ToList();
        var want = expected.OrderBy(n => n, StringComparer.Ordinal).ToList();
        if (!have.SequenceEqual(want))
            throw new ArgumentException($"The state has {what} [{string.Join(", ", have.Select(n => $"'{n}'"))}]; "
                + $"expected [{string.Join(", ", want.Select(n => $"'{n}'"))}].", "state");
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Kind} after {StepCount} steps ({string.Join(", ", _hyperParameters.Select(p => $"{p.Key}={p.Value}"))})");
}
