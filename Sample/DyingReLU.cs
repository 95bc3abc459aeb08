using System;
using Spectre.Console;

namespace NetGen.Sample;

/// <summary>
/// Lesson 6: with plain ReLU a unit whose input is negative on every sample outputs 0 with slope 0, so its weights
/// get no gradient and never change again — it has died. Leaky ReLU keeps a slope of 0.01 there, so its units keep
/// learning. A learning rate that is too high kills ReLU units quickly; this runs both networks with one.
/// </summary>
public static class DyingReLU
{
    private const int Epochs = 100;
    private const float TooHighLearningRate = 0.1f;

    public static void Show()
    {
        AnsiConsole.Write(new Rule($"4. Dying ReLU: the same two networks with a learning rate too high ({TooHighLearningRate})"));
        Dataset train = XorData.Create(400, seed: 1), test = XorData.Create(200, seed: 2);
        var table = new Table().AddColumns("hidden activation", "units never > 0 on the data", "units that did not move in the last epoch", "test accuracy");
        foreach (var (name, network) in new (string, ITrainableNetwork)[] { ("ReLU", new ReLUNet(seed: 3)), ("LeakyReLU", new LeakyReLUNet(seed: 3)) })
        {
            float[] beforeLastEpoch = Array.Empty<float>();
            var last = Trainer.Train(network, new Adam(network.Parameters.Length, TooHighLearningRate), train,
                new TrainingOptions { Epochs = Epochs, BatchSize = 16, Seed = 3, Validation = test },
                new EpochCallback(report => { if (report.Epoch == Epochs - 1) beforeLastEpoch = network.Parameters.ToArray(); }))[^1];
            table.AddRow(name, HiddenUnits.CountNeverPositive(network, train).ToString(),
                HiddenUnits.CountUnchanged(network, beforeLastEpoch).ToString(), (last.ValidationAccuracy ?? 0).ToString("P1"));
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine("A dead ReLU unit is frozen for good: no sample can move it. Leaky ReLU's silent units still move. " +
                               "When training stalls because weights stop updating, try Leaky ReLU (or a smaller learning rate).");
    }
}
