namespace NetGen.Generator.Model;

/// <summary>A <c>LayerNorm(normalizedShape, eps, elementwiseAffine)</c> layer over each sample's features.</summary>
/// <param name="Width">The width it normalises (normalizedShape), its input and output.</param>
/// <param name="Eps">Added to the variance.</param>
/// <param name="ElementwiseAffine">Whether it has <c>{Index}.weight</c> and <c>{Index}.bias</c>.</param>
/// <param name="WeightOffset">Where <c>{Index}.weight</c> starts in Parameters, or −1 without the affine step.</param>
/// <param name="BiasOffset">Where <c>{Index}.bias</c> starts, or −1.</param>
internal sealed record LayerNormSpec(int Index, int Width, float Eps, bool ElementwiseAffine, int WeightOffset, int BiasOffset)
    : LayerSpec(Index, Width, Width);
