using System;
using System.Collections.Generic;

namespace NetGen;

/// <summary>
/// Stochastic gradient descent with PyTorch's <c>torch.optim.SGD</c> update rule: weight decay added to the
/// gradient, a momentum buffer that starts as the first gradient, dampening, and Nesterov momentum.
/// </summary>
public sealed class Sgd : IOptimizer
{
    private float[]? _momentumBuffer; // null without momentum; replaced only by LoadStateDict
    private float _learningRate;

    /// <summary>Creates the optimizer for a network of <paramref name="parameterCount"/> parameters.</summary>
    public Sgd(int parameterCount, float learningRate, float momentum = 0f, float dampening = 0f, float weightDecay = 0f, bool nesterov = false)
    {
        OptimizerChecks.ParameterCount(parameterCount);
        OptimizerChecks.NonNegative(learningRate, nameof(learningRate));
        OptimizerChecks.NonNegative(momentum, nameof(momentum));
        OptimizerChecks.NonNegative(weightDecay, nameof(weightDecay));
        if (float.IsNaN(dampening) || float.IsInfinity(dampening))
            throw new ArgumentOutOfRangeException(nameof(dampening), dampening, "Expected a finite dampening.");
        if (nesterov && (momentum <= 0f || dampening != 0f))
            throw new ArgumentException("Nesterov momentum requires momentum > 0 and dampening = 0.", nameof(nesterov));
        ParameterCount = parameterCount;
        LearningRate = learningRate;
        Momentum = momentum;
        Dampening = dampening;
        WeightDecay = weightDecay;
        Nesterov = nesterov;
        if (momentum != 0f) _momentumBuffer = new float[parameterCount];
    }

    /// <summary>The number of parameters this optimizer updates.</summary>
    public int ParameterCount { get; }

    /// <inheritdoc/>
    public float LearningRate
    {
        get => _learningRate;
        set
        {
            OptimizerChecks.NonNegative(value, nameof(LearningRate));
            _learningRate = value;
        }
    }

    /// <summary>The momentum factor (0: plain SGD).</summary>
    public float Momentum { get; private set; }

    /// <summary>The dampening of the momentum.</summary>
    public float Dampening { get; private set; }

    /// <summary>The L2 penalty added to the gradient.</summary>
    public float WeightDecay { get; private set; }

    /// <summary>Whether the step uses Nesterov momentum.</summary>
    public bool Nesterov { get; private set; }

    /// <inheritdoc/>
    public int StepCount { get; private set; }

    /// <inheritdoc/>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        OptimizerChecks.StepLengths(ParameterCount, parameters.Length, gradients.Length);
        bool firstStep = StepCount == 0;
        float learningRate = LearningRate, momentum = Momentum, weightDecay = WeightDecay;
        float gradientScale = 1f - Dampening;
        Span<float> buffer = _momentumBuffer;
        for (int i = 0; i < parameters.Length; i++)
        {
            float g = gradients[i] + weightDecay * parameters[i];
            if (!buffer.IsEmpty)
            {
                float b = firstStep ? g : momentum * buffer[i] + gradientScale * g;
                buffer[i] = b;
                g = Nesterov ? g + momentum * b : b;
            }
            parameters[i] -= learningRate * g;
        }
        StepCount++;
    }

    /// <inheritdoc/>
    public OptimizerState StateDict() => new(nameof(Sgd), ParameterCount, StepCount,
        new Dictionary<string, double>
        {
            ["lr"] = LearningRate, ["momentum"] = Momentum, ["dampening"] = Dampening, ["weight_decay"] = WeightDecay, ["nesterov"] = Nesterov ? 1 : 0,
        },
        _momentumBuffer is null ? new Dictionary<string, float[]>() : new Dictionary<string, float[]> { ["momentum_buffer"] = _momentumBuffer });

    /// <inheritdoc/>
    public void LoadStateDict(OptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        // A momentum buffer exists exactly when momentum is not 0, as in the constructor.
        bool hasMomentum = state.HyperParameters.TryGetValue("momentum", out double saved) && (float)saved != 0f;
        state.Require(nameof(Sgd), ParameterCount, ["lr", "momentum", "dampening", "weight_decay", "nesterov"], hasMomentum ? ["momentum_buffer"] : []);
        IReadOnlyDictionary<string, double> h = state.HyperParameters;
        // The constructor checks the saved hyper-parameters before anything here changes.
        var restored = new Sgd(ParameterCount, (float)h["lr"], (float)h["momentum"], (float)h["dampening"], (float)h["weight_decay"], state.Flag("nesterov"));
        if (hasMomentum) state.Buffers["momentum_buffer"].Span.CopyTo(restored._momentumBuffer);
        LearningRate = restored.LearningRate;
        Momentum = restored.Momentum;
        Dampening = restored.Dampening;
        WeightDecay = restored.WeightDecay;
        Nesterov = restored.Nesterov;
        _momentumBuffer = restored._momentumBuffer;
        StepCount = state.StepCount;
    }
}
