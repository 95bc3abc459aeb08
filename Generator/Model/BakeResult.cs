using NetGen.Generator.Diagnostics;

namespace NetGen.Generator.Model;

/// <summary>A network with its baked parameters, or the diagnostic that says why the file cannot be baked into it.</summary>
internal sealed record BakeResult(NetworkSpec? Network, DiagnosticInfo? Diagnostic);
