using System;
using System.ComponentModel;

namespace NetGen.Compute;

/// <summary>
/// The batch passes a generated network writes for exactly its layers, which <see cref="BatchPasses"/> drives over a
/// batch: the loops over tiles, the argument checks and the threads are the same for every network, so they live here
/// once instead of in every network's generated source.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface ITilePasses : INetwork
{
    /// <summary>Floats of the working buffer a tile pass uses (<see cref="ThreadBuffer"/>).</summary>
    int TileWorkFloats { get; }

    /// <summary>
    /// The forward pass of a tile of <paramref name="rows"/> samples (at most <see cref="TileKernels.Samples"/>), each
    /// layer's output in its slot of <paramref name="work"/>; the outputs into <paramref name="outputs"/>, one row a sample.
    /// </summary>
    void ForwardTile(ReadOnlySpan<float> inputs, int rows, Span<float> work, Span<float> outputs);
}

/// <summary>What <see cref="BatchPasses.ComputeGradients"/> needs of a network with a loss.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface ITrainingPasses : ITilePasses
{
    /// <summary>The divisor of the batch's mean loss: samples × outputs, samples, or the sum of the samples' class weights.</summary>
    double LossDivisor(BatchTargets targets, int batch);

    /// <summary>
    /// Sets <paramref name="gradients"/> to the summed loss gradient of the samples times <paramref name="scale"/>;
    /// returns their summed loss. The samples are the batch's from <paramref name="firstSample"/> on (Dropout's masks are
    /// keyed by it).
    /// </summary>
    double AccumulateBatch(ReadOnlySpan<float> inputs, BatchTargets targets, Span<float> gradients, float scale, int firstSample);

    /// <summary>Whether a batch may be cut into shards for threads (not with BatchNorm1d: its statistics are the whole batch's).</summary>
    bool Shardable => true;

    /// <summary>Called after each ComputeGradients call that succeeded (Dropout draws new masks for the next).</summary>
    void CompleteStep()
    {
    }
}

/// <summary>
/// A network whose batch trains tile by tile: <see cref="BatchPasses.AccumulateTiles"/> runs the tiles, then the few
/// samples left one at a time.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface ITiledTraining : ITrainingPasses
{
    /// <summary>Floats of the working buffer of a training tile (values and gradients, targets, lane partials).</summary>
    int TileTrainingFloats { get; }

    /// <summary>Floats of the working buffer of the one-sample training pass.</summary>
    int SampleTrainingFloats { get; }

    /// <summary>
    /// Adds (or, unless <paramref name="accumulate"/>, sets) the loss gradient of a tile times <paramref name="scale"/>
    /// into <paramref name="gradients"/> (the layers that gather lane partials, into their partials); returns its summed loss.
    /// </summary>
    float AccumulateTile(ReadOnlySpan<float> inputs, BatchTargets targets, int rows, float scale, Span<float> work, Span<float> gradients,
        bool accumulate, int firstSample);

    /// <summary>As <see cref="AccumulateTile"/>, for a few samples one at a time.</summary>
    float AccumulateSamples(ReadOnlySpan<float> inputs, BatchTargets targets, int rows, float scale, Span<float> work, Span<float> gradients,
        bool accumulate, int firstSample);

    /// <summary>Sets the gradients gathered in lane partials over a batch's tiles to the partials' sums.</summary>
    void ReducePartials(ReadOnlySpan<float> work, Span<float> gradients);

    double ITrainingPasses.AccumulateBatch(ReadOnlySpan<float> inputs, BatchTargets targets, Span<float> gradients, float scale, int firstSample) =>
        BatchPasses.AccumulateTiles(this, inputs, targets, gradients, scale, firstSample);
}
