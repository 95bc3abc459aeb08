using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Catalog;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emitter;

/// <summary>One unit of the generated passes: a layer, or a Linear layer with the elementwise activation after it.</summary>
internal abstract record Step(int Index)
{
    /// <summary>The layer whose output this step writes last (what the next step reads).</summary>
    public abstract int OutputLayer { get; }
}

/// <summary>
/// A Linear layer, with the elementwise activation after it fused in when there is one: the kernel applies it to the
/// accumulators. Its own output (the pre-activation) is kept only when something reads it: an activation whose
/// derivative needs its input, or a loss computed from the logits.
/// </summary>
internal sealed record LinearStep(LinearSpec Linear, ActivationSpec? Activation) : Step(Linear.Index)
{
    public override int OutputLayer => Activation?.Index ?? Linear.Index;
}

/// <summary>An elementwise activation on its own (first in the network, or after another activation).</summary>
internal sealed record ActivationStep(ActivationSpec Activation) : Step(Activation.Index)
{
    public override int OutputLayer => Activation.Index;
}

/// <summary>Softmax or LogSoftmax over each sample's vector.</summary>
internal sealed record VectorStep(ActivationSpec Activation) : Step(Activation.Index)
{
    public override int OutputLayer => Activation.Index;
}

/// <summary>Identity, or Dropout in evaluation: its output is its input, no code.</summary>
internal sealed record PassThroughStep(LayerSpec Layer) : Step(Layer.Index)
{
    public override int OutputLayer => Layer.Index;
}

/// <summary>A layer with kernels of its own (Dropout in training, LayerNorm, BatchNorm1d, PReLU): never in registers.</summary>
internal abstract record KernelStep(LayerSpec Layer) : Step(Layer.Index)
{
    public override int OutputLayer => Layer.Index;
}

/// <summary>Dropout in training: a mask slot beside its output, the same mask on the way back.</summary>
internal sealed record DropoutStep(DropoutSpec Dropout) : KernelStep(Dropout);

/// <summary>LayerNorm: its per-sample statistics (mean, 1/σ) in a slot of two beside its output.</summary>
internal sealed record LayerNormStep(LayerNormSpec Norm) : KernelStep(Norm);

/// <summary>
/// BatchNorm1d: with the running statistics in evaluation; with the batch's in training, where it is a barrier
/// between the stages of the batch's schedule (every tile reaches it before any goes on).
/// </summary>
internal sealed record BatchNormStep(BatchNormSpec Norm, bool Training) : KernelStep(Norm);

/// <summary>PReLU.</summary>
internal sealed record PReLUStep(PReLUSpec PReLU) : KernelStep(PReLU);

/// <summary>
/// A run of small layers written as straight-line code over a register type: the same code runs one sample (with a
/// register of one float) and the samples of a tile a register at a time; values stay in registers within the run.
/// </summary>
internal sealed record RegisterSegment(int Number, IReadOnlyList<Step> Steps) : Step(Steps[0].Index)
{
    public override int OutputLayer => Steps[Steps.Count - 1].OutputLayer;

    /// <summary>The layer whose output the run reads (−1: the network's input).</summary>
    public int InputLayer => Steps[0].Index - 1;
}

/// <summary>A slice of a pass's working buffer: <see cref="Width"/> values a sample, from <see cref="Offset"/> (per sample).</summary>
internal sealed record Slot(string Name, int Offset, int Width);

/// <summary>
/// What the passes compute. Networks with Dropout or BatchNorm1d compute differently in training (ComputeGradients)
/// and evaluation (Forward, ForwardBatch, Backward), and get a plan for each; for any other network the two are one.
/// </summary>
internal enum PlanMode
{
    Evaluation,
    Training,
}

/// <summary>
/// How the generated passes lay out one network: its steps, and the slot of every value and gradient they keep. Offsets
/// count floats for one sample; the batch passes multiply them by the tile's sample count. Pure model → plan, so the
/// parser can size a network's working memory before anything is emitted.
/// </summary>
internal sealed class NetworkPlan
{
    /// <summary>The samples in a tile (NetGen.Compute.TileKernels.Samples).</summary>
    public const int TileSamples = 32;

    /// <summary>The widest register: 16 floats (a register's lane partials of one weight).</summary>
    public const int MaxLanes = 16;

    /// <summary>
    /// A Linear layer this small (inputs and outputs within a register file's reach) is straight-line code in registers;
    /// larger ones call the kernels. Measured in docs/benchmarks.md ("where straight-line code pays").
    /// </summary>
    public const int RegisterWidthLimit = 16;

    public const int RegisterWeightLimit = 64;

    /// <summary>A kernel-run Linear layer with at most this many inputs gathers its batch weight gradient in lane partials.</summary>
    public const int PartialInputLimit = 16;

    private readonly Dictionary<int, int> _partials = new();

    private readonly Dictionary<int, Slot> _values = new();
    private readonly Dictionary<int, Slot> _gradients = new();
    private readonly Dictionary<int, Slot> _masks = new();
    private readonly Dictionary<int, Slot> _statistics = new();

    private NetworkPlan(NetworkSpec network, PlanMode mode)
    {
        Network = network;
        Mode = mode;
        Steps = BuildSteps(network, mode);
        FirstTrainable = network.Layers.First(HasParameters).Index;
        int offset = 0;
        // Values: every layer output a step writes or keeps (an Identity reads through to the slot below it), and the
        // masks and statistics the kernel layers keep for their backward pass.
        foreach (Step step in Flat)
        {
            switch (step)
            {
                case LinearStep linear:
                    if (linear.Activation is null || KeepsPreActivation(linear))
                        Add(_values, "h", linear.Linear.Index, linear.Linear.OutFeatures, ref offset);
                    if (linear.Activation is not null)
                        Add(_values, "h", linear.Activation.Index, linear.Activation.OutFeatures, ref offset);
                    break;
                case PassThroughStep:
                    break;
                default:
                    Add(_values, "h", step.OutputLayer, network.Layers[step.OutputLayer].OutFeatures, ref offset);
                    if (step is DropoutStep dropout) Add(_masks, "m", dropout.Index, dropout.Dropout.Width, ref offset);
                    if (step is LayerNormStep norm) Add(_statistics, "s", norm.Index, 2, ref offset);
                    break;
            }
        }
        ValueFloats = offset;
        // Gradients: dLoss/d(output) of every layer down to the first Linear (below it only Backward's input gradient).
        offset = 0;
        foreach (LayerSpec layer in network.Layers)
            if (!PassesThrough(layer.Index))
                Add(_gradients, "g", layer.Index, layer.OutFeatures, ref offset);
        GradientFloats = offset;
        // The batch passes also hold the input, the targets and one layer input turned sample-major for dW.
        InputTileFloats = network.InputSize * TileSamples;
        TargetTileFloats = network.OutputSize * TileSamples;
        SampleMajorFloats = Steps.OfType<LinearStep>().Where(step => Value(step.Linear.Index - 1) is not null && !UsesTilePartials(step.Linear))
            .Select(step => step.Linear.InFeatures * TileSamples).DefaultIfEmpty(0).Max();
        // Lane partials, in floats from the region's start: a register layer's parameters take a register's lanes each
        // (at most 16), a tile-partial layer's a tile row (32).
        int partial = 0;
        foreach (LinearSpec linear in PartialLinears)
        {
            _partials[linear.Index] = partial;
            partial += (linear.WeightCount + (linear.HasBias ? linear.OutFeatures : 0)) * PartialWidth(linear);
        }
        PartialFloats = partial;
    }

    /// <summary>The Linear layers written as straight-line register code, in order.</summary>
    public IEnumerable<LinearSpec> RegisterLinears =>
        Steps.OfType<RegisterSegment>().SelectMany(segment => segment.Steps).OfType<LinearStep>().Select(step => step.Linear);

    /// <summary>
    /// Whether a kernel-run Linear layer gathers its batch weight gradient in lane partials on the feature-major tiles
    /// (few inputs: no transpose, and WeightGradient's registers across inputs would be mostly empty).
    /// </summary>
    public bool UsesTilePartials(LinearSpec linear) =>
        linear.InFeatures <= PartialInputLimit && Steps.OfType<LinearStep>().Any(step => step.Linear == linear);

    /// <summary>The layers whose batch weight gradients are lane partials summed once a batch: register and tile-partial layers.</summary>
    public IEnumerable<LinearSpec> PartialLinears =>
        Network.Layers.OfType<LinearSpec>().Where(linear => RegisterLinears.Contains(linear) || UsesTilePartials(linear));

    /// <summary>Floats of lane partials a parameter: a tile row for a tile-partial layer, the widest register for a register layer.</summary>
    public int PartialWidth(LinearSpec linear) => UsesTilePartials(linear) ? TileSamples : MaxLanes;

    /// <summary>Where a layer's lane partials start in the partials region, in floats (its weights', then its bias's).</summary>
    public int PartialOffset(LinearSpec linear) => _partials[linear.Index];

    /// <summary>The partials region's floats.</summary>
    public int PartialFloats { get; }

    public NetworkSpec Network { get; }

    public PlanMode Mode { get; }

    /// <summary>
    /// Whether this plan's passes are the training ones of a network that computes differently in evaluation: their
    /// methods get names of their own ("ForwardTileTraining") beside the evaluation ones.
    /// </summary>
    public bool IsTrainingVariant => Mode == PlanMode.Training && Network.HasModes;

    /// <summary>The first layer with parameters: training needs no gradient below it (nor Backward, unless asked for the input's).</summary>
    public int FirstTrainable { get; }

    /// <summary>Whether a layer below <paramref name="layer"/> has parameters, so that its input's gradient is needed in training.</summary>
    public bool HasTrainableBelow(int layer) => FirstTrainable < layer;

    public static bool HasParameters(LayerSpec layer) =>
        layer is LinearSpec or BatchNormSpec or PReLUSpec or LayerNormSpec { ElementwiseAffine: true };

    /// <summary>Whether the layer's output is its input in this plan: Identity, and Dropout in evaluation.</summary>
    public bool PassesThrough(int layer) =>
        Network.Layers[layer] is ActivationSpec { Entry.Shape: ActivationShape.PassThrough }
        || Network.Layers[layer] is DropoutSpec && Mode == PlanMode.Evaluation;

    /// <summary>The mask slot of a Dropout layer in training.</summary>
    public Slot Mask(int layer) => _masks[layer];

    /// <summary>The statistics slot of a LayerNorm layer (mean and 1/σ of each sample).</summary>
    public Slot Statistics(int layer) => _statistics[layer];

    /// <summary>The steps the passes run: layers, fused Linear steps, and register segments of small ones.</summary>
    public IReadOnlyList<Step> Steps { get; }

    /// <summary>The steps with each register segment opened up.</summary>
    public IEnumerable<Step> Flat => Steps.SelectMany(step => step is RegisterSegment segment ? segment.Steps : new[] { step });

    /// <summary>Floats of every layer value a sample.</summary>
    public int ValueFloats { get; }

    /// <summary>Floats of every layer gradient a sample.</summary>
    public int GradientFloats { get; }

    public int InputTileFloats { get; }

    public int TargetTileFloats { get; }

    public int SampleMajorFloats { get; }

    /// <summary>The one-sample working buffer: values, then gradients.</summary>
    public int SampleFloats => ValueFloats + GradientFloats;

    /// <summary>The tile working buffer: input, values, gradients, targets, a sample-major copy; each a tile.</summary>
    public long TileFloats => InputTileFloats + (long)(ValueFloats + GradientFloats) * TileSamples + TargetTileFloats + SampleMajorFloats + PartialFloats;

    public static NetworkPlan For(NetworkSpec network, PlanMode mode) => new(network, mode);

    /// <summary>The largest of the working buffers of either mode, for the parser's size check.</summary>
    public static long WorkingFloats(NetworkSpec network) =>
        new[] { PlanMode.Evaluation, PlanMode.Training }.Select(mode => For(network, mode))
            .Max(plan => System.Math.Max(plan.TileFloats, plan.SampleFloats));

    /// <summary>The slot holding layer <paramref name="layer"/>'s output; an Identity layer's is the one below it; −1 is the input.</summary>
    public Slot? Value(int layer)
    {
        for (int k = layer; k >= 0; k--)
        {
            if (_values.TryGetValue(k, out Slot? slot)) return slot;
            if (!PassesThrough(k)) return null;
        }
        return null; // the network's input
    }

    /// <summary>The slot of dLoss/d(output of <paramref name="layer"/>), through Identity layers; null for the input.</summary>
    public Slot? Gradient(int layer)
    {
        for (int k = layer; k >= 0; k--)
        {
            if (_gradients.TryGetValue(k, out Slot? slot)) return slot;
            if (!PassesThrough(k)) return null;
        }
        return null;
    }

    /// <summary>Every slot of the values region: layer outputs, Dropout masks, LayerNorm statistics.</summary>
    public IEnumerable<Slot> Values => _values.Values.Concat(_masks.Values).Concat(_statistics.Values).OrderBy(slot => slot.Offset);

    public IEnumerable<Slot> Gradients => _gradients.Values.OrderBy(slot => slot.Offset);

    /// <summary>Whether a fused Linear step keeps its pre-activation: for the activation's derivative or the loss's logits.</summary>
    /// <summary>
    /// The last layer when the loss is fused with it (a trailing Softmax, LogSoftmax or Sigmoid): training computes the
    /// loss from the logits below it, so its value is needed only by Forward, ForwardBatch and Backward.
    /// </summary>
    public bool IsFusedOutput(ActivationSpec activation) =>
        Network.LossIsFused && activation.Index == Network.Layers.Count - 1;

    /// <summary>Whether the forward pass leaves the fused output out when keep is set (all but a Linear step that fuses it).</summary>
    public bool SkipsFusedOutput => Network.LossIsFused && Steps[Steps.Count - 1] is not LinearStep;

    public bool KeepsPreActivation(LinearStep step) =>
        step.Activation is not null && (!step.Activation.Entry.DerivativeFromOutput || Network.SeedLayer == step.Linear.Index);

    private static void Add(Dictionary<int, Slot> slots, string prefix, int layer, int width, ref int offset)
    {
        if (slots.ContainsKey(layer)) return;
        slots[layer] = new Slot(prefix + layer, offset, width);
        offset += width;
    }

    private static IReadOnlyList<Step> BuildSteps(NetworkSpec network, PlanMode mode)
    {
        // Consecutive small steps become one register segment.
        var steps = new List<Step>();
        var run = new List<Step>();
        foreach (Step step in LayerSteps(network, mode))
        {
            if (FitsRegisters(step))
            {
                run.Add(step);
                continue;
            }
            Close();
            steps.Add(step);
        }
        Close();
        return steps;

        void Close()
        {
            if (run.Count(step => step is not PassThroughStep) > 0) steps.Add(new RegisterSegment(steps.OfType<RegisterSegment>().Count(), run.ToList()));
            else steps.AddRange(run);
            run.Clear();
        }
    }

    private static bool FitsRegisters(Step step) => step switch
    {
        LinearStep { Linear: var linear } => linear.InFeatures <= RegisterWidthLimit && linear.OutFeatures <= RegisterWidthLimit
                                             && linear.WeightCount <= RegisterWeightLimit,
        ActivationStep { Activation: var activation } => activation.Width <= RegisterWidthLimit,
        PassThroughStep => true,
        _ => false,
    };

    private static IEnumerable<Step> LayerSteps(NetworkSpec network, PlanMode mode)
    {
        var steps = new List<Step>();
        for (int k = 0; k < network.Layers.Count; k++)
        {
            switch (network.Layers[k])
            {
                case LinearSpec linear:
                    ActivationSpec? next = k + 1 < network.Layers.Count
                        ? network.Layers[k + 1] as ActivationSpec
                        : null;
                    if (next is { Entry.Shape: ActivationShape.Elementwise })
                    {
                        steps.Add(new LinearStep(linear, next));
                        k++;
                    }
                    else steps.Add(new LinearStep(linear, null));
                    break;
                case ActivationSpec { Entry.Shape: ActivationShape.Vector } vector:
                    steps.Add(new VectorStep(vector));
                    break;
                case ActivationSpec { Entry.Shape: ActivationShape.PassThrough } identity:
                    steps.Add(new PassThroughStep(identity));
                    break;
                case ActivationSpec activation:
                    steps.Add(new ActivationStep(activation));
                    break;
                case DropoutSpec dropout:
                    steps.Add(mode == PlanMode.Training ? new DropoutStep(dropout) : new PassThroughStep(dropout));
                    break;
                case LayerNormSpec norm:
                    steps.Add(new LayerNormStep(norm));
                    break;
                case BatchNormSpec batchNorm:
                    steps.Add(new BatchNormStep(batchNorm, mode == PlanMode.Training));
                    break;
                case PReLUSpec prelu:
                    steps.Add(new PReLUStep(prelu));
                    break;
            }
        }
        return steps;
    }
}
