using System;
using System.ComponentModel;

namespace NetGen.Compute;

/// <summary>
/// A batch's targets as <c>ComputeGradients</c> received them: <see cref="Width"/> floats a sample, or one class index a
/// sample. One type for both, so that a network's batch passes are written once.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly ref struct BatchTargets
{
    /// <summary>Targets of <paramref name="width"/> floats a sample (a network's OutputSize).</summary>
    public BatchTargets(ReadOnlySpan<float> values, int width)
    {
        Values = values;
        Width = width;
    }

    /// <summary>One class index a sample.</summary>
    public BatchTargets(ReadOnlySpan<int> labels)
    {
        Labels = labels;
        HasLabels = true;
        Width = 1;
    }

    /// <summary>The float targets, <see cref="Width"/> a sample (empty with class indices).</summary>
    public ReadOnlySpan<float> Values { get; }

    /// <summary>The class indices (empty with float targets).</summary>
    public ReadOnlySpan<int> Labels { get; }

    /// <summary>Whether the targets are class indices.</summary>
    public bool HasLabels { get; }

    /// <summary>Values a sample: the network's OutputSize for float targets, 1 for class indices.</summary>
    public int Width { get; }

    /// <summary>The number of values: samples × <see cref="Width"/>.</summary>
    public int Length => HasLabels ? Labels.Length : Values.Length;

    /// <summary>The parameter name a message about them uses: "targets" or "labels".</summary>
    public string Name => HasLabels ? "labels" : "targets";

    /// <summary>The targets of <paramref name="count"/> samples from sample <paramref name="start"/>.</summary>
    public BatchTargets Slice(int start, int count) =>
        HasLabels ? new BatchTargets(Labels.Slice(start, count)) : new BatchTargets(Values.Slice(start * Width, count * Width), Width);

    /// <summary>The targets of the samples from <paramref name="start"/> on.</summary>
    public BatchTargets Slice(int start) =>
        HasLabels ? new BatchTargets(Labels.Slice(start)) : new BatchTargets(Values.Slice(start * Width), Width);
}
