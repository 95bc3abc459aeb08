using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Catalog;

namespace NetGen.Generator;

/// <summary>The runtime's attribute types, by metadata name, and what each one declares.</summary>
internal static class KnownAttributes
{
    public const string LayerBase = "NetGen.LayerAttribute";
    public const string LossBase = "NetGen.LossAttribute";

    public const string Linear = "NetGen.LinearAttribute";

    /// <summary>[Weights(path)]: parameters baked in from a safetensors file (not a layer: it does not trigger the generator).</summary>
    public const string Weights = "NetGen.WeightsAttribute";

    /// <summary>Activation attributes by metadata name (GELU's entry; its argument can make it GELUTanh).</summary>
    public static readonly IReadOnlyDictionary<string, ActivationEntry> Activations =
        ActivationCatalog.All.Where(entry => entry.AttributeText is null).ToDictionary(entry => MetadataNameOf(entry.Name));

    public static readonly IReadOnlyDictionary<string, LossEntry> Losses = LossCatalog.All.ToDictionary(entry => MetadataNameOf(entry.Name));

    /// <summary>Dropout, LayerNorm, BatchNorm1d and PReLU, by metadata name.</summary>
    public static readonly IReadOnlyDictionary<string, LayerEntry> Layers = LayerCatalog.All.ToDictionary(entry => MetadataNameOf(entry.Name));

    private static string MetadataNameOf(string name) => "NetGen." + name + "Attribute";

    /// <summary>Every attribute the generator triggers on: a network is found by any of its layers or its loss.</summary>
    public static IEnumerable<string> All => new[] { Linear }.Concat(Activations.Keys).Concat(Layers.Keys).Concat(Losses.Keys);

    public static bool IsKnown(string metadataName) =>
        metadataName == Linear || Activations.ContainsKey(metadataName) || Layers.ContainsKey(metadataName) || Losses.ContainsKey(metadataName);

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
