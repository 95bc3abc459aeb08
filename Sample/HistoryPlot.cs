using System.Collections.Generic;
using System.Linq;

namespace NetGen.Sample;

/// <summary>Draws one run's history (training and validation loss, and the learning rate) to a PNG file.</summary>
public static class HistoryPlot
{
    public static void Save(string path, string title, IReadOnlyList<EpochReport> history)
    {
        var plot = new ScottPlot.Plot();
        double[] epochs = history.Select(r => (double)r.Epoch).ToArray();
        var training = plot.Add.ScatterLine(epochs, history.Select(r => (double)r.Loss).ToArray());
        training.LegendText = "training loss";
        training.LineWidth = 2;
        var validation = plot.Add.ScatterLine(epochs, history.Select(r => (double)(r.ValidationLoss ?? float.NaN)).ToArray());
        validation.LegendText = "validation loss";
        validation.LineWidth = 2;
        var rate = plot.Add.ScatterLine(epochs, history.Select(r => (double)r.LearningRate).ToArray());
        rate.LegendText = "learning rate (right axis)";
        rate.LinePattern = ScottPlot.LinePattern.Dashed;
        rate.Axes.YAxis = plot.Axes.Right;
        if (history[^1].RestoredEpoch is int best)
        {
            var line = plot.Add.VerticalLine(best);
            line.LegendText = $"epoch {best}: best, restored";
            line.LinePattern = ScottPlot.LinePattern.Dotted;
        }
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel("mean cross-entropy");
        plot.Axes.Right.Label.Text = "learning rate";
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        plot.SavePng(path, 900, 550);
    }
}
