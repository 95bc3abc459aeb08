using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Helpers;
using NetGen.Generator.Model;

namespace NetGen.Generator;

// The forward pass: Forward itself, and the same layer-by-layer code at the start of every backward method.
internal static partial class NetworkEmitter
{
    // public void Forward(ReadOnlySpan<float> input, Span<float> output)
    // {
    //     Guard.Length(…);                                  (nothing is written before the checks)
    //     ReadOnlySpan<float> p = _parameters;
    //     <forward pass: h0, h1, … one block a layer>
    //     output[0] = h3_0; …                               (or h3.CopyTo(output))
    // }
    private static void WriteForward(SourceWriter writer, NetworkSpec network)
    {
        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// Computes the outputs of one sample. Allocation-free, and safe to call from many threads at once on one");
        writer.WriteLine("/// instance: it reads the parameters and writes only <paramref name=\"output\"/>.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine("/// <param name=\"input\">The sample, <see cref=\"InputSize\"/> values.</param>");
        writer.WriteLine("/// <param name=\"output\">Receives <see cref=\"OutputSize\"/> values.</param>");
        writer.WriteLine("/// <exception cref=\"global::System.ArgumentException\">A span's length is not the size above.</exception>");
        writer.OpenBlock($"public void Forward({ReadOnlySpan} input, {Span} output)");
        writer.WriteLine($"{Guard}.Length(input.Length, InputSize, nameof(input));");
        writer.WriteLine($"{Guard}.Length(output.Length, OutputSize, nameof(output));");
        WriteConstantLengths(writer, "input", "output");
        var pass = new Pass(writer, network);
        WriteForwardPass(pass);
        writer.WriteLine();
        Values result = pass.LayerOutputs[pass.LayerOutputs.Count - 1];
        if (result.IsSpan)
            writer.WriteLine($"{result.Name}.CopyTo(output);");
        else
            for (int i = 0; i < result.Width; i++) writer.WriteLine($"output[{i}] = {result[i]};");
        writer.CloseBlock();
    }

    /// <summary>
    /// Re-slices span parameters to their checked, constant lengths: with the lengths known at JIT time, every
    /// constant index below needs no bounds check.
    /// </summary>
    private static void WriteConstantLengths(SourceWriter writer, params string[] spans)
    {
        writer.WriteLine("// Constant lengths from here on, so the JIT drops the bounds checks of the constant indices below.");
        foreach (string span in spans)
            writer.WriteLine($"{span} = {span}.Slice(0, {(span is "input" or "inputGradient" ? "InputSize" : "OutputSize")});");
    }

    /// <summary>
    /// One block a layer, each value named after its layer (<c>h{k}</c> is layer k's output); p is the parameter buffer.
    /// Training stops before a trailing activation that is fused with the loss: nothing reads its output.
    /// </summary>
    private static void WriteForwardPass(Pass pass, int lastLayer = int.MaxValue)
    {
        pass.Writer.WriteLine($"{ReadOnlySpan} p = new {ReadOnlySpan}(_parameters, 0, ParameterCount); // all parameters, in state_dict order (see ParameterLayout)");
        foreach (LayerSpec layer in pass.Network.Layers.Where(layer => layer.Index <= lastLayer))
        {
            pass.Writer.WriteLine();
            Values input = pass.LayerInput(layer.Index);
            Values output = layer.Kind switch
            {
                LayerKind.Linear when IsUnrolled(layer) => WriteUnrolledLinear(pass, layer, input),
                LayerKind.Linear => WriteLoopedLinear(pass, layer, input),
                LayerKind.Identity => WriteIdentity(pass, layer, input),
                _ when ActivationCode.IsVector(layer.Kind) => WriteVectorActivation(pass, layer, input),
                _ => WriteElementwiseActivation(pass, layer, input),
            };
            pass.LayerOutputs.Add(output);
        }
    }

    // // Layer 0, Linear(4, 8): h0 = W·x + b, W = p[0..32) as [8, 4], b = p[32..40).
    // float h0_0 = p[32] + p[0] * input[0] + p[1] * input[1] + p[2] * input[2] + p[3] * input[3];
    private static Values WriteUnrolledLinear(Pass pass, LayerSpec layer, Values x)
    {
        WriteLinearComment(pass.Writer, layer);
        var output = new Values("h" + layer.Index, layer.OutFeatures, IsSpan: false);
        for (int o = 0; o < layer.OutFeatures; o++)
        {
            var terms = new List<string>();
            if (layer.HasBias) terms.Add($"p[{layer.BiasOffset + o}]");
            for (int i = 0; i < layer.InFeatures; i++)
                terms.Add($"p[{layer.WeightOffset + o * layer.InFeatures + i}] * {x[i]}");
            WriteSum(pass.Writer, $"float {output[o]} = ", terms);
        }
        return output;
    }

    // // Layer 0, Linear(784, 128): …
    // Span<float> h0 = stackalloc float[128];
    // Kernels.LinearForward(p.Slice(0, 100352), p.Slice(100352, 128), input, h0);
    private static Values WriteLoopedLinear(Pass pass, LayerSpec layer, Values x)
    {
        WriteLinearComment(pass.Writer, layer);
        Values input = pass.AsSpan(x);
        Values output = pass.NewSpan("h" + layer.Index, layer.OutFeatures);
        pass.Writer.WriteLine($"global::NetGen.Kernels.LinearForward({WeightSlice("p", layer)}, {BiasSlice("p", layer)}, {input.Name}, {output.Name});");
        return output;
    }

    private static void WriteLinearComment(SourceWriter writer, LayerSpec layer)
    {
        string bias = layer.HasBias ? $" + b, b = p[{layer.BiasOffset}..{layer.BiasOffset + layer.OutFeatures})" : "";
        writer.WriteLine($"// Layer {layer.Index}, {LayerText.Describe(layer)}: h{layer.Index} = W·x{bias}, " +
                         $"W = p[{layer.WeightOffset}..{layer.WeightOffset + layer.WeightCount}) as [{layer.OutFeatures}, {layer.InFeatures}].");
    }

    private static string WeightSlice(string buffer, LayerSpec layer) => $"{buffer}.Slice({layer.WeightOffset}, {layer.WeightCount})";

    private static string BiasSlice(string buffer, LayerSpec layer) =>
        layer.HasBias ? $"{buffer}.Slice({layer.BiasOffset}, {layer.OutFeatures})" : "default";

    // // Layer 1, Identity: h1 is h0.
    private static Values WriteIdentity(Pass pass, LayerSpec layer, Values x)
    {
        pass.Writer.WriteLine($"// Layer {layer.Index}, Identity: h{layer.Index} is {x.Name}.");
        return x;
    }

    // // Layer 1, ReLU.
    // float h1_0 = Activations.ReLU(h0_0);                      (locals in, locals out)
    // Span<float> h1 = stackalloc float[128];                   (span in, span out)
    // for (int i = 0; i < 128; i++) h1[i] = Activations.ReLU(h0[i]);
    private static Values WriteElementwiseActivation(Pass pass, LayerSpec layer, Values x)
    {
        pass.Writer.WriteLine($"// Layer {layer.Index}, {LayerText.Describe(layer)}.");
        string name = "h" + layer.Index;
        if (!x.IsSpan)
        {
            var output = new Values(name, x.Width, IsSpan: false);
            for (int i = 0; i < x.Width; i++)
                pass.Writer.WriteLine($"float {output[i]} = {ActivationCode.Forward(layer, x[i])};");
            return output;
        }
        Values span = pass.NewSpan(name, x.Width);
        pass.Writer.WriteLine(ActivationCode.HasSpanForm(layer.Kind)
            ? ActivationCode.SpanForward(layer, x.Name, name)
            : $"for (int i = 0; i < {x.Width}; i++) {name}[i] = {ActivationCode.Forward(layer, x.Name + "[i]")};");
        return span;
    }

    // // Layer 3, Softmax over the vector.
    // Span<float> h3 = stackalloc float[3];
    // Activations.Softmax(h2, h3);
    private static Values WriteVectorActivation(Pass pass, LayerSpec layer, Values x)
    {
        pass.Writer.WriteLine($"// Layer {layer.Index}, {LayerText.Describe(layer)} over the vector.");
        Values input = pass.AsSpan(x);
        Values output = pass.NewSpan("h" + layer.Index, x.Width);
        pass.Writer.WriteLine($"global::NetGen.Activations.{layer.Kind}({input.Name}, {output.Name});");
        return output;
    }
}
