using NetGen.Generator.Catalog;
using NetGen.Generator.Helpers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emitter;

// The public members of each shape and the training loop around the passes.
internal sealed partial class PassWriter
{
    /// <summary>
    /// A tile with fewer samples than this runs one sample at a time: the tile kernels compute all 32 lanes whatever
    /// the count, and below about a quarter full the one-sample path is faster (measured: docs/generator-cost.md).
    /// </summary>
    private const int MinTileRows = 8;

    private const string Guard = NetworkEmitter.Guard;

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
        foreach (bool labels in LabelForms())
        {
            _writer.WriteLine();
            WriteAccumulateSamples(labels);
        }
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
        foreach (bool labels in LabelForms())
        {
            _writer.WriteLine();
            WriteAccumulateSamples(labels);
        }
    }

    /// <summary>ForwardBatch and the tile passes (and, with a loss, ComputeGradients).</summary>
    public void WriteBatchMembers()
    {
        WriteForwardBatch();
        _writer.WriteLine();
        WriteForwardPass();
        if (Loss is null) return;
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
        WriteTraining();
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
        string divisor = Divisor(labels);
        _writer.WriteLine($"int batch = {Guard}.BatchSize(inputs.Length, InputSize, {targetName}.Length, {(labels ? "1" : "OutputSize")}, nameof(inputs), nameof({targetName}));");
        if (labels) _writer.WriteLine($"{Guard}.ClassIndices(labels, OutputSize, nameof(labels));");
        if (divisor == "divisor") _writer.WriteLine($"float divisor = {Compute}TileLosses.ClassWeightSum(labels, {LossCatalog.ClassWeightsField});");
        _writer.WriteLine(WorkDeclaration(WorkFloats));
        _writer.WriteLine("double loss = 0;");
        _writer.OpenBlock($"for (int start = 0; start < batch; start += {NetworkPlan.TileSamples})");
        _writer.WriteLine($"int rows = global::System.Math.Min({NetworkPlan.TileSamples}, batch - start);");
        _writer.WriteLine($"{ForwardPassName}(inputs.Slice(start * InputSize, rows * InputSize), rows, work);");
        _writer.WriteLine($"loss += EvaluationTileLoss({TargetSlice(labels, "start", "rows")}, rows, work);");
        _writer.CloseBlock();
        _writer.WriteLine($"return (float)(loss / {divisor});");
        _writer.CloseBlock();
    }

    // private float EvaluationTileLoss(ReadOnlySpan<float> targets, int rows, Span<float> work)  (the loss of a tile the forward pass left in work)
    private void WriteEvaluationTileLoss(bool labels)
    {
        string targetParameter = labels ? "global::System.ReadOnlySpan<int> labels" : $"{ReadOnlySpan} targets";
        _writer.WriteLine("/// <summary>The summed loss of a tile in evaluation (its gradient slot is written over and not used).</summary>");
        _writer.OpenBlock($"private float EvaluationTileLoss({targetParameter}, int rows, {Span} work)");
        WriteWithSlots(
            new[] { "const float scale = 1f;" },
            body =>
            {
                WriteTileLoss(body, labels);
                body.WriteLine("return loss;");
            });
        _writer.CloseBlock();
    }

    /// <summary>
    /// ComputeGradients and the batch passes of a network with modes, from its training plan: tile by tile as any
    /// network's, or, with BatchNorm1d, in stages over the whole batch (PassWriter.Staged).
    /// </summary>
    public void WriteBatchTrainingMembers()
    {
        if (_network.HasBatchNorm)
        {
            WriteStagedTraining();
            return;
        }
        WriteForwardPass();
        WriteTraining();
    }

    private void WriteTraining()
    {
        foreach (bool labels in LabelForms())
        {
            _writer.WriteLine();
            WriteComputeGradients(labels);
        }
        _writer.WriteLine();
        WriteShardMembers();
        foreach (bool labels in LabelForms())
        {
            _writer.WriteLine();
            WriteAccumulateBatch(labels);
        }
        _writer.WriteLine();
        WriteBackwardPass();
        foreach (bool labels in LabelForms())
        {
            _writer.WriteLine();
            WriteAccumulateTile(labels);
        }
    }

    private bool[] LabelForms() => Loss is { TakesLabels: true } ? new[] { false, true } : new[] { false };

    /// <summary>", firstSample" where the training passes take the index of their first sample, else "".</summary>
    private string FirstSampleParameter => TakesSampleIndex ? ", int firstSample" : "";

    private string FirstSampleArgument(string value) => TakesSampleIndex ? ", " + value : "";

    /// <summary>
    /// The mean's divisor: samples × outputs, samples, or — for a class-weighted cross-entropy on class indices — the sum
    /// of the samples' class weights (<c>divisor</c>, computed first), as PyTorch's.
    /// </summary>
    private string Divisor(bool labels) =>
        Loss!.PerOutput ? "(batch * OutputSize)" : labels && !_network.LossSettings.Weight.IsEmpty ? "divisor" : "batch";

    private string OutputValue => ValueOf(_network.Layers.Count - 1);

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
            /// <summary>
            /// Computes the outputs of one sample. Allocation-free, and safe to call from many threads at once on one
            /// instance: it reads the parameters and writes only <paramref name="output"/>.
            /// </summary>
            /// <exception cref="global::System.ArgumentException">input is not InputSize values, or output not OutputSize.</exception>
            {{_network.New(GeneratedMembers.Forward)}}public void Forward({{ReadOnlySpan}} input, {{Span}} output)
            {
                {{Guard}}.Length(input.Length, InputSize, nameof(input));
                {{Guard}}.Length(output.Length, OutputSize, nameof(output));
                {{WorkDeclaration(_plan.ValueFloats)}}
                ForwardSample(input, work);
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
            /// <summary>
            /// Back-propagates one sample: adds dLoss/dParameters to <see cref="Gradients"/> given dLoss/dOutput, and writes
            /// dLoss/dInput unless <paramref name="inputGradient"/> is empty. The output is what <see cref="Forward"/> returns.
            /// Allocation-free; it adds to the one gradient buffer, so calls on one instance must not overlap.
            /// </summary>
            /// <exception cref="global::System.ArgumentException">A span's length is not InputSize or OutputSize.</exception>
            /// <exception cref="global::System.InvalidOperationException">Another thread is in ComputeGradients or Backward on this instance.</exception>
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
                body.WriteLine("ForwardSample(input, work);");
                body.WriteLine($"outputGradient.CopyTo({GradientOf(_network.Layers.Count - 1)});");
                if (_network.LossIsFused)
                {
                    // The backward pass starts below the activation a loss would be fused with: go through it first.
                    var last = (ActivationSpec)_network.Last;
                    WriteBackwardStep(body, last.Entry.Shape == ActivationShape.Vector ? new VectorStep(last) : new ActivationStep(last), last.Index);
                }
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

    private static string TargetSlice(bool labels, string start, string? rows) => labels
        ? rows is null ? $"labels.Slice({start})" : $"labels.Slice({start}, {rows})"
        : rows is null ? $"targets.Slice({start} * OutputSize)" : $"targets.Slice({start} * OutputSize, {rows} * OutputSize)";

    /// <summary>ComputeGradients' buffer: a batch too small for a tile needs only one sample's.</summary>
    private string TrainingWorkDeclaration()
    {
        string tile = WorkFloats <= NetworkEmitter.StackFloats ? $"stackalloc float[{WorkFloats}]" : $"{Compute}ThreadBuffer.Get({WorkFloats})";
        string sample = _plan.SampleFloats <= NetworkEmitter.StackFloats ? $"stackalloc float[{_plan.SampleFloats}]" : $"{Compute}ThreadBuffer.Get({_plan.SampleFloats})";
        return $"{Span} work = batch < {MinTileRows} ? {sample} : {tile};";
    }

    private string WorkDeclaration(long floats) =>
        floats <= NetworkEmitter.StackFloats
            ? $"{Span} work = stackalloc float[{floats}];"
            : $"{Span} work = {Compute}ThreadBuffer.Get({floats}); // more than the 1 KB stack budget";

    // public void ForwardBatch(ReadOnlySpan<float> inputs, Span<float> outputs)
    // {
    //     int batch = Guard.BatchSize(…);
    //     for (tiles of 32 samples) { ForwardTile(…); TileKernels.Store(output tile, …); }   (under 8 samples: Forward each)
    // }
    private void WriteForwardBatch()
    {
        Slot output = _plan.Value(_network.Layers.Count - 1)!;
        _writer.WriteLines($$"""
            /// <summary>
            /// Computes the outputs of a batch: inputs holds batch × InputSize values (one row a sample), outputs receives
            /// batch × OutputSize. Samples go through in tiles of 32, each register holding one feature of several samples.
            /// Allocation-free and safe to call from many threads at once, as Forward.
            /// </summary>
            /// <exception cref="global::System.ArgumentException">The batch is empty or not whole, or outputs does not match it.</exception>
            {{_network.New(GeneratedMembers.ForwardBatch)}}public void ForwardBatch({{ReadOnlySpan}} inputs, {{Span}} outputs)
            {
                int batch = {{Guard}}.BatchSize(inputs.Length, InputSize, outputs.Length, OutputSize, nameof(inputs), nameof(outputs));
                if (batch < {{MinTileRows}})
                {
                    for (int s = 0; s < batch; s++) Forward(inputs.Slice(s * InputSize, InputSize), outputs.Slice(s * OutputSize, OutputSize));
                    return;
                }
                {{WorkDeclaration(WorkFloats)}}
                for (int start = 0; start < batch; start += {{NetworkPlan.TileSamples}})
                {
                    int rows = global::System.Math.Min({{NetworkPlan.TileSamples}}, batch - start);
                    {{ReadOnlySpan}} tileInputs = inputs.Slice(start * InputSize, rows * InputSize);
                    {{Span}} tileOutputs = outputs.Slice(start * OutputSize, rows * OutputSize);
                    if (rows < {{MinTileRows}})
                    {
                        for (int s = 0; s < rows; s++) Forward(tileInputs.Slice(s * InputSize, InputSize), tileOutputs.Slice(s * OutputSize, OutputSize));
                        continue;
                    }
                    ForwardTile(tileInputs, rows, work);
                    {{Kernels}}.Store(work.Slice({{ValuesStart + output.Offset * Lanes}}, OutputSize * {{NetworkPlan.TileSamples}}), rows, OutputSize, tileOutputs);
                }
            }
            """);
    }

    // public float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets)   (or ReadOnlySpan<int> labels)
    // {
    //     int batch = Guard.BatchSize(…); (labels checked)   Guard.EnterGradients(…);
    //     return (float)(AccumulateBatch(inputs, targets, _gradients, 1f / (batch * OutputSize)) / (batch * OutputSize));
    // }
    // public float ComputeGradients(…, int threads)                      (the same on fixed shards: ShardedTraining)
    private void WriteComputeGradients(bool labels)
    {
        LossEntry loss = Loss!;
        string divisor = Divisor(labels);
        string targetParameter = labels ? "global::System.ReadOnlySpan<int> labels" : $"{ReadOnlySpan} targets";
        string targetName = labels ? "labels" : "targets";
        string targetSize = labels ? "1" : "OutputSize";
        string what = labels
            ? "One class index a sample"
            : loss.TakesLabels ? "Targets are class probabilities (one-hot or soft), OutputSize a sample" : "Targets are OutputSize values a sample";
        foreach (bool threaded in new[] { false, true })
        {
            if (threaded && _network.HasBatchNorm)
            {
                _writer.WriteLine();
                _writer.WriteLines($$"""
                    /// <summary>
                    /// As <see cref="ComputeGradients({{(labels ? "global::System.ReadOnlySpan{float}, global::System.ReadOnlySpan{int}" : "global::System.ReadOnlySpan{float}, global::System.ReadOnlySpan{float}")}})"/>, on this thread
                    /// whatever <paramref name="threads"/> says: BatchNorm1d needs the whole batch's statistics at each of its layers,
                    /// so the batch is not cut into shards. The same bits for every thread count.
                    /// </summary>
                    """);
            }
            else if (threaded)
            {
                _writer.WriteLine();
                _writer.WriteLines($$"""
                    /// <summary>
                    /// As <see cref="ComputeGradients({{(labels ? "global::System.ReadOnlySpan{float}, global::System.ReadOnlySpan{int}" : "global::System.ReadOnlySpan{float}, global::System.ReadOnlySpan{float}")}})"/> on up to <paramref name="threads"/> threads,
                    /// with the same bits for every thread count: the batch is cut into shards fixed by its size (128 samples or
                    /// more each), each shard's gradient is computed apart, and they are summed in shard order.
                    /// </summary>
                    """);
            }
            else
            {
                _writer.WriteLines($$"""
                    /// <summary>
                    /// Sets <see cref="Gradients"/> to the gradient of the mean {{loss.Name}} over the batch (PyTorch's
                    /// <c>reduction='mean'</c>{{(loss.PerOutput ? ", over samples and outputs" : ", over samples")}}) and returns that loss. {{what}};
                    /// batch = inputs.Length / InputSize. Allocation-free; it writes the one gradient buffer, so calls on one instance must not overlap.
                    /// </summary>
                    """);
            }
            _writer.WriteLine(_network.HasBatchNorm
                ? $"/// <exception cref=\"global::System.ArgumentException\">The batch is empty, not whole or of one sample (BatchNorm1d), or the {targetName} do not match it.</exception>"
                : $"/// <exception cref=\"global::System.ArgumentException\">The batch is empty or not whole, or the {targetName} do not match it.</exception>");
            if (labels) _writer.WriteLine("/// <exception cref=\"global::System.ArgumentOutOfRangeException\">A class index is not in [0, OutputSize).</exception>");
            _writer.WriteLine("/// <exception cref=\"global::System.InvalidOperationException\">Another thread is in ComputeGradients or Backward on this instance.</exception>");
            _writer.OpenBlock($"{_network.New(GeneratedMembers.ComputeGradients(labels, threaded))}public float ComputeGradients({ReadOnlySpan} inputs, {targetParameter}{(threaded ? ", int threads" : "")})");
            _writer.WriteLine($"int batch = {Guard}.BatchSize(inputs.Length, InputSize, {targetName}.Length, {targetSize}, nameof(inputs), nameof({targetName}));");
            if (labels) _writer.WriteLine($"{Guard}.ClassIndices(labels, OutputSize, nameof(labels));");
            if (threaded) _writer.WriteLine($"{Guard}.Threads(threads, nameof(threads));");
            if (_network.HasBatchNorm) _writer.WriteLine($"{Guard}.BatchNormBatch(batch, nameof(inputs));");
            _writer.WriteLine($"{Guard}.EnterGradients(ref _gradientsInUse, nameof(ComputeGradients));");
            _writer.OpenBlock("try");
            if (divisor == "divisor") _writer.WriteLine($"float divisor = {Compute}TileLosses.ClassWeightSum(labels, {LossCatalog.ClassWeightsField});");
            _writer.WriteLine($"float scale = 1f / {divisor};");
            if (threaded && !_network.HasBatchNorm)
            {
                _writer.WriteLine($"_sharded ??= new {Compute}ShardedTraining(this);");
                _writer.WriteLine(labels
                    ? $"return (float)(_sharded.Run(inputs, InputSize, labels, _gradients, scale, threads) / {divisor});"
                    : $"return (float)(_sharded.Run(inputs, InputSize, targets, OutputSize, _gradients, scale, threads) / {divisor});");
            }
            else _writer.WriteLine($"return (float)(AccumulateBatch(inputs, {targetName}, _gradients, scale{FirstSampleArgument("0")}) / {divisor});");
            _writer.CloseBlock();
            _writer.OpenBlock("finally");
            if (_network.HasDropout) _writer.WriteLine("_trainingStep++; // the next call draws new Dropout masks");
            _writer.WriteLine("_gradientsInUse = 0;");
            _writer.CloseBlock();
            _writer.CloseBlock();
        }
    }

    // double IShardedNetwork.AccumulateShard(…) => AccumulateBatch(…);     (a worker thread's shard of ComputeGradients)
    private void WriteShardMembers()
    {
        _writer.WriteLine($"int {Compute}IShardedNetwork.ShardGradientLength => ParameterCount;");
        _writer.WriteLine($"double {Compute}IShardedNetwork.AccumulateShard({ReadOnlySpan} inputs, {ReadOnlySpan} targets, {Span} gradients, float scale, int firstSample) =>");
        _writer.WriteLine($"    AccumulateBatch(inputs, targets, gradients, scale{FirstSampleArgument("firstSample")});");
        _writer.WriteLine($"double {Compute}IShardedNetwork.AccumulateShard({ReadOnlySpan} inputs, global::System.ReadOnlySpan<int> labels, {Span} gradients, float scale, int firstSample) =>");
        _writer.WriteLine(Loss is { TakesLabels: true }
            ? $"    AccumulateBatch(inputs, labels, gradients, scale{FirstSampleArgument("firstSample")});"
            : $"    throw new global::System.NotSupportedException(\"{Loss!.Name} trains on targets, not class indices.\");");
    }

    // private double AccumulateBatch(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, Span<float> gradients, float scale)
    // {
    //     for (tiles of 32 while 8 samples remain) loss += AccumulateTile(…, accumulate: not the first);
    //     (the register layers' lane partials summed into gradients)
    //     loss += AccumulateSamples(the rest, one at a time);
    // }
    private void WriteAccumulateBatch(bool labels)
    {
        string targetParameter = labels ? "global::System.ReadOnlySpan<int> labels" : $"{ReadOnlySpan} targets";
        _writer.WriteLine("/// <summary>Sets <paramref name=\"gradients\"/> to the batch's loss gradient, times <paramref name=\"scale\"/>; returns its summed loss.</summary>");
        _writer.OpenBlock($"private double AccumulateBatch({ReadOnlySpan} inputs, {targetParameter}, {Span} gradients, float scale{FirstSampleParameter})");
        _writer.WriteLine($"int batch = inputs.Length / InputSize;");
        _writer.WriteLine("double loss = 0;");
        _writer.WriteLine(TrainingWorkDeclaration());
        _writer.WriteLine("int start = 0;");
        _writer.OpenBlock($"if (batch >= {MinTileRows})");
        if (_plan.PartialFloats > 0)
            _writer.WriteLine($"work.Slice({PartialsStart}, {_plan.PartialFloats}).Clear(); // the lane partials of the layers that gather them start at 0");
        _writer.WriteLine($"// Tiles while at least {MinTileRows} samples remain; the first sets the gradients, the others add to them.");
        _writer.OpenBlock($"for (; batch - start >= {MinTileRows}; start += {NetworkPlan.TileSamples})");
        _writer.WriteLine($"int rows = global::System.Math.Min({NetworkPlan.TileSamples}, batch - start);");
        _writer.WriteLine($"loss += AccumulateTile(inputs.Slice(start * InputSize, rows * InputSize), {TargetSlice(labels, "start", "rows")}, rows, scale, work, gradients, accumulate: start > 0{FirstSampleArgument("firstSample + start")});");
        _writer.CloseBlock();
        WritePartialsReduce();
        _writer.CloseBlock();
        _writer.WriteLine("// The few samples left (or a batch too small for a tile), one at a time.");
        _writer.WriteLine("if (start < batch)");
        _writer.WriteLine($"    loss += AccumulateSamples(inputs.Slice(start * InputSize), {TargetSlice(labels, "start", null)}, batch - start, scale, work, gradients, accumulate: start > 0{FirstSampleArgument("firstSample + start")});");
        _writer.WriteLine("return loss;");
        _writer.CloseBlock();
    }

    /// <summary>The gradients gathered in lane partials: each parameter's lanes summed into it, once for the batch.</summary>
    private void WritePartialsReduce()
    {
        if (_plan.PartialFloats == 0) return;
        _writer.WriteLine("// The lane partials summed into their gradients, once for the batch.");
        foreach (LinearSpec linear in _plan.PartialLinears)
        {
            int partial = _plan.PartialOffset(linear), width = _plan.PartialWidth(linear);
            string lanes = _plan.UsesTilePartials(linear) ? width.ToString() : $"{Compute}Lanes.Width";
            _writer.WriteLine($"{Compute}Lanes.Reduce({Partials(partial, linear.WeightCount * width)}, {lanes}, gradients.Slice({linear.WeightOffset}, {linear.WeightCount}), accumulate: false);");
            if (linear.HasBias)
                _writer.WriteLine($"{Compute}Lanes.Reduce({Partials(partial + linear.WeightCount * width, linear.OutFeatures * width)}, {lanes}, gradients.Slice({linear.BiasOffset}, {linear.OutFeatures}), accumulate: false);");
        }
    }

    // private float AccumulateSamples(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int rows, float scale, Span<float> work)
    // {
    //     for (each sample) { ForwardSample(…); loss += Losses.X(h2[o], target[o], out float d); g2[o] = d * scale; BackwardSample(…); }
    // }
    private void WriteAccumulateSamples(bool labels)
    {
        LossEntry loss = Loss!;
        int seed = _network.SeedLayer;
        string values = ValueOf(seed), gradient = GradientOf(seed);
        string targetParameter = labels ? "global::System.ReadOnlySpan<int> labels" : $"{ReadOnlySpan} targets";
        string function = _network.LossIsFused ? loss.FusedSampleFunction : loss.SampleFunction;
        _writer.WriteLine("/// <summary>Adds (or, unless <paramref name=\"accumulate\"/>, sets) the loss gradient of a few samples, one at a time, times <paramref name=\"scale\"/>; returns their summed loss.</summary>");
        string arguments = loss.Arguments(_network.LossSettings);
        _writer.OpenBlock($"private float AccumulateSamples({ReadOnlySpan} inputs, {targetParameter}, int rows, float scale, {Span} work, {Span} gradients, bool accumulate{FirstSampleParameter})");
        WriteWithSlots(
            new[] { "float loss = 0f;" },
            body =>
            {
                body.OpenBlock("for (int s = 0; s < rows; s++)");
                body.WriteLine($"{ReadOnlySpan} input = inputs.Slice(s * InputSize, InputSize);");
                body.WriteLine($"{ForwardPassName}(input, work{FirstSampleArgument("firstSample + s")});");
                body.WriteLine($"// Loss: {loss.Name} {SeedDescription(values)}; {gradient} is its gradient, times scale.");
                if (!loss.PerOutput)
                {
                    string target = labels ? "labels[s]" : "targets.Slice(s * OutputSize, OutputSize)";
                    body.WriteLine($"loss += {function}({values}, {target}, {gradient}{arguments});");
                    body.WriteLine($"for (int o = 0; o < OutputSize; o++) {gradient}[o] *= scale;");
                }
                else
                {
                    body.OpenBlock("for (int o = 0; o < OutputSize; o++)");
                    body.WriteLine($"loss += {function}({values}[o], targets[s * OutputSize + o]{arguments}, out float d);");
                    body.WriteLine($"{gradient}[o] = d * scale;");
                    body.CloseBlock();
                }
                body.WriteLine($"{BackwardPassName}(input, work, gradients, default, accumulate || s > 0);");
                body.CloseBlock();
                body.WriteLine("return loss;");
            });
        _writer.CloseBlock();
    }

    // private float AccumulateTile(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int rows, float scale, Span<float> work)
    // {
    //     ForwardTile(inputs, rows, work);
    //     TileKernels.Load(targets, rows, OutputSize, t);
    //     float loss = TileLosses.X(h2, t, rows, OutputSize, g2, scale);
    //     BackwardTile(inputs, rows, work);
    //     return loss;
    // }
    private void WriteAccumulateTile(bool labels)
    {
        string targetParameter = labels ? "global::System.ReadOnlySpan<int> labels" : $"{ReadOnlySpan} targets";
        _writer.WriteLine("/// <summary>Adds (or, unless <paramref name=\"accumulate\"/>, sets) the loss gradient of a tile, times <paramref name=\"scale\"/>; returns its summed loss.</summary>");
        _writer.OpenBlock($"private float AccumulateTile({ReadOnlySpan} inputs, {targetParameter}, int rows, float scale, {Span} work, {Span} gradients, bool accumulate{FirstSampleParameter})");
        WriteWithSlots(
            new string[0],
            body =>
            {
                body.WriteLine($"{ForwardPassName}(inputs, rows, work{FirstSampleArgument("firstSample")});");
                WriteTileLoss(body, labels);
                body.WriteLine("BackwardTile(inputs, rows, work, gradients, accumulate);");
                body.WriteLine("return loss;");
            });
        _writer.CloseBlock();
    }

    /// <summary>The loss of a tile into <c>float loss</c>, its gradient (times scale, 0 past the last sample) into the seed layer's slot.</summary>
    private void WriteTileLoss(SourceWriter body, bool labels)
    {
        LossEntry loss = Loss!;
        int seed = _network.SeedLayer;
        string values = ValueOf(seed), gradient = GradientOf(seed);
        string function = _network.LossIsFused ? loss.FusedTileFunction : loss.TileFunction;
        string arguments = loss.Arguments(_network.LossSettings);
        body.WriteLine($"// Loss: {loss.Name} {SeedDescription(values)}, for each sample; {gradient} is its gradient, times scale (0 past the last sample).");
        if (labels)
            body.WriteLine($"float loss = {function}({values}, labels, rows, OutputSize, {gradient}, scale{arguments});");
        else
        {
            body.WriteLine($"{Span} t = work.Slice({TargetsStart}, {_plan.TargetTileFloats}); // the targets, OutputSize × {NetworkPlan.TileSamples}");
            body.WriteLine($"{Kernels}.Load(targets, rows, OutputSize, t);");
            body.WriteLine($"float loss = {function}({values}, t, rows, OutputSize, {gradient}, scale{arguments});");
        }
    }

    /// <summary>"from the logits h2, fused with the trailing Sigmoid" or "of the output h3", for the loss's comment.</summary>
    private string SeedDescription(string values) =>
        _network.LossIsFused
            ? $"from the logits {values}, fused with the trailing {LayerText.Describe(_network.Last)}"
            : $"of the output {values}";
}
