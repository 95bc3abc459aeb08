using System;
using System.Diagnostics;
using Spectre.Console;

namespace NetGen.Sample;

/// <summary>
/// Training progress on the console, one line a run, turned on with one argument:
/// <c>Trainer.Train(net, optimizer, data, options, new ConsoleProgress("iris"))</c>.
/// In a terminal the line is redrawn in place (a bar, the epoch, the loss, the time left) at most ten times a second;
/// when the output is a file or a pipe, it prints plain lines instead: one every few seconds for a long run, and the
/// final one, so a log holds no half-drawn bars.
/// </summary>
public sealed class ConsoleProgress(string name) : IProgress<TrainingProgress>
{
    private static readonly bool Live = !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100), LogInterval = TimeSpan.FromSeconds(5);
    private const int BarWidth = 20;

    private readonly string _name = name.Length > 14 ? name[..14] : name.PadRight(14);
    private long _lastWrite = Stopwatch.GetTimestamp();
    private EpochReport? _lastEpoch;

    /// <summary>Called by the trainer after every batch and epoch; draws only when it is time to.</summary>
    public void Report(TrainingProgress progress)
    {
        if (progress.Report is not null) _lastEpoch = progress.Report;
        if (progress.IsFinal)
        {
            Write(progress, final: true);
            return;
        }
        TimeSpan interval = Live ? RedrawInterval : LogInterval;
        if (Stopwatch.GetElapsedTime(_lastWrite) < interval || (!Live && progress.Report is null)) return;
        Write(progress, final: false);
    }

    private void Write(TrainingProgress progress, bool final)
    {
        _lastWrite = Stopwatch.GetTimestamp();
        string line = $"{_name} {(Live ? Bar(progress.Fraction) + " " : "")}{Describe(progress, final)}";
        if (!Live)
        {
            Console.WriteLine(line);
            return;
        }
        int width = Math.Max(20, Console.WindowWidth - 1); // a wrapped line could not be redrawn in place
        Console.Write("\r" + (line.Length > width ? line[..width] : line.PadRight(width)));
        if (final) Console.WriteLine();
    }

    private string Describe(TrainingProgress progress, bool final)
    {
        string text = $"epoch {progress.Epoch}/{progress.Epochs}  loss {progress.Loss:0.0000}";
        if (_lastEpoch?.ValidationLoss is float validationLoss) text += $"  validation loss {validationLoss:0.0000}";
        if (_lastEpoch?.ValidationAccuracy is double validationAccuracy) text += $" ({validationAccuracy:P1})";
        text += $"  {Seconds(progress.Elapsed)}";
        if (!final) return text + $", about {Seconds(progress.Remaining)} left";
        return _lastEpoch switch
        {
            { StopReason: StopReason.EarlyStopping, RestoredEpoch: int best } => text + $"; early stop, epoch {best} restored",
            { StopReason: StopReason.EarlyStopping } => text + "; stopped early",
            { RestoredEpoch: int best } => text + $"; best epoch {best} restored",
            _ => text,
        };
    }

    private static string Bar(double fraction)
    {
        int filled = (int)Math.Round(Math.Clamp(fraction, 0, 1) * BarWidth);
        return new string('━', filled) + new string('─', BarWidth - filled);
    }

    private static string Seconds(TimeSpan time) => $"{time.TotalSeconds:0.0} s";
}
