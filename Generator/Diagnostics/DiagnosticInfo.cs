using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using NetGen.Generator.Helpers;

namespace NetGen.Generator.Diagnostics;

/// <summary>A location kept as plain values, so that the pipeline holds no <see cref="Location"/> (which pins a syntax tree).</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public static LocationInfo? From(Location? location) =>
        location is null || location.SourceTree is null
            ? null
            : new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);

    /// <summary>
    /// The location in the compilation's own syntax tree when it is there (so that #pragma and the IDE see it in
    /// source), else a location by file path.
    /// </summary>
    public Location ToLocation(Compilation compilation)
    {
        foreach (SyntaxTree tree in compilation.SyntaxTrees)
            if (tree.FilePath == FilePath) return Location.Create(tree, Span);
        return Location.Create(FilePath, Span, LineSpan);
    }
}

/// <summary>A diagnostic to report, as equatable data: the descriptor's ID, where, and the message's arguments.</summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> MessageArguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params string[] messageArguments) =>
        new(descriptor.Id, LocationInfo.From(location), messageArguments.ToEquatableArray());

    public Diagnostic ToDiagnostic(Compilation compilation) =>
        Diagnostic.Create(
            DiagnosticDescriptors.ById[Id],
            Location?.ToLocation(compilation) ?? Microsoft.CodeAnalysis.Location.None,
            MessageArguments.Select(argument => (object)argument).ToArray());
}
