namespace NetGen.Generator.Model;

/// <summary>A <c>PReLU(numParameters, init)</c> layer: a learnt negative slope, one for each feature or one shared.</summary>
/// <param name="Width">The width it acts on.</param>
/// <param name="NumParameters">1 (a shared slope) or the width.</param>
/// <param name="Init">The slopes' starting value.</param>
/// <param name="WeightOffset">Where <c>{Index}.weight</c> starts in Parameters.</param>
internal sealed record PReLUSpec(int Index, int Width, int NumParameters, float Init, int WeightOffset) : LayerSpec(Index, Width, Width);
