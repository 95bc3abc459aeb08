using NetGen.Generator.Diagnostics;
using NetGen.Generator.Helpers;

namespace NetGen.Generator.Model;

/// <summary>What parsing one class gave: the network to emit (null when an error stops it) and the diagnostics.</summary>
internal sealed record ParseResult(NetworkSpec? Network, EquatableArray<DiagnosticInfo> Diagnostics);
