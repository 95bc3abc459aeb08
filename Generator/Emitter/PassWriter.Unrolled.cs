using System.Collections.Generic;
using NetGen.Generator.Helpers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emitter;

// Tiny layers of the one-sample passes as straight-line code: below a few dozen weights a kernel call costs more than
// the arithmetic (its checks, its dispatch, the reduction of a register for four outputs).
internal sealed partial class PassWriter
{
    /// <summary>
    /// One-sample Linear layers of at most this many weights are written out value by value (constant indices, no
    /// bounds checks); wider ones call the kernels. Measured in docs/benchmarks.md ("where unrolling pays").
    /// </summary>
    public const int UnrollWeightLimit = 64;

    /// <summary>Activations this narrow next to unrolled layers are written out too.</summary>
    private const int UnrollWidthLimit = 16;

    /// <summary>How many products a line of an unrolled sum holds before it wraps.</summary>
    private const int TermsPerLine = 6;

    private bool IsUnrolled(LinearSpec linear) => !IsTile && linear.WeightCount <= UnrollWeightLimit;

    private bool IsUnrolled(int width) => !IsTile && width <= UnrollWidthLimit;

    /// <summary>"input[3]" or "h1[3]": one value of a layer's output, or of the input.</summary>
    private string At(int layer, int index) => $"{ValueOf(layer)}[{index}]";

    // // Layers 0–1, Linear(4, 8) → ReLU, unrolled …
    // ReLUOp op1 = new ReLUOp();
    // h1[0] = op1.Value(p[32] + p[0] * input[0] + p[1] * input[1] + p[2] * input[2] + p[3] * input[3]);
    private void WriteUnrolledLinear(SourceWriter body, LinearStep step)
    {
        LinearSpec linear = step.Linear;
        ActivationSpec? activation = step.Activation;
        string y = ValueOf(step.OutputLayer);
        body.WriteLine(LinearComment(linear, activation, y) + " Unrolled.");
        string? op = activation is null ? null : "op" + activation.Index;
        if (activation is not null)
            body.WriteLine($"{activation.Entry.Op} {op} = {Op(activation)};");
        bool keepPre = _plan.KeepsPreActivation(step);
        for (int o = 0; o < linear.OutFeatures; o++)
        {
            var terms = new List<string>();
            if (linear.HasBias) terms.Add($"p[{linear.BiasOffset + o}]");
            for (int i = 0; i < linear.InFeatures; i++)
                terms.Add($"p[{linear.WeightOffset + o * linear.InFeatures + i}] * {At(linear.Index - 1, i)}");
            if (op is null || keepPre)
            {
                string target = keepPre ? At(linear.Index, o) : $"{y}[{o}]";
                WriteSum(body, $"{target} = ", terms, "");
                if (op is not null) body.WriteLine($"{y}[{o}] = {op}.Value({target});");
            }
            else WriteSum(body, $"{y}[{o}] = {op}.Value(", terms, ")");
        }
    }

    // // Layer 2, Linear(8, 1), unrolled: dW += g2 ⊗ h1, db += g2, g1 = Wᵀ·g2.
    // dp[40] += g2[0] * h1[0]; …   dp[48] += g2[0];
    // g1[0] = p[40] * g2[0]; …
    private int WriteUnrolledLinearBackward(SourceWriter body, LinearSpec linear)
    {
        string g = GradientOf(linear.Index);
        bool first = linear == _network.FirstLinear;
        string dxName = linear.Index == 0 ? "inputGradient" : GradientOf(linear.Index - 1);
        body.WriteLine($"// Layer {linear.Index}, {LayerText.Describe(linear)}, unrolled: dW += {g} ⊗ x{(linear.HasBias ? $", db += {g}" : "")}, {(linear.Index == 0 ? "dLoss/dinput" : dxName)} = Wᵀ·{g}{(first ? " (when asked)" : "")}.");
        for (int o = 0; o < linear.OutFeatures; o++)
        {
            var statements = new List<string>();
            for (int i = 0; i < linear.InFeatures; i++)
                statements.Add($"dp[{linear.WeightOffset + o * linear.InFeatures + i}] += {g}[{o}] * {At(linear.Index - 1, i)};");
            if (linear.HasBias) statements.Add($"dp[{linear.BiasOffset + o}] += {g}[{o}];");
            for (int start = 0; start < statements.Count; start += TermsPerLine / 2)
                body.WriteLine(string.Join(" ", statements.GetRange(start, System.Math.Min(TermsPerLine / 2, statements.Count - start))));
        }
        if (first)
        {
            body.OpenBlock("if (!inputGradient.IsEmpty)");
            if (linear.Index == 0) body.WriteLine("inputGradient = inputGradient.Slice(0, InputSize); // a constant length: no bounds checks below");
        }
        for (int i = 0; i < linear.InFeatures; i++)
        {
            var terms = new List<string>();
            for (int o = 0; o < linear.OutFeatures; o++)
                terms.Add($"p[{linear.WeightOffset + o * linear.InFeatures + i}] * {g}[{o}]");
            WriteSum(body, $"{dxName}[{i}] = ", terms, "");
        }
        if (first) body.CloseBlock();
        return linear.Index - 1;
    }

    // g0[0] = g1[0] * op1.Derivative(h0[0], h1[0]); …   (an activation as narrow as an unrolled layer)
    private void WriteUnrolledDerivative(SourceWriter body, ActivationSpec activation, string g, string x, string y, string result)
    {
        string op = "op" + activation.Index;
        body.WriteLine($"{activation.Entry.Op} {op} = {Op(activation)};");
        for (int i = 0; i < activation.Width; i++)
            body.WriteLine($"{result}[{i}] = {g}[{i}] * {op}.Derivative({x}[{i}], {y}[{i}]);");
    }

    /// <summary>A sum of terms on lines of <see cref="TermsPerLine"/>: <c>a + b + … \n    + i + j</c>, then <paramref name="close"/>.</summary>
    private static void WriteSum(SourceWriter writer, string assignment, IReadOnlyList<string> terms, string close)
    {
        if (terms.Count == 0)
        {
            writer.WriteLine(assignment + "0f" + close + ";");
            return;
        }
        var list = new List<string>(terms);
        for (int start = 0; start < list.Count; start += TermsPerLine)
        {
            int count = System.Math.Min(TermsPerLine, list.Count - start);
            string line = string.Join(" + ", list.GetRange(start, count));
            bool last = start + count >= list.Count;
            writer.WriteLine((start == 0 ? assignment : "    + ") + line + (last ? close + ";" : ""));
        }
    }
}
