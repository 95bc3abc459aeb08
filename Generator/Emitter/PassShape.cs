namespace NetGen.Generator.Emitter;

/// <summary>
/// The two shapes of the generated passes. <see cref="Sample"/>: one sample, registers across its features
/// (Forward, Backward, and training on the few samples that do not fill a tile). <see cref="Tile"/>: 32 samples in
/// feature-major layout, registers across samples (ForwardBatch, ComputeGradients).
/// </summary>
internal enum PassShape
{
    Sample,
    Tile,
}
