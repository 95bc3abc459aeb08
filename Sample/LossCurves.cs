using System.Collections.Generic;
using System.Linq;

namespace NetGen.Sample;

/// <summary>Draws training-loss curves, one line a run, to a PNG file.</summary>
public static class LossCurves
{
    public static void Save(string path, string title, IEnumerable<(string Name, List<float> Losses)> runs)
    {
        var plot = new ScottPlot.Plot();
        foreach (var (name, losses) in runs)
        {
            double[] epochs = Enumerable.Range(1, losses.Count).Select(e => (double)e).ToArray();
            var line = plot.Add.ScatterLine(epochs, losses.Select(l => (double)l).ToArray());
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
