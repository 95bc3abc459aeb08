using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Catalog;
using NetGen.Generator.Helpers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emitter;

// The one dispatch on the kind of step, for the forward and the backward pass of both shapes.
internal sealed partial class PassWriter
{
    private string Kernels => Compute + (IsTile ? "TileKernels" : "SampleKernels");

    /// <summary>The parameters with a constant length, so that the JIT drops the bounds checks of constant indices.</summary>
    private static string Parameters => $"{ReadOnlySpan} p = new {ReadOnlySpan}(_parameters, 0, ParameterCount); // in state_dict order (see ParameterLayout)";

    // private void ForwardSample(ReadOnlySpan<float> input, Span<float> work)       (ForwardTile(inputs, rows, work) for a tile)
    // {
    //     ReadOnlySpan<float> p = _parameters;
    //     Span<float> h1 = work.Slice(…);                                         (the slots the steps write)
    //     TileKernels.Load(inputs, rows, InputSize, x);                           (a tile: the samples, feature-major)
    //     SampleKernels.Linear(p.Slice(0, 32), p.Slice(32, 8), input, h1, new ReLUOp());   (one line a step)
    // }
    private void WriteForwardPass()
    {
        string sample = TakesSampleIndex ? (IsTile ? ", int firstSample" : ", int sample") : "";
        string signature = IsTile
            ? $"private void {ForwardPassName}({ReadOnlySpan} inputs, int rows, {Span} work, bool keep{sample})"
            : $"private void {ForwardPassName}({ReadOnlySpan} input, {Span} work, bool keep{sample})";
        _writer.WriteLine(IsTile
            ? "// The forward pass of a tile of up to 32 samples: each layer's output in its slot of work (inside register segments, only when keep: for a backward pass)."
            : "// The forward pass of one sample: each layer's output in its slot of work (inside register segments, only when keep: for a backward pass).");
        _writer.OpenBlock(signature);
        string[] header = IsTile
            ? new[]
            {
                Parameters,
                $"{Span} x = work.Slice(0, {_plan.InputTileFloats}); // the input, {_network.InputSize} × {NetworkPlan.TileSamples}",
            }
            : new[] { Parameters };
        WriteWithSlots(
            header,
            body =>
            {
                if (IsTile) body.WriteLine($"{Kernels}.Load(inputs, rows, InputSize, x);");
                foreach (Step step in _plan.Steps) WriteForwardStep(body, step);
            });
        _writer.CloseBlock();
    }

    private void WriteForwardStep(SourceWriter body, Step step, bool always = false)
    {
        // The activation a loss is fused with: only without keep (training's loss reads the logits; Backward computes
        // it after the pass with always), and never in the staged training passes.
        ActivationSpec? fused = step switch { ActivationStep s => s.Activation, VectorStep s => s.Activation, _ => null };
        if (!always && fused is not null && _plan.IsFusedOutput(fused))
        {
            if (_staged)
            {
                body.WriteLine($"// Layer {fused.Index}, {LayerText.Describe(fused)}: not in training (the loss reads the logits).");
                return;
            }
            body.OpenBlock("if (!keep) // training's loss reads the logits");
            WriteForwardStep(body, step, always: true);
            body.CloseBlock();
            return;
        }
        switch (step)
        {
            case RegisterSegment segment:
                WriteRegisterCall(body, segment, forward: true);
                break;
            case LinearStep { Linear: var linear, Activation: var activation } linearStep:
            {
                string x = ValueOf(linear.Index - 1);
                string y = ValueOf(linearStep.OutputLayer);
                string pre = _plan.KeepsPreActivation(linearStep) ? ", " + ValueOf(linear.Index) : "";
                body.WriteLine(LinearComment(linear, activation, y));
                body.WriteLine(IsTile
                    ? $"{Kernels}.Linear({Weight("p", linear)}, {Bias("p", linear)}, {x}, {y}, {linear.InFeatures}, {linear.OutFeatures}, {Op(activation)}{pre});"
                    : $"{Kernels}.Linear({Weight("p", linear)}, {Bias("p", linear)}, {x}, {y}, {Op(activation)}{pre});");
                break;
            }
            case ActivationStep { Activation: var activation }:
                body.WriteLine($"// Layer {activation.Index}, {LayerText.Describe(activation)}: {ValueOf(activation.Index)} = {activation.Entry.Name}({ValueOf(activation.Index - 1)}).");
                body.WriteLine($"{Compute}Elementwise.Apply({ValueOf(activation.Index - 1)}, {ValueOf(activation.Index)}, {Op(activation)});");
                break;
            case VectorStep { Activation: var activation }:
                body.WriteLine($"// Layer {activation.Index}, {activation.Entry.Name} over each sample's {activation.Width} values.");
                body.WriteLine(IsTile
                    ? $"{Kernels}.{activation.Entry.Op}({ValueOf(activation.Index - 1)}, {ValueOf(activation.Index)}, {activation.Width});"
                    : $"global::NetGen.Activations.{activation.Entry.Op}({ValueOf(activation.Index - 1)}, {ValueOf(activation.Index)});");
                break;
            case PassThroughStep { Layer: var layer }:
                body.WriteLine($"// Layer {layer.Index}, {RegisterWriter.PassThroughText(layer)}: its output is {ValueOf(layer.Index - 1)}.");
                break;
            case KernelStep kernel:
                WriteKernelForward(body, kernel);
                break;
        }
    }

    // private void BackwardSample(ReadOnlySpan<float> input, Span<float> work, Span<float> inputGradient)   (BackwardTile(inputs, rows, work))
    // {
    //     (the loss's gradient is in the seed layer's slot, g2; the forward pass's values in theirs)
    //     SampleKernels.LinearBackward(p.Slice(40, 8), h1, g2, dp.Slice(40, 8), dp.Slice(48, 1), g1);   (one or two lines a step, down)
    //     Elementwise.MultiplyByDerivative(g1, h1, h1, g0, new ReLUOp());
    //     …
    // }
    private void WriteBackwardPass()
    {
        int seed = _network.SeedLayer;
        string signature = IsTile
            ? $"private void BackwardTile({ReadOnlySpan} inputs, int rows, {Span} work, {Span} dp, bool accumulate)"
            : $"private void {BackwardPassName}({ReadOnlySpan} input, {Span} work, {Span} dp, {Span} inputGradient, bool accumulate)";
        _writer.WriteLine(IsTile
            ? $"// The backward pass of a tile from dLoss/dh{seed} down: adds the parameter gradients into dp (sets them unless accumulate)."
            : $"// The backward pass of one sample from dLoss/dh{seed} down: adds the parameter gradients into dp (sets them unless accumulate), dLoss/dinput into inputGradient unless empty.");
        _writer.OpenBlock(signature);
        WriteWithSlots(
            new[]
            {
                Parameters,
                "dp = dp.Slice(0, ParameterCount); // dLoss/dp, laid out as p (a constant length: no bounds checks on constant indices)",
            },
            body =>
            {
                if (IsTile && _plan.SampleMajorFloats > 0)
                    body.WriteLine($"{Span} xs = work.Slice({SampleMajorStart}, {_plan.SampleMajorFloats}); // a layer's input, sample-major, for its weight gradient");
                // Layers in registers add into the gradients: when they are to be set, their few values are cleared first.
                var registers = _plan.RegisterLinears.ToList();
                if (!IsTile && registers.Count > 0)
                {
                    body.OpenBlock("if (!accumulate)");
                    foreach (LinearSpec linear in registers)
                        body.WriteLine($"dp.Slice({linear.WeightOffset}, {linear.WeightCount + (linear.HasBias ? linear.OutFeatures : 0)}).Clear(); // layer {linear.Index}'s weight{(linear.HasBias ? " and bias" : "")}");
                    body.CloseBlock();
                }
                WriteBackwardSteps(body, _plan.Steps.Reverse().SkipWhile(step => step.Index > seed), seed);
            });
        _writer.CloseBlock();
    }

    /// <summary>
    /// The backward steps from the gradient of layer <paramref name="gradientLayer"/> down; below the first layer with
    /// parameters a tile stops (training needs nothing there) and one sample goes on only for the input's gradient.
    /// </summary>
    private void WriteBackwardSteps(SourceWriter body, IEnumerable<Step> steps, int gradientLayer)
    {
        bool belowFirstTrainable = false;
        foreach (Step step in steps)
        {
            if (step.OutputLayer < _plan.FirstTrainable && !belowFirstTrainable)
            {
                if (IsTile) break; // training needs no gradient below the first layer with parameters
                body.WriteLine(_plan.FirstTrainable == _network.FirstLinear.Index
                    ? "if (inputGradient.IsEmpty) return; // training: nothing below the first Linear layer has parameters"
                    : "if (inputGradient.IsEmpty) return; // training: nothing below this has parameters");
                belowFirstTrainable = true;
            }
            gradientLayer = WriteBackwardStep(body, step, gradientLayer);
        }
    }

    /// <summary>
    /// One step of the backward pass, given the gradient with respect to the output of layer <paramref name="gradientLayer"/>
    /// (a fused Linear step may receive it already with respect to its pre-activation); returns the layer whose output
    /// the gradient it leaves is with respect to.
    /// </summary>
    private int WriteBackwardStep(SourceWriter body, Step step, int gradientLayer)
    {
        switch (step)
        {
            case RegisterSegment segment:
                WriteRegisterCall(body, segment, forward: false);
                return segment.InputLayer;
            case LinearStep { Linear: var linear, Activation: var activation } linearStep:
            {
                if (activation is not null && gradientLayer == activation.Index)
                {
                    // dLoss/dz from dLoss/dy through the fused activation (its input z, or its output when that suffices).
                    string z = activation.Entry.DerivativeFromOutput ? ValueOf(activation.Index) : ValueOf(linear.Index);
                    body.WriteLine($"// Layer {activation.Index}, {LayerText.Describe(activation)}: {GradientOf(linear.Index)} = {GradientOf(activation.Index)} ⊙ {activation.Entry.Name}′.");
                    WriteDerivative(body, activation, GradientOf(activation.Index), z, ValueOf(activation.Index), GradientOf(linear.Index));
                }
                return IsTile ? WriteTileLinearBackward(body, linear) : WriteSampleLinearBackward(body, linear);
            }
            case ActivationStep { Activation: var activation }:
            {
                int below = activation.Index - 1;
                body.WriteLine($"// Layer {activation.Index}, {LayerText.Describe(activation)}: {GradientOf(below)} = {GradientOf(activation.Index)} ⊙ {activation.Entry.Name}′.");
                WriteDerivative(body, activation, GradientOf(activation.Index), ValueOf(below), ValueOf(activation.Index), GradientOf(below));
                return below;
            }
            case VectorStep { Activation: var activation }:
            {
                int below = activation.Index - 1;
                body.WriteLine($"// Layer {activation.Index}, {activation.Entry.Name}: its vector-Jacobian product with {GradientOf(activation.Index)}.");
                body.WriteLine(IsTile
                    ? $"{Kernels}.{activation.Entry.Op}Backward({ValueOf(activation.Index)}, {GradientOf(activation.Index)}, {GradientOf(below)}, {activation.Width});"
                    : $"global::NetGen.Activations.{activation.Entry.Op}Backward({ValueOf(activation.Index)}, {GradientOf(activation.Index)}, {GradientOf(below)});");
                return below;
            }
            case PassThroughStep { Layer: var layer }:
                body.WriteLine($"// Layer {layer.Index}, {RegisterWriter.PassThroughText(layer)}: its gradient is {GradientOf(layer.Index)}.");
                if (layer.Index == 0 && !IsTile) body.WriteLine($"{GradientOf(0)}.CopyTo(inputGradient);");
                return layer.Index - 1;
            case KernelStep kernel:
                WriteKernelBackward(body, kernel);
                return kernel.Index - 1;
            default:
                return gradientLayer;
        }
    }

    /// <summary>result = g ⊙ op′(x, y), the elementwise kernel.</summary>
    private static void WriteDerivative(SourceWriter body, ActivationSpec activation, string g, string x, string y, string result) =>
        body.WriteLine($"{Compute}Elementwise.MultiplyByDerivative({g}, {x}, {y}, {result}, {Op(activation)});");

    // SampleKernels.LinearBackward(W, x, g, dW, db, dx): dx into the slot below, or the caller's input gradient for layer 0.
    private int WriteSampleLinearBackward(SourceWriter body, LinearSpec linear)
    {
        string g = GradientOf(linear.Index);
        string x = ValueOf(linear.Index - 1);
        bool first = !_plan.HasTrainableBelow(linear.Index);
        string dx = linear.Index == 0 ? "inputGradient"
            : first ? $"inputGradient.IsEmpty ? default : {GradientOf(linear.Index - 1)}"
            : GradientOf(linear.Index - 1);
        body.WriteLine($"// Layer {linear.Index}, {LayerText.Describe(linear)}: dW += {g} ⊗ {x}{(linear.HasBias ? $", db += {g}" : "")}, {(linear.Index == 0 ? "dLoss/dinput" : GradientOf(linear.Index - 1))} = Wᵀ·{g}{(first ? " (when asked)" : "")}.");
        body.WriteLine($"{Kernels}.LinearBackward({Weight("p", linear)}, {x}, {g}, {Weight("dp", linear)}, {Bias("dp", linear)}, {dx}, accumulate);");
        return linear.Index - 1;
    }

    // TileKernels.WeightGradient(g, x sample-major, rows, dW, db, in, out); TileKernels.InputGradient(W, g, dx, in, out, op′ of the layer below…).
    private int WriteTileLinearBackward(SourceWriter body, LinearSpec linear)
    {
        string g = GradientOf(linear.Index);
        bool first = !_plan.HasTrainableBelow(linear.Index);
        string samples = "inputs";
        if (_plan.UsesTilePartials(linear))
        {
            int partial = _plan.PartialOffset(linear);
            string biasPartials = linear.HasBias ? Partials(partial + linear.WeightCount * NetworkPlan.TileSamples, linear.OutFeatures * NetworkPlan.TileSamples) : "default";
            body.WriteLine($"// Layer {linear.Index}, {LayerText.Describe(linear)}: the lane partials of dW += {g}·xᵀ{(linear.HasBias ? $" and db += Σ {g}" : "")}, summed at the batch's end.");
            body.WriteLine($"{Kernels}.WeightPartials({g}, {ValueOf(linear.Index - 1)}, {Partials(partial, linear.WeightCount * NetworkPlan.TileSamples)}, {biasPartials}, {linear.InFeatures}, {linear.OutFeatures});");
        }
        else
        {
            body.WriteLine($"// Layer {linear.Index}, {LayerText.Describe(linear)}: dW += {g}·xᵀ{(linear.HasBias ? $", db += Σ {g}" : "")}, over the tile's samples.");
            if (_plan.Value(linear.Index - 1) is { } input)
            {
                // The layer's input as rows of samples (the first layer reads the caller's own rows).
                samples = "xs";
                body.WriteLine($"{Kernels}.Store({input.Name}, rows, {linear.InFeatures}, xs);");
            }
            body.WriteLine($"{Kernels}.WeightGradient({g}, {samples}, rows, {Weight("dp", linear)}, {Bias("dp", linear)}, {linear.InFeatures}, {linear.OutFeatures}, accumulate);");
        }
        if (first) return linear.Index - 1;

        // The gradient below, with the derivative of the activation fused into the Linear step below applied in registers.
        int belowLayer = LayerBelow(linear.Index);
        Step? below = _plan.Steps.FirstOrDefault(step => step is not PassThroughStep && step.OutputLayer == belowLayer);
        if (below is LinearStep { Activation: { } activation } belowStep)
        {
            string z = activation.Entry.DerivativeFromOutput ? ValueOf(activation.Index) : ValueOf(belowStep.Linear.Index);
            string target = GradientOf(belowStep.Linear.Index);
            body.WriteLine($"// … and {target} = (Wᵀ·{g}) ⊙ {activation.Entry.Name}′, the activation of layer {activation.Index} applied in registers.");
            body.WriteLine($"{Kernels}.InputGradient({Weight("p", linear)}, {g}, {target}, {linear.InFeatures}, {linear.OutFeatures}, {Op(activation)}, {z}, {ValueOf(activation.Index)});");
            return belowStep.Linear.Index;
        }
        string dx = GradientOf(linear.Index - 1);
        body.WriteLine($"// … and {dx} = Wᵀ·{g}.");
        body.WriteLine($"{Kernels}.InputGradient({Weight("p", linear)}, {g}, {dx}, {linear.InFeatures}, {linear.OutFeatures}, new {Compute}IdentityOp(), default, default);");
        return linear.Index - 1;
    }

    /// <summary>The layer whose output the layer at <paramref name="index"/> reads, through Identity layers (−1: the input).</summary>
    private int LayerBelow(int index)
    {
        int k = index - 1;
        while (k >= 0 && _plan.PassesThrough(k)) k--;
        return k;
    }

    // ForwardRegisters0<ScalarLane>(ref x, ref values, 1, 1);                      (one sample)
    // {                                                                             (a tile: each buffer a ref local, then the widest register)
    //     ref float xs = ref MemoryMarshal.GetReference(x); …
    //     if (Vector512.IsHardwareAccelerated) ForwardRegisters0<Simd512>(ref xs, ref values, 32, 32); else …
    // }
    private void WriteRegisterCall(SourceWriter body, RegisterSegment segment, bool forward)
    {
        var registers = new RegisterWriter(body, _plan, segment);
        // The buffers the method reads and writes (name → span), then its other arguments.
        var buffers = new List<(string Name, string Span)>
        {
            ("xRef", ValueOf(segment.InputLayer)),
            ("valuesRef", IsTile ? $"work.Slice({ValuesStart})" : "work"),
        };
        var rest = new List<string>();
        if (forward)
        {
            body.WriteLine($"// Layers {segment.Index}–{segment.OutputLayer} in registers ({registers.ForwardName}).");
            rest.Add(Lanes.ToString());
            rest.Add(Lanes.ToString());
            rest.Add(_staged ? "keep: true" : "keep");
        }
        else
        {
            bool holdsFirstLinear = segment.Steps.OfType<LinearStep>().Any(step => step.Linear.Index == _plan.FirstTrainable);
            string toBelow = !holdsFirstLinear ? "true" : IsTile ? "false" : "!inputGradient.IsEmpty";
            buffers.Add(("gradientsRef", IsTile ? $"work.Slice({GradientsStart})" : $"work.Slice({_plan.ValueFloats})"));
            buffers.Add(("belowRef", segment.InputLayer < 0 ? (IsTile ? $"work.Slice({ValuesStart})" : "inputGradient") : GradientOf(segment.InputLayer)));
            foreach (LinearSpec linear in segment.Steps.OfType<LinearStep>().Select(step => step.Linear))
            {
                // One sample adds straight into the gradients; a tile gathers a register of lane partials a parameter.
                int partial = _plan.PartialOffset(linear);
                buffers.Add(($"dw{linear.Index}Ref", IsTile ? Partials(partial) : $"dp.Slice({linear.WeightOffset})"));
                if (linear.HasBias)
                    buffers.Add(($"db{linear.Index}Ref", IsTile ? Partials(partial + linear.WeightCount * NetworkPlan.MaxLanes) : $"dp.Slice({linear.BiasOffset})"));
            }
            body.WriteLine($"// Layers {segment.OutputLayer}–{segment.Index} in registers ({registers.BackwardName}).");
            rest.Add(toBelow);
            rest.Add(Lanes.ToString());
            rest.Add(Lanes.ToString());
        }
        string method = forward ? registers.ForwardName : registers.BackwardName;
        // The backward method takes (x, values, gradients, below, toBelow, stride, lanes, dw…): the buffers after the flags.
        IEnumerable<string> Arguments(System.Func<(string Name, string Span), string> buffer) =>
            forward
                ? buffers.Select(buffer).Concat(rest)
                : buffers.Take(4).Select(buffer).Concat(rest).Concat(buffers.Skip(4).Select(buffer));
        if (!IsTile)
        {
            body.WriteLine($"{method}<{Compute}ScalarLane>({string.Join(", ", Arguments(b => "ref " + Ref(b.Span)))});");
            return;
        }
        string arguments = string.Join(", ", Arguments(b => "ref " + b.Name));
        body.WriteLine("{");
        body.Indent(1);
        foreach ((string name, string span) in buffers) body.WriteLine($"ref float {name} = ref {Ref(span)};");
        body.WriteLine($"if (global::System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated) {method}<{Compute}Simd512>({arguments});");
        body.WriteLine($"else if (global::System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated) {method}<{Compute}Simd256>({arguments});");
        body.WriteLine($"else {method}<{Compute}Simd128>({arguments});");
        body.CloseBlock();
    }

    private static string Ref(string span) => $"global::System.Runtime.InteropServices.MemoryMarshal.GetReference({span})";
}
