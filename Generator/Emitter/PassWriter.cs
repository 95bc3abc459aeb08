using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Catalog;
using NetGen.Generator.Helpers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emitter;

/// <summary>
/// Writes the forward and the backward pass of a network for one <see cref="PassShape"/>: one method each, one kernel
/// call (or two) a step, the layer's constants in the call. Every buffer is a slice of one working buffer, laid out by
/// the <see cref="NetworkPlan"/>. The step dispatch (<see cref="WriteForwardStep"/>, <see cref="WriteBackwardStep"/>) is
/// shared by both shapes; only the kernel each call names differs.
/// </summary>
internal sealed partial class PassWriter
{
    private const string Compute = "global::NetGen.Compute.";
    private const string Span = NetworkEmitter.Span;
    private const string ReadOnlySpan = NetworkEmitter.ReadOnlySpan;

    private readonly SourceWriter _writer;
    private readonly NetworkPlan _plan;
    private readonly NetworkSpec _network;
    private readonly PassShape _shape;

    public PassWriter(SourceWriter writer, NetworkPlan plan, PassShape shape)
    {
        _writer = writer;
        _plan = plan;
        _network = plan.Network;
        _shape = shape;
    }

    private bool IsTile => _shape == PassShape.Tile;

    /// <summary>Floats a sample in the shape's buffers: 1 for one sample, the tile's 32 samples for a tile.</summary>
    private int Lanes => IsTile ? NetworkPlan.TileSamples : 1;

    /// <summary>Where the passes' input lives: the caller's sample, or the tile it was loaded into.</summary>
    private string InputName => IsTile ? "x" : "input";

    // ---- Buffers: every slot a local span, declared where a method uses it.

    /// <summary>The tile's input comes first in the working buffer, then the values, the gradients, the targets.</summary>
    private int ValuesStart => IsTile ? _plan.InputTileFloats : 0;

    private int GradientsStart => ValuesStart + _plan.ValueFloats * Lanes;

    private int TargetsStart => GradientsStart + _plan.GradientFloats * Lanes;

    private int SampleMajorStart => TargetsStart + _plan.TargetTileFloats;

    /// <summary>The lane partials of the register layers' gradients (a tile pass only).</summary>
    private int PartialsStart => SampleMajorStart + _plan.SampleMajorFloats;

    /// <summary>The working buffer's length for this shape.</summary>
    private long WorkFloats => IsTile ? _plan.TileFloats : _plan.SampleFloats;

    /// <summary>"h3", the local that holds layer 3's output, or the input for a layer below the first.</summary>
    private string ValueOf(int layer) => layer < 0 ? InputName : _plan.Value(layer)?.Name ?? InputName;

    /// <summary>"g3", the local that holds dLoss/d(output of layer 3); for the input, the caller's input gradient.</summary>
    private string GradientOf(int layer) => layer < 0 ? "inputGradient" : _plan.Gradient(layer)?.Name ?? "inputGradient";

    /// <summary>
    /// Writes the body lines of a method after declaring, as slices of <c>work</c>, the slots those lines use: the
    /// lines are written first into a scratch writer so that only what is read is declared.
    /// </summary>
    private void WriteWithSlots(IEnumerable<string> header, System.Action<SourceWriter> body)
    {
        var scratch = new SourceWriter();
        body(scratch);
        string text = scratch.ToString();
        foreach (string line in header) _writer.WriteLine(line);
        if (IsTile && Uses(text, "x") && !header.Any(line => line.Contains(" x = ")))
            _writer.WriteLine($"{Span} x = work.Slice(0, {_plan.InputTileFloats}); // the input, {_network.InputSize} × {NetworkPlan.TileSamples}");
        if (!IsTile && Uses(text, "input") && text.Contains("input["))
            _writer.WriteLine("input = input.Slice(0, InputSize); // a constant length: no bounds checks on the constant indices below");
        foreach (Slot slot in _plan.Values)
            if (Uses(text, slot.Name))
                _writer.WriteLine($"{Span} {slot.Name} = work.Slice({ValuesStart + slot.Offset * Lanes}, {slot.Width * Lanes}); // layer {LayerOf(slot)}, {Describe(slot)}");
        foreach (Slot slot in _plan.Gradients)
            if (Uses(text, slot.Name))
                _writer.WriteLine($"{Span} {slot.Name} = work.Slice({GradientsStart + slot.Offset * Lanes}, {slot.Width * Lanes}); // dLoss/d{slot.Name.Replace('g', 'h')}");
        _writer.WriteLines(text.TrimEnd('\n'));
    }

    /// <summary>Whether the code (not the comments) of <paramref name="text"/> names <paramref name="name"/>.</summary>
    private static bool Uses(string text, string name) =>
        text.Split('\n').Any(line =>
        {
            int comment = line.IndexOf("//", System.StringComparison.Ordinal);
            string code = comment < 0 ? line : line.Substring(0, comment);
            return System.Text.RegularExpressions.Regex.IsMatch(code, @"\b" + name + @"\b");
        });

    private static int LayerOf(Slot slot) => int.Parse(slot.Name.Substring(1), System.Globalization.CultureInfo.InvariantCulture);

    private string Describe(Slot slot)
    {
        LayerSpec layer = _network.Layers[LayerOf(slot)];
        string what = LayerText.Describe(layer);
        return IsTile ? $"{what}, {slot.Width} × {NetworkPlan.TileSamples}" : what;
    }

    // ---- Parameters as the kernels take them.

    private static string Weight(string buffer, LinearSpec linear) => $"{buffer}.Slice({linear.WeightOffset}, {linear.WeightCount})";

    private static string Bias(string buffer, LinearSpec linear) =>
        linear.HasBias ? $"{buffer}.Slice({linear.BiasOffset}, {linear.OutFeatures})" : "default";

    private static string Op(ActivationSpec? activation) =>
        activation is null ? $"new {Compute}IdentityOp()" : LayerText.OpCreation(activation);

    private static string LinearComment(LinearSpec linear, ActivationSpec? activation, string y)
    {
        string bias = linear.HasBias ? $" + b" : "";
        string value = activation is null ? $"W·x{bias}" : $"{activation.Entry.Name}(W·x{bias})";
        string layers = activation is null ? $"Layer {linear.Index}, {LayerText.Describe(linear)}" : $"Layers {linear.Index}–{activation.Index}, {LayerText.Describe(linear)} → {LayerText.Describe(activation)}";
        string where = $"W = p[{linear.WeightOffset}..{linear.WeightOffset + linear.WeightCount})" + (linear.HasBias ? $", b = p[{linear.BiasOffset}..{linear.BiasOffset + linear.OutFeatures})" : "");
        return $"// {layers}: {y} = {value}, {where}.";
    }
}
