using System.Collections.Generic;
using System.Linq;

namespace NetGen.Sample;

/// <summary>Draws training-loss curves from the histories Trainer.Train returns, one line a run, to a PNG file.</summary>
public static class LossCurves
{
    public static void Save(string path, string title, IEnumerable<(string Name, IReadOnlyList<EpochReport> History)> runs)
    {
        var plot = new ScottPlot.Plot();
        foreach (var (name, history) in runs)
        {
            double[] epochs = history.Select(r => (double)r.Epoch).ToArray();
            var line = plot.Add.ScatterLine(epochs, history.Select(r => (double)r.Loss).ToArray());
            line.LegendText = name;
            line.LineWidth = 2;
        }
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel("mean binary cross-entropy");
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        plot.SavePng(path, 900, 550);
    }
}
