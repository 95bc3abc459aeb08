using System;
using System.Linq;
using NetGen.Generator.Helpers;
using NetGen.Generator.Model;

namespace NetGen.Generator;

// The batched path: a network with a layer too wide to unroll runs a batch in tiles of rows (one row a sample),
// each layer once for the whole tile, so that every weight loaded from memory serves several samples.
internal static partial class NetworkEmitter
{
    /// <summary>The tile's buffers (every layer's output and gradient, all rows) stay within this many floats (64 KiB of stack).</summary>
    private const int TileStackFloats = 16384;

    private const int MaxTileRows = 32;

    /// <summary>Whether the network runs batches in tiles: it has a layer that loops instead of being unrolled.</summary>
    private static bool UsesTiles(NetworkSpec network) => network.Layers.Any(layer => layer.IsLinear && !IsUnrolled(layer));

    /// <summary>Rows a tile: as many as the stack budget allows, a multiple of 4 (the kernels take four rows at a time).</summary>
    private static int TileRows(NetworkSpec network)
    {
        int floatsPerRow = 2 * network.Layers.Sum(layer => layer.OutFeatures);
        int rows = Math.Min(MaxTileRows, TileStackFloats / Math.Max(1, floatsPerRow));
        return rows >= 4 ? rows / 4 * 4 : Math.Max(1, rows);
    }

    // public void ForwardBatch(ReadOnlySpan<float> inputs, Span<float> outputs)
    // {
    //     int batch = Guard.BatchSize(…);
    //     for (…) Forward(inputs.Slice(…), outputs.Slice(…));              (small networks: the unrolled path)
    //     for (tiles of TileRows) ForwardTile(inputs.Slice(…), outputs.Slice(…));   (networks with wide layers)
    // }
    private static void WriteForwardBatch(SourceWriter writer, NetworkSpec network)
    {
        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// Computes the outputs of a batch: inputs holds batch × InputSize values (one row a sample), outputs receives");
        writer.WriteLine("/// batch × OutputSize. Allocation-free and safe to call from many threads at once, as Forward.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine("/// <exception cref=\"global::System.ArgumentException\">The batch is empty or not whole, or outputs does not match it.</exception>");
        writer.OpenBlock($"public void ForwardBatch({ReadOnlySpan} inputs, {Span} outputs)");
        writer.WriteLine($"int batch = {Guard}.BatchSize(inputs.Length, InputSize, outputs.Length, OutputSize, nameof(inputs), nameof(outputs));");
        if (!UsesTiles(network))
        {
            writer.WriteLine("for (int sample = 0; sample < batch; sample++)");
            writer.WriteLine("    Forward(inputs.Slice(sample * InputSize, InputSize), outputs.Slice(sample * OutputSize, OutputSize));");
        }
        else
        {
            writer.OpenBlock($"for (int start = 0; start < batch; start += {TileRows(network)})");
            writer.WriteLine($"int rows = global::System.Math.Min({TileRows(network)}, batch - start);");
            writer.WriteLine("ForwardTile(inputs.Slice(start * InputSize, rows * InputSize), outputs.Slice(start * OutputSize, rows * OutputSize));");
            writer.CloseBlock();
        }
        writer.CloseBlock();
    }

    // private void ForwardTile(ReadOnlySpan<float> inputs, Span<float> outputs)
    // {
    //     int rows = inputs.Length / InputSize;
    //     <tile forward pass: h{k} holds rows × width>
    //     h3.CopyTo(outputs);
    // }
    private static void WriteForwardTile(SourceWriter writer, NetworkSpec network)
    {
        writer.WriteLine("/// <summary>One tile of at most " + TileRows(network) + " samples through every layer, a layer at a time.</summary>");
        writer.OpenBlock($"private void ForwardTile({ReadOnlySpan} inputs, {Span} outputs)");
        string last = WriteTileForwardPass(writer, network);
        writer.WriteLine();
        writer.WriteLine($"{last}.CopyTo(outputs);");
        writer.CloseBlock();
    }

    /// <summary>Every layer on the whole tile; returns the name of the last layer's output.</summary>
    private static string WriteTileForwardPass(SourceWriter writer, NetworkSpec network, int lastLayer = int.MaxValue)
    {
        int tile = TileRows(network);
        writer.WriteLine("int rows = inputs.Length / InputSize;");
        writer.WriteLine($"{ReadOnlySpan} p = _parameters; // all parameters, in state_dict order (see ParameterLayout)");
        string x = "inputs";
        foreach (LayerSpec layer in network.Layers.Where(layer => layer.Index <= lastLayer))
        {
            writer.WriteLine();
            string h = "h" + layer.Index;
            int width = layer.OutFeatures;
            if (layer.Kind == LayerKind.Identity)
            {
                writer.WriteLine($"// Layer {layer.Index}, Identity: {h} is {x}.");
                writer.WriteLine($"{ReadOnlySpan} {h} = {x};");
                x = h;
                continue;
            }
            writer.WriteLine($"// Layer {layer.Index}, {LayerText.Describe(layer)}, on every row of the tile.");
            writer.WriteLine($"{Span} {h} = (stackalloc float[{tile * width}]).Slice(0, rows * {width});");
            if (layer.IsLinear)
                writer.WriteLine($"global::NetGen.Kernels.LinearForwardBatch({WeightSlice("p", layer)}, {BiasSlice("p", layer)}, {x}, {h}, {layer.InFeatures}, {width});");
            else if (layer.Kind == LayerKind.Softmax)
                writer.WriteLine($"global::NetGen.Activations.SoftmaxRows({x}, {h}, {width});");
            else if (ActivationCode.IsVector(layer.Kind))
                writer.WriteLine($"for (int r = 0; r < rows; r++) global::NetGen.Activations.{layer.Kind}({x}.Slice(r * {width}, {width}), {h}.Slice(r * {width}, {width}));");
            else if (ActivationCode.HasSpanForm(layer.Kind))
                writer.WriteLine(ActivationCode.SpanForward(layer, x, h));
            else
                writer.WriteLine($"for (int i = 0; i < {h}.Length; i++) {h}[i] = {ActivationCode.Forward(layer, x + "[i]")};");
            x = h;
        }
        return x;
    }

    // private float AccumulateTileGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, float scale)   (or labels)
    // {
    //     <tile forward pass>
    //     <loss of every row, and its gradient times scale: g{k}>
    //     <tile backward pass: Kernels.LinearBackwardBatch and activation derivatives on the whole tile>
    //     return loss;
    // }
    private static void WriteAccumulateTileGradients(SourceWriter writer, NetworkSpec network, bool labels)
    {
        int tile = TileRows(network);
        writer.WriteLine("/// <summary>Adds a tile's loss gradient, times <paramref name=\"scale\"/>, to the gradients; returns its summed loss.</summary>");
        string targetParameter = labels ? "global::System.ReadOnlySpan<int> labels" : $"{ReadOnlySpan} targets";
        writer.OpenBlock($"private float AccumulateTileGradients({ReadOnlySpan} inputs, {targetParameter}, float scale)");
        int seedLayer = SeedLayer(network);
        WriteTileForwardPass(writer, network, lastLayer: seedLayer);
        writer.WriteLine();

        string values = "h" + seedLayer;
        int width = network.Layers[seedLayer].OutFeatures;
        string gradient = "g" + seedLayer;
        writer.WriteLine($"// Loss: {LossName(network.Loss)} {SeedDescription(network, values)}, row by row; {gradient} is its gradient, times scale.");
        writer.WriteLine($"{Span} {gradient} = (stackalloc float[{tile * width}]).Slice(0, rows * {width});");
        writer.WriteLine("float loss = 0f;");
        if (network.Loss == LossKind.CrossEntropy)
        {
            string target = labels ? "labels[r]" : $"targets.Slice(r * {width}, {width})";
            writer.WriteLine($"for (int r = 0; r < rows; r++) loss += global::NetGen.Losses.CrossEntropyWithLogits({values}.Slice(r * {width}, {width}), {target}, {gradient}.Slice(r * {width}, {width}));");
            writer.WriteLine($"for (int i = 0; i < {gradient}.Length; i++) {gradient}[i] *= scale;");
        }
        else
        {
            string function = ElementwiseLossFunction(network);
            writer.OpenBlock($"for (int i = 0; i < {gradient}.Length; i++)");
            writer.WriteLine($"loss += global::NetGen.Losses.{function}({values}[i], targets[i], out float d);");
            writer.WriteLine($"{gradient}[i] = d * scale;");
            writer.CloseBlock();
        }

        writer.WriteLine();
        writer.WriteLine("// Backward pass over the tile: g{k} is dLoss/dh{k} for every row; dp is dLoss/dp, laid out as p.");
        writer.WriteLine($"{Span} dp = _gradients;");
        int firstLinear = network.Layers.First(layer => layer.IsLinear).Index;
        string g = gradient;
        for (int k = seedLayer; k >= firstLinear; k--)
        {
            LayerSpec layer = network.Layers[k];
            string x = k == 0 ? "inputs" : "h" + (k - 1);
            string y = "h" + k;
            string below = "g" + (k - 1);
            bool needBelow = k > firstLinear;
            writer.WriteLine();
            if (layer.Kind == LayerKind.Identity)
            {
                writer.WriteLine($"// Layer {k}, Identity: {below} is {g}.");
                writer.WriteLine($"{ReadOnlySpan} {below} = {g};");
            }
            else if (layer.IsLinear)
            {
                writer.WriteLine($"// Layer {k}, {LayerText.Describe(layer)}: dW += Σ g{k} ⊗ x, db += Σ g{k}{(needBelow ? $", {below} = g{k}·W" : "")}, over the rows.");
                if (needBelow) writer.WriteLine($"{Span} {below} = (stackalloc float[{tile * layer.InFeatures}]).Slice(0, rows * {layer.InFeatures});");
                writer.WriteLine($"global::NetGen.Kernels.LinearBackwardBatch({WeightSlice("p", layer)}, {x}, {g}, {WeightSlice("dp", layer)}, " +
                                 $"{BiasSlice("dp", layer)}, {(needBelow ? below : "default")}, {layer.InFeatures}, {layer.OutFeatures});");
            }
            else if (ActivationCode.IsVector(layer.Kind))
            {
                writer.WriteLine($"// Layer {k}, {layer.Kind}: the vector-Jacobian product, row by row.");
                writer.WriteLine($"{Span} {below} = (stackalloc float[{tile * layer.OutFeatures}]).Slice(0, rows * {layer.OutFeatures});");
                writer.WriteLine($"for (int r = 0; r < rows; r++) global::NetGen.Activations.{layer.Kind}Backward({y}.Slice(r * {layer.OutFeatures}, {layer.OutFeatures}), " +
                                 $"{g}.Slice(r * {layer.OutFeatures}, {layer.OutFeatures}), {below}.Slice(r * {layer.OutFeatures}, {layer.OutFeatures}));");
            }
            else
            {
                writer.WriteLine($"// Layer {k}, {LayerText.Describe(layer)}: {below} = g{k} ⊙ {layer.Kind}′(x).");
                writer.WriteLine($"{Span} {below} = (stackalloc float[{tile * layer.OutFeatures}]).Slice(0, rows * {layer.OutFeatures});");
                writer.WriteLine($"for (int i = 0; i < {below}.Length; i++) {below}[i] = {g}[i] * {ActivationCode.Derivative(layer, x + "[i]", y + "[i]")};");
            }
            g = below;
        }
        writer.WriteLine("return loss;");
        writer.CloseBlock();
    }
}
