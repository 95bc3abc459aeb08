using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Model;

namespace NetGen.Generator.Catalog;

/// <summary>The activation entries: one a kind, with PyTorch's names, arguments, defaults and limits.</summary>
internal static class ActivationCatalog
{
    private const string Ops = "global::NetGen.Compute.";

    private static bool Finite(float value) => !float.IsNaN(value) && !float.IsInfinity(value);

    private static readonly ActivationEntry[] Entries =
    {
        new(ActivationKind.ReLU, "ReLU", Ops + "ReLUOp", derivativeFromOutput: true),
        new(ActivationKind.LeakyReLU, "LeakyReLU", Ops + "LeakyReLUOp", derivativeFromOutput: false,
            new[] { new ActivationParameter("negativeSlope", 0.01f) },
            a => Finite(a[0]) ? null : "negativeSlope must be a finite number; write LeakyReLU(0.01)"),
        new(ActivationKind.Sigmoid, "Sigmoid", Ops + "SigmoidOp", derivativeFromOutput: true),
        new(ActivationKind.Tanh, "Tanh", Ops + "TanhOp", derivativeFromOutput: true),
        new(ActivationKind.Softmax, "Softmax", "Softmax", derivativeFromOutput: true, shape: ActivationShape.Vector),
        new(ActivationKind.LogSoftmax, "LogSoftmax", "LogSoftmax", derivativeFromOutput: true, shape: ActivationShape.Vector),
        new(ActivationKind.BinaryStep, "BinaryStep", Ops + "BinaryStepOp", derivativeFromOutput: true),
        new(ActivationKind.GELU, "GELU", Ops + "GELUOp", derivativeFromOutput: false),
        new(ActivationKind.GELUTanh, "GELU", Ops + "GELUTanhOp", derivativeFromOutput: false, attributeText: "GELU(\"tanh\")"),
        new(ActivationKind.SiLU, "SiLU", Ops + "SiLUOp", derivativeFromOutput: false),
        new(ActivationKind.Mish, "Mish", Ops + "MishOp", derivativeFromOutput: false),
        new(ActivationKind.ELU, "ELU", Ops + "ELUOp", derivativeFromOutput: false,
            new[] { new ActivationParameter("alpha", 1f) },
            a => Finite(a[0]) ? null : "alpha must be a finite number; write ELU(1.0)"),
        new(ActivationKind.CELU, "CELU", Ops + "CELUOp", derivativeFromOutput: false,
            new[] { new ActivationParameter("alpha", 1f) },
            a => Finite(a[0]) && a[0] != 0f ? null : "alpha must be a finite number other than 0; write CELU(1.0)"),
        new(ActivationKind.SELU, "SELU", Ops + "SELUOp", derivativeFromOutput: false),
        new(ActivationKind.Softplus, "Softplus", Ops + "SoftplusOp", derivativeFromOutput: false,
            new[] { new ActivationParameter("beta", 1f), new ActivationParameter("threshold", 20f) },
            a => Finite(a[0]) && a[0] != 0f && Finite(a[1]) ? null : "beta must be finite and not 0, and threshold finite; write Softplus(1, 20)"),
        new(ActivationKind.Hardtanh, "Hardtanh", Ops + "HardtanhOp", derivativeFromOutput: false,
            new[] { new ActivationParameter("minVal", -1f), new ActivationParameter("maxVal", 1f) },
            a => Finite(a[0]) && Finite(a[1]) && a[1] > a[0]
                ? null
                : $"maxVal ({LayerText.Number(a[1])}) must be greater than minVal ({LayerText.Number(a[0])}); write Hardtanh(-1, 1)"),
        new(ActivationKind.ReLU6, "ReLU6", Ops + "ReLU6Op", derivativeFromOutput: false),
        new(ActivationKind.Hardsigmoid, "Hardsigmoid", Ops + "HardsigmoidOp", derivativeFromOutput: false),
        new(ActivationKind.Hardswish, "Hardswish", Ops + "HardswishOp", derivativeFromOutput: false),
        new(ActivationKind.Softsign, "Softsign", Ops + "SoftsignOp", derivativeFromOutput: false),
        new(ActivationKind.LogSigmoid, "LogSigmoid", Ops + "LogSigmoidOp", derivativeFromOutput: false),
        new(ActivationKind.Tanhshrink, "Tanhshrink", Ops + "TanhshrinkOp", derivativeFromOutput: false),
        new(ActivationKind.Identity, "Identity", Ops + "IdentityOp", derivativeFromOutput: true, shape: ActivationShape.PassThrough),
    };

    private static readonly Dictionary<ActivationKind, ActivationEntry> ByKind = Entries.ToDictionary(entry => entry.Kind);

    public static ActivationEntry Get(ActivationKind kind) => ByKind[kind];

    /// <summary>The entry an attribute declares (GELU resolves to GELUTanh by its argument, in the parser).</summary>
    public static ActivationEntry? ForAttribute(string name) =>
        Entries.FirstOrDefault(entry => entry.Name == name && entry.AttributeText is null);

    public static IEnumerable<ActivationEntry> All => Entries;
}
