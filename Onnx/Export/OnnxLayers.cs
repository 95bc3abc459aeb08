using System;
using System.Collections.Generic;
using System.Linq;
using static NetGen.OnnxExport.OnnxGraphBuilder;

namespace NetGen.OnnxExport;

/// <summary>
/// One entry a layer kind: how that layer is written as ONNX nodes (opset 17). An entry takes the layer, the graph and
/// the name of the layer's input value and returns the name of its output value. Adding a layer kind is adding an
/// entry here; a kind without one is refused by name before anything is written.
/// </summary>
/// <remarks>
/// Activations are their ONNX operator where ONNX has one with PyTorch's definition, and otherwise an exact
/// decomposition, written in the order of operations of PyTorch's own CPU kernel where that matters to the last bit.
/// Every value is float32, as the network computes.
/// </remarks>
internal static class OnnxLayers
{
    private delegate string Export(LayerAttribute layer, OnnxGraphBuilder graph, string x);

    private static readonly Dictionary<Type, Export> Entries = new();

    static OnnxLayers()
    {
        Add<LinearAttribute>(Linear);

        Add<ReLUAttribute>((_, g, x) => g.Unary("Relu", x));
        Add<LeakyReLUAttribute>((layer, g, x) => g.Unary("LeakyRelu", x, Float("alpha", layer.NegativeSlope)));
        Add<SigmoidAttribute>((_, g, x) => g.Unary("Sigmoid", x));
        Add<TanhAttribute>((_, g, x) => g.Unary("Tanh", x));
        // Over the features of each sample; opset 13 made Softmax and LogSoftmax act on the one axis given.
        Add<SoftmaxAttribute>((_, g, x) => g.Unary("Softmax", x, Int("axis", -1)));
        Add<LogSoftmaxAttribute>((_, g, x) => g.Unary("LogSoftmax", x, Int("axis", -1)));
        Add<BinaryStepAttribute>(BinaryStep);
        Add<GELUAttribute>(Gelu);
        Add<SiLUAttribute>((_, g, x) => g.Binary("Mul", x, g.Unary("Sigmoid", x)));
        // Mish's own operator is opset 18. ONNX's Softplus has no threshold, and needs none here: tanh of it is 1 in
        // float32 well before the exponential could overflow, and an overflow to +inf still gives tanh = 1.
        Add<MishAttribute>((_, g, x) => g.Binary("Mul", x, g.Unary("Tanh", g.Unary("Softplus", x))));
        Add<ELUAttribute>((layer, g, x) => g.Unary("Elu", x, Float("alpha", layer.Alpha)));
        Add<CELUAttribute>((layer, g, x) => g.Unary("Celu", x, Float("alpha", layer.Alpha)));
        // PyTorch's constants rounded to float32, written out rather than left to ONNX's defaults.
        Add<SELUAttribute>((_, g, x) => g.Unary("Selu", x,
            Float("alpha", (float)1.6732632423543772848170429916717), Float("gamma", (float)1.0507009873554804934193349852946)));
        Add<SoftplusAttribute>(Softplus);
        Add<HardtanhAttribute>((layer, g, x) => Clip(g, x, layer.MinVal, layer.MaxVal));
        Add<ReLU6Attribute>((_, g, x) => Clip(g, x, 0f, 6f));
        Add<HardsigmoidAttribute>(Hardsigmoid);
        Add<HardswishAttribute>(Hardswish);
        Add<SoftsignAttribute>((_, g, x) => g.Unary("Softsign", x));
        Add<LogSigmoidAttribute>(LogSigmoid);
        Add<TanhshrinkAttribute>((_, g, x) => g.Binary("Sub", x, g.Unary("Tanh", x)));
        Add<IdentityAttribute>((_, g, x) => g.Unary("Identity", x));
        // An exported model is for inference: Dropout is the identity, BatchNorm1d uses the running statistics.
        Add<DropoutAttribute>((_, g, x) => g.Unary("Identity", x));
        Add<LayerNormAttribute>(LayerNorm);
        Add<BatchNorm1dAttribute>(BatchNorm);
        Add<PReLUAttribute>(PRelu);
    }

    /// <summary>The layer kinds that can be exported, by their attribute names without "Attribute".</summary>
    public static IEnumerable<string> SupportedKinds => Entries.Keys.Select(KindOf).OrderBy(kind => kind, StringComparer.Ordinal);

    /// <summary>Whether <paramref name="layer"/>'s kind has an entry.</summary>
    public static bool IsSupported(LayerAttribute layer) => Entries.ContainsKey(layer.GetType());

    /// <summary>Writes <paramref name="layer"/> after the value <paramref name="x"/> and returns the name of its output.</summary>
    public static string Write(LayerAttribute layer, OnnxGraphBuilder graph, string x) => Entries[layer.GetType()](layer, graph, x);

    /// <summary>A layer's kind as a user writes it: <c>Linear</c>, <c>ReLU</c>, <c>GELU</c>.</summary>
    public static string KindOf(Type layerType)
    {
        const string suffix = "Attribute";
        string name = layerType.Name;
        return name.EndsWith(suffix, StringComparison.Ordinal) ? name[..^suffix.Length] : name;
    }

    private static void Add<TLayer>(Func<TLayer, OnnxGraphBuilder, string, string> export) where TLayer : LayerAttribute =>
        Entries.Add(typeof(TLayer), (layer, graph, x) => export((TLayer)layer, graph, x));

    // y = x Wᵀ + b as one Gemm with transB = 1, so that the weight keeps PyTorch's [out, in] layout and its state_dict
    // name; without a bias Gemm's C input is left out (optional since opset 11).
    private static string Linear(LinearAttribute layer, OnnxGraphBuilder g, string x)
    {
        if (layer.InFeatures != g.Width)
            throw new ArgumentException(
                $"Layer {g.LayerIndex} is Linear({layer.InFeatures}, {layer.OutFeatures}), but its input has {g.Width} features; expected Linear({g.Width}, …).",
                "network");
        var inputs = new List<string> { x, g.Parameter("weight", layer.OutFeatures, layer.InFeatures) };
        if (layer.Bias) inputs.Add(g.Parameter("bias", layer.OutFeatures));
        g.Width = layer.OutFeatures;
        return g.Node("Gemm", inputs, Int("transB", 1));
    }

    // LayerNormalization (opset 17) over the last axis; its scale is not optional, so without the affine step it is 1s.
    private static string LayerNorm(LayerNormAttribute layer, OnnxGraphBuilder g, string x)
    {
        CheckWidth(g, "LayerNorm", layer.NormalizedShape);
        var inputs = new List<string> { x };
        if (layer.ElementwiseAffine)
        {
            inputs.Add(g.Parameter("weight", layer.NormalizedShape));
            inputs.Add(g.Parameter("bias", layer.NormalizedShape));
        }
        else inputs.Add(g.Tensor("unit_scale", Enumerable.Repeat(1f, layer.NormalizedShape).ToArray(), layer.NormalizedShape));
        return g.Node("LayerNormalization", inputs, Int("axis", -1), Float("epsilon", layer.Eps));
    }

    // BatchNormalization in inference (training_mode 0): the running statistics from the network's buffers.
    private static string BatchNorm(BatchNorm1dAttribute layer, OnnxGraphBuilder g, string x)
    {
        CheckWidth(g, "BatchNorm1d", layer.NumFeatures);
        int n = layer.NumFeatures;
        return g.Node("BatchNormalization",
            new[] { x, g.Parameter("weight", n), g.Parameter("bias", n), g.Buffer("running_mean", n), g.Buffer("running_var", n) },
            Float("epsilon", layer.Eps), Float("momentum", 1f - layer.Momentum)); // ONNX's momentum weighs the running value, PyTorch's the batch's
    }

    // PRelu with a slope of shape [width] or [1], which ONNX broadcasts over [N, width].
    private static string PRelu(PReLUAttribute layer, OnnxGraphBuilder g, string x)
    {
        if (layer.NumParameters != 1) CheckWidth(g, "PReLU", layer.NumParameters);
        return g.Node("PRelu", new[] { x, g.Parameter("weight", layer.NumParameters) });
    }

    private static void CheckWidth(OnnxGraphBuilder g, string kind, int size)
    {
        if (size != g.Width)
            throw new ArgumentException($"Layer {g.LayerIndex} is {kind}({size}), but its input has {g.Width} features; expected {kind}({g.Width}).", "network");
    }

    // 1 where x > 0, else 0; NaN stays NaN, as in NetGen's BinaryStep (Greater alone would give 0 for it).
    private static string BinaryStep(BinaryStepAttribute layer, OnnxGraphBuilder g, string x)
    {
        string step = g.Unary("Cast", g.Binary("Greater", x, g.Constant(0f)), Int("to", (long)Onnx.TensorProto.Types.DataType.Float));
        return g.Node("Where", new[] { g.Unary("IsNaN", x), x, step });
    }

    // The Gelu operator is opset 20. Exact: x·½·(1 + erf(x/√2)), as PyTorch's kernel. Tanh form: ½·(1 + tanh(u)) is
    // written as sigmoid(2u), the same value without the cancellation of 1 + tanh(u) for negative u (as Activations.GELUTanh),
    // with u = √(2/π)·(x + 0.044715·x³).
    private static string Gelu(GELUAttribute layer, OnnxGraphBuilder g, string x)
    {
        switch (layer.Approximate)
        {
            case "none":
                string erf = g.Unary("Erf", g.Binary("Mul", x, g.Constant((float)0.70710678118654752)));
                return g.Binary("Mul", g.Binary("Mul", x, g.Constant(0.5f)), g.Binary("Add", erf, g.Constant(1f)));
            case "tanh":
                string cube = g.Binary("Mul", x, g.Binary("Mul", x, x));
                string inner = g.Binary("Add", x, g.Binary("Mul", g.Constant(0.044715f), cube));
                string twiceU = g.Binary("Mul", inner, g.Constant((float)(2 * 0.79788456080286536)));
                return g.Binary("Mul", x, g.Unary("Sigmoid", twiceU));
            default:
                throw new ArgumentException(
                    $"Layer {g.LayerIndex} is GELU(\"{layer.Approximate}\"); expected approximate \"none\" or \"tanh\".", "network");
        }
    }

    // PyTorch: x where beta·x > threshold, else log(1 + e^(beta·x))/beta. Where evaluates both sides; the one not
    // taken may overflow to +inf, and is then simply not taken.
    private static string Softplus(SoftplusAttribute layer, OnnxGraphBuilder g, string x)
    {
        string scaled = g.Binary("Mul", x, g.Constant(layer.Beta));
        string soft = g.Binary("Div", g.Unary("Softplus", scaled), g.Constant(layer.Beta));
        string linear = g.Binary("Greater", scaled, g.Constant(layer.Threshold));
        return g.Node("Where", new[] { linear, x, soft });
    }

    // x clamped to [min, max]; Clip takes its bounds as inputs since opset 11.
    private static string Clip(OnnxGraphBuilder g, string x, float min, float max) =>
        g.Node("Clip", new[] { x, g.Constant(min), g.Constant(max) });

    // PyTorch's x/6 + 1/2 clamped to [0, 1]; ONNX's HardSigmoid would multiply by a rounded 1/6 instead.
    private static string Hardsigmoid(HardsigmoidAttribute layer, OnnxGraphBuilder g, string x) =>
        Clip(g, g.Binary("Add", g.Binary("Div", x, g.Constant(6f)), g.Constant(0.5f)), 0f, 1f);

    // PyTorch's kernel: x·clamp(x + 3, 0, 6)/6 (opset 14's HardSwish would multiply by a rounded 1/6 instead).
    private static string Hardswish(HardswishAttribute layer, OnnxGraphBuilder g, string x)
    {
        string gate = Clip(g, g.Binary("Add", x, g.Constant(3f)), 0f, 6f);
        return g.Binary("Div", g.Binary("Mul", x, gate), g.Constant(6f));
    }

    // min(x, 0) − log(1 + e^−|x|): no exponential of a positive number, so no overflow on any runtime for any x
    // (−Softplus(−x) would depend on how the runtime computes Softplus of a large input).
    private static string LogSigmoid(LogSigmoidAttribute layer, OnnxGraphBuilder g, string x)
    {
        string tail = g.Unary("Exp", g.Unary("Neg", g.Unary("Abs", x)));
        string log = g.Unary("Log", g.Binary("Add", g.Constant(1f), tail));
        return g.Binary("Sub", g.Binary("Min", x, g.Constant(0f)), log);
    }
}
