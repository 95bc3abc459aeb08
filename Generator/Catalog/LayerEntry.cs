using System;
using System.Collections.Generic;

namespace NetGen.Generator.Catalog;

/// <summary>The type of one constructor argument of a layer attribute.</summary>
internal enum ArgumentType
{
    Int,
    Float,
    Bool,
}

/// <summary>One constructor parameter of a layer attribute: its name, type and default (null: required).</summary>
internal sealed record LayerParameter(string Name, ArgumentType Type, object? Default = null);

/// <summary>
/// Everything the generator knows about one of <see cref="LayerKind"/>'s layers: its attribute and PyTorch's argument
/// limits. The parser reads the arguments by <see cref="Parameters"/> and checks them with <see cref="Check"/>; the
/// model record (DropoutSpec, …), the runtime kernels (NetGen.Compute.DropoutKernels, …) and the plan's step carry the rest.
/// </summary>
internal sealed class LayerEntry
{
    public LayerEntry(LayerKind kind, string name, string example, IReadOnlyList<LayerParameter> parameters, Func<IReadOnlyList<object>, string?> check)
    {
        Kind = kind;
        Name = name;
        Example = example;
        Parameters = parameters;
        Check = check;
    }

    public LayerKind Kind { get; }

    /// <summary>The attribute's name (and PyTorch's module name): "BatchNorm1d".</summary>
    public string Name { get; }

    /// <summary>A declaration to suggest in messages: "LayerNorm(8)".</summary>
    public string Example { get; }

    public IReadOnlyList<LayerParameter> Parameters { get; }

    /// <summary>
    /// Why the arguments (int, float or bool, in parameter order) cannot be used — PyTorch's own limits — with what to
    /// write instead; null when they can. The size arguments are checked against the width separately (NG0031).
    /// </summary>
    public Func<IReadOnlyList<object>, string?> Check { get; }
}
