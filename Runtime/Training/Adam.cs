using System;
using System.Collections.Generic;

namespace NetGen;

/// <summary>
/// Adam with PyTorch's <c>torch.optim.Adam</c> update rule: bias-corrected first and second moments, epsilon
/// added after the square root, and weight decay as an L2 term added to the gradient.
/// </summary>
public class Adam : IOptimizer
{
    private readonly float[] _firstMoment;
    private readonly float[] _secondMoment;
    private readonly bool _decoupledWeightDecay;
    private float _learningRate;

    /// <summary>Creates the optimizer for a network of <paramref name="parameterCount"/> parameters.</summary>
    public Adam(int parameterCount, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0f)
        : this(parameterCount, learningRate, beta1, beta2, epsilon, weightDecay, decoupledWeightDecay: false)
    {
    }

    /// <summary>For <see cref="AdamW"/>: the same moments, with the weight decay applied to the parameters directly.</summary>
    private protected Adam(int parameterCount, float learningRate, float beta1, float beta2, float epsilon, float weightDecay, bool decoupledWeightDecay)
    {
        OptimizerChecks.ParameterCount(parameterCount);
        OptimizerChecks.NonNegative(learningRate, nameof(learningRate));
        OptimizerChecks.Beta(beta1, nameof(beta1));
        OptimizerChecks.Beta(beta2, nameof(beta2));
        OptimizerChecks.NonNegative(epsilon, nameof(epsilon));
        OptimizerChecks.NonNegative(weightDecay, nameof(weightDecay));
        ParameterCount = parameterCount;
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
        _decoupledWeightDecay = decoupledWeightDecay;
        _firstMoment = new float[parameterCount];
        _secondMoment = new float[parameterCount];
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

    /// <summary>The decay rate of the first moment.</summary>
    public float Beta1 { get; private set; }

    /// <summary>The decay rate of the second moment.</summary>
    public float Beta2 { get; private set; }

    /// <summary>Added to the denominator for stability.</summary>
    public float Epsilon { get; private set; }

    /// <summary>The weight decay: an L2 term for Adam, a decoupled decay for AdamW.</summary>
    public float WeightDecay { get; private set; }

    /// <inheritdoc/>
    public int StepCount { get; private set; }

    /// <inheritdoc/>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        OptimizerChecks.StepLengths(ParameterCount, parameters.Length, gradients.Length);
        int step = StepCount + 1;
        float beta1 = Beta1, beta2 = Beta2, epsilon = Epsilon, learningRate = LearningRate;
        float stepSize = (float)(learningRate / (1.0 - Math.Pow(beta1, step)));
        float inverseBiasCorrection2Sqrt = (float)(1.0 / Math.Sqrt(1.0 - Math.Pow(beta2, step)));
        float l2 = _decoupledWeightDecay ? 0f : WeightDecay;
        float decay = _decoupledWeightDecay ? 1f - learningRate * WeightDecay : 1f;
        Span<float> m = _firstMoment, v = _secondMoment;
        for (int i = 0; i < parameters.Length; i++)
        {
            float p = parameters[i] * decay;
            float g = gradients[i] + l2 * p;
            float mi = beta1 * m[i] + (1f - beta1) * g;
            float vi = beta2 * v[i] + (1f - beta2) * g * g;
            m[i] = mi;
            v[i] = vi;
            parameters[i] = p - stepSize * mi / (MathF.Sqrt(vi) * inverseBiasCorrection2Sqrt + epsilon);
        }
        StepCount = step;
    }

    /// <summary>The kind named in a saved state: <c>Adam</c> or <c>AdamW</c> (they differ in how weight decay applies).</summary>
    private string Kind => _decoupledWeightDecay ? nameof(AdamW) : nameof(Adam);

    /// <inheritdoc/>
    public OptimizerState StateDict() => new(Kind, ParameterCount, StepCount,
        new Dictionary<string, double> { ["lr"] = LearningRate, ["beta1"] = Beta1, ["beta2"] = Beta2, ["eps"] = Epsilon, ["weight_decay"] = WeightDecay },
        new Dictionary<string, float[]> { ["exp_avg"] = _firstMoment, ["exp_avg_sq"] = _secondMoment });

    /// <inheritdoc/>
    public void LoadStateDict(OptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.Require(Kind, ParameterCount, ["lr", "beta1", "beta2", "eps", "weight_decay"], ["exp_avg", "exp_avg_sq"]);
        IReadOnlyDictionary<string, double> h = state.HyperParameters;
        // The constructor checks the saved hyper-parameters before anything here changes.
        Adam restored = _decoupledWeightDecay
            ? new AdamW(ParameterCount, (float)h["lr"], (float)h["beta1"], (float)h["beta2"], (float)h["eps"], (float)h["weight_decay"])
            : new Adam(ParameterCount, (float)h["lr"], (float)h["beta1"], (float)h["beta2"], (float)h["eps"], (float)h["weight_decay"]);
        ReadOnlySpan<float> secondMoment = state.Buffers["exp_avg_sq"].Span;
        for (int i = 0; i < secondMoment.Length; i++)
            if (secondMoment[i] < 0f)
                throw new ArgumentException(FormattableString.Invariant(
                    $"Buffer 'exp_avg_sq'[{i}] is {secondMoment[i]}; expected a value ≥ 0 (a mean of squares)."), nameof(state));
        LearningRate = restored.LearningRate;
        Beta1 = restored.Beta1;
        Beta2 = restored.Beta2;
        Epsilon = restored.Epsilon;
        WeightDecay = restored.WeightDecay;
        state.Buffers["exp_avg"].Span.CopyTo(_firstMoment);
        secondMoment.CopyTo(_secondMoment);
        StepCount = state.StepCount;
    }
}
