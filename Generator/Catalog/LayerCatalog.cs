using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Model;

namespace NetGen.Generator.Catalog;

/// <summary>The entries of Dropout, LayerNorm, BatchNorm1d and PReLU, with PyTorch's arguments, defaults and limits.</summary>
internal static class LayerCatalog
{
    private static bool Finite(float value) => !float.IsNaN(value) && !float.IsInfinity(value);

    private static readonly LayerEntry[] Entries =
    {
        new(LayerKind.Dropout, "Dropout", "Dropout(0.5)",
            new[] { new LayerParameter("p", ArgumentType.Float, 0.5f) },
            a => (float)a[0] is >= 0f and < 1f
                ? null
                : $"p is {LayerText.Number((float)a[0])}; the probability of dropping a value must be in [0, 1), as Dropout(0.5)"),
        new(LayerKind.LayerNorm, "LayerNorm", "LayerNorm(8)",
            new[]
            {
                new LayerParameter("normalizedShape", ArgumentType.Int),
                new LayerParameter("eps", ArgumentType.Float, 1e-5f),
                new LayerParameter("elementwiseAffine", ArgumentType.Bool, true),
            },
            a => Finite((float)a[1]) && (float)a[1] > 0f
                ? null
                : $"eps is {LayerText.Number((float)a[1])}; it must be a positive number, as LayerNorm({a[0]}, 1e-5)"),
        new(LayerKind.BatchNorm1d, "BatchNorm1d", "BatchNorm1d(8)",
            new[]
            {
                new LayerParameter("numFeatures", ArgumentType.Int),
                new LayerParameter("eps", ArgumentType.Float, 1e-5f),
                new LayerParameter("momentum", ArgumentType.Float, 0.1f),
            },
            a => !(Finite((float)a[1]) && (float)a[1] > 0f)
                ? $"eps is {LayerText.Number((float)a[1])}; it must be a positive number, as BatchNorm1d({a[0]}, 1e-5)"
                : (float)a[2] is >= 0f and <= 1f
                    ? null
                    : $"momentum is {LayerText.Number((float)a[2])}; it must be in [0, 1], as BatchNorm1d({a[0]}, momentum: 0.1)"),
        new(LayerKind.PReLU, "PReLU", "PReLU(1, 0.25)",
            new[] { new LayerParameter("numParameters", ArgumentType.Int, 1), new LayerParameter("init", ArgumentType.Float, 0.25f) },
            a => Finite((float)a[1]) ? null : $"init is {LayerText.Number((float)a[1])}; it must be a finite number, as PReLU(1, 0.25)"),
    };

    private static readonly Dictionary<LayerKind, LayerEntry> ByKind = Entries.ToDictionary(entry => entry.Kind);

    public static LayerEntry Get(LayerKind kind) => ByKind[kind];

    public static IEnumerable<LayerEntry> All => Entries;
}
