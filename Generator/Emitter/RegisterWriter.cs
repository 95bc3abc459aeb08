using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Catalog;
using NetGen.Generator.Helpers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emitter;

/// <summary>
/// Writes a <see cref="RegisterSegment"/> as two methods generic over the register type V: the forward and the
/// backward pass of its small layers, straight-line, every value a V local. With <c>ScalarLane</c> they are the
/// one-sample pass; with <c>Simd512</c> (or 256, 128) they run a tile a register of samples at a time. Memory is
/// touched at the segment's edges only: its input, the values training keeps, and the weight gradients.
/// </summary>
/// <remarks>
/// Addresses: element i of a slot at per-sample offset s is <c>(s + i) · stride + lane</c> from the region's start
/// (stride 1 and lane 0 for one sample; stride 32 for a tile, lane stepping by the register's width).
/// </remarks>
internal sealed class RegisterWriter
{
    private const string Compute = "global::NetGen.Compute.";

    private readonly SourceWriter _output;
    private SourceWriter _writer;
    private readonly NetworkPlan _plan;
    private readonly NetworkSpec _network;
    private readonly RegisterSegment _segment;

    public RegisterWriter(SourceWriter writer, NetworkPlan plan, RegisterSegment segment)
    {
        _output = writer;
        _writer = writer;
        _plan = plan;
        _network = plan.Network;
        _segment = segment;
    }

    public string ForwardName => (_plan.IsTrainingVariant ? "ForwardTrainingRegisters" : "ForwardRegisters") + _segment.Number;

    public string BackwardName => (_plan.IsTrainingVariant ? "BackwardTrainingRegisters" : "BackwardRegisters") + _segment.Number;

    /// <summary>Whether the segment holds the network's first layer with parameters (below it, no gradient is needed in training).</summary>
    private bool HoldsFirstTrainable => Linears.Any(linear => linear.Index == _plan.FirstTrainable);

    private IEnumerable<LinearSpec> Linears => _segment.Steps.OfType<LinearStep>().Select(step => step.Linear);

    private string Layers => _segment.Index == _segment.OutputLayer ? $"Layer {_segment.Index}" : $"Layers {_segment.Index}–{_segment.OutputLayer}";

    /// <summary>"h1_3": value 3 of layer 1's output as a register; the segment's input is x0, x1, ….</summary>
    private string Value(int layer, int index) => ValuePrefix(layer) + index;

    private string ValuePrefix(int layer) => ThroughIdentity(layer) == ThroughIdentity(_segment.InputLayer) ? "x" : $"h{ThroughIdentity(layer)}_";

    /// <summary>"g2_0": dLoss/d(value 0 of layer 2); for the segment's input, dx0, dx1, ….</summary>
    private string Gradient(int layer, int index) => GradientPrefix(layer) + index;

    private string GradientPrefix(int layer) => ThroughIdentity(layer) == ThroughIdentity(_segment.InputLayer) ? "dx" : $"g{ThroughIdentity(layer)}_";

    /// <summary>The gradient the segment's backward pass starts from: its output's, or the loss's if that is inside it.</summary>
    public int TopGradientLayer => System.Math.Min(_network.SeedLayer, _segment.OutputLayer);

    /// <summary>An Identity layer's output (and an evaluation Dropout's) is the register below it.</summary>
    private int ThroughIdentity(int layer)
    {
        while (layer >= 0 && _plan.PassesThrough(layer)) layer--;
        return layer;
    }

    private static string At(int offset) => $"(nuint)({offset} * stride + lane)";

    private static string Op(ActivationSpec activation) => LayerText.OpCreation(activation);

    // private void ForwardRegisters0<V>(ref float x, ref float values, nint stride, nint lanes) where V : struct, ISimd<V>
    // {
    //     ReLUOp op1 = …;
    //     for (nint lane = 0; lane < lanes; lane += V.Count)
    //     {
    //         V x0 = V.Load(ref x, …); …
    //         V h1_0 = op1.Value(V.Create(p[32]).Fma(p[0], x0).Fma(p[1], x1)…);   (a line an output)
    //         V.Store(h1_0, ref values, …); …                                      (the values the passes keep)
    //     }
    // }
    public void WriteForward()
    {
        _writer.WriteLine($"// {Layers}, straight-line in registers: one sample with ScalarLane, or a tile's samples a register at a time.");
        _writer.OpenBlock($"private void {ForwardName}<V>(ref float x, ref float values, nint stride, nint lanes, bool keep) where V : struct, {Compute}ISimd<V>");
        _writer.WriteLine($"{NetworkEmitter.ReadOnlySpan} p = new {NetworkEmitter.ReadOnlySpan}(_parameters, 0, ParameterCount);");
        WriteLoop(WriteForwardBody);
        _writer.CloseBlock();
    }

    private void WriteForwardBody()
    {
        int inputWidth = _network.Layers[_segment.Index].InFeatures;
        WriteLoads("x", "x", inputWidth, 0);
        foreach (Step step in _segment.Steps)
        {
            switch (step)
            {
                case LinearStep linearStep:
                    WriteLinear(linearStep);
                    break;
                case ActivationStep { Activation: var activation }:
                    _writer.WriteLine($"// Layer {activation.Index}, {LayerText.Describe(activation)}.");
                    if (!_plan.IsFusedOutput(activation)) // else computed where it is stored
                        for (int i = 0; i < activation.Width; i++)
                            _writer.WriteLine($"V {Value(activation.Index, i)} = op{activation.Index}.Value({Value(activation.Index - 1, i)});");
                    StoreActivation(activation);
                    break;
                case PassThroughStep { Layer: var layer }:
                    _writer.WriteLine($"// Layer {layer.Index}, {PassThroughText(layer)}.");
                    break;
            }
        }
    }

    /// <summary>"Identity", or "Dropout(0.5), the identity in evaluation".</summary>
    internal static string PassThroughText(LayerSpec layer) =>
        layer is DropoutSpec ? LayerText.Describe(layer) + ", the identity in evaluation" : "Identity";

    /// <summary>
    /// Writes the loop that <paramref name="body"/> writes, after declaring the activation ops it names (the backward
    /// pass of a segment that holds the loss's fused activation does not name that one).
    /// </summary>
    private void WriteLoop(System.Action body)
    {
        var scratch = new SourceWriter();
        _writer = scratch;
        scratch.Indent(1);
        body();
        _writer = _output;
        string text = scratch.ToString();
        foreach (ActivationSpec activation in _segment.Steps.Select(ActivationOf).OfType<ActivationSpec>())
            if (text.Contains($"op{activation.Index}."))
                _writer.WriteLine($"{activation.Entry.Op} op{activation.Index} = {Op(activation)};");
        _writer.WriteLine("for (nint lane = 0; lane < lanes; lane += V.Count)");
        _writer.WriteLine("{");
        _writer.WriteLines(text.TrimEnd('\n'));
        _writer.WriteLine("}");
    }

    private static ActivationSpec? ActivationOf(Step step) => step switch
    {
        LinearStep { Activation: { } activation } => activation,
        ActivationStep { Activation: var activation } => activation,
        _ => null,
    };

    /// <summary>V x0 = V.Load(ref x, …), … on lines of four.</summary>
    private void WriteLoads(string source, string prefix, int width, int offset)
    {
        for (int start = 0; start < width; start += 4)
        {
            var loads = new List<string>();
            for (int i = start; i < System.Math.Min(width, start + 4); i++)
                loads.Add($"{prefix}{i} = V.Load(ref {source}, {At(offset + i)})");
            _writer.WriteLine("V " + string.Join(", ", loads) + ";");
        }
    }

    /// <summary>
    /// start + Σ p[weight]·value as chained FMAs. From 8 terms on, the odd terms go on a second chain added at the end:
    /// one sample is a single chain of dependent FMAs, and two chains halve its latency (measured on Linear(8, 1)).
    /// </summary>
    private static string Dot(string start, IReadOnlyList<(int Weight, string Value)> terms)
    {
        if (terms.Count < 8) return start + string.Concat(terms.Select(t => $".Fma(p[{t.Weight}], {t.Value})"));
        string even = start + string.Concat(terms.Where((_, k) => k % 2 == 0).Select(t => $".Fma(p[{t.Weight}], {t.Value})"));
        string odd = "V.Zero" + string.Concat(terms.Where((_, k) => k % 2 == 1).Select(t => $".Fma(p[{t.Weight}], {t.Value})"));
        return $"{even} + {odd}";
    }

    private void WriteLinear(LinearStep step)
    {
        LinearSpec linear = step.Linear;
        ActivationSpec? activation = step.Activation;
        string bias = linear.HasBias ? " + b" : "";
        string described = activation is null
            ? $"Layer {linear.Index}, {LayerText.Describe(linear)}"
            : $"Layers {linear.Index}–{activation.Index}, {LayerText.Describe(linear)} → {LayerText.Describe(activation)}";
        _writer.WriteLine($"// {described}: W = p[{linear.WeightOffset}..{linear.WeightOffset + linear.WeightCount}){(linear.HasBias ? $", b = p[{linear.BiasOffset}..{linear.BiasOffset + linear.OutFeatures})" : "")}.");
        bool keepPre = activation is null || _plan.KeepsPreActivation(step);
        for (int o = 0; o < linear.OutFeatures; o++)
        {
            string sum = Dot(linear.HasBias ? $"V.Create(p[{linear.BiasOffset + o}])" : "V.Zero",
                Enumerable.Range(0, linear.InFeatures).Select(i => (linear.WeightOffset + o * linear.InFeatures + i, Value(linear.Index - 1, i))).ToList());
            if (activation is null) _writer.WriteLine($"V {Value(linear.Index, o)} = {sum};");
            else if (keepPre)
            {
                _writer.WriteLine($"V {Value(linear.Index, o)} = {sum};");
                if (!_plan.IsFusedOutput(activation)) // else computed where it is stored
                    _writer.WriteLine($"V {Value(activation.Index, o)} = op{activation.Index}.Value({Value(linear.Index, o)});");
            }
            else _writer.WriteLine($"V {Value(activation.Index, o)} = op{activation.Index}.Value({sum});");
        }
        if (keepPre) Store(linear.Index, linear.OutFeatures);
        if (activation is not null) StoreActivation(activation);
    }

    /// <summary>
    /// Stores an activation's registers; the one a loss is fused with is computed and stored only without keep
    /// (Forward, ForwardBatch): training's loss reads the logits, and Backward computes it after the pass.
    /// </summary>
    private void StoreActivation(ActivationSpec activation)
    {
        if (!_plan.IsFusedOutput(activation))
        {
            Store(activation.Index, activation.Width);
            return;
        }
        Slot slot = _plan.Value(activation.Index)!;
        _writer.OpenBlock("if (!keep) // training's loss reads the logits");
        for (int i = 0; i < activation.Width; i++)
            _writer.WriteLine($"V.Store(op{activation.Index}.Value({Value(activation.Index - 1, i)}), ref values, {At(slot.Offset + i)});");
        _writer.CloseBlock();
    }

    /// <summary>Stores a layer's registers into its slot, for the layers after the segment and for training.</summary>
    private void Store(int layer, int width)
    {
        Slot slot = _plan.Value(layer)!;
        // What the steps after the segment read is always stored; the rest only when a backward pass will read it (keep).
        bool output = slot == _plan.Value(_segment.OutputLayer);
        if (!output) _writer.OpenBlock("if (keep)");
        for (int i = 0; i < width; i++) _writer.WriteLine($"V.Store({Value(layer, i)}, ref values, {At(slot.Offset + i)});");
        if (!output) _writer.CloseBlock();
    }

    // private void BackwardRegisters0<V>(ref float x, ref float values, ref float gradients, ref float below, bool toBelow,
    //     nint stride, nint lanes, ref float dw0, ref float db0, …) where V : struct, ISimd<V>
    // {
    //     for (each register of samples)
    //     {
    //         V g2_0 = V.Load(ref gradients, …);                                  (the gradient the segment receives)
    //         Lanes.AddProducts(ref dw2, 0, g2_0, h1_0, h1_1, h1_2, h1_3); …    (dW += g ⊗ x, a register a weight)
    //         V g1_0 = V.Zero.Fma(p[40], g2_0); …                                (Wᵀ·g)
    //         V g0_0 = g1_0 * op1.Derivative(h0_0, h1_0); …
    //         if (toBelow) V.Store(…, ref below, …);
    //     }
    // }
    public void WriteBackward()
    {
        int gradientLayer = TopGradientLayer;
        bool holdsFirstLinear = HoldsFirstTrainable;
        var parameters = new List<string> { "ref float x", "ref float values", "ref float gradients", "ref float below", "bool toBelow", "nint stride", "nint lanes" };
        foreach (LinearSpec linear in Linears)
        {
            parameters.Add($"ref float dw{linear.Index}");
            if (linear.HasBias) parameters.Add($"ref float db{linear.Index}");
        }
        _writer.WriteLine($"// {Layers} backward from dLoss/dh{gradientLayer}: dW into dw (a float a weight for one sample, a register of lane partials for a tile), dLoss/dx into below when asked.");
        _writer.OpenBlock($"private void {BackwardName}<V>({string.Join(", ", parameters)}) where V : struct, {Compute}ISimd<V>");
        _writer.WriteLine($"{NetworkEmitter.ReadOnlySpan} p = new {NetworkEmitter.ReadOnlySpan}(_parameters, 0, ParameterCount);");
        WriteLoop(() => WriteBackwardBody(gradientLayer, holdsFirstLinear));
        _writer.CloseBlock();
    }

    private void WriteBackwardBody(int gradientLayer, bool holdsFirstLinear)
    {
        int firstTrainable = _plan.FirstTrainable;
        Slot top = _plan.Gradient(gradientLayer)!;
        WriteLoads("gradients", GradientPrefix(gradientLayer), top.Width, top.Offset);
        var loaded = new HashSet<string>();
        int current = gradientLayer;
        foreach (Step step in _segment.Steps.Reverse().SkipWhile(step => step.Index > gradientLayer))
        {
            if (holdsFirstLinear && step.Index < firstTrainable && current == firstTrainable - 1)
                _writer.WriteLine("if (!toBelow) continue; // training: nothing below the first Linear layer has parameters");
            current = WriteBackwardStep(step, current, loaded);
        }
        // The gradient of the segment's input goes below: to the layer under it, or the caller's input gradient.
        int width = _network.Layers[_segment.Index].InFeatures;
        _writer.OpenBlock("if (toBelow)");
        for (int i = 0; i < width; i++) _writer.WriteLine($"V.Store({Gradient(_segment.InputLayer, i)}, ref below, {At(i)});");
        _writer.CloseBlock();
    }

    private void Load(HashSet<string> loaded, int layer, int width)
    {
        // Values come from memory: the segment's input (x) or the slots the forward pass stored.
        for (int i = 0; i < width; i++)
        {
            string name = Value(layer, i);
            if (!loaded.Add(name)) continue;
            if (name.StartsWith("x", System.StringComparison.Ordinal)) _writer.WriteLine($"V {name} = V.Load(ref x, {At(i)});");
            else _writer.WriteLine($"V {name} = V.Load(ref values, {At(_plan.Value(layer)!.Offset + i)});");
        }
    }

    private int WriteBackwardStep(Step step, int current, HashSet<string> loaded)
    {
        switch (step)
        {
            case LinearStep { Linear: var linear, Activation: var activation }:
            {
                if (activation is not null && current == activation.Index)
                {
                    int z = activation.Entry.DerivativeFromOutput ? activation.Index : linear.Index;
                    Load(loaded, z, linear.OutFeatures);
                    Load(loaded, activation.Index, linear.OutFeatures);
                    _writer.WriteLine($"// Layer {activation.Index}, {LayerText.Describe(activation)}: dLoss/dh{linear.Index} = dLoss/dh{activation.Index} ⊙ {activation.Entry.Name}′.");
                    for (int o = 0; o < linear.OutFeatures; o++)
                        _writer.WriteLine($"V {Gradient(linear.Index, o)} = {Gradient(activation.Index, o)} * op{activation.Index}.Derivative({Value(z, o)}, {Value(activation.Index, o)});");
                }
                Load(loaded, linear.Index - 1, linear.InFeatures);
                _writer.WriteLine($"// Layer {linear.Index}, {LayerText.Describe(linear)}: dW += dLoss/dh{linear.Index} ⊗ x{(linear.HasBias ? ", db += dLoss/dh" + linear.Index : "")}, then Wᵀ·dLoss/dh{linear.Index}.");
                for (int o = 0; o < linear.OutFeatures; o++)
                {
                    // Four weights a call (the helper multiplies the weight's index by the register's width).
                    var adds = new List<string>();
                    string g = Gradient(linear.Index, o);
                    for (int i = 0; i < linear.InFeatures; i += 4)
                    {
                        var x = Enumerable.Range(i, System.Math.Min(4, linear.InFeatures - i)).Select(k => Value(linear.Index - 1, k));
                        adds.Add($"{Compute}Lanes.AddProducts(ref dw{linear.Index}, {o * linear.InFeatures + i}, {g}, {string.Join(", ", x)});");
                    }
                    if (linear.HasBias) adds.Add($"{Compute}Lanes.AddBias(ref db{linear.Index}, {o}, {g});");
                    for (int start = 0; start < adds.Count; start += 2) _writer.WriteLine(string.Join(" ", adds.GetRange(start, System.Math.Min(2, adds.Count - start))));
                }
                for (int i = 0; i < linear.InFeatures; i++)
                {
                    string sum = Dot("V.Zero",
                        Enumerable.Range(0, linear.OutFeatures).Select(o => (linear.WeightOffset + o * linear.InFeatures + i, Gradient(linear.Index, o))).ToList());
                    if (linear.Index == _plan.FirstTrainable) _writer.WriteLine($"V {Gradient(linear.Index - 1, i)} = toBelow ? {sum} : V.Zero;");
                    else _writer.WriteLine($"V {Gradient(linear.Index - 1, i)} = {sum};");
                }
                return linear.Index - 1;
            }
            case ActivationStep { Activation: var activation }:
            {
                int below = activation.Index - 1;
                Load(loaded, below, activation.Width);
                Load(loaded, activation.Index, activation.Width);
                _writer.WriteLine($"// Layer {activation.Index}, {LayerText.Describe(activation)}: ⊙ {activation.Entry.Name}′.");
                for (int i = 0; i < activation.Width; i++)
                    _writer.WriteLine($"V {Gradient(below, i)} = {Gradient(activation.Index, i)} * op{activation.Index}.Derivative({Value(below, i)}, {Value(activation.Index, i)});");
                return below;
            }
            case PassThroughStep { Layer: var layer }:
                _writer.WriteLine($"// Layer {layer.Index}, {PassThroughText(layer)}.");
                return layer.Index - 1;
            default:
                return current;
        }
    }
}
