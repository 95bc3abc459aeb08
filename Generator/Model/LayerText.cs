using System.Globalization;
using System.Linq;
using NetGen.Generator.Catalog;

namespace NetGen.Generator.Model;

/// <summary>How layers read in messages and generated comments: as the attribute a user would write.</summary>
internal static class LayerText
{
    /// <summary>"Linear(4, 8)", "LeakyReLU(0.2)", "GELU(\"tanh\")", "ReLU", …</summary>
    public static string Describe(LayerSpec layer) => layer switch
    {
        LinearSpec linear => linear.HasBias
            ? $"Linear({linear.InFeatures}, {linear.OutFeatures})"
            : $"Linear({linear.InFeatures}, {linear.OutFeatures}, Bias = false)",
        ActivationSpec activation => Describe(activation.Entry, activation.Arguments.ToArray()),
        _ => layer.GetType().Name,
    };

    /// <summary>An activation with its arguments: "LeakyReLU(0.2)"; one without arguments is its name.</summary>
    public static string Describe(ActivationEntry entry, float[] arguments) =>
        entry.AttributeText
        ?? (arguments.Length == 0 ? entry.Name : $"{entry.Name}({string.Join(", ", arguments.Select(Number))})");

    /// <summary>
    /// The attribute as an object, for the generated <c>Layers</c> list: <c>new global::NetGen.LinearAttribute(4, 8)</c>,
    /// <c>new global::NetGen.LeakyReLUAttribute(0.2)</c>.
    /// </summary>
    public static string Creation(LayerSpec layer)
    {
        string described = Describe(layer);
        if (layer is LinearSpec { HasBias: false } linear)
            return $"new global::NetGen.LinearAttribute({linear.InFeatures}, {linear.OutFeatures}) {{ Bias = false }}";
        int open = described.IndexOf('(');
        return open < 0
            ? $"new global::NetGen.{described}Attribute()"
            : $"new global::NetGen.{described.Substring(0, open)}Attribute{described.Substring(open)}";
    }

    /// <summary>The op struct of an elementwise activation: <c>new global::NetGen.Compute.LeakyReLUOp(0.2f)</c>.</summary>
    public static string OpCreation(ActivationSpec activation) =>
        $"new {activation.Entry.Op}({string.Join(", ", activation.Arguments.Select(Literal))})";

    /// <summary>A float as a user would write it in an attribute: "0.2", "-1", "1E-05".</summary>
    public static string Number(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A float as a C# literal: "0.2f".</summary>
    public static string Literal(float value) => Number(value) + "f";
}
