using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Model;

namespace NetGen.Generator.Catalog;

/// <summary>The loss entries, PyTorch's losses with <c>reduction='mean'</c>.</summary>
internal static class LossCatalog
{
    private const string Losses = "global::NetGen.Losses.";
    private const string TileLosses = "global::NetGen.Compute.TileLosses.";

    /// <summary>The generated static field that holds CrossEntropyLoss's class weights.</summary>
    public const string ClassWeightsField = "ClassWeights";

    private static readonly LossEntry[] Entries =
    {
        new(LossKind.BCE, "BCELoss", ActivationKind.Sigmoid, PerOutput: true,
            Losses + "BinaryCrossEntropy", Losses + "BinaryCrossEntropyWithLogits",
            TileLosses + "BinaryCrossEntropy", TileLosses + "BinaryCrossEntropyWithLogits", "global::NetGen.ITrainableNetwork"),
        new(LossKind.CrossEntropy, "CrossEntropyLoss", ActivationKind.Softmax, PerOutput: false,
            Losses + "CrossEntropyWithLogits", Losses + "CrossEntropyWithLogits",
            TileLosses + "CrossEntropy", TileLosses + "CrossEntropy", "global::NetGen.IClassifierNetwork")
        {
            // Label smoothing and class weights take the general overloads; the weights are a static field of the network.
            Arguments = settings => settings.HasCrossEntropyOptions
                ? $", {LayerText.Literal(settings.LabelSmoothing)}, {(settings.Weight.IsEmpty ? "default" : ClassWeightsField)}"
                : "",
            Example = "CrossEntropyLoss(labelSmoothing: 0.1)",
        },
        new(LossKind.MSE, "MSELoss", null, PerOutput: true,
            Losses + "SquaredError", Losses + "SquaredError",
            TileLosses + "SquaredError", TileLosses + "SquaredError", "global::NetGen.ITrainableNetwork"),
        new(LossKind.L1, "L1Loss", null, PerOutput: true,
            Losses + "AbsoluteError", Losses + "AbsoluteError",
            TileLosses + "AbsoluteError", TileLosses + "AbsoluteError", "global::NetGen.ITrainableNetwork"),
        new(LossKind.SmoothL1, "SmoothL1Loss", null, PerOutput: true,
            Losses + "SmoothL1", Losses + "SmoothL1",
            TileLosses + "SmoothL1", TileLosses + "SmoothL1", "global::NetGen.ITrainableNetwork")
        {
            Arguments = settings => ", " + LayerText.Literal(settings.Beta),
            Example = "SmoothL1Loss(1.0)",
        },
        new(LossKind.Huber, "HuberLoss", null, PerOutput: true,
            Losses + "Huber", Losses + "Huber",
            TileLosses + "Huber", TileLosses + "Huber", "global::NetGen.ITrainableNetwork")
        {
            Arguments = settings => ", " + LayerText.Literal(settings.Delta),
            Example = "HuberLoss(1.0)",
        },
        // On the log-probabilities a LogSoftmax gives (not fused: the LogSoftmax's own backward pass carries the gradient).
        new(LossKind.NLL, "NLLLoss", null, PerOutput: false,
            Losses + "NegativeLogLikelihood", Losses + "NegativeLogLikelihood",
            TileLosses + "NegativeLogLikelihood", TileLosses + "NegativeLogLikelihood", "global::NetGen.IClassifierNetwork"),
    };

    private static readonly Dictionary<LossKind, LossEntry> ByKind = Entries.ToDictionary(entry => entry.Kind);

    public static LossEntry Get(LossKind kind) => ByKind[kind];

    public static LossEntry? ForAttribute(string name) => Entries.FirstOrDefault(entry => entry.Name == name);

    public static IEnumerable<LossEntry> All => Entries;
}
