using System;

namespace NetGen;

/// <summary>
/// <c>nn.LayerNorm(normalized_shape, eps=1e-5, elementwise_affine=True)</c> over the features of each sample:
/// y = (x − mean) / √(var + eps) · weight + bias, the mean and the (biased) variance taken over the sample's own
/// <paramref name="normalizedShape"/> values, the same in training and in evaluation. With
/// <paramref name="elementwiseAffine"/> its parameters are <c>{index}.weight</c> (starting at 1) and
/// <c>{index}.bias</c> (starting at 0), <c>[normalizedShape]</c> each.
/// </summary>
/// <param name="normalizedShape">The number of features: the width of the layer before it.</param>
/// <param name="eps">Added to the variance, for stability; positive.</param>
/// <param name="elementwiseAffine">Whether the layer learns a scale and a shift a feature.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class LayerNormAttribute(int normalizedShape, double eps = 1e-5, bool elementwiseAffine = true) : LayerAttribute
{
    /// <summary>The number of features normalised together.</summary>
    public int NormalizedShape { get; } = normalizedShape;

    /// <summary>Added to the variance, for stability.</summary>
    public float Eps { get; } = (float)eps;

    /// <summary>Whether the layer has <c>weight</c> and <c>bias</c>.</summary>
    public bool ElementwiseAffine { get; } = elementwiseAffine;
}
