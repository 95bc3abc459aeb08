namespace NetGen.Generator.Catalog;

/// <summary>
/// Everything the generator knows about one loss: its attribute, which trailing activation it is fused with, how it is
/// averaged, and the runtime functions that compute it for one sample and for a tile.
/// </summary>
/// <param name="Name">The attribute's name (PyTorch's class name): "BCELoss".</param>
/// <param name="FusesWith">The trailing activation it is computed through from the logits, or null.</param>
/// <param name="PerOutput">True when the mean is over samples and outputs (BCE, MSE), false when over samples (cross-entropy).</param>
/// <param name="SampleFunction">The runtime's loss of one value (<c>float f(float value, float target, out float gradient)</c>), or of one row for cross-entropy.</param>
/// <param name="FusedSampleFunction">The same, from the logits, when fused.</param>
/// <param name="TileFunction">The runtime's loss of a tile (NetGen.Compute.TileLosses).</param>
/// <param name="FusedTileFunction">The same, from the logits, when fused.</param>
/// <param name="Interface">The interface a network with this loss implements.</param>
internal sealed record LossEntry(
    LossKind Kind,
    string Name,
    ActivationKind? FusesWith,
    bool PerOutput,
    string SampleFunction,
    string FusedSampleFunction,
    string TileFunction,
    string FusedTileFunction,
    string Interface)
{
    /// <summary>Cross-entropy also trains on class indices (a second ComputeGradients).</summary>
    public bool TakesLabels => Kind == LossKind.CrossEntropy;
}
