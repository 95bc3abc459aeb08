namespace NetGen.Generator.Model;

/// <summary>A <c>Dropout(p)</c> layer: the identity in evaluation, a scaled random mask in training.</summary>
/// <param name="Width">The width it acts on (its input and output).</param>
/// <param name="P">The probability of zeroing a value, in [0, 1).</param>
internal sealed record DropoutSpec(int Index, int Width, float P) : LayerSpec(Index, Width, Width);
