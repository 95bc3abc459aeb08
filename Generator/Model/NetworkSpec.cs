using System.Linq;
using NetGen.Generator.Catalog;
using NetGen.Generator.Helpers;

namespace NetGen.Generator.Model;

/// <summary>Everything the emitter needs to write one network class, checked and complete.</summary>
/// <param name="HiddenMembers">The public generated members a base class already has (see GeneratedMembers).</param>
/// <remarks>
/// Equality contract: value equality over records, enums, primitives and equatable arrays; it holds no
/// <c>ISymbol</c>, <c>SyntaxNode</c>, <c>Location</c> or <c>Compilation</c>, so an edit elsewhere leaves it equal and
/// the generated source cached.
/// </remarks>
internal sealed record NetworkSpec(
    TypeHierarchy Type,
    EquatableArray<LayerSpec> Layers,
    LossKind Loss,
    int InputSize,
    int OutputSize,
    int ParameterCount,
    EquatableArray<string> HiddenMembers)
{
    /// <summary>The parameters baked in from a [Weights] file, in Parameters' order; empty for a network without one.</summary>
    public EquatableArray<float> BakedParameters { get; init; } = EquatableArray<float>.Empty;

    /// <summary>The buffers baked in from a [Weights] file (BatchNorm1d's running statistics), in Buffers' order.</summary>
    public EquatableArray<float> BakedBuffers { get; init; } = EquatableArray<float>.Empty;

    /// <summary>The loss's arguments (SmoothL1Loss's beta, CrossEntropyLoss's label smoothing, …).</summary>
    public LossSettings LossSettings { get; init; } = LossSettings.Default;

    /// <summary>The floats of every buffer (BatchNorm1d's running statistics and counts); 0 without buffers.</summary>
    public int BufferCount { get; init; }

    /// <summary>Whether a layer computes differently in training (ComputeGradients) and evaluation: Dropout, BatchNorm1d.</summary>
    public bool HasModes => Layers.Any(layer => layer is DropoutSpec or BatchNormSpec);

    /// <summary>Whether training needs the whole batch's statistics before a sample can go on (BatchNorm1d).</summary>
    public bool HasBatchNorm => Layers.Any(layer => layer is BatchNormSpec);

    public bool HasDropout => Layers.Any(layer => layer is DropoutSpec);

    /// <summary>"new " when the member (a name, or a method's name(parameter types)) hides a base class's, else "".</summary>
    public string New(string member) => HiddenMembers.Contains(member) ? "new " : "";

    public LossEntry? LossEntry => Loss == LossKind.None ? null : LossCatalog.Get(Loss);

    public LayerSpec Last => Layers[Layers.Count - 1];

    /// <summary>
    /// True when the loss is computed from the value before a trailing activation (Sigmoid with BCELoss, Softmax with
    /// CrossEntropyLoss), which stays exact where the probability rounds to 0 or 1.
    /// </summary>
    public bool LossIsFused => LossEntry is { } loss && Last is ActivationSpec last && last.Kind == loss.FusesWith;

    /// <summary>The layer whose output the loss reads: the one before a fused trailing activation, else the last.</summary>
    public int SeedLayer => LossIsFused ? Layers.Count - 2 : Layers.Count - 1;

    public LinearSpec FirstLinear => Layers.OfType<LinearSpec>().First();
}
