using System;
using NetGen.Generator.Model;

namespace NetGen.Generator;

/// <summary>
/// The C# expression of each activation and of its derivative, calling the runtime's <c>NetGen.Activations</c> so
/// that generated networks and the functional API compute the same numbers. Arguments are folded in as literals.
/// </summary>
internal static class ActivationCode
{
    private const string Activations = "global::NetGen.Activations.";

    /// <summary>Softmax and LogSoftmax act on the whole vector; every other activation on each value.</summary>
    public static bool IsVector(LayerKind kind) => kind is LayerKind.Softmax or LayerKind.LogSoftmax;

    /// <summary>
    /// Activations whose runtime span form is vectorised (or as fast as the loop): a looped layer calls it once for
    /// the whole vector instead of the scalar form for each value.
    /// </summary>
    public static bool HasSpanForm(LayerKind kind) =>
        kind is LayerKind.ReLU or LayerKind.LeakyReLU or LayerKind.Sigmoid or LayerKind.Tanh or LayerKind.Hardtanh;

    /// <summary>The span form over a whole vector: <c>global::NetGen.Activations.Tanh(h0, h1)</c>.</summary>
    public static string SpanForward(LayerSpec layer, string x, string y) =>
        $"{Activations}{FunctionName(layer.Kind)}({x}, {y}{Arguments(layer)});";

    /// <summary>The activation of <paramref name="x"/>: <c>global::NetGen.Activations.ReLU(h0_3)</c>.</summary>
    public static string Forward(LayerSpec layer, string x) =>
        $"{Activations}{FunctionName(layer.Kind)}({x}{Arguments(layer)})";

    /// <summary>
    /// dy/dx at input <paramref name="x"/> with output <paramref name="y"/>; sigmoid and tanh are written from their
    /// output, which the forward pass already computed.
    /// </summary>
    public static string Derivative(LayerSpec layer, string x, string y) => layer.Kind switch
    {
        LayerKind.Sigmoid => $"{y} * (1f - {y})",
        LayerKind.Tanh => $"(1f - {y} * {y})",
        _ => $"{Activations}{FunctionName(layer.Kind)}Derivative({x}{Arguments(layer)})",
    };

    private static string FunctionName(LayerKind kind) => kind switch
    {
        LayerKind.Linear or LayerKind.Softmax or LayerKind.LogSoftmax =>
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not an element-wise activation."),
        _ => kind.ToString(),
    };

    private static string Arguments(LayerSpec layer) => layer.Kind switch
    {
        LayerKind.LeakyReLU or LayerKind.ELU or LayerKind.CELU => ", " + LayerText.Literal(layer.Argument1),
        LayerKind.Softplus or LayerKind.Hardtanh =>
            ", " + LayerText.Literal(layer.Argument1) + ", " + LayerText.Literal(layer.Argument2),
        _ => "",
    };
}
