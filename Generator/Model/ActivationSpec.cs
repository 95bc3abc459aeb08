using NetGen.Generator.Catalog;
using NetGen.Generator.Helpers;

namespace NetGen.Generator.Model;

/// <summary>An activation layer: which one, and its arguments in the order its catalog entry names them.</summary>
/// <param name="Width">The width it acts on (its input and output).</param>
/// <param name="Arguments">One value for each of <see cref="ActivationEntry.Parameters"/>, checked.</param>
internal sealed record ActivationSpec(int Index, int Width, ActivationKind Kind, EquatableArray<float> Arguments)
    : LayerSpec(Index, Width, Width)
{
    public ActivationEntry Entry => ActivationCatalog.Get(Kind);
}
