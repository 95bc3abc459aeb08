using System;
using System.Linq;
using Spectre.Console;

namespace NetGen.Sample;

/// <summary>Lessons 2–7: what each activation computes, as numbers and as a picture, and softmax's probabilities.</summary>
public static class ActivationGallery
{
    private static readonly (string Name, Func<float, float> Function, Func<float, float> Derivative)[] Functions =
    {
        ("BinaryStep", Activations.BinaryStep, Activations.BinaryStepDerivative),
        ("Sigmoid", Activations.Sigmoid, Activations.SigmoidDerivative),
        ("Tanh", Activations.Tanh, Activations.TanhDerivative),
        ("ReLU", Activations.ReLU, Activations.ReLUDerivative),
        ("LeakyReLU(0.01)", x => Activations.LeakyReLU(x), x => Activations.LeakyReLUDerivative(x)),
    };

    public static void Show(string picturePath)
    {
        AnsiConsole.Write(new Rule("1. What an activation does to a neuron's input"));
        float[] xs = { -3f, -1f, -0.1f, 0f, 0.1f, 1f, 3f };
        var table = new Table().AddColumn("f(x)");
        foreach (float x in xs) table.AddColumn(new TableColumn($"x = {x}").RightAligned());
        table.AddColumn("range");
        foreach (var (name, function, _) in Functions)
            table.AddRow(new[] { name }.Concat(xs.Select(x => function(x).ToString("0.###"))).Append(Markup.Escape(Range(name))).ToArray());
        var slopes = new Table().AddColumn("slope f′(x)");
        foreach (float x in xs) slopes.AddColumn(new TableColumn($"x = {x}").RightAligned());
        foreach (var (name, _, derivative) in Functions)
            slopes.AddRow(new[] { name }.Concat(xs.Select(x => derivative(x).ToString("0.###"))).ToArray());
        AnsiConsole.Write(table);
        AnsiConsole.Write(slopes);
        AnsiConsole.MarkupLine("The binary step's slope is 0 everywhere: a gradient cannot pass through it. " +
                               "Sigmoid squashes into (0, 1) — a probability; tanh into (−1, 1), centred on 0; " +
                               "ReLU keeps positives and zeroes negatives (slope 0 there); Leaky ReLU keeps a slope of 0.01.");

        float[] scores = { 2f, 1f, 0.1f }, probabilities = new float[3];
        Activations.Softmax(scores, probabilities);
        AnsiConsole.MarkupLine($"Softmax turns scores [[{string.Join(", ", scores)}]] into probabilities " +
                               $"[[{string.Join(", ", probabilities.Select(p => p.ToString("0.000")))}]], sum {probabilities.Sum():0.000000}.");
        float[] huge = { 1000f, 1001f, 1002f };
        Activations.Softmax(huge, probabilities);
        AnsiConsole.MarkupLine($"It subtracts the largest score first, so [[1000, 1001, 1002]] gives the same " +
                               $"[[{string.Join(", ", probabilities.Select(p => p.ToString("0.000")))}]] instead of overflowing.");

        var plot = new ScottPlot.Plot();
        double[] grid = Enumerable.Range(0, 161).Select(i => -4 + i * 0.05).ToArray();
        foreach (var (name, function, _) in Functions)
        {
            var line = plot.Add.ScatterLine(grid, grid.Select(x => (double)function((float)x)).ToArray());
            line.LegendText = name;
            line.LineWidth = 2;
        }
        plot.Title("Activation functions");
        plot.XLabel("x");
        plot.YLabel("f(x)");
        plot.Axes.SetLimitsY(-1.5, 3);
        plot.ShowLegend(ScottPlot.Alignment.UpperLeft);
        plot.SavePng(picturePath, 800, 500);
        AnsiConsole.MarkupLine($"The curves: [link]{picturePath}[/]");
    }

    private static string Range(string name) => name switch
    {
        "BinaryStep" => "{0, 1}",
        "Sigmoid" => "(0, 1)",
        "Tanh" => "(−1, 1)",
        "ReLU" => "[0, ∞)",
        _ => "(−∞, ∞)",
    };
}
