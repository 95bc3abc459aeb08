using NetGen.Generator.Diagnostics;
using NetGen.Generator.Helpers;

namespace NetGen.Generator.Model;

/// <summary>
/// What parsing one class gave: the network to emit (null when an error stops it), the stub to emit instead when the
/// error is in the layers rather than the class, the diagnostics, and the [Weights] file to bake in, if any.
/// </summary>
internal sealed record ParseResult(NetworkSpec? Network, EquatableArray<DiagnosticInfo> Diagnostics, NetworkStub? Stub = null, WeightsRequest? Weights = null);
