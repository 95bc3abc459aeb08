using System.Globalization;

namespace NetGen.Generator.Model;

/// <summary>How layers read in messages and generated comments: as the attribute a user would write.</summary>
internal static class LayerText
{
    /// <summary>"Linear(4, 8)", "LeakyReLU(0.2)", "GELU(\"tanh\")", "ReLU", …</summary>
    public static string Describe(LayerSpec layer) => layer.Kind switch
    {
        LayerKind.Linear => layer.HasBias
            ? $"Linear({layer.InFeatures}, {layer.OutFeatures})"
            : $"Linear({layer.InFeatures}, {layer.OutFeatures}, Bias = false)",
        LayerKind.LeakyReLU => $"LeakyReLU({Number(layer.Argument1)})",
        LayerKind.ELU or LayerKind.CELU => $"{layer.Kind}({Number(layer.Argument1)})",
        LayerKind.Softplus => $"Softplus({Number(layer.Argument1)}, {Number(layer.Argument2)})",
        LayerKind.Hardtanh => $"Hardtanh({Number(layer.Argument1)}, {Number(layer.Argument2)})",
        LayerKind.GELUTanh => "GELU(\"tanh\")",
        _ => layer.Kind.ToString(),
    };

    /// <summary>
    /// The attribute as an object, for the generated <c>Layers</c> list: <c>new global::NetGen.LinearAttribute(4, 8)</c>,
    /// <c>new global::NetGen.LeakyReLUAttribute(0.2)</c>.
    /// </summary>
    public static string Creation(LayerSpec layer) => layer.Kind switch
    {
        LayerKind.Linear => $"new global::NetGen.LinearAttribute({layer.InFeatures}, {layer.OutFeatures})" + (layer.HasBias ? "" : " { Bias = false }"),
        LayerKind.GELUTanh => "new global::NetGen.GELUAttribute(\"tanh\")",
        _ => $"new global::NetGen.{AttributeArguments(Describe(layer))}",
    };

    // "LeakyReLU(0.2)" → "LeakyReLUAttribute(0.2)", "ReLU" → "ReLUAttribute()".
    private static string AttributeArguments(string described)
    {
        int open = described.IndexOf('(');
        return open < 0 ? described + "Attribute()" : described.Substring(0, open) + "Attribute" + described.Substring(open);
    }

    /// <summary>A float as a user would write it in an attribute: "0.2", "-1", "1E-05".</summary>
    public static string Number(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A float as a C# literal: "0.2f".</summary>
    public static string Literal(float value) => Number(value) + "f";
}
