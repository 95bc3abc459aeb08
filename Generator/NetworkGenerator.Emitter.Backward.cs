using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Helpers;
using NetGen.Generator.Model;

namespace NetGen.Generator;

// The backward pass: Backward (from a given dLoss/doutput), and, with a loss, ComputeGradients over a batch with the
// per-sample method it calls (the loss's gradient seeds the same backward code).
internal static partial class NetworkEmitter
{
    // public void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient)
    // {
    //     Guard.Length(…);
    //     <forward pass, keeping every layer's output>
    //     <backward pass: g{k} = dLoss/dh{k} from outputGradient down; dp[…] += …; inputGradient[…] = … when asked>
    // }
    private static void WriteBackward(SourceWriter writer, NetworkSpec network)
    {
        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// Back-propagates one sample: adds dLoss/dParameters to <see cref=\"Gradients\"/> given dLoss/dOutput, and writes");
        writer.WriteLine("/// dLoss/dInput unless <paramref name=\"inputGradient\"/> is empty. The output is what <see cref=\"Forward\"/> returns.");
        writer.WriteLine("/// Allocation-free; not safe to call from several threads at once (it adds to one gradient buffer).");
        writer.WriteLine("/// </summary>");
        writer.WriteLine("/// <param name=\"input\">The sample, <see cref=\"InputSize\"/> values.</param>");
        writer.WriteLine("/// <param name=\"outputGradient\">dLoss/dOutput, <see cref=\"OutputSize\"/> values.</param>");
        writer.WriteLine("/// <param name=\"inputGradient\">Receives dLoss/dInput (<see cref=\"InputSize\"/> values), or empty to skip it.</param>");
        writer.WriteLine("/// <exception cref=\"global::System.ArgumentException\">A span's length is not the size above.</exception>");
        writer.OpenBlock($"public void Backward({ReadOnlySpan} input, {ReadOnlySpan} outputGradient, {Span} inputGradient)");
        writer.WriteLine($"{Guard}.Length(input.Length, InputSize, nameof(input));");
        writer.WriteLine($"{Guard}.Length(outputGradient.Length, OutputSize, nameof(outputGradient));");
        writer.WriteLine($"if (!inputGradient.IsEmpty) {Guard}.Length(inputGradient.Length, InputSize, nameof(inputGradient));");
        WriteConstantLengths(writer, "input", "outputGradient");
        var pass = new Pass(writer, network);
        WriteForwardPass(pass);
        writer.WriteLine();
        writer.WriteLine("// Backward pass: g{k} is dLoss/dh{k}, from dLoss/doutput back to the input; dp is dLoss/dp, laid out as p.");
        writer.WriteLine($"{Span} dp = new {Span}(_gradients, 0, ParameterCount);");
        WriteBackwardPass(pass, network.Layers.Count - 1, new Values("outputGradient", network.OutputSize, IsSpan: true), writeInputGradient: true);
        writer.CloseBlock();
    }

    // public float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets)   (or ReadOnlySpan<int> labels)
    // {
    //     int batch = Guard.BatchSize(…);                     (and every label checked, before anything is written)
    //     Array.Clear(_gradients);
    //     float scale = 1f / (batch * OutputSize);            (1f / batch for cross-entropy: PyTorch's reduction='mean')
    //     for (…) loss += AccumulateSampleGradients(inputs.Slice(…), targets.Slice(…), scale);
    //     return (float)(loss / (batch * OutputSize));
    // }
    private static void WriteComputeGradients(SourceWriter writer, NetworkSpec network, bool labels)
    {
        bool perOutput = network.Loss != LossKind.CrossEntropy;
        string divisor = perOutput ? "(batch * OutputSize)" : "batch";
        writer.WriteLine("/// <summary>");
        writer.WriteLine($"/// Sets <see cref=\"Gradients\"/> to the gradient of the mean {LossName(network.Loss)} over the batch (PyTorch's");
        writer.WriteLine($"/// <c>reduction='mean'</c>{(perOutput ? ", over samples and outputs" : ", over samples")}) and returns that loss.");
        writer.WriteLine(labels
            ? "/// One class index a sample; batch = inputs.Length / InputSize."
            : network.Loss == LossKind.CrossEntropy
                ? "/// Targets are class probabilities (one-hot or soft), OutputSize a sample; batch = inputs.Length / InputSize."
                : "/// Targets are OutputSize values a sample; batch = inputs.Length / InputSize.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine("/// <exception cref=\"global::System.ArgumentException\">The batch is empty or not whole, or the targets do not match it.</exception>");
        if (labels)
        {
            writer.WriteLine("/// <exception cref=\"global::System.ArgumentOutOfRangeException\">A class index is not in [0, OutputSize).</exception>");
            writer.OpenBlock($"public float ComputeGradients({ReadOnlySpan} inputs, global::System.ReadOnlySpan<int> labels)");
            writer.WriteLine($"int batch = {Guard}.BatchSize(inputs.Length, InputSize, labels.Length, 1, nameof(inputs), nameof(labels));");
            writer.WriteLine($"{Guard}.ClassIndices(labels, OutputSize, nameof(labels));");
        }
        else
        {
            writer.OpenBlock($"public float ComputeGradients({ReadOnlySpan} inputs, {ReadOnlySpan} targets)");
            writer.WriteLine($"int batch = {Guard}.BatchSize(inputs.Length, InputSize, targets.Length, OutputSize, nameof(inputs), nameof(targets));");
        }
        writer.WriteLine("global::System.Array.Clear(_gradients);");
        writer.WriteLine($"float scale = 1f / {divisor};");
        writer.WriteLine("double loss = 0;");
        if (UsesTiles(network))
        {
            int tile = TileRows(network);
            writer.OpenBlock($"for (int start = 0; start < batch; start += {tile})");
            writer.WriteLine($"int rows = global::System.Math.Min({tile}, batch - start);");
            writer.WriteLine(labels
                ? "loss += AccumulateTileGradients(inputs.Slice(start * InputSize, rows * InputSize), labels.Slice(start, rows), scale);"
                : "loss += AccumulateTileGradients(inputs.Slice(start * InputSize, rows * InputSize), targets.Slice(start * OutputSize, rows * OutputSize), scale);");
            writer.CloseBlock();
        }
        else
        {
            writer.WriteLine("for (int sample = 0; sample < batch; sample++)");
            writer.WriteLine(labels
                ? "    loss += AccumulateSampleGradients(inputs.Slice(sample * InputSize, InputSize), labels[sample], scale);"
                : "    loss += AccumulateSampleGradients(inputs.Slice(sample * InputSize, InputSize), targets.Slice(sample * OutputSize, OutputSize), scale);");
        }
        writer.WriteLine($"return (float)(loss / {divisor});");
        writer.CloseBlock();
    }

    // private float AccumulateSampleGradients(ReadOnlySpan<float> input, ReadOnlySpan<float> target, float scale)   (or int label)
    // {
    //     <forward pass>
    //     loss += Losses.BinaryCrossEntropyWithLogits(h2_0, target[0], out float g2_0); g2_0 *= scale;   (the seed)
    //     <backward pass from the seed, without the input gradient>
    //     return loss;                                         (this sample's summed loss, unscaled)
    // }
    private static void WriteAccumulateSampleGradients(SourceWriter writer, NetworkSpec network, bool labels)
    {
        writer.WriteLine("/// <summary>Adds one sample's loss gradient, times <paramref name=\"scale\"/>, to the gradients; returns its loss.</summary>");
        string targetParameter = labels ? "int label" : $"{ReadOnlySpan} target";
        writer.OpenBlock($"private float AccumulateSampleGradients({ReadOnlySpan} input, {targetParameter}, float scale)");
        if (labels) WriteConstantLengths(writer, "input");
        else WriteConstantLengths(writer, "input", "target");
        var pass = new Pass(writer, network);
        int seedLayer = SeedLayer(network);
        WriteForwardPass(pass, lastLayer: seedLayer);
        writer.WriteLine();
        Values seed = WriteLossSeed(pass, seedLayer, labels);
        writer.WriteLine();
        writer.WriteLine("// Backward pass: g{k} is dLoss/dh{k}; dp is dLoss/dp, laid out as p.");
        writer.WriteLine($"{Span} dp = new {Span}(_gradients, 0, ParameterCount);");
        WriteBackwardPass(pass, seedLayer, seed, writeInputGradient: false);
        writer.WriteLine("return loss;");
        writer.CloseBlock();
    }

    /// <summary>Writes the sample's loss and its gradient with respect to layer <paramref name="seedLayer"/>'s output.</summary>
    private static Values WriteLossSeed(Pass pass, int seedLayer, bool labels)
    {
        SourceWriter writer = pass.Writer;
        NetworkSpec network = pass.Network;
        Values values = pass.LayerOutputs[seedLayer];
        string gradient = "g" + seedLayer;
        writer.WriteLine($"// Loss: {LossName(network.Loss)} {SeedDescription(network, values.Name)}; g{seedLayer} is its gradient, times scale.");
        if (network.Loss == LossKind.CrossEntropy)
        {
            Values logits = pass.AsSpan(values);
            Values seed = pass.NewSpan(gradient, values.Width);
            writer.WriteLine($"float loss = global::NetGen.Losses.CrossEntropyWithLogits({logits.Name}, {(labels ? "label" : "target")}, {gradient});");
            writer.WriteLine($"for (int i = 0; i < {values.Width}; i++) {gradient}[i] *= scale;");
            return seed;
        }

        string function = ElementwiseLossFunction(network);
        writer.WriteLine("float loss = 0f;");
        if (values.IsSpan)
        {
            Values seed = pass.NewSpan(gradient, values.Width);
            writer.OpenBlock($"for (int i = 0; i < {values.Width}; i++)");
            writer.WriteLine($"loss += global::NetGen.Losses.{function}({values.Name}[i], target[i], out float d);");
            writer.WriteLine($"{gradient}[i] = d * scale;");
            writer.CloseBlock();
            return seed;
        }
        var locals = new Values(gradient, values.Width, IsSpan: false);
        for (int i = 0; i < values.Width; i++)
        {
            writer.WriteLine($"loss += global::NetGen.Losses.{function}({values[i]}, target[{i}], out float {locals[i]});");
            writer.WriteLine($"{locals[i]} *= scale;");
        }
        return locals;
    }

    /// <summary>The layer whose output the loss is taken from: the one before a trailing activation fused with the loss.</summary>
    private static int SeedLayer(NetworkSpec network) => IsFused(network) ? network.Layers.Count - 2 : network.Layers.Count - 1;

    /// <summary>"from the logits h2, fused with the trailing Sigmoid" or "of the output h3", for the loss's comment.</summary>
    private static string SeedDescription(NetworkSpec network, string values) =>
        IsFused(network)
            ? $"from the logits {values}, fused with the trailing {network.Layers[network.Layers.Count - 1].Kind}"
            : $"of the output {values}";

    /// <summary>The runtime's per-value loss for BCE and MSE (cross-entropy works on whole rows).</summary>
    private static string ElementwiseLossFunction(NetworkSpec network) => network.Loss switch
    {
        LossKind.MSE => "SquaredError",
        LossKind.BCE when IsFused(network) => "BinaryCrossEntropyWithLogits",
        _ => "BinaryCrossEntropy",
    };

    /// <summary>
    /// From the gradient <paramref name="seed"/> of layer <paramref name="start"/>'s output, down through every layer
    /// to the first Linear; below it only when the input gradient is wanted (and, in Backward, asked for).
    /// </summary>
    private static void WriteBackwardPass(Pass pass, int start, Values seed, bool writeInputGradient)
    {
        NetworkSpec network = pass.Network;
        int firstLinear = network.Layers.First(layer => layer.IsLinear).Index;
        Values gradient = seed;
        for (int k = start; k > firstLinear; k--)
        {
            pass.Writer.WriteLine();
            gradient = WriteLayerBackward(pass, network.Layers[k], gradient, writeInputGradient: true);
        }

        pass.Writer.WriteLine();
        LayerSpec first = network.Layers[firstLinear];
        if (!writeInputGradient)
        {
            WriteLayerBackward(pass, first, gradient, writeInputGradient: false);
            return;
        }
        if (!IsUnrolled(first) && firstLinear == 0)
        {
            // The kernel skips an empty input gradient itself.
            WriteLayerBackward(pass, first, gradient, writeInputGradient: true);
            return;
        }
        WriteLayerBackward(pass, first, gradient, writeInputGradient: false);
        pass.Writer.OpenBlock("if (!inputGradient.IsEmpty)");
        pass.Writer.WriteLine("inputGradient = inputGradient.Slice(0, InputSize); // a constant length: no bounds checks below");
        gradient = WriteInputGradient(pass, first, gradient);
        for (int k = firstLinear - 1; k >= 0; k--)
            gradient = WriteInputGradient(pass, network.Layers[k], gradient);
        pass.Writer.CloseBlock();
    }

    /// <summary>Where layer k's input gradient goes: the caller's <c>inputGradient</c> for layer 0, else g{k−1}.</summary>
    private static Values GradientTarget(Pass pass, LayerSpec layer, bool asSpan)
    {
        if (layer.Index == 0) return new Values("inputGradient", layer.InFeatures, IsSpan: true);
        string name = "g" + (layer.Index - 1);
        return asSpan ? pass.NewSpan(name, layer.InFeatures) : new Values(name, layer.InFeatures, IsSpan: false);
    }

    /// <summary>A layer's parameter gradients (if it has parameters) and, when asked, the gradient of its input.</summary>
    private static Values WriteLayerBackward(Pass pass, LayerSpec layer, Values gradient, bool writeInputGradient)
    {
        if (layer.IsLinear && !IsUnrolled(layer))
            return WriteLoopedLinearBackward(pass, layer, gradient, writeInputGradient);
        if (layer.IsLinear)
        {
            WriteUnrolledParameterGradients(pass, layer, gradient);
            return writeInputGradient ? WriteInputGradient(pass, layer, gradient) : gradient;
        }
        return writeInputGradient ? WriteInputGradient(pass, layer, gradient) : gradient;
    }

    // // Layer 2, Linear(8, 1): dW += g ⊗ x, db += g.
    // dp[40] += g2_0 * h1_0; dp[41] += g2_0 * h1_1; …
    // dp[48] += g2_0;
    private static void WriteUnrolledParameterGradients(Pass pass, LayerSpec layer, Values gradient)
    {
        SourceWriter writer = pass.Writer;
        Values x = pass.LayerInput(layer.Index);
        writer.WriteLine($"// Layer {layer.Index}, {LayerText.Describe(layer)}: dW += g{layer.Index} ⊗ x{(layer.HasBias ? ", db += g" + layer.Index : "")}.");
        for (int o = 0; o < layer.OutFeatures; o++)
        {
            var statements = new List<string>();
            for (int i = 0; i < layer.InFeatures; i++)
                statements.Add($"dp[{layer.WeightOffset + o * layer.InFeatures + i}] += {gradient[o]} * {x[i]};");
            if (layer.HasBias) statements.Add($"dp[{layer.BiasOffset + o}] += {gradient[o]};");
            for (int start = 0; start < statements.Count; start += TermsPerLine / 2)
                writer.WriteLine(string.Join(" ", statements.Skip(start).Take(TermsPerLine / 2)));
        }
    }

    // // Layer 0, Linear(784, 128): dW += g0 ⊗ x, db += g0, and the input gradient when asked.
    // Kernels.LinearBackward(p.Slice(0, 100352), input, g0, dp.Slice(0, 100352), dp.Slice(100352, 128), inputGradient);
    private static Values WriteLoopedLinearBackward(Pass pass, LayerSpec layer, Values gradient, bool writeInputGradient)
    {
        SourceWriter writer = pass.Writer;
        writer.WriteLine($"// Layer {layer.Index}, {LayerText.Describe(layer)}: dW += g{layer.Index} ⊗ x{(layer.HasBias ? ", db += g" + layer.Index : "")}{(writeInputGradient ? ", and dLoss/dx = Wᵀ·g" + layer.Index : "")}.");
        Values x = pass.AsSpan(pass.LayerInput(layer.Index));
        Values g = pass.AsSpan(gradient);
        Values target = writeInputGradient ? GradientTarget(pass, layer, asSpan: true) : new Values("default", 0, IsSpan: true);
        writer.WriteLine($"global::NetGen.Kernels.LinearBackward({WeightSlice("p", layer)}, {x.Name}, {g.Name}, " +
                         $"{WeightSlice("dp", layer)}, {BiasSlice("dp", layer)}, {target.Name});");
        return target;
    }

    /// <summary>dLoss/d(layer input) from dLoss/d(layer output), for any layer kind.</summary>
    private static Values WriteInputGradient(Pass pass, LayerSpec layer, Values gradient) => layer.Kind switch
    {
        LayerKind.Linear when IsUnrolled(layer) => WriteUnrolledLinearInputGradient(pass, layer, gradient),
        LayerKind.Linear => WriteLoopedLinearBackwardInputOnly(pass, layer, gradient),
        LayerKind.Identity => WriteIdentityGradient(pass, layer, gradient),
        _ when ActivationCode.IsVector(layer.Kind) => WriteVectorActivationGradient(pass, layer, gradient),
        _ => WriteElementwiseActivationGradient(pass, layer, gradient),
    };

    // float g1_0 = p[40] * g2_0 + p[48] * g2_1 + …;          (Wᵀ·g, one line an input)
    private static Values WriteUnrolledLinearInputGradient(Pass pass, LayerSpec layer, Values gradient)
    {
        pass.Writer.WriteLine($"// Layer {layer.Index}, {LayerText.Describe(layer)}: dLoss/dx = Wᵀ·g{layer.Index}.");
        Values target = GradientTarget(pass, layer, asSpan: false);
        for (int i = 0; i < layer.InFeatures; i++)
        {
            var terms = new List<string>();
            for (int o = 0; o < layer.OutFeatures; o++)
                terms.Add($"p[{layer.WeightOffset + o * layer.InFeatures + i}] * {gradient[o]}");
            WriteSum(pass.Writer, target.IsSpan ? $"{target[i]} = " : $"float {target[i]} = ", terms);
        }
        return target;
    }

    // Only reached for a looped first layer below leading activations: its parameter gradients are already added.
    private static Values WriteLoopedLinearBackwardInputOnly(Pass pass, LayerSpec layer, Values gradient)
    {
        pass.Writer.WriteLine($"// Layer {layer.Index}, {LayerText.Describe(layer)}: dLoss/dx = Wᵀ·g{layer.Index}.");
        Values g = pass.AsSpan(gradient);
        Values target = GradientTarget(pass, layer, asSpan: true);
        pass.Writer.WriteLine($"global::NetGen.Kernels.LinearInputGradient({WeightSlice("p", layer)}, {g.Name}, {target.Name});");
        return target;
    }

    // // Layer 1, Identity: g0 is g1.
    private static Values WriteIdentityGradient(Pass pass, LayerSpec layer, Values gradient)
    {
        if (layer.Index > 0)
        {
            pass.Writer.WriteLine($"// Layer {layer.Index}, Identity: g{layer.Index - 1} is {gradient.Name}.");
            return gradient;
        }
        pass.Writer.WriteLine("// Layer 0, Identity: dLoss/dinput is its output's gradient.");
        Values target = GradientTarget(pass, layer, asSpan: true);
        for (int i = 0; i < gradient.Width; i++) pass.Writer.WriteLine($"{target[i]} = {gradient[i]};");
        return target;
    }

    // // Layer 1, ReLU: g0 = g1 ⊙ ReLU′(h0).
    // float g0_0 = g1_0 * Activations.ReLUDerivative(h0_0);             (locals)
    // for (int i = 0; i < 128; i++) g0[i] = g1[i] * Activations.ReLUDerivative(h0[i]);   (spans)
    private static Values WriteElementwiseActivationGradient(Pass pass, LayerSpec layer, Values gradient)
    {
        Values x = pass.LayerInput(layer.Index);
        Values y = pass.LayerOutputs[layer.Index];
        string targetName = layer.Index == 0 ? "dLoss/dinput" : "g" + (layer.Index - 1);
        pass.Writer.WriteLine($"// Layer {layer.Index}, {LayerText.Describe(layer)}: {targetName} = g{layer.Index} ⊙ {layer.Kind}′(x).");
        if (x.IsSpan)
        {
            Values g = pass.AsSpan(gradient);
            Values target = GradientTarget(pass, layer, asSpan: true);
            string derivative = ActivationCode.Derivative(layer, x.Name + "[i]", y.Name + "[i]");
            pass.Writer.WriteLine($"for (int i = 0; i < {x.Width}; i++) {target.Name}[i] = {g.Name}[i] * {derivative};");
            return target;
        }
        Values locals = GradientTarget(pass, layer, asSpan: false);
        for (int i = 0; i < x.Width; i++)
        {
            string derivative = ActivationCode.Derivative(layer, x[i], y[i]);
            pass.Writer.WriteLine($"{(locals.IsSpan ? "" : "float ")}{locals[i]} = {gradient[i]} * {derivative};");
        }
        return locals;
    }

    // // Layer 3, Softmax: g2 = the softmax's vector-Jacobian product with g3.
    // Span<float> g2 = stackalloc float[3];
    // Activations.SoftmaxBackward(h3, g3, g2);
    private static Values WriteVectorActivationGradient(Pass pass, LayerSpec layer, Values gradient)
    {
        pass.Writer.WriteLine($"// Layer {layer.Index}, {layer.Kind}: the vector-Jacobian product with g{layer.Index}.");
        Values y = pass.AsSpan(pass.LayerOutputs[layer.Index]);
        Values g = pass.AsSpan(gradient);
        Values target = GradientTarget(pass, layer, asSpan: true);
        pass.Writer.WriteLine($"global::NetGen.Activations.{layer.Kind}Backward({y.Name}, {g.Name}, {target.Name});");
        return target;
    }
}
