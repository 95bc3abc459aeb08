using NetGen.Generator.Helpers;

namespace NetGen.Generator.Model;

/// <summary>
/// Where the network class lives: its namespace, the types it is nested in (outermost first) and its own declaration.
/// </summary>
/// <remarks>Equality contract: strings and an equatable array, never symbols or syntax.</remarks>
/// <param name="Namespace">The namespace, or an empty string for the global namespace.</param>
/// <param name="HintName">The generated file's name, <c>{Namespace}.{Type}.{hash}.g.cs</c>: unique even ignoring case and sanitising.</param>
internal sealed record TypeHierarchy(
    string Namespace,
    EquatableArray<TypeDeclaration> ContainingTypes,
    TypeDeclaration Type,
    string HintName);
