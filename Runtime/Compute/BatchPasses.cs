using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace NetGen.Compute;

/// <summary>
/// The batch loops of every generated network: <c>ForwardBatch</c> and <c>ComputeGradients</c> check their arguments
/// here and run the network's own tile passes (<see cref="ITilePasses"/>) over the batch, on this thread or on fixed
/// shards (<see cref="ShardedTraining"/>).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class BatchPasses
{
    /// <summary>
    /// Fewer samples than this left run one at a time: a tile pass computes all 32 lanes whatever the count, and below
    /// about a quarter full the one-sample pass is faster (measured: docs/generator-cost.md).
    /// </summary>
    public const int MinTileRows = 8;

    /// <summary>A working buffer up to this many floats (1 KB) lives on the stack; larger ones in the thread's buffer.</summary>
    private const int StackFloats = 256;

    /// <summary><c>ForwardBatch</c>: the batch in tiles of 32 samples, the few left one at a time.</summary>
    public static void ForwardBatch(ITilePasses network, ReadOnlySpan<float> inputs, Span<float> outputs)
    {
        int inputSize = network.InputSize, outputSize = network.OutputSize;
        int batch = Guard.BatchSize(inputs.Length, inputSize, outputs.Length, outputSize, nameof(inputs), nameof(outputs));
        int start = 0;
        if (batch >= MinTileRows)
        {
            Span<float> work = ThreadBuffer.Get(network.TileWorkFloats);
            for (; batch - start >= MinTileRows; start += TileKernels.Samples)
            {
                int rows = Math.Min(TileKernels.Samples, batch - start);
                network.ForwardTile(inputs.Slice(start * inputSize, rows * inputSize), rows, work, outputs.Slice(start * outputSize, rows * outputSize));
            }
        }
        for (; start < batch; start++)
            network.Forward(inputs.Slice(start * inputSize, inputSize), outputs.Slice(start * outputSize, outputSize));
    }

    /// <summary>
    /// <c>ComputeGradients</c>: checks the batch, sets the network's gradients to the mean loss's and returns that loss.
    /// <paramref name="threads"/> null runs the batch in one pass on this thread; a count cuts it into shards fixed by
    /// its size (the same bits for every count). <paramref name="inUse"/> is the network's flag that refuses a second,
    /// overlapping call; <paramref name="sharded"/> its shard buffers, made on first use.
    /// </summary>
    public static float ComputeGradients(ITrainingPasses network, ref int inUse, ref ShardedTraining? sharded, ReadOnlySpan<float> inputs,
        BatchTargets targets, int? threads)
    {
        int outputs = network.OutputSize;
        int batch = Guard.BatchSize(inputs.Length, network.InputSize, targets.Length, targets.Width, nameof(inputs), targets.Name);
        if (targets.HasLabels) Guard.ClassIndices(targets.Labels, outputs, targets.Name);
        if (threads is int count) Guard.Threads(count, nameof(threads));
        Guard.EnterGradients(ref inUse, nameof(ComputeGradients));
        try
        {
            double divisor = network.LossDivisor(targets, batch);
            float scale = 1f / (float)divisor;
            double loss = threads is int runners && network.Shardable
                ? (sharded ??= new ShardedTraining(network)).Run(inputs, targets, network.Gradients, scale, runners)
                : network is ITiledTraining tiled // directly, not through the interface's default member: one sample pays for each call
                    ? AccumulateTiles(tiled, inputs, targets, network.Gradients, scale, firstSample: 0)
                    : network.AccumulateBatch(inputs, targets, network.Gradients, scale, firstSample: 0);
            network.CompleteStep();
            return (float)(loss / divisor);
        }
        finally
        {
            inUse = 0;
        }
    }

    /// <summary>
    /// A batch tile by tile (the first tile sets the gradients, the others add to them), the lane partials summed once
    /// at the end, then the few samples left one at a time; returns the summed loss.
    /// </summary>
    [SkipLocalsInit] // the one-sample buffer on the stack needs no clearing: every slot is written before it is read
    public static double AccumulateTiles(ITiledTraining network, ReadOnlySpan<float> inputs, BatchTargets targets, Span<float> gradients,
        float scale, int firstSample)
    {
        int inputSize = network.InputSize;
        int batch = inputs.Length / inputSize;
        int floats = batch < MinTileRows ? network.SampleTrainingFloats : network.TileTrainingFloats;
        Span<float> work = floats <= StackFloats ? stackalloc float[StackFloats] : ThreadBuffer.Get(floats);
        double loss = 0;
        int start = 0;
        for (; batch - start >= MinTileRows; start += TileKernels.Samples)
        {
            int rows = Math.Min(TileKernels.Samples, batch - start);
            loss += network.AccumulateTile(inputs.Slice(start * inputSize, rows * inputSize), targets.Slice(start, rows), rows, scale, work, gradients,
                accumulate: start > 0, firstSample + start);
        }
        if (start > 0) network.ReducePartials(work, gradients);
        if (start < batch)
            loss += network.AccumulateSamples(inputs.Slice(start * inputSize), targets.Slice(start), batch - start, scale, work, gradients,
                accumulate: start > 0, firstSample + start);
        return loss;
    }
}
