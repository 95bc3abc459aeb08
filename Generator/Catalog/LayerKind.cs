namespace NetGen.Generator.Catalog;

/// <summary>
/// The layers other than Linear and the activations: each has its own kernels and, but for Dropout, parameters; each has
/// one entry in <see cref="LayerCatalog"/>.
/// </summary>
internal enum LayerKind
{
    Dropout,
    LayerNorm,
    BatchNorm1d,
    PReLU,
}
