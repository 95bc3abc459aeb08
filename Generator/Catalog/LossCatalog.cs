using System.Collections.Generic;
using System.Linq;

namespace NetGen.Generator.Catalog;

/// <summary>The loss entries, PyTorch's losses with <c>reduction='mean'</c>.</summary>
internal static class LossCatalog
{
    private const string Losses = "global::NetGen.Losses.";
    private const string TileLosses = "global::NetGen.Compute.TileLosses.";

    private static readonly LossEntry[] Entries =
    {
        new(LossKind.BCE, "BCELoss", ActivationKind.Sigmoid, PerOutput: true,
            Losses + "BinaryCrossEntropy", Losses + "BinaryCrossEntropyWithLogits",
            TileLosses + "BinaryCrossEntropy", TileLosses + "BinaryCrossEntropyWithLogits", "global::NetGen.ITrainableNetwork"),
        new(LossKind.CrossEntropy, "CrossEntropyLoss", ActivationKind.Softmax, PerOutput: false,
            Losses + "CrossEntropyWithLogits", Losses + "CrossEntropyWithLogits",
            TileLosses + "CrossEntropy", TileLosses + "CrossEntropy", "global::NetGen.IClassifierNetwork"),
        new(LossKind.MSE, "MSELoss", null, PerOutput: true,
            Losses + "SquaredError", Losses + "SquaredError",
            TileLosses + "SquaredError", TileLosses + "SquaredError", "global::NetGen.ITrainableNetwork"),
    };

    private static readonly Dictionary<LossKind, LossEntry> ByKind = Entries.ToDictionary(entry => entry.Kind);

    public static LossEntry Get(LossKind kind) => ByKind[kind];

    public static LossEntry? ForAttribute(string name) => Entries.FirstOrDefault(entry => entry.Name == name);

    public static IEnumerable<LossEntry> All => Entries;
}
