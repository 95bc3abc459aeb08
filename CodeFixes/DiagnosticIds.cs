namespace NetGen.CodeFixes;

/// <summary>The generator's diagnostic IDs these fixes act on (the catalog is Generator/Diagnostics/DiagnosticDescriptors.cs).</summary>
internal static class DiagnosticIds
{
    public const string ClassNotPartial = "NG0001";
    public const string ContainingTypeNotPartial = "NG0002";
    public const string WidthMismatch = "NG0003";
    public const string UnreadableArguments = "NG0014";
}
