using System;
using System.Collections.Generic;
using System.Linq;
using Onnx;

namespace NetGen.OnnxExport;

/// <summary>
/// Turns a network into an ONNX model in memory: input <c>input</c> [N, InputSize], output <c>output</c>
/// [N, OutputSize], one group of nodes a layer (<see cref="OnnxLayers"/>), the parameters as initializers. Everything is
/// checked while the model is built, so a network that cannot be exported throws before a byte is written anywhere.
/// </summary>
internal static class OnnxModelBuilder
{
    /// <summary>IR version 8 goes with opset 17 (ONNX 1.12).</summary>
    private const long IrVersion = 8;

    public static ModelProto Build(INetwork network)
    {
        IReadOnlyList<LayerAttribute> layers = CheckLayers(network);
        var graph = new OnnxGraphBuilder(network);
        string value = "input";
        for (int i = 0; i < layers.Count; i++)
        {
            graph.BeginLayer(i, OnnxLayers.KindOf(layers[i].GetType()));
            value = OnnxLayers.Write(layers[i], graph, value);
        }
        if (graph.Width != network.OutputSize)
            throw new ArgumentException(
                $"The network's layers end with {graph.Width} features, but its OutputSize is {network.OutputSize}; expected them to agree.",
                nameof(network));
        string[] unused = network.ParameterLayout.Select(tensor => tensor.Name).Where(name => !graph.UsedParameters.Contains(name)).ToArray();
        if (unused.Length > 0)
            throw new ArgumentException(
                $"The network's ParameterLayout has {string.Join(", ", unused)}, which no layer uses; expected only the declared layers' parameters.",
                nameof(network));
        graph.Rename(value, "output");

        GraphProto proto = graph.Graph;
        proto.Name = network.GetType().Name;
        proto.DocString = "Layers: " + string.Join(", ", layers.Select(layer => OnnxLayers.KindOf(layer.GetType())));
        proto.Input.Add(OnnxGraphBuilder.BatchOf("input", network.InputSize));
        proto.Output.Add(OnnxGraphBuilder.BatchOf("output", network.OutputSize));
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "NetGen",
            ProducerVersion = typeof(OnnxModelBuilder).Assembly.GetName().Version?.ToString(3) ?? "",
            DocString = $"{network.GetType()}, exported by NetGen.Onnx", // ToString: no assembly names in generic arguments
            Graph = proto,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OnnxFile.OpsetVersion });
        return model;
    }

    // The whole declaration is looked at before any node is made: an unknown kind is named with what is supported.
    private static IReadOnlyList<LayerAttribute> CheckLayers(INetwork network)
    {
        if (network.InputSize <= 0 || network.OutputSize <= 0)
            throw new ArgumentException(
                $"The network has InputSize {network.InputSize} and OutputSize {network.OutputSize}; expected both positive.", nameof(network));
        IReadOnlyList<LayerAttribute>? layers = network.Layers;
        if (layers is null || layers.Count == 0)
            throw new ArgumentException("The network declares no layers (INetwork.Layers is empty); expected its layer attributes in order.", nameof(network));
        for (int i = 0; i < layers.Count; i++)
        {
            LayerAttribute? layer = layers[i];
            if (layer is null)
                throw new ArgumentException($"The network's layer {i} is null; expected a layer attribute.", nameof(network));
            if (!OnnxLayers.IsSupported(layer))
                throw new NotSupportedException(
                    $"Layer {i} of {network.GetType().Name} is {OnnxLayers.KindOf(layer.GetType())} ({layer.GetType().FullName}), which NetGen.Onnx cannot export; "
                    + $"it exports {string.Join(", ", OnnxLayers.SupportedKinds)}.");
        }
        return layers;
    }
}
