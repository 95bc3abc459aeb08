using NetGen.Generator.Helpers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emitter;

// The layers with kernels of their own (Dropout in training, LayerNorm, BatchNorm1d, PReLU): one kernel call a step
// and shape, forward and backward (NetGen.Compute.DropoutKernels, LayerNormKernels, BatchNormKernels, PReLUKernels).
internal sealed partial class PassWriter
{
    /// <summary>A slice of the parameters (or their gradients, with "dp"): <c>p.Slice(40, 8)</c>, or <c>default</c> for none.</summary>
    private static string Slice(string buffer, int offset, int count) => offset < 0 ? "default" : $"{buffer}.Slice({offset}, {count})";

    /// <summary>A slice of the network's buffers (BatchNorm1d's running statistics).</summary>
    private static string Buffer(int offset, int count) => $"new {Span}(_buffers, {offset}, {count})";

    /// <summary>This training step's key of a Dropout layer's masks (the network's seed, the step, the layer).</summary>
    private static string DropoutStream(DropoutSpec dropout) =>
        $"{Compute}DropoutKernels.Stream(_dropoutSeed, _trainingStep, {dropout.Index})";

    // LayerNormKernels.Forward(h1, h2, s2, p.Slice(40, 8), p.Slice(48, 8), 1E-05f);      (…Tile(…, 8) for a tile)
    private void WriteKernelForward(SourceWriter body, KernelStep step)
    {
        int index = step.Index, width = step.Layer.OutFeatures;
        string x = ValueOf(index - 1), y = ValueOf(index), tile = IsTile ? "Tile" : "";
        string features = IsTile ? $", {width}" : "";
        switch (step)
        {
            case DropoutStep { Dropout: var dropout }:
                body.WriteLine($"// Layer {index}, {LayerText.Describe(dropout)}: {y} = {x} ⊙ a mask of 0 and 1/(1 − p), kept for the backward pass.");
                body.WriteLine(IsTile
                    ? $"{Compute}DropoutKernels.ForwardTile({x}, {y}, {_plan.Mask(index).Name}, {width}, rows, {LayerText.Literal(dropout.P)}, {DropoutStream(dropout)}, firstSample);"
                    : $"{Compute}DropoutKernels.Forward({x}, {y}, {_plan.Mask(index).Name}, {LayerText.Literal(dropout.P)}, {DropoutStream(dropout)}, sample);");
                break;
            case LayerNormStep { Norm: var norm }:
                body.WriteLine($"// Layer {index}, {LayerText.Describe(norm)}: {y} = ({x} − mean)/√(var + eps){(norm.ElementwiseAffine ? "·w + b" : "")} over each sample's features.");
                body.WriteLine($"{Compute}LayerNormKernels.Forward{tile}({x}, {y}, {_plan.Statistics(index).Name}, {Slice("p", norm.WeightOffset, width)}, "
                               + $"{Slice("p", norm.BiasOffset, width)}, {LayerText.Literal(norm.Eps)}{features});");
                break;
            case BatchNormStep { Norm: var norm, Training: false }:
                body.WriteLine($"// Layer {index}, {LayerText.Describe(norm)}: {y} = ({x} − running mean)/√(running var + eps)·w + b.");
                body.WriteLine($"{Compute}BatchNormKernels.Forward{tile}({x}, {y}, {Slice("p", norm.WeightOffset, width)}, {Slice("p", norm.BiasOffset, width)}, "
                               + $"{Buffer(norm.RunningMeanOffset, width)}, {Buffer(norm.RunningVarOffset, width)}, {LayerText.Literal(norm.Eps)}{features});");
                break;
            case PReLUStep { PReLU: var prelu }:
                body.WriteLine($"// Layer {index}, {LayerText.Describe(prelu)}: {y} = {x} where it is > 0, else a·{x}.");
                body.WriteLine($"{Compute}PReLUKernels.Forward{tile}({x}, {y}, {Slice("p", prelu.WeightOffset, prelu.NumParameters)}{features});");
                break;
            default:
                throw new System.InvalidOperationException($"Layer {index} ({step.GetType().Name}) has no per-tile forward step: it belongs to the batch's stages.");
        }
    }

    // LayerNormKernels.Backward(g2, h1, s2, p.Slice(40, 8), g1, dp.Slice(40, 8), dp.Slice(48, 8), accumulate);
    private void WriteKernelBackward(SourceWriter body, KernelStep step)
    {
        int index = step.Index, width = step.Layer.OutFeatures;
        string g = GradientOf(index), x = ValueOf(index - 1), dx = KernelInputGradient(step), tile = IsTile ? "Tile" : "";
        string features = IsTile ? $", {width}" : "";
        switch (step)
        {
            case DropoutStep { Dropout: var dropout }:
                body.WriteLine($"// Layer {index}, {LayerText.Describe(dropout)}: {GradientOf(index - 1)} = {g} ⊙ the forward pass's mask.");
                body.WriteLine($"{Compute}DropoutKernels.Backward({g}, {_plan.Mask(index).Name}, {GradientOf(index - 1)});");
                break;
            case LayerNormStep { Norm: var norm }:
                body.WriteLine($"// Layer {index}, {LayerText.Describe(norm)}: {(norm.ElementwiseAffine ? "dw += Σ g·x̂, db += Σ g, " : "")}dx through the normalisation.");
                body.WriteLine($"{Compute}LayerNormKernels.Backward{tile}({g}, {x}, {_plan.Statistics(index).Name}, {Slice("p", norm.WeightOffset, width)}, {dx}, "
                               + $"{Slice("dp", norm.WeightOffset, width)}, {Slice("dp", norm.BiasOffset, width)}{features}, accumulate);");
                break;
            case BatchNormStep { Norm: var norm, Training: false } when !IsTile:
                body.WriteLine($"// Layer {index}, {LayerText.Describe(norm)} (running statistics): dw += g·x̂, db += g, dx = g·w/√(running var + eps).");
                body.WriteLine($"{Compute}BatchNormKernels.Backward({g}, {x}, {Slice("p", norm.WeightOffset, width)}, {Buffer(norm.RunningMeanOffset, width)}, "
                               + $"{Buffer(norm.RunningVarOffset, width)}, {LayerText.Literal(norm.Eps)}, {dx}, {Slice("dp", norm.WeightOffset, width)}, "
                               + $"{Slice("dp", norm.BiasOffset, width)}, accumulate);");
                break;
            case PReLUStep { PReLU: var prelu }:
                body.WriteLine($"// Layer {index}, {LayerText.Describe(prelu)}: da += Σ g·x where x ≤ 0, dx = g or a·g.");
                body.WriteLine($"{Compute}PReLUKernels.Backward{tile}({g}, {x}, {Slice("p", prelu.WeightOffset, prelu.NumParameters)}, {dx}, "
                               + $"{Slice("dp", prelu.WeightOffset, prelu.NumParameters)}{features}, accumulate);");
                break;
            default:
                throw new System.InvalidOperationException($"Layer {index} ({step.GetType().Name}) has no per-tile backward step: it belongs to the batch's stages.");
        }
    }

    /// <summary>
    /// Where a kernel layer writes its input's gradient: the slot below when a layer below has parameters; otherwise
    /// nowhere in a tile, and for one sample the caller's input gradient when asked (the slot below leads to it).
    /// </summary>
    private string KernelInputGradient(KernelStep step)
    {
        string below = GradientOf(step.Index - 1);
        if (_plan.HasTrainableBelow(step.Index)) return below;
        if (IsTile) return "default";
        return below == "inputGradient" ? below : $"inputGradient.IsEmpty ? default : {below}";
    }
}
