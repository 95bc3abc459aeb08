using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Model;

namespace NetGen.Generator;

/// <summary>The runtime's attribute types, by metadata name, and what each one declares.</summary>
internal static class KnownAttributes
{
    public const string LayerBase = "NetGen.LayerAttribute";
    public const string LossBase = "NetGen.LossAttribute";

    /// <summary>The layer attributes. GELU maps to <see cref="LayerKind.GELU"/>; its argument can make it GELUTanh.</summary>
    public static readonly IReadOnlyDictionary<string, LayerKind> Layers = new Dictionary<string, LayerKind>
    {
        ["NetGen.LinearAttribute"] = LayerKind.Linear,
        ["NetGen.ReLUAttribute"] = LayerKind.ReLU,
        ["NetGen.LeakyReLUAttribute"] = LayerKind.LeakyReLU,
        ["NetGen.SigmoidAttribute"] = LayerKind.Sigmoid,
        ["NetGen.TanhAttribute"] = LayerKind.Tanh,
        ["NetGen.SoftmaxAttribute"] = LayerKind.Softmax,
        ["NetGen.LogSoftmaxAttribute"] = LayerKind.LogSoftmax,
        ["NetGen.BinaryStepAttribute"] = LayerKind.BinaryStep,
        ["NetGen.GELUAttribute"] = LayerKind.GELU,
        ["NetGen.SiLUAttribute"] = LayerKind.SiLU,
        ["NetGen.MishAttribute"] = LayerKind.Mish,
        ["NetGen.ELUAttribute"] = LayerKind.ELU,
        ["NetGen.CELUAttribute"] = LayerKind.CELU,
        ["NetGen.SELUAttribute"] = LayerKind.SELU,
        ["NetGen.SoftplusAttribute"] = LayerKind.Softplus,
        ["NetGen.HardtanhAttribute"] = LayerKind.Hardtanh,
        ["NetGen.ReLU6Attribute"] = LayerKind.ReLU6,
        ["NetGen.HardsigmoidAttribute"] = LayerKind.Hardsigmoid,
        ["NetGen.HardswishAttribute"] = LayerKind.Hardswish,
        ["NetGen.SoftsignAttribute"] = LayerKind.Softsign,
        ["NetGen.LogSigmoidAttribute"] = LayerKind.LogSigmoid,
        ["NetGen.TanhshrinkAttribute"] = LayerKind.Tanhshrink,
        ["NetGen.IdentityAttribute"] = LayerKind.Identity,
    };

    public static readonly IReadOnlyDictionary<string, LossKind> Losses = new Dictionary<string, LossKind>
    {
        ["NetGen.BCELossAttribute"] = LossKind.BCE,
        ["NetGen.CrossEntropyLossAttribute"] = LossKind.CrossEntropy,
        ["NetGen.MSELossAttribute"] = LossKind.MSE,
    };

    /// <summary>Every attribute the generator triggers on: a network is found by any of its layers or its loss.</summary>
    public static IEnumerable<string> All => Layers.Keys.Concat(Losses.Keys);

    public static bool IsKnown(string metadataName) => Layers.ContainsKey(metadataName) || Losses.ContainsKey(metadataName);

    /// <summary>"NetGen.LinearAttribute" for the Linear attribute's class.</summary>
    public static string MetadataName(INamedTypeSymbol type) =>
        type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + type.MetadataName : type.MetadataName;

    /// <summary>Whether the attribute derives from the runtime's layer or loss base class.</summary>
    public static bool IsNetGenAttribute(INamedTypeSymbol? type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            string name = MetadataName(current);
            if (name == LayerBase || name == LossBase) return true;
        }
        return false;
    }

    /// <summary>The attribute's short name for messages: "Linear" for LinearAttribute.</summary>
    public static string ShortName(INamedTypeSymbol type) =>
        type.Name.EndsWith("Attribute") ? type.Name.Substring(0, type.Name.Length - "Attribute".Length) : type.Name;
}
