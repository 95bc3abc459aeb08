using System;
using System.Collections.Generic;

namespace NetGen.Generator.Catalog;

/// <summary>How an activation acts: on each value, on the whole vector, or not at all.</summary>
internal enum ActivationShape
{
    /// <summary>y_i = f(x_i): fused into the Linear layer before it where there is one.</summary>
    Elementwise,

    /// <summary>Softmax and LogSoftmax: each output depends on the whole vector.</summary>
    Vector,

    /// <summary>Identity: the output is the input.</summary>
    PassThrough,
}

/// <summary>One float argument of an activation: its name as the attribute's constructor names it, and its default.</summary>
internal sealed record ActivationParameter(string Name, float Default);

/// <summary>
/// Everything the generator knows about one activation, in one place: how it is declared and checked, how it reads in
/// messages, and what the generated code calls. Adding an activation means its runtime op (NetGen.Compute), its
/// attribute and one entry here.
/// </summary>
internal sealed class ActivationEntry
{
    public ActivationEntry(ActivationKind kind, string name, string op, bool derivativeFromOutput,
        IReadOnlyList<ActivationParameter>? parameters = null, Func<IReadOnlyList<float>, string?>? check = null,
        ActivationShape shape = ActivationShape.Elementwise, string? attributeText = null)
    {
        Kind = kind;
        Name = name;
        Op = op;
        DerivativeFromOutput = derivativeFromOutput;
        Parameters = parameters ?? Array.Empty<ActivationParameter>();
        Check = check ?? (_ => null);
        Shape = shape;
        AttributeText = attributeText;
    }

    public ActivationKind Kind { get; }

    /// <summary>The attribute's name (and PyTorch's module name): "LeakyReLU".</summary>
    public string Name { get; }

    /// <summary>
    /// The runtime's op struct (value, derivative and SIMD form), constructed with the arguments in parameter order:
    /// <c>global::NetGen.Compute.LeakyReLUOp</c>. For a vector activation, the name of its tile and sample kernels.
    /// </summary>
    public string Op { get; }

    /// <summary>Whether the derivative reads only the output (so training need not keep the input).</summary>
    public bool DerivativeFromOutput { get; }

    /// <summary>The constructor's float parameters, in order.</summary>
    public IReadOnlyList<ActivationParameter> Parameters { get; }

    /// <summary>Why the arguments cannot be used (PyTorch's own limits), with what to write instead; null when they can.</summary>
    public Func<IReadOnlyList<float>, string?> Check { get; }

    public ActivationShape Shape { get; }

    /// <summary>How the layer is written as an attribute when that is not its name and arguments (GELU("tanh")).</summary>
    public string? AttributeText { get; }
}
