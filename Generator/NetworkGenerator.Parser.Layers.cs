using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Catalog;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Helpers;
using NetGen.Generator.Model;

namespace NetGen.Generator;

// Dropout, LayerNorm, BatchNorm1d and PReLU (the LayerCatalog's layers), and the loss's own arguments.
internal static partial class NetworkParser
{
    /// <summary>A layer of the LayerCatalog as read: its entry and its arguments (int, float or bool, in parameter order).</summary>
    private sealed record RawCatalogLayer(int Index, LayerEntry Entry, object[] Arguments, Location? Location) : RawLayer(Index, Location);

    private static RawLayer? ReadCatalogLayer(AttributeData attribute, LayerEntry entry, int index, string shortName, Location? location, List<DiagnosticInfo> diagnostics)
    {
        var arguments = attribute.ConstructorArguments;
        object?[]? read = Readable(attribute) && arguments.Length == entry.Parameters.Count
            ? entry.Parameters.Select((parameter, i) => Argument(arguments[i].Value, parameter.Type)).ToArray()
            : null;
        if (read is null || read.Any(value => value is null))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnreadableArguments, location, shortName, entry.Example));
            return null;
        }
        object[] values = read.Select(value => value!).ToArray();
        string? problem = entry.Check(values);
        if (problem is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidArgument, location, $"Layer {index}, {shortName}", problem));
            return null;
        }
        return new RawCatalogLayer(index, entry, values, location);
    }

    /// <summary>An argument as its parameter's type (floats are declared double, as the activations'), or null.</summary>
    private static object? Argument(object? value, ArgumentType type) => type switch
    {
        ArgumentType.Int => value as int?,
        ArgumentType.Float => value is double or float ? AsFloat(value) : null,
        _ => value as bool?,
    };

    /// <summary>
    /// The model of a catalog layer at <paramref name="width"/>, its parameters placed at <paramref name="offset"/> and
    /// its buffers at <paramref name="bufferOffset"/>; a size that does not match the width is NG0031.
    /// </summary>
    private static LayerSpec BuildCatalogLayer(RawCatalogLayer raw, int width, ref long offset, ref long bufferOffset, List<DiagnosticInfo> diagnostics)
    {
        object[] a = raw.Arguments;
        switch (raw.Entry.Kind)
        {
            case LayerKind.Dropout:
                return new DropoutSpec(raw.Index, width, (float)a[0]);
            case LayerKind.LayerNorm:
            {
                CheckSize(raw, (int)a[0], width, $"LayerNorm({width})", "normalizes", diagnostics);
                bool affine = (bool)a[2];
                int weight = affine ? Place(ref offset, width) : -1, bias = affine ? Place(ref offset, width) : -1;
                return new LayerNormSpec(raw.Index, width, (float)a[1], affine, weight, bias);
            }
            case LayerKind.BatchNorm1d:
            {
                CheckSize(raw, (int)a[0], width, $"BatchNorm1d({width})", "normalizes", diagnostics);
                int weight = Place(ref offset, 2L * width);
                int buffers = (int)Math.Min(bufferOffset, int.MaxValue);
                bufferOffset += 2L * width + 1;
                return new BatchNormSpec(raw.Index, width, (float)a[1], (float)a[2], weight, buffers);
            }
            default:
            {
                int slopes = (int)a[0];
                if (slopes != 1) CheckSize(raw, slopes, width, $"PReLU({width}) for a slope a feature, or PReLU() for one shared slope", "has slopes for", diagnostics);
                int count = slopes == width ? width : 1;
                return new PReLUSpec(raw.Index, width, count, (float)a[1], Place(ref offset, count));
            }
        }
    }

    /// <summary>Places <paramref name="count"/> parameters at <paramref name="offset"/>: their start, or −1 past the largest array.</summary>
    private static int Place(ref long offset, long count)
    {
        long start = offset;
        offset += count;
        return offset <= MaxArrayLength ? (int)start : -1;
    }

    private static void CheckSize(RawCatalogLayer raw, int size, int width, string suggestion, string verb, List<DiagnosticInfo> diagnostics)
    {
        if (size != width)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.FeatureCountMismatch, raw.Location,
                raw.Index.ToString(), raw.Entry.Name, verb, size.ToString(), width.ToString(), suggestion));
    }

    /// <summary>
    /// The loss's own arguments: SmoothL1Loss's beta, HuberLoss's delta, CrossEntropyLoss's labelSmoothing and Weight;
    /// out of PyTorch's range they are NG0015 (the class weights' count is checked against the outputs later).
    /// </summary>
    private static LossSettings ReadLossSettings(AttributeData? attribute, LossEntry? loss, Location? location, List<DiagnosticInfo> diagnostics)
    {
        LossSettings settings = LossSettings.Default;
        if (attribute is null || loss is null) return settings;
        if (!Readable(attribute))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnreadableArguments, location, loss.Name, loss.Example));
            return settings;
        }
        var arguments = attribute.ConstructorArguments;
        float first = arguments.Length > 0 ? AsFloat(arguments[0].Value) : float.NaN;
        string? problem = null;
        switch (loss.Kind)
        {
            case LossKind.SmoothL1:
                settings = settings with { Beta = first };
                if (!(first >= 0f) || float.IsInfinity(first)) problem = $"beta is {LayerText.Number(first)}; it must be a finite number ≥ 0, as SmoothL1Loss(1.0)";
                break;
            case LossKind.Huber:
                settings = settings with { Delta = first };
                if (!(first > 0f) || float.IsInfinity(first)) problem = $"delta is {LayerText.Number(first)}; it must be a finite number > 0, as HuberLoss(1.0)";
                break;
            case LossKind.CrossEntropy:
                if (arguments.Length > 0)
                {
                    settings = settings with { LabelSmoothing = first };
                    if (!(first is >= 0f and <= 1f)) problem = $"labelSmoothing is {LayerText.Number(first)}; it must be in [0, 1], as CrossEntropyLoss(labelSmoothing: 0.1)";
                }
                foreach (var named in attribute.NamedArguments.Where(named => named.Key == "Weight" && !named.Value.IsNull))
                {
                    float[] weights = named.Value.Values.Select(value => AsFloat(value.Value)).ToArray();
                    settings = settings with { Weight = weights.ToEquatableArray() };
                    if (weights.Any(w => !(w >= 0f) || float.IsInfinity(w)))
                        problem ??= "Weight holds a value that is negative, infinite or NaN; give each class a finite weight ≥ 0, as Weight = new[] { 1.0, 2.0 }";
                }
                break;
        }
        if (problem is not null) diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidArgument, location, loss.Name, problem));
        return settings;
    }

    /// <summary>The checks of a loss against the network's end: NLLLoss reads log-probabilities; the class weights are one an output.</summary>
    private static void CheckLossAgainstLayers(LossEntry? loss, LossSettings settings, LayerSpec last, int outputSize, Location? location, List<DiagnosticInfo> diagnostics)
    {
        if (loss is { Kind: LossKind.NLL } && last is not ActivationSpec { Kind: ActivationKind.LogSoftmax })
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NllWithoutLogSoftmax, location, LayerText.Describe(last)));
        if (loss is { Kind: LossKind.CrossEntropy } && !settings.Weight.IsEmpty && settings.Weight.Count != outputSize)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidArgument, location, loss.Name,
                $"Weight has {settings.Weight.Count} values but the network has {outputSize} outputs; give one weight a class"));
    }
}
