using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using NetGen.Tests.Infrastructure;

namespace NetGen.Tests.Training;

/// <summary>One schedule case: the class, its arguments, the starting rate and the rates PyTorch set.</summary>
public sealed record ScheduleReference(string Name, string Type, float LearningRate, JsonElement Args, float[] Metrics, double[] LearningRates)
{
    public override string ToString() => Name;
}

/// <summary>One clipping case: the flat gradients, the limit, and what PyTorch returned and left.</summary>
public sealed record ClippingReference(string Name, float Limit, float[] Gradients, double? Norm, string NormText, float[] Clipped)
{
    public override string ToString() => Name;
}

/// <summary>
/// Reads <c>Training/Reference/training_reference.json</c>, written by <c>make_training_reference.py</c> with
/// PyTorch 1.13 (schedules stepped by torch.optim.lr_scheduler, gradients clipped by torch.nn.utils).
/// </summary>
public static class TrainingReference
{
    private static readonly JsonElement Root =
        JsonDocument.Parse(File.ReadAllText(TestPaths.Output("Training", "Reference", "training_reference.json"))).RootElement;

    public static IReadOnlyList<ScheduleReference> Schedules { get; } = Root.GetProperty("schedules").EnumerateArray()
        .Select(c => new ScheduleReference(
            c.GetProperty("name").GetString()!, c.GetProperty("type").GetString()!, c.GetProperty("learningRate").GetSingle(),
            c.GetProperty("args").Clone(),
            c.TryGetProperty("metrics", out JsonElement metrics) ? Floats(metrics) : [],
            c.GetProperty("learningRates").EnumerateArray().Select(v => v.GetDouble()).ToArray()))
        .ToList();

    public static IReadOnlyList<ClippingReference> ClipNorm { get; } = Root.GetProperty("clipping").GetProperty("norm").EnumerateArray()
        .Select(c =>
        {
            JsonElement norm = c.GetProperty("norm");
            return new ClippingReference(c.GetProperty("name").GetString()!, c.GetProperty("maxNorm").GetSingle(), Floats(c.GetProperty("gradients")),
                norm.ValueKind == JsonValueKind.Number ? norm.GetDouble() : null, norm.ToString(), Floats(c.GetProperty("clipped")));
        })
        .ToList();

    public static IReadOnlyList<ClippingReference> ClipValue { get; } = Root.GetProperty("clipping").GetProperty("value").EnumerateArray()
        .Select(c => new ClippingReference(c.GetProperty("name").GetString()!, c.GetProperty("clipValue").GetSingle(),
            Floats(c.GetProperty("gradients")), null, "", Floats(c.GetProperty("clipped"))))
        .ToList();

    /// <summary>Float32 values written by Python as the shortest decimal of their double: read back exactly.</summary>
    private static float[] Floats(JsonElement array) => array.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
}
