using NetGen.Generator.Diagnostics;

namespace NetGen.Generator.Model;

/// <summary>A network's [Weights(path)]: the file to bake, and where the attribute is (for its diagnostics).</summary>
/// <remarks>Kept apart from <see cref="NetworkSpec"/>, so that moving the declaration does not change the model.</remarks>
internal sealed record WeightsRequest(string Path, LocationInfo? Location);
