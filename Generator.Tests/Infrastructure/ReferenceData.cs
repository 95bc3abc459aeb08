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

/// <summary>An optimizer run: its PyTorch constructor text and the flat parameters after each step.</summary>
public sealed record OptimizerReference(string Name, string Constructor, double[][] ParametersAfterEachStep);

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
}

/// <summary>Reads <c>Reference/torch_reference.json</c>, the values PyTorch itself computed (the outside truth).</summary>
public static class ReferenceData
{
    private static readonly JsonDocument Document =
        JsonDocument.Parse(File.ReadAllText(TestPaths.Output("Reference", "torch_reference.json")));

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
        Document.RootElement.GetProperty("networks").EnumerateArray().Select(ReadNetwork).ToList();

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
                    trajectory.Value.GetProperty("parameters_after_each_step").EnumerateArray().Select(Doubles).ToArray()));
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
                .Select(layer => (layer[0].GetString()!, layer.EnumerateArray().Skip(1).Select(v => v.GetDouble()).ToArray()))
                .ToList(),
        };
    }

    private static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(v => v.GetDouble()).ToArray();
}
