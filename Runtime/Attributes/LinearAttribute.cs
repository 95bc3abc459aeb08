using System;

namespace NetGen;

/// <summary>
/// A fully connected layer, <c>y = x Wᵀ + b</c>, as PyTorch's <c>nn.Linear(in_features, out_features)</c>.
/// Its parameters are <c>{index}.weight</c> (<c>[outFeatures, inFeatures]</c>, row-major) and, unless
/// <see cref="Bias"/> is false, <c>{index}.bias</c> (<c>[outFeatures]</c>). Both start uniform in ±1/√inFeatures.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class LinearAttribute : LayerAttribute
{
    /// <summary>Declares a fully connected layer.</summary>
    /// <param name="inFeatures">Size of each input sample; must equal the previous layer's output size.</param>
    /// <param name="outFeatures">Size of each output sample.</param>
    public LinearAttribute(int inFeatures, int outFeatures)
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
    }

    /// <summary>Size of each input sample.</summary>
    public int InFeatures { get; }

    /// <summary>Size of each output sample.</summary>
    public int OutFeatures { get; }

    /// <summary>Whether the layer learns an additive bias (PyTorch's <c>bias=True</c>, the default).</summary>
    public bool Bias { get; set; } = true;
}
