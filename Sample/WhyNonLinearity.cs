using System.Collections.Generic;
using System.Linq;
using Spectre.Console;

namespace NetGen.Sample;

/// <summary>What one hidden activation achieved on the XOR task.</summary>
public sealed record ActivationRun(string Activation, IReadOnlyList<EpochReport> History, float FirstLayerMovement, int NeverPositiveUnits)
{
    public float FinalLoss => History[^1].Loss;
    public double TrainAccuracy => History[^1].Accuracy ?? 0;
    public double TestAccuracy => History[^1].ValidationAccuracy ?? 0;
}

/// <summary>Whether the experiment showed what the lesson claims (the Sample's exit code).</summary>
public sealed record LessonOutcome(bool AllAsExpected);

/// <summary>
/// Lessons 1–6 on one task: the same 2 → 16 → 1 network with each hidden activation, trained the same way.
/// Without one it is a linear map and cannot fit XOR; with the step nothing before it learns; the others do.
/// </summary>
public static class WhyNonLinearity
{
    private const int Epochs = 300;
    private const float LearningRate = 0.01f;

    public static LessonOutcome Show(string picturePath)
    {
        AnsiConsole.Write(new Rule("3. Why non-linearity: the same network, six hidden activations, the XOR task"));
        Dataset train = XorData.Create(400, seed: 1), test = XorData.Create(200, seed: 2);
        var runs = new List<ActivationRun>
        {
            Train("none (linear)", new LinearOnly(seed: 1), train, test),
            Train("BinaryStep", new StepNet(seed: 1), train, test),
            Train("Sigmoid", new SigmoidNet(seed: 1), train, test),
            Train("Tanh", new TanhNet(seed: 1), train, test),
            Train("ReLU", new ReLUNet(seed: 1), train, test),
            Train("LeakyReLU", new LeakyReLUNet(seed: 1), train, test),
        };

        var table = new Table().AddColumns("hidden activation", "final loss", "train accuracy", "test accuracy", "first layer moved", "units never > 0");
        foreach (ActivationRun run in runs)
            table.AddRow(run.Activation, run.FinalLoss.ToString("0.0000"), run.TrainAccuracy.ToString("P1"), run.TestAccuracy.ToString("P1"),
                run.FirstLayerMovement.ToString("0.000"), run.NeverPositiveUnits.ToString());
        AnsiConsole.Write(table);
        LossCurves.Save(picturePath, "XOR: training loss by hidden activation", runs.Select(r => (r.Activation, r.History)));
        AnsiConsole.MarkupLine($"Loss curves: [link]{picturePath}[/]");

        ActivationRun linear = runs[0], step = runs[1];
        double bestOther = runs.Skip(2).Max(r => r.TestAccuracy);
        AnsiConsole.MarkupLine($"Without a hidden activation the two layers are one linear map: {linear.TestAccuracy:P0} on the test set, " +
                               "no better than a line can do on XOR.");
        AnsiConsole.MarkupLine($"Behind BinaryStep the first layer moved {step.FirstLayerMovement:0.000}: its gradient is zero, " +
                               $"so only the last layer learned ({step.TestAccuracy:P0}, from 16 fixed random cuts).");
        AnsiConsole.MarkupLine($"With Sigmoid, Tanh, ReLU or Leaky ReLU the network bends its boundary and fits the task (best {bestOther:P0}).");
        return new LessonOutcome(linear.TestAccuracy < 0.8 && step.FirstLayerMovement == 0f && bestOther > 0.95);
    }

    private static ActivationRun Train<TNetwork>(string name, TNetwork network, Dataset train, Dataset test)
        where TNetwork : ITrainableNetwork
    {
        float[] start = network.Parameters.ToArray();
        var history = Trainer.Train(network, new Adam(network.Parameters.Length, LearningRate), train,
            new TrainingOptions { Epochs = Epochs, BatchSize = 32, Seed = 1, Validation = test }, new ConsoleProgress(name));
        return new ActivationRun(name, history, HiddenUnits.FirstLayerMovement(network, start), HiddenUnits.CountNeverPositive(network, train));
    }
}
