using System;

namespace NetGen;

// The activation layers, with PyTorch's names, arguments and defaults. Each applies the function of the same
// name in Activations to every value of the previous layer's output (Softmax and LogSoftmax: to the whole vector).
// Arguments are doubles so that what a PyTorch user writes compiles (LeakyReLU(0.2), ELU(1)); the network computes
// in float32, with each argument rounded to the nearest float once.

/// <summary><c>nn.ReLU</c>: max(0, x). Its derivative at 0 is 0, as PyTorch's.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ReLUAttribute : ActivationAttribute { }

/// <summary><c>nn.LeakyReLU(negative_slope=0.01)</c>: x where x &gt; 0, else negativeSlope·x. Its derivative at 0 is the slope.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class LeakyReLUAttribute : ActivationAttribute
{
    /// <summary>Declares a leaky ReLU.</summary>
    /// <param name="negativeSlope">The slope for negative inputs.</param>
    public LeakyReLUAttribute(double negativeSlope = 0.01) => NegativeSlope = (float)negativeSlope;

    /// <summary>The slope for negative inputs.</summary>
    public float NegativeSlope { get; }
}

/// <summary><c>nn.Sigmoid</c>: 1 / (1 + e^−x), a value in (0, 1). Last before <see cref="BCELossAttribute"/>, the two are fused.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class SigmoidAttribute : ActivationAttribute { }

/// <summary><c>nn.Tanh</c>: the hyperbolic tangent, a value in (−1, 1).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class TanhAttribute : ActivationAttribute { }

/// <summary>
/// <c>nn.Softmax</c> over the layer's vector: probabilities that sum to 1, stable for any logits.
/// Last before <see cref="CrossEntropyLossAttribute"/>, the two are fused.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class SoftmaxAttribute : ActivationAttribute { }

/// <summary><c>nn.LogSoftmax</c> over the layer's vector: x − log Σ e^x, stable for any logits.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class LogSoftmaxAttribute : ActivationAttribute { }

/// <summary>
/// The binary step: 1 where x &gt; 0, else 0. It shows a neuron "firing", but its gradient is 0 everywhere,
/// so no layer before it can learn.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class BinaryStepAttribute : ActivationAttribute { }

/// <summary><c>nn.GELU(approximate='none')</c>: x·Φ(x); with <c>approximate: "tanh"</c> the tanh approximation.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class GELUAttribute : ActivationAttribute
{
    /// <summary>Declares a GELU.</summary>
    /// <param name="approximate"><c>"none"</c> (exact, with erf) or <c>"tanh"</c>.</param>
    public GELUAttribute(string approximate = "none") => Approximate = approximate;

    /// <summary><c>"none"</c> or <c>"tanh"</c>.</summary>
    public string Approximate { get; }
}

/// <summary><c>nn.SiLU</c> (swish): x·sigmoid(x).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class SiLUAttribute : ActivationAttribute { }

/// <summary><c>nn.Mish</c>: x·tanh(softplus(x)).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class MishAttribute : ActivationAttribute { }

/// <summary><c>nn.ELU(alpha=1.0)</c>: x where x &gt; 0, else alpha·(e^x − 1).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ELUAttribute : ActivationAttribute
{
    /// <summary>Declares an ELU.</summary>
    /// <param name="alpha">The value the function tends to for very negative inputs is −alpha.</param>
    public ELUAttribute(double alpha = 1.0) => Alpha = (float)alpha;

    /// <summary>The scale of the negative part.</summary>
    public float Alpha { get; }
}

/// <summary><c>nn.CELU(alpha=1.0)</c>: x where x &gt; 0, else alpha·(e^(x/alpha) − 1).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class CELUAttribute : ActivationAttribute
{
    /// <summary>Declares a CELU.</summary>
    /// <param name="alpha">The scale of the negative part; not 0.</param>
    public CELUAttribute(double alpha = 1.0) => Alpha = (float)alpha;

    /// <summary>The scale of the negative part.</summary>
    public float Alpha { get; }
}

/// <summary><c>nn.SELU</c>: scale·(x where x &gt; 0, else alpha·(e^x − 1)) with PyTorch's fixed alpha and scale.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class SELUAttribute : ActivationAttribute { }

/// <summary><c>nn.Softplus(beta=1.0, threshold=20.0)</c>: log(1 + e^(beta·x)) / beta, and x where beta·x &gt; threshold.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class SoftplusAttribute : ActivationAttribute
{
    /// <summary>Declares a softplus.</summary>
    /// <param name="beta">The sharpness; not 0.</param>
    /// <param name="threshold">Above beta·x = threshold the function is the identity.</param>
    public SoftplusAttribute(double beta = 1.0, double threshold = 20.0)
    {
        Beta = (float)beta;
        Threshold = (float)threshold;
    }

    /// <summary>The sharpness.</summary>
    public float Beta { get; }

    /// <summary>Above beta·x = threshold the function is the identity.</summary>
    public float Threshold { get; }
}

/// <summary><c>nn.Hardtanh(min_val=-1.0, max_val=1.0)</c>: x clamped to [minVal, maxVal].</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class HardtanhAttribute : ActivationAttribute
{
    /// <summary>Declares a hard tanh.</summary>
    /// <param name="minVal">The lower bound.</param>
    /// <param name="maxVal">The upper bound; greater than <paramref name="minVal"/>.</param>
    public HardtanhAttribute(double minVal = -1.0, double maxVal = 1.0)
    {
        MinVal = (float)minVal;
        MaxVal = (float)maxVal;
    }

    /// <summary>The lower bound.</summary>
    public float MinVal { get; }

    /// <summary>The upper bound.</summary>
    public float MaxVal { get; }
}

/// <summary><c>nn.ReLU6</c>: x clamped to [0, 6].</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ReLU6Attribute : ActivationAttribute { }

/// <summary><c>nn.Hardsigmoid</c>: x/6 + 1/2 clamped to [0, 1].</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class HardsigmoidAttribute : ActivationAttribute { }

/// <summary><c>nn.Hardswish</c>: x·hardsigmoid(x).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class HardswishAttribute : ActivationAttribute { }

/// <summary><c>nn.Softsign</c>: x / (1 + |x|).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class SoftsignAttribute : ActivationAttribute { }

/// <summary><c>nn.LogSigmoid</c>: log(sigmoid(x)), stable for any x.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class LogSigmoidAttribute : ActivationAttribute { }

/// <summary><c>nn.Tanhshrink</c>: x − tanh(x).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class TanhshrinkAttribute : ActivationAttribute { }

/// <summary><c>nn.Identity</c>: returns its input.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class IdentityAttribute : ActivationAttribute { }
