using NetGen.Generator.Catalog;
using NetGen.Generator.Helpers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emitter;

// The public members of each shape, and the tile passes the runtime's batch loops run (NetGen.Compute.BatchPasses).
internal sealed partial class PassWriter
{
    private const string Guard = NetworkEmitter.Guard;

    private const string Targets = Compute + "BatchTargets";

    private LossEntry? Loss => _network.LossEntry;

    /// <summary>Forward, Backward and the one-sample passes (and, with a loss, the one-sample training step).</summary>
    public void WriteSampleMembers()
    {
        WriteForward();
        _writer.WriteLine();
        WriteBackward();
        _writer.WriteLine();
        WriteForwardPass();
        _writer.WriteLine();
        WriteBackwardPass();
        if (Loss is null || _network.HasModes) return; // a network with modes trains with its training plan's passes
        _writer.WriteLine();
        WriteAccumulateSamples();
    }

    /// <summary>
    /// The one-sample training passes of a network with Dropout (and no BatchNorm1d, whose batches train in tiles only):
    /// ForwardSampleTraining, BackwardSampleTraining and AccumulateSamples, for the samples that do not fill a tile.
    /// </summary>
    public void WriteSampleTrainingMembers()
    {
        WriteForwardPass();
        _writer.WriteLine();
        WriteBackwardPass();
        _writer.WriteLine();
        WriteAccumulateSamples();
    }

    /// <summary>ForwardBatch and the tile passes (and, with a loss, ComputeGradients).</summary>
    public void WriteBatchMembers()
    {
        WriteForwardBatch();
        _writer.WriteLine();
        WriteForwardPass();
        if (Loss is null) return;
        _writer.WriteLine();
        WriteComputeGradients();
        if (_network.HasModes)
        {
            // Training has its own plan; evaluation's loss is written here, from this plan's passes.
            foreach (bool labels in new[] { false, true })
            {
                _writer.WriteLine();
                WriteEvaluationLoss(labels);
            }
            foreach (bool labels in LabelForms())
            {
                _writer.WriteLine();
                WriteEvaluationTileLoss(labels);
            }
            return;
        }
        WriteTiledTraining();
    }

    // float IEvaluatingNetwork.EvaluationLoss(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets)
    // {
    //     for (tiles of 32) { ForwardTile(…); loss += EvaluationTileLoss(…); }        (evaluation: the running statistics, no Dropout)
    //     return loss / (batch × OutputSize);
    // }
    private void WriteEvaluationLoss(bool labels)
    {
        string targetParameter = labels ? "global::System.ReadOnlySpan<int> labels" : $"{ReadOnlySpan} targets";
        _writer.OpenBlock($"float {Compute}IEvaluatingNetwork.EvaluationLoss({ReadOnlySpan} inputs, {targetParameter})");
        if (labels && Loss is not { TakesLabels: true })
        {
            _writer.WriteLine($"throw new global::System.NotSupportedException(\"{Loss!.Name} trains on targets, not class indices.\");");
            _writer.CloseBlock();
            return;
        }
        string targetName = labels ? "labels" : "targets";
        string divisor = labels && !Loss!.PerOutput && !_network.LossSettings.Weight.IsEmpty ? "divisor" : Loss!.PerOutput ? "(batch * OutputSize)" : "batch";
        _writer.WriteLine($"int batch = {Guard}.BatchSize(inputs.Length, InputSize, {targetName}.Length, {(labels ? "1" : "OutputSize")}, nameof(inputs), nameof({targetName}));");
        if (labels) _writer.WriteLine($"{Guard}.ClassIndices(labels, OutputSize, nameof(labels));");
        if (divisor == "divisor") _writer.WriteLine($"float divisor = {Compute}TileLosses.ClassWeightSum(labels, {LossCatalog.ClassWeightsField});");
        _writer.WriteLine(WorkDeclaration(WorkFloats));
        _writer.WriteLine("double loss = 0;");
        _writer.OpenBlock($"for (int start = 0; start < batch; start += {NetworkPlan.TileSamples})");
        _writer.WriteLine($"int rows = global::System.Math.Min({NetworkPlan.TileSamples}, batch - start);");
        _writer.WriteLine($"{ForwardPassName}(inputs.Slice(start * InputSize, rows * InputSize), rows, work, keep: true);");
        string slice = labels ? "labels.Slice(start, rows)" : "targets.Slice(start * OutputSize, rows * OutputSize)";
        _writer.WriteLine($"loss += EvaluationTileLoss({slice}, rows, work);");
        _writer.CloseBlock();
        _writer.WriteLine($"return (float)(loss / {divisor});");
        _writer.CloseBlock();
    }

    // private float EvaluationTileLoss(ReadOnlySpan<float> targets, int rows, Span<float> work)  (the loss of a tile the forward pass left in work)
    private void WriteEvaluationTileLoss(bool labels)
    {
        string targetParameter = labels ? "global::System.ReadOnlySpan<int> labels" : $"{ReadOnlySpan} targets";
        _writer.WriteLine("// The summed loss of a tile in evaluation (its gradient slot is written over and not used).");
        _writer.OpenBlock($"private float EvaluationTileLoss({targetParameter}, int rows, {Span} work)");
        WriteWithSlots(
            new[] { "const float scale = 1f;" },
            body =>
            {
                WriteTileLoss(body, labels ? TargetForm.Labels : TargetForm.Values);
                body.WriteLine("return loss;");
            });
        _writer.CloseBlock();
    }

    /// <summary>
    /// The batch passes of a network with modes, from its training plan: tile by tile as any network's, or, with
    /// BatchNorm1d, in stages over the whole batch (PassWriter.Staged).
    /// </summary>
    public void WriteBatchTrainingMembers()
    {
        if (_network.HasBatchNorm)
        {
            WriteStagedTraining();
            return;
        }
        _writer.WriteLine();
        WriteForwardPass();
        WriteTiledTraining();
    }

    private bool[] LabelForms() => Loss is { TakesLabels: true } ? new[] { false, true } : new[] { false };

    /// <summary>How a tile's loss reads its targets: float targets, class indices, or a BatchTargets holding either.</summary>
    private enum TargetForm
    {
        Values,
        Labels,
        Either,
    }

    // public void Forward(ReadOnlySpan<float> input, Span<float> output)
    // {
    //     Guard.Length(…);                                      (nothing is written before the checks)
    //     Span<float> work = stackalloc float[…];
    //     ForwardSample(input, work);
    //     work.Slice(…).CopyTo(output);                         (the last layer's slot)
    // }
    private void WriteForward()
    {
        Slot output = _plan.Value(_network.Layers.Count - 1)!;
        _writer.WriteLines($$"""
            /// <inheritdoc/>
            {{_network.New(GeneratedMembers.Forward)}}public void Forward({{ReadOnlySpan}} input, {{Span}} output)
            {
                {{Guard}}.Length(input.Length, InputSize, nameof(input));
                {{Guard}}.Length(output.Length, OutputSize, nameof(output));
                {{WorkDeclaration(_plan.ValueFloats)}}
                ForwardSample(input, work, keep: false);
                work.Slice({{output.Offset}}, OutputSize).CopyTo(output);
            }
            """);
    }

    // public void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient)
    // {
    //     Guard.Length(…); Guard.EnterGradients(…);
    //     ForwardSample(input, work); outputGradient.CopyTo(g3);
    //     (through a trailing activation fused with the loss: g2 = g3 ⊙ Sigmoid′)
    //     BackwardSample(input, work, inputGradient);
    // }
    private void WriteBackward()
    {
        _writer.WriteLines($$"""
            /// <inheritdoc/>
            {{_network.New(GeneratedMembers.Backward)}}public void Backward({{ReadOnlySpan}} input, {{ReadOnlySpan}} outputGradient, {{Span}} inputGradient)
            {
                {{Guard}}.Length(input.Length, InputSize, nameof(input));
                {{Guard}}.Length(outputGradient.Length, OutputSize, nameof(outputGradient));
                if (!inputGradient.IsEmpty) {{Guard}}.Length(inputGradient.Length, InputSize, nameof(inputGradient));
                {{Guard}}.EnterGradients(ref _gradientsInUse, nameof(Backward));
                try
                {
            """);
        _writer.Indent(2);
        WriteWithSlots(
            new[] { WorkDeclaration(_plan.SampleFloats) },
            body =>
            {
                body.WriteLine("ForwardSample(input, work, keep: true);");
                // The activation a loss would be fused with, as a step of its own: the pass left its value out (computed
                // here), and the backward pass starts below it (gone through first).
                Step? fused = _network.LossIsFused && _network.Last is ActivationSpec last
                    ? last.Entry.Shape == ActivationShape.Vector ? new VectorStep(last) : new ActivationStep(last)
                    : null;
                if (fused is not null && _plan.SkipsFusedOutput) WriteForwardStep(body, fused, always: true);
                body.WriteLine($"outputGradient.CopyTo({GradientOf(_network.Layers.Count - 1)});");
                if (fused is not null) WriteBackwardStep(body, fused, fused.Index);
                body.WriteLine("BackwardSample(input, work, _gradients, inputGradient, accumulate: true);");
            });
        _writer.Indent(-2);
        _writer.WriteLines("""
                }
                finally
                {
                    _gradientsInUse = 0;
                }
            }
            """);
    }

    private string WorkDeclaration(long floats) =>
        floats <= NetworkEmitter.StackFloats
            ? $"{Span} work = stackalloc float[{floats}];"
            : $"{Span} work = {Compute}ThreadBuffer.Get({floats}); // more than the 1 KB stack budget";

    // public void ForwardBatch(ReadOnlySpan<float> inputs, Span<float> outputs) => BatchPasses.ForwardBatch(this, inputs, outputs);
    // int ITilePasses.TileWorkFloats => …;
    // void ITilePasses.ForwardTile(inputs, rows, work, outputs) { ForwardTile(inputs, rows, work); TileKernels.Store(output tile, …); }
    private void WriteForwardBatch()
    {
        Slot output = _plan.Value(_network.Layers.Count - 1)!;
        _writer.WriteLines($$"""
            /// <inheritdoc/>
            {{_network.New(GeneratedMembers.ForwardBatch)}}public void ForwardBatch({{ReadOnlySpan}} inputs, {{Span}} outputs) => {{Compute}}BatchPasses.ForwardBatch(this, inputs, outputs);

            // The tile passes BatchPasses runs: {{NetworkPlan.TileSamples}} samples, feature-major, in one working buffer.
            int {{Compute}}ITilePasses.TileWorkFloats => {{WorkFloats}};

            void {{Compute}}ITilePasses.ForwardTile({{ReadOnlySpan}} inputs, int rows, {{Span}} work, {{Span}} outputs)
            {
                ForwardTile(inputs, rows, work, keep: false);
                {{Kernels}}.Store(work.Slice({{ValuesStart + output.Offset * Lanes}}, OutputSize * {{NetworkPlan.TileSamples}}), rows, OutputSize, outputs);
            }
            """);
    }

    // public float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets) =>
    //     BatchPasses.ComputeGradients(this, ref _gradientsInUse, ref _sharded, inputs, new BatchTargets(targets, OutputSize), threads: null);
    // (and with int threads; and with ReadOnlySpan<int> labels for a loss on class indices)
    private void WriteComputeGradients()
    {
        foreach (bool labels in LabelForms())
            foreach (bool threaded in new[] { false, true })
            {
                string target = labels ? "global::System.ReadOnlySpan<int> labels" : $"{ReadOnlySpan} targets";
                string targets = labels ? $"new {Targets}(labels)" : $"new {Targets}(targets, OutputSize)";
                _writer.WriteLine("/// <inheritdoc/>");
                _writer.WriteLine($"{_network.New(GeneratedMembers.ComputeGradients(labels, threaded))}public float ComputeGradients({ReadOnlySpan} inputs, {target}{(threaded ? ", int threads" : "")}) =>");
                _writer.WriteLine($"    {Compute}BatchPasses.ComputeGradients(this, ref _gradientsInUse, ref _sharded, inputs, {targets}, {(threaded ? "threads" : "threads: null")});");
                _writer.WriteLine();
            }
        LossEntry loss = Loss!;
        string divisor = loss.PerOutput ? "batch * OutputSize"
            : loss.TakesLabels && !_network.LossSettings.Weight.IsEmpty ? $"targets.HasLabels ? {Compute}TileLosses.ClassWeightSum(targets.Labels, {LossCatalog.ClassWeightsField}) : batch"
            : "batch";
        string over = loss.PerOutput ? "samples and outputs" : divisor == "batch" ? "samples" : "samples (class indices: their class weights)";
        _writer.WriteLine($"// The mean of {loss.Name} is over {over}, as PyTorch's reduction='mean'.");
        _writer.WriteLine($"double {Compute}ITrainingPasses.LossDivisor({Targets} targets, int batch) => {divisor};");
        if (_network.HasDropout)
        {
            _writer.WriteLine();
            _writer.WriteLine($"void {Compute}ITrainingPasses.CompleteStep() => _trainingStep++; // the next call draws new Dropout masks");
        }
    }

    /// <summary>The members of a network whose batches train tile by tile (NetGen.Compute.ITiledTraining).</summary>
    private void WriteTiledTraining()
    {
        _writer.WriteLine();
        _writer.WriteLine($"int {Compute}ITiledTraining.TileTrainingFloats => {_plan.TileFloats};");
        _writer.WriteLine($"int {Compute}ITiledTraining.SampleTrainingFloats => {_plan.SampleFloats};");
        _writer.WriteLine();
        WriteAccumulateTile();
        _writer.WriteLine();
        WritePartialsReduce();
        _writer.WriteLine();
        WriteBackwardPass();
    }

    // void ITiledTraining.ReducePartials(ReadOnlySpan<float> work, Span<float> gradients) { Lanes.Reduce(…); … }
    private void WritePartialsReduce()
    {
        _writer.WriteLine("// The gradients gathered in lane partials over a batch's tiles, each parameter's lanes summed into it.");
        _writer.OpenBlock($"void {Compute}ITiledTraining.ReducePartials({ReadOnlySpan} work, {Span} gradients)");
        WritePartialsSums();
        _writer.CloseBlock();
    }

    /// <summary>The Lanes.Reduce lines of the layers that gather lane partials (the tile pass's or the stages' partials).</summary>
    private void WritePartialsSums()
    {
        foreach (LinearSpec linear in _plan.PartialLinears)
        {
            int partial = _plan.PartialOffset(linear), width = _plan.PartialWidth(linear);
            string lanes = _plan.UsesTilePartials(linear) ? width.ToString() : $"{Compute}Lanes.Width";
            _writer.WriteLine($"{Compute}Lanes.Reduce({Partials(partial, linear.WeightCount * width)}, {lanes}, gradients.Slice({linear.WeightOffset}, {linear.WeightCount}), accumulate: false);");
            if (linear.HasBias)
                _writer.WriteLine($"{Compute}Lanes.Reduce({Partials(partial + linear.WeightCount * width, linear.OutFeatures * width)}, {lanes}, gradients.Slice({linear.BiasOffset}, {linear.OutFeatures}), accumulate: false);");
        }
    }

    // float ITiledTraining.AccumulateSamples(ReadOnlySpan<float> inputs, BatchTargets targets, int rows, float scale, Span<float> work, …)
    // {
    //     for (each sample) { ForwardSample(…); loss += Losses.X(h2[o], target[o], out float d); g2[o] = d * scale; BackwardSample(…); }
    // }
    private void WriteAccumulateSamples()
    {
        LossEntry loss = Loss!;
        int seed = _network.SeedLayer;
        string values = ValueOf(seed), gradient = GradientOf(seed);
        string function = _network.LossIsFused ? loss.FusedSampleFunction : loss.SampleFunction;
        string arguments = loss.Arguments(_network.LossSettings);
        _writer.OpenBlock($"float {Compute}ITiledTraining.AccumulateSamples({ReadOnlySpan} inputs, {Targets} targets, int rows, float scale, {Span} work, {Span} gradients, bool accumulate, int firstSample)");
        WriteWithSlots(
            new[] { "float loss = 0f;" },
            body =>
            {
                body.OpenBlock("for (int s = 0; s < rows; s++)");
                body.WriteLine($"{ReadOnlySpan} input = inputs.Slice(s * InputSize, InputSize);");
                body.WriteLine($"{ForwardPassName}(input, work, keep: true{(TakesSampleIndex ? ", firstSample + s" : "")});");
                body.WriteLine($"// Loss: {loss.Name} {SeedDescription(values)}; {gradient} is its gradient, times scale.");
                if (!loss.PerOutput)
                {
                    string sample = $"loss += {function}({values}, targets.Values.Slice(s * OutputSize, OutputSize), {gradient}{arguments});";
                    if (loss.TakesLabels)
                    {
                        body.WriteLine($"if (targets.HasLabels) loss += {function}({values}, targets.Labels[s], {gradient}{arguments});");
                        body.WriteLine("else " + sample);
                    }
                    else body.WriteLine(sample);
                    body.WriteLine($"for (int o = 0; o < OutputSize; o++) {gradient}[o] *= scale;");
                }
                else
                {
                    body.OpenBlock("for (int o = 0; o < OutputSize; o++)");
                    body.WriteLine($"loss += {function}({values}[o], targets.Values[s * OutputSize + o]{arguments}, out float d);");
                    body.WriteLine($"{gradient}[o] = d * scale;");
                    body.CloseBlock();
                }
                body.WriteLine($"{BackwardPassName}(input, work, gradients, default, accumulate || s > 0);");
                body.CloseBlock();
                body.WriteLine("return loss;");
            });
        _writer.CloseBlock();
    }

    // float ITiledTraining.AccumulateTile(ReadOnlySpan<float> inputs, BatchTargets targets, int rows, float scale, Span<float> work, …)
    // {
    //     ForwardTile(inputs, rows, work);
    //     TileKernels.Load(targets, rows, OutputSize, t);
    //     float loss = TileLosses.X(h2, t, rows, OutputSize, g2, scale);
    //     BackwardTile(inputs, rows, work);
    //     return loss;
    // }
    private void WriteAccumulateTile()
    {
        _writer.OpenBlock($"float {Compute}ITiledTraining.AccumulateTile({ReadOnlySpan} inputs, {Targets} targets, int rows, float scale, {Span} work, {Span} gradients, bool accumulate, int firstSample)");
        WriteWithSlots(
            new string[0],
            body =>
            {
                if (_plan.PartialFloats > 0)
                    body.WriteLine($"if (!accumulate) work.Slice({PartialsStart}, {_plan.PartialFloats}).Clear(); // a batch's first tile: the lane partials start at 0");
                body.WriteLine($"{ForwardPassName}(inputs, rows, work, keep: true{(TakesSampleIndex ? ", firstSample" : "")});");
                WriteTileLoss(body, TargetForm.Either);
                body.WriteLine("BackwardTile(inputs, rows, work, gradients, accumulate);");
                body.WriteLine("return loss;");
            });
        _writer.CloseBlock();
    }

    /// <summary>The loss of a tile into <c>float loss</c>, its gradient (times scale, 0 past the last sample) into the seed layer's slot.</summary>
    private void WriteTileLoss(SourceWriter body, TargetForm form)
    {
        LossEntry loss = Loss!;
        int seed = _network.SeedLayer;
        string values = ValueOf(seed), gradient = GradientOf(seed);
        string function = _network.LossIsFused ? loss.FusedTileFunction : loss.TileFunction;
        string arguments = loss.Arguments(_network.LossSettings);
        string fromLabels = $"{function}({values}, {(form == TargetForm.Labels ? "labels" : "targets.Labels")}, rows, OutputSize, {gradient}, scale{arguments});";
        string[] fromValues =
        {
            $"{Span} t = work.Slice({TargetsStart}, {_plan.TargetTileFloats}); // the targets, OutputSize × {NetworkPlan.TileSamples}",
            $"{Kernels}.Load({(form == TargetForm.Values ? "targets" : "targets.Values")}, rows, OutputSize, t);",
        };
        string valuesLoss = $"{function}({values}, t, rows, OutputSize, {gradient}, scale{arguments});";
        body.WriteLine($"// Loss: {loss.Name} {SeedDescription(values)}, for each sample; {gradient} is its gradient, times scale (0 past the last sample).");
        if (form == TargetForm.Labels) body.WriteLine("float loss = " + fromLabels);
        else if (form == TargetForm.Either && loss.TakesLabels)
        {
            body.WriteLine("float loss;");
            body.WriteLine("if (targets.HasLabels) loss = " + fromLabels);
            body.OpenBlock("else");
            foreach (string line in fromValues) body.WriteLine(line);
            body.WriteLine("loss = " + valuesLoss);
            body.CloseBlock();
        }
        else
        {
            foreach (string line in fromValues) body.WriteLine(line);
            body.WriteLine("float loss = " + valuesLoss);
        }
    }

    /// <summary>"from the logits h2, fused with the trailing Sigmoid" or "of the output h3", for the loss's comment.</summary>
    private string SeedDescription(string values) =>
        _network.LossIsFused
            ? $"from the logits {values}, fused with the trailing {LayerText.Describe(_network.Last)}"
            : $"of the output {values}";
}
