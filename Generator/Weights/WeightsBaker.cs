using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Helpers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Weights;

/// <summary>
/// Finds a network's [Weights] file among the AdditionalFiles, reads it, and checks that its tensors are exactly the
/// network's state_dict — its parameters and its buffers (BatchNorm1d's running statistics) — by names, shapes and
/// finite values, as PyTorch's strict load_state_dict would.
/// </summary>
internal static class WeightsBaker
{
    public static BakeResult Bake(NetworkSpec network, WeightsRequest request, ImmutableArray<WeightsFile> files)
    {
        string name = network.Type.Type.NameWithTypeParameters;
        string wanted = Normalize(request.Path);
        var matches = files.Where(file => Normalize(file.Path) == wanted || Normalize(file.Path).EndsWith("/" + wanted.TrimStart('/'), StringComparison.Ordinal)).ToList();
        if (matches.Count != 1)
            return Fail(DiagnosticDescriptors.WeightsFileNotFound, request, name, request.Path,
                matches.Count == 0 ? "no AdditionalFiles item of the project ends with that path" : $"{matches.Count} AdditionalFiles items end with that path");

        Dictionary<string, Tensor> tensors;
        try
        {
            tensors = SafeTensorsReader.Read(matches[0].Content.ToArray());
        }
        catch (FormatException fault)
        {
            return Fail(DiagnosticDescriptors.WeightsFileUnreadable, request, request.Path, name, fault.Message);
        }

        var parameters = new float[network.ParameterCount];
        var buffers = new float[network.BufferCount];
        var expected = new HashSet<string>(StringComparer.Ordinal);
        foreach (LayerSpec layer in network.Layers)
        {
            string? problem = PlaceLayer(tensors, layer, parameters, buffers, expected);
            if (problem is not null) return Fail(DiagnosticDescriptors.WeightsDoNotFit, request, request.Path, name, problem);
        }
        string? extra = tensors.Keys.Where(key => !expected.Contains(key)).OrderBy(key => key, StringComparer.Ordinal).FirstOrDefault();
        if (extra is not null)
            return Fail(DiagnosticDescriptors.WeightsDoNotFit, request, request.Path, name,
                $"it holds tensor '{extra}', which is not in this network's state_dict (expected only {string.Join(", ", expected.Select(key => $"'{key}'"))})");
        return new BakeResult(network with { BakedParameters = parameters.ToEquatableArray(), BakedBuffers = buffers.ToEquatableArray() }, null);
    }

    /// <summary>
    /// Copies one layer's tensors: its parameters, and BatchNorm1d's buffers (running statistics, and the batch count,
    /// a whole number); returns what is wrong, or null.
    /// </summary>
    private static string? PlaceLayer(Dictionary<string, Tensor> tensors, LayerSpec layer, float[] parameters, float[] buffers, HashSet<string> expected)
    {
        int index = layer.Index;
        switch (layer)
        {
            case LinearSpec linear:
                return Place(tensors, $"{index}.weight", new long[] { linear.OutFeatures, linear.InFeatures }, parameters, linear.WeightOffset, expected)
                    ?? (linear.HasBias ? Place(tensors, $"{index}.bias", new long[] { linear.OutFeatures }, parameters, linear.BiasOffset, expected) : null);
            case LayerNormSpec { ElementwiseAffine: true } norm:
                return Place(tensors, $"{index}.weight", new long[] { norm.Width }, parameters, norm.WeightOffset, expected)
                    ?? Place(tensors, $"{index}.bias", new long[] { norm.Width }, parameters, norm.BiasOffset, expected);
            case BatchNormSpec norm:
                return Place(tensors, $"{index}.weight", new long[] { norm.Width }, parameters, norm.WeightOffset, expected)
                    ?? Place(tensors, $"{index}.bias", new long[] { norm.Width }, parameters, norm.BiasOffset, expected)
                    ?? Place(tensors, $"{index}.running_mean", new long[] { norm.Width }, buffers, norm.RunningMeanOffset, expected)
                    ?? Place(tensors, $"{index}.running_var", new long[] { norm.Width }, buffers, norm.RunningVarOffset, expected)
                    ?? Place(tensors, $"{index}.num_batches_tracked", new long[0], buffers, norm.CountOffset, expected)
                    ?? (buffers[norm.CountOffset] >= 0 && buffers[norm.CountOffset] == Math.Floor(buffers[norm.CountOffset])
                        ? null
                        : $"'{index}.num_batches_tracked' is {buffers[norm.CountOffset]}; a count must be a whole number ≥ 0");
            case PReLUSpec prelu:
                return Place(tensors, $"{index}.weight", new long[] { prelu.NumParameters }, parameters, prelu.WeightOffset, expected);
            default:
                return null;
        }
    }

    /// <summary>Copies tensor <paramref name="key"/> into the parameters (or buffers); returns what is wrong with it, or null.</summary>
    private static string? Place(Dictionary<string, Tensor> tensors, string key, long[] shape, float[] parameters, int offset, HashSet<string> expected)
    {
        expected.Add(key);
        if (!tensors.TryGetValue(key, out Tensor? tensor)) return $"tensor '{key}' is missing (expected shape [{string.Join(", ", shape)}])";
        if (!tensor.Shape.SequenceEqual(shape))
            return $"tensor '{key}' has shape [{string.Join(", ", tensor.Shape)}]; expected [{string.Join(", ", shape)}]";
        for (int i = 0; i < tensor.Values.Length; i++)
        {
            if (float.IsNaN(tensor.Values[i]) || float.IsInfinity(tensor.Values[i]))
                return $"'{key}'[{i}] is {tensor.Values[i]}; a baked parameter must be finite";
            parameters[offset + i] = tensor.Values[i];
        }
        return null;
    }

    private static string Normalize(string path) => path.Replace('\\', '/');

    private static BakeResult Fail(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, WeightsRequest request, params string[] arguments) =>
        new(null, new DiagnosticInfo(descriptor.Id, request.Location, arguments.ToEquatableArray()));
}
