using System;

namespace NetGen;

/// <summary>
/// Stochastic gradient descent with PyTorch's <c>torch.optim.SGD</c> update rule: weight decay added to the
/// gradient, a momentum buffer that starts as the first gradient, dampening, and Nesterov momentum.
/// </summary>
public sealed class Sgd : IOptimizer
{
    private readonly float[]? _momentumBuffer;
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
    public float Momentum { get; }

    /// <summary>The dampening of the momentum.</summary>
    public float Dampening { get; }

    /// <summary>The L2 penalty added to the gradient.</summary>
    public float WeightDecay { get; }

    /// <summary>Whether the step uses Nesterov momentum.</summary>
    public bool Nesterov { get; }

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
}
