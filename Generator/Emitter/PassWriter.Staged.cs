using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Helpers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emitter;

// Training a network with BatchNorm1d. Each BatchNorm1d needs the whole batch's statistics before any sample can go on,
// so the batch goes through in stages: every tile through the layers up to a BatchNorm1d, the layer over the whole
// batch, every tile on to the next; then back the same way. The batch lies in one working buffer, one region a tile
// (the layout of a tile pass: input, values, gradients, targets, a sample-major copy), with the register layers' lane
// partials and the BatchNorm1d layers' statistics after the last region. One thread runs it, so its bits do not depend
// on a thread count.
internal sealed partial class PassWriter
{
    /// <summary>A run of steps between two BatchNorm1d layers (or the network's ends), and the BatchNorm1d after it, if any.</summary>
    private sealed record Stage(int Number, IReadOnlyList<Step> Steps, BatchNormStep? Barrier);

    /// <summary>A tile's region of the batch's working buffer: a tile pass's buffer without the lane partials (shared).</summary>
    private long StageRegionFloats => _plan.TileFloats - _plan.PartialFloats;

    private IReadOnlyList<Stage> Stages()
    {
        var stages = new List<Stage>();
        var run = new List<Step>();
        foreach (Step step in _plan.Steps)
        {
            if (step is BatchNormStep { Training: true } barrier)
            {
                stages.Add(new Stage(stages.Count, run.ToList(), barrier));
                run.Clear();
            }
            else run.Add(step);
        }
        stages.Add(new Stage(stages.Count, run.ToList(), null));
        return stages;
    }

    /// <summary>Where the BatchNorm1d layers' statistics (mean and 1/σ of each feature) start in the shared statistics.</summary>
    private Dictionary<int, int> StatisticsOffsets()
    {
        var offsets = new Dictionary<int, int>();
        int offset = 0;
        foreach (BatchNormStep step in _plan.Steps.OfType<BatchNormStep>())
        {
            offsets[step.Index] = offset;
            offset += 2 * step.Norm.Width;
        }
        return offsets;
    }

    /// <summary>ComputeGradients, the staged AccumulateBatch, the stage methods and the tile's loss.</summary>
    private void WriteStagedTraining()
    {
        _staged = true;
        IReadOnlyList<Stage> stages = Stages();
        _writer.WriteLine();
        _writer.WriteLines($$"""
            // BatchNorm1d needs the whole batch's statistics at each of its layers: one pass on one thread.
            bool {{Compute}}ITrainingPasses.Shardable => false;
            """);
        _writer.WriteLine();
        WriteStagedAccumulateBatch(stages);
        foreach (Stage stage in stages)
        {
            _writer.WriteLine();
            WriteForwardStage(stage);
        }
        foreach (Stage stage in stages.Where(NeedsBackward))
        {
            _writer.WriteLine();
            WriteBackwardStage(stage);
        }
        _writer.WriteLine();
        WriteTileLossMethod();
    }

    /// <summary>The steps of a stage that the backward pass runs: from the loss's layer down, and none below the first layer with parameters.</summary>
    private IEnumerable<Step> BackwardSteps(Stage stage) =>
        stage.Steps.Reverse().SkipWhile(step => step.Index > _network.SeedLayer);

    private bool NeedsBackward(Stage stage) => BackwardSteps(stage).Any(step => step.OutputLayer >= _plan.FirstTrainable);

    /// <summary>The layer whose gradient a stage's backward pass starts from: the loss's, or the input's of the BatchNorm1d above it.</summary>
    private int TopGradient(Stage stage) => stage.Barrier is { } barrier ? LayerBelow(barrier.Index) : _network.SeedLayer;

    /// <summary>The offset of a layer's value rows in a tile's region (the input tile for −1).</summary>
    private long ValueRows(int layer) => _plan.Value(layer) is { } slot ? ValuesStart + (long)slot.Offset * Lanes : 0;

    private long GradientRows(int layer) => GradientsStart + (long)_plan.Gradient(layer)!.Offset * Lanes;

    // private double AccumulateBatch(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, Span<float> gradients, float scale)
    // {
    //     Span<float> work = ThreadBuffer.Get(tiles × region + shared);
    //     for (every tile) ForwardStage0(…);                                   (the layers before the first BatchNorm1d)
    //     BatchNormKernels.TrainForward(work, region, batch, …);               (its batch statistics; running ones updated)
    //     for (every tile) { ForwardStage1(…); loss += TileLoss(…); }
    //     for (every tile) BackwardStage1(…, accumulate: t > 0);
    //     BatchNormKernels.TrainBackward(work, region, batch, …);              (dw, db and dx over the batch)
    //     for (every tile) BackwardStage0(…);
    // }
    private void WriteStagedAccumulateBatch(IReadOnlyList<Stage> stages)
    {
        long region = StageRegionFloats;
        Dictionary<int, int> statistics = StatisticsOffsets();
        int statisticsFloats = statistics.Count == 0 ? 0 : _plan.Steps.OfType<BatchNormStep>().Sum(step => 2 * step.Norm.Width);
        _writer.WriteLine("// The batch in stages: every tile up to a BatchNorm1d, the layer over the batch, every tile on; and back the same way.");
        _writer.WriteLine("// A region of the working buffer a tile, in tile order.");
        _writer.OpenBlock($"double {Compute}ITrainingPasses.AccumulateBatch({ReadOnlySpan} inputs, {Targets} targets, {Span} gradients, float scale, int firstSample)");
        _writer.WriteLine(Parameters);
        _writer.WriteLine("int batch = inputs.Length / InputSize;");
        _writer.WriteLine($"{Guard}.BatchNormBatch(batch, nameof(inputs)); // before anything is written: batch statistics need 2 samples");
        _writer.WriteLine($"int tiles = (batch + {NetworkPlan.TileSamples - 1}) / {NetworkPlan.TileSamples};");
        _writer.WriteLine($"{Span} work = {Compute}ThreadBuffer.Get(checked(tiles * {region} + {_plan.PartialFloats + statisticsFloats})); // {region} floats a tile, then the shared values");
        _writer.WriteLine($"{Span} shared = work.Slice(tiles * {region});");
        if (_plan.PartialFloats > 0)
        {
            _writer.WriteLine($"{Span} partials = shared.Slice(0, {_plan.PartialFloats}); // the register layers' lane partials, summed over every tile");
            _writer.WriteLine("partials.Clear();");
        }
        _writer.WriteLine($"{Span} statistics = shared.Slice({_plan.PartialFloats}, {statisticsFloats}); // each BatchNorm1d's batch mean and 1/σ");
        _writer.WriteLine("double loss = 0;");
        string tileLoop = "for (int t = 0; t < tiles; t++)";
        string rows = $"int rows = global::System.Math.Min({NetworkPlan.TileSamples}, batch - t * {NetworkPlan.TileSamples});";
        string tileInputs = $"inputs.Slice(t * {NetworkPlan.TileSamples} * InputSize, rows * InputSize)";
        string tileWork = $"work.Slice(t * {region}, {region})";
        string first = TakesSampleIndex ? $"firstSample + t * {NetworkPlan.TileSamples}" : $"t * {NetworkPlan.TileSamples}";

        // Forward: each stage over every tile, each BatchNorm1d over the batch; the loss with the last stage.
        foreach (Stage stage in stages)
        {
            _writer.WriteLine($"// Forward, {StageText(stage)}, every tile{(stage.Barrier is null ? ", and its loss" : "")}.");
            _writer.OpenBlock(tileLoop);
            _writer.WriteLine(rows);
            _writer.WriteLine($"ForwardStage{stage.Number}({tileInputs}, rows, {tileWork}, {first});");
            if (stage.Barrier is null)
                _writer.WriteLine($"loss += TileLoss(targets.Slice(t * {NetworkPlan.TileSamples}, rows), rows, scale, {tileWork});");
            _writer.CloseBlock();
            if (stage.Barrier is { Norm: var norm })
            {
                int width = norm.Width;
                _writer.WriteLine($"// Layer {norm.Index}, {LayerText.Describe(norm)}: the batch's mean and variance of each feature, every tile normalised; the running statistics move by the momentum.");
                _writer.WriteLine($"{Compute}BatchNormKernels.TrainForward(work, {region}, batch, {ValueRows(LayerBelow(norm.Index))}, {ValueRows(norm.Index)}, {width}, "
                                  + $"{Slice("p", norm.WeightOffset, width)}, {Slice("p", norm.BiasOffset, width)}, {Buffer(norm.RunningMeanOffset, width)}, "
                                  + $"{Buffer(norm.RunningVarOffset, width)}, {LayerText.Literal(norm.Eps)}, {LayerText.Literal(norm.Momentum)}, statistics.Slice({statistics[norm.Index]}, {2 * width}));");
                _writer.WriteLine($"_buffers[{norm.CountOffset}] += 1f; // {norm.Index}.num_batches_tracked");
            }
        }

        // Backward: the stages in reverse, each BatchNorm1d over the batch between them.
        foreach (Stage stage in stages.Reverse())
        {
            if (stage.Barrier is { Norm: var norm })
            {
                int width = norm.Width, below = LayerBelow(norm.Index);
                string dx = _plan.HasTrainableBelow(norm.Index) ? GradientRows(below).ToString(System.Globalization.CultureInfo.InvariantCulture) : "-1";
                _writer.WriteLine($"// Layer {norm.Index}, {LayerText.Describe(norm)}, back over the batch: dw = Σ g·x̂, db = Σ g{(dx == "-1" ? "" : ", and dx for the layers below")}.");
                _writer.WriteLine($"{Compute}BatchNormKernels.TrainBackward(work, {region}, batch, {GradientRows(norm.Index)}, {ValueRows(below)}, {dx}, {width}, "
                                  + $"{Slice("p", norm.WeightOffset, width)}, statistics.Slice({statistics[norm.Index]}, {2 * width}), "
                                  + $"{Slice("gradients", norm.WeightOffset, width)}, {Slice("gradients", norm.BiasOffset, width)});");
            }
            if (!NeedsBackward(stage)) continue;
            _writer.WriteLine($"// Backward, {StageText(stage)}, every tile (the first sets its layers' gradients, the others add).");
            _writer.OpenBlock(tileLoop);
            _writer.WriteLine(rows);
            _writer.WriteLine($"BackwardStage{stage.Number}({tileInputs}, rows, {tileWork}, gradients, {(_plan.PartialFloats > 0 ? "partials" : "default")}, accumulate: t > 0);");
            _writer.CloseBlock();
        }
        WritePartialsSums();
        _writer.WriteLine("return loss;");
        _writer.CloseBlock();
    }

    /// <summary>"layers 0–2" or "layer 4" or "the input" (an empty stage).</summary>
    private static string StageText(Stage stage) => stage.Steps.Count == 0
        ? "no layer (the input)"
        : stage.Steps[0].Index == stage.Steps[stage.Steps.Count - 1].OutputLayer
            ? $"layer {stage.Steps[0].Index}"
            : $"layers {stage.Steps[0].Index}–{stage.Steps[stage.Steps.Count - 1].OutputLayer}";

    // private void ForwardStage1(ReadOnlySpan<float> inputs, int rows, Span<float> work, int firstSample) { (the stage's steps on one tile) }
    private void WriteForwardStage(Stage stage)
    {
        _writer.WriteLine($"// Training forward, {StageText(stage)}, on one tile of the batch (its region of the working buffer).");
        _writer.OpenBlock($"private void ForwardStage{stage.Number}({ReadOnlySpan} inputs, int rows, {Span} work, int firstSample)");
        WriteWithSlots(
            new[] { Parameters },
            body =>
            {
                if (stage.Number == 0) body.WriteLine($"{Kernels}.Load(inputs, rows, InputSize, x);");
                foreach (Step step in stage.Steps) WriteForwardStep(body, step);
            });
        _writer.CloseBlock();
    }

    // private void BackwardStage1(ReadOnlySpan<float> inputs, int rows, Span<float> work, Span<float> dp, Span<float> partials, bool accumulate)
    private void WriteBackwardStage(Stage stage)
    {
        _writer.WriteLine($"// Training backward, {StageText(stage)}, on one tile: adds its layers' gradients into dp (sets them unless accumulate).");
        _writer.OpenBlock($"private void BackwardStage{stage.Number}({ReadOnlySpan} inputs, int rows, {Span} work, {Span} dp, {Span} partials, bool accumulate)");
        WriteWithSlots(
            new[]
            {
                Parameters,
                "dp = dp.Slice(0, ParameterCount); // dLoss/dp, laid out as p",
            },
            body =>
            {
                if (_plan.SampleMajorFloats > 0)
                    body.WriteLine($"{Span} xs = work.Slice({SampleMajorStart}, {_plan.SampleMajorFloats}); // a layer's input, sample-major, for its weight gradient");
                WriteBackwardSteps(body, BackwardSteps(stage), TopGradient(stage));
            });
        _writer.CloseBlock();
    }

    // private float TileLoss(ReadOnlySpan<float> targets, int rows, float scale, Span<float> work)
    private void WriteTileLossMethod()
    {
        _writer.WriteLine("// The summed loss of one tile of the batch; its gradient, times scale, into the loss layer's gradient slot.");
        _writer.OpenBlock($"private float TileLoss({Targets} targets, int rows, float scale, {Span} work)");
        WriteWithSlots(
            new string[0],
            body =>
            {
                WriteTileLoss(body, TargetForm.Either);
                body.WriteLine("return loss;");
            });
        _writer.CloseBlock();
    }
}
