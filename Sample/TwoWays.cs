using System;
using Spectre.Console;

namespace NetGen.Sample;

/// <summary>
/// Lesson 8: the two ways to use activations. As layers (the attribute list on <see cref="ReLUNet"/>, like
/// nn.Sequential) and as functions called directly (Functional.Linear, Activations.ReLU, Activations.Sigmoid, like
/// torch.relu in a forward method). Both compute the same numbers.
/// </summary>
public static class TwoWays
{
    public static void Show()
    {
        AnsiConsole.Write(new Rule("2. Two ways to use them: declared layers, or functions you call"));
        var net = new ReLUNet(seed: 1);
        var layout = ReLUNet.ParameterLayout; // 0.weight, 0.bias, 2.weight, 2.bias, as PyTorch's state_dict
        float[][] inputs = { new[] { 0.5f, -0.5f }, new[] { -1f, -1f }, new[] { 0.9f, 0.2f }, new[] { -0.3f, 0.8f } };
        var table = new Table().AddColumns("input", "declared layers: net.Forward", "functional: Linear → ReLU → Linear → Sigmoid", "difference");
        float worst = 0f;
        Span<float> hidden = stackalloc float[16], logit = stackalloc float[1];
        foreach (float[] x in inputs)
        {
            float[] declared = new float[1];
            net.Forward(x, declared);

            Span<float> p = net.Parameters;
            Functional.Linear(x, layout[0].Slice(p), layout[1].Slice(p), hidden);
            Activations.ReLU(hidden, hidden);
            Functional.Linear(hidden, layout[2].Slice(p), layout[3].Slice(p), logit);
            float functional = Activations.Sigmoid(logit[0]);

            float difference = MathF.Abs(declared[0] - functional);
            worst = MathF.Max(worst, difference);
            table.AddRow($"[[{x[0]}, {x[1]}]]", declared[0].ToString("0.000000"), functional.ToString("0.000000"), difference.ToString("0.0e+0"));
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(worst <= 1e-6f
            ? $"They agree (largest difference {worst:0.0e+0}, float rounding of a different summation order): a matter of style."
            : $"[red]They disagree by {worst}![/]");
    }
}
