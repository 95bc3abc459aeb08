using NetGen.Generator.Catalog;
using NetGen.Generator.Helpers;

namespace NetGen.Generator.Model;

/// <summary>
/// A network whose layers have an error but whose class can take generated members: it gets the members of the
/// contract with bodies that throw, so that code using it still compiles and the NG error is the only error.
/// </summary>
/// <remarks>Equality contract: strings, enums, primitives and equatable arrays.</remarks>
/// <param name="Loss">The first loss declared (its ComputeGradients overloads are stubbed too).</param>
/// <param name="Errors">The IDs of the errors, for the exception's message: "NG0003".</param>
internal sealed record NetworkStub(TypeHierarchy Type, LossKind Loss, EquatableArray<string> Errors);
