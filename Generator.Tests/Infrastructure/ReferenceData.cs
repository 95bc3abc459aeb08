using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace NetGen.Tests.Infrastructure;

/// <summary>One activation's reference table: inputs, outputs and derivatives, computed by PyTorch in float64.</summary>
public sealed record ActivationReference(string Name, double[] X, double[] Y, double[] Derivative);

/// <summary>One softmax case: the logits, PyTorch's softmax and log-softmax, an upstream gradient and the result.</summary>
public sealed record SoftmaxReference(double[] X, double[] Softmax, double[] LogSoftmax, double[] Upstream, double[] InputGradient);

/// <summary>
/// An optimizer run: its PyTorch constructor text and the flat parameters after each step (and, for a network with
/// BatchNorm1d, its flat buffers after each step, in state_dict order).
/// </summary>
public sealed record OptimizerReference(string Name, string Constructor, double[][] ParametersAfterEachStep, double[][] BuffersAfterEachStep);

/// <summary>One network case of the reference file.</summary>
public sealed record NetworkReference(
    string Name,
    string Loss,
    int Batch,
    double[] Parameters,
    double[] Input,
    double[] Target,
    double[] Output,
    double Loss_,
    double[][] Gradients,
    double[] InputGradient,
    IReadOnlyList<OptimizerReference> Optimizers)
{
    public double[] FlatGradients => Gradients.SelectMany(g => g).ToArray();

    /// <summary>The layers as the case lists them: ("Linear", [4, 8]), ("LeakyReLU", [0.2]), ("ReLU", []).</summary>
    public IReadOnlyList<(string Name, double[] Arguments)> Layers { get; init; } = Array.Empty<(string, double[])>();

    /// <summary>The buffers as initialised (BatchNorm1d's running statistics), flat in state_dict order; empty without.</summary>
    public double[] Buffers { get; init; } = [];

    /// <summary>The buffers after the one training step whose loss and gradients the case holds.</summary>
    public double[] BuffersAfter { get; init; } = [];

    /// <summary>Whether the loss has arguments of its own (loss_args: beta, delta, label_smoothing, weight).</summary>
    public bool HasLossArguments { get; init; }

    /// <summary>Whether a layer computes differently in training and evaluation (Dropout, BatchNorm1d).</summary>
    public bool HasModes => Layers.Any(layer => layer.Name is "Dropout" or "BatchNorm1d");
}

/// <summary>
/// Reads <c>Reference/torch_reference.json</c> and <c>Reference/layer_reference.json</c> (the layers and losses of
/// issue 13), the values PyTorch itself computed (the outside truth).
/// </summary>
public static class ReferenceData
{
    private static readonly JsonDocument Document =
        JsonDocument.Parse(File.ReadAllText(TestPaths.Output("Reference", "torch_reference.json")));

    private static readonly JsonDocument LayerDocument =
        JsonDocument.Parse(File.ReadAllText(TestPaths.Output("Reference", "layer_reference.json")));

    public static IReadOnlyList<ActivationReference> Activations { get; } =
        Document.RootElement.GetProperty("activations").EnumerateObject()
            .Where(p => p.Name != "Softmax")
            .Select(p => new ActivationReference(p.Name, Doubles(p.Value.GetProperty("x")), Doubles(p.Value.GetProperty("y")), Doubles(p.Value.GetProperty("dy_dx"))))
            .ToList();

    public static IReadOnlyList<SoftmaxReference> Softmax { get; } =
        Document.RootElement.GetProperty("activations").GetProperty("Softmax").EnumerateArray()
            .Select(c => new SoftmaxReference(Doubles(c.GetProperty("x")), Doubles(c.GetProperty("softmax")), Doubles(c.GetProperty("log_softmax")),
                Doubles(c.GetProperty("upstream")), Doubles(c.GetProperty("dx"))))
            .ToList();

    public static IReadOnlyList<NetworkReference> Networks { get; } =
        Document.RootElement.GetProperty("networks").EnumerateArray()
            .Concat(LayerDocument.RootElement.GetProperty("networks").EnumerateArray())
            .Select(ReadNetwork).ToList();

    public static NetworkReference Network(string name) => Networks.Single(n => n.Name == name);

    private static NetworkReference ReadNetwork(JsonElement network)
    {
        JsonElement @case = network.GetProperty("case");
        var optimizers = new List<OptimizerReference>();
        if (network.TryGetProperty("optimizer_trajectories", out JsonElement trajectories))
            foreach (JsonProperty trajectory in trajectories.EnumerateObject())
                optimizers.Add(new OptimizerReference(
                    trajectory.Name,
                    trajectory.Value.GetProperty("optimizer").GetString()!,
                    trajectory.Value.GetProperty("parameters_after_each_step").EnumerateArray().Select(Doubles).ToArray(),
                    trajectory.Value.TryGetProperty("buffers_after_each_step", out JsonElement buffers)
                        ? buffers.EnumerateArray().Select(Doubles).ToArray()
                        : []));
        return new NetworkReference(
            @case.GetProperty("name").GetString()!,
            @case.GetProperty("loss").GetString()!,
            @case.GetProperty("batch").GetInt32(),
            network.GetProperty("parameters").EnumerateArray().SelectMany(p => Doubles(p.GetProperty("values"))).ToArray(),
            Doubles(network.GetProperty("input")),
            Doubles(network.GetProperty("target")),
            Doubles(network.GetProperty("output")),
            network.GetProperty("loss").GetDouble(),
            network.GetProperty("gradients").EnumerateArray().Select(Doubles).ToArray(),
            Doubles(network.GetProperty("input_gradient")),
            optimizers)
        {
            Layers = @case.GetProperty("layers").EnumerateArray()
                .Select(layer => (layer[0].GetString()!, layer.EnumerateArray().Skip(1).Select(Number).ToArray()))
                .ToList(),
            Buffers = Tensors(network, "buffers"),
            BuffersAfter = Tensors(network, "buffers_after"),
            HasLossArguments = @case.TryGetProperty("loss_args", out _),
        };
    }

    /// <summary>A layer argument as a number: LayerNorm's elementwiseAffine (a JSON bool) as 1 or 0.</summary>
    private static double Number(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => 1,
        JsonValueKind.False => 0,
        _ => value.GetDouble(),
    };

    /// <summary>The values of a list of tensors ({ name, shape, values }), flat in order; empty when the case has none.</summary>
    private static double[] Tensors(JsonElement network, string property) =>
        network.TryGetProperty(property, out JsonElement tensors)
            ? tensors.EnumerateArray().SelectMany(tensor => Doubles(tensor.GetProperty("values"))).ToArray()
            : [];

    private static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(v => v.GetDouble()).ToArray();
}
