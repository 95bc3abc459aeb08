using System;

namespace NetGen;

/// <summary>The argument checks the optimizers share, with PyTorch's rules and messages that say what is allowed.</summary>
internal static class OptimizerChecks
{
    public static void ParameterCount(int parameterCount)
    {
        if (parameterCount <= 0)
            throw new ArgumentOutOfRangeException(nameof(parameterCount), parameterCount, "Expected a positive parameter count.");
    }

    public static void NonNegative(float value, string name)
    {
        if (!(value >= 0f) || float.IsInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, $"Expected {name} to be a finite number ≥ 0.");
    }

    public static void Beta(float value, string name)
    {
        if (!(value >= 0f && value < 1f))
            throw new ArgumentOutOfRangeException(name, value, $"Expected {name} in [0, 1).");
    }

    public static void StepLengths(int parameterCount, int parameters, int gradients)
    {
        if (parameters != parameterCount)
            throw new ArgumentException($"parameters has length {parameters}; expected {parameterCount}.", "parameters");
        if (gradients != parameterCount)
            throw new ArgumentException($"gradients has length {gradients}; expected {parameterCount}.", "gradients");
    }
}
