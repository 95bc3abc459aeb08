using NetGen.Generator.Helpers;

namespace NetGen.Generator.Model;

/// <summary>Everything the emitter needs to write one network class, checked and complete.</summary>
/// <remarks>
/// Equality contract: value equality over records, enums, primitives and equatable arrays; it holds no
/// <c>ISymbol</c>, <c>SyntaxNode</c>, <c>Location</c> or <c>Compilation</c>, so an edit elsewhere leaves it equal and
/// the generated source cached.
/// </remarks>
internal sealed record NetworkSpec(
    TypeHierarchy Type,
    EquatableArray<LayerSpec> Layers,
    LossKind Loss,
    int InputSize,
    int OutputSize,
    int ParameterCount);
