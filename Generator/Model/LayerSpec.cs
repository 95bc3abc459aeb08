namespace NetGen.Generator.Model;

/// <summary>
/// One layer as declared, with its place in the parameter buffer worked out.
/// </summary>
/// <remarks>
/// Equality contract: a value record of primitives, so two parses of the same declaration are equal.
/// For an activation, <see cref="InFeatures"/> = <see cref="OutFeatures"/> = the width it acts on and the offsets are −1.
/// </remarks>
/// <param name="Index">The position in the attribute list: the <c>nn.Sequential</c> index that names the parameters.</param>
/// <param name="Argument1">The first float argument (negative slope, alpha, beta, min); 0 when the layer has none.</param>
/// <param name="Argument2">The second float argument (threshold, max); 0 when the layer has none.</param>
internal sealed record LayerSpec(
    int Index,
    LayerKind Kind,
    int InFeatures,
    int OutFeatures,
    bool HasBias,
    float Argument1,
    float Argument2,
    int WeightOffset,
    int BiasOffset)
{
    public int WeightCount => Kind == LayerKind.Linear ? InFeatures * OutFeatures : 0;

    public bool IsLinear => Kind == LayerKind.Linear;
}
