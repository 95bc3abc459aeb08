namespace NetGen.Generator.Model;

/// <summary>One layer as declared, at its place in the network.</summary>
/// <remarks>Equality contract: value records of primitives and equatable arrays, so two parses of one declaration are equal.</remarks>
/// <param name="Index">The position in the attribute list: the <c>nn.Sequential</c> index that names the parameters.</param>
/// <param name="InFeatures">The width of the layer's input.</param>
/// <param name="OutFeatures">The width of the layer's output.</param>
internal abstract record LayerSpec(int Index, int InFeatures, int OutFeatures);
