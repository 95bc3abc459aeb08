namespace NetGen.Generator.Model;

/// <summary>A <c>Linear(in, out)</c> layer with its parameters' place in the flat buffer.</summary>
/// <param name="HasBias">False for <c>Bias = false</c>.</param>
/// <param name="WeightOffset">Where <c>{Index}.weight</c> (<c>[out, in]</c>, row-major) starts in Parameters.</param>
/// <param name="BiasOffset">Where <c>{Index}.bias</c> starts, or −1 without a bias.</param>
internal sealed record LinearSpec(int Index, int InFeatures, int OutFeatures, bool HasBias, int WeightOffset, int BiasOffset)
    : LayerSpec(Index, InFeatures, OutFeatures)
{
    public int WeightCount => InFeatures * OutFeatures;
}
