using NetGen.Generator.Helpers;

namespace NetGen.Generator.Model;

/// <summary>
/// A safetensors file among the AdditionalFiles, with its content: the pipeline's value is the bytes themselves, so an
/// edit of the file (and only that) regenerates the networks baked from it.
/// </summary>
internal sealed record WeightsFile(string Path, EquatableArray<byte> Content);
