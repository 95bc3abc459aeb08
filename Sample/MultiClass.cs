using System.Linq;
using Spectre.Console;

namespace NetGen.Sample;

/// <summary>
/// Lesson 7: Softmax as the last layer of a multi-class classifier, trained on the iris flowers, with what a real
/// training run uses: a validation set, a learning-rate schedule and early stopping, and its history plotted.
/// </summary>
public static class MultiClass
{
    public static void Show(string irisPath, string picturePath)
    {
        AnsiConsole.Write(new Rule("5. Softmax for several classes: iris species from four measurements"));
        var (rest, test) = Dataset.LoadCsv(irisPath).Split(testFraction: 0.3, seed: 2);
        var (train, validation) = rest.Split(testFraction: 0.2, seed: 3); // validation steers training; test only scores it
        var scaler = Standardizer.Fit(train); // the training split's statistics, applied to all three
        train = train.Standardize(scaler);
        validation = validation.Standardize(scaler);
        test = test.Standardize(scaler);

        var net = new IrisClassifier(seed: 7);
        var adam = new Adam(IrisClassifier.ParameterCount, 0.01f);
        var history = Trainer.Train(net, adam, train, new TrainingOptions
        {
            Epochs = 300, BatchSize = 16, Seed = 7, Validation = validation,
            Scheduler = new ReduceLROnPlateau(adam, factor: 0.5f, patience: 5),
            EarlyStopping = new EarlyStopping { Patience = 20, RestoreBestParameters = true },
        }, new ConsoleProgress("iris"));
        EpochReport last = history[^1];
        AnsiConsole.MarkupLine($"Training stopped after epoch {last.Epoch} of 300 ({Describe(last)}); the learning rate went from 0.01 to " +
                               $"{last.LearningRate:0.#####} as the validation loss levelled off.");
        AnsiConsole.MarkupLine($"Held-out accuracy {Metrics.Accuracy(net, test):P1} on {test.Count} test flowers " +
                               $"(train {Metrics.Accuracy(net, train):P1}, validation {Metrics.Accuracy(net, validation):P1}).");
        HistoryPlot.Save(picturePath, "Iris: the history Trainer.Train returned", history);
        AnsiConsole.MarkupLine($"Its history: [link]{picturePath}[/]");

        var table = new Table().AddColumn("flower").AddColumn("true species");
        foreach (string name in test.ClassNames) table.AddColumn(new TableColumn("P(" + name + ")").RightAligned());
        table.AddColumn("sum");
        float[] probabilities = new float[IrisClassifier.OutputSize];
        foreach (int s in new[] { 0, test.Count / 2, test.Count - 1 })
        {
            net.Forward(test.FeaturesOf(s), probabilities);
            table.AddRow(new[] { $"#{s}", test.ClassNames[test.Labels[s]] }
                .Concat(probabilities.Select(p => p.ToString("0.000"))).Append(probabilities.Sum().ToString("0.000")).ToArray());
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine("Each row of Softmax outputs is a probability distribution over the species: they sum to 1.");
    }

    private static string Describe(EpochReport last) => last switch
    {
        { StopReason: StopReason.EarlyStopping, RestoredEpoch: int best } =>
            $"early stopping: the validation loss had not improved for 20 epochs; epoch {best}'s parameters restored",
        { StopReason: StopReason.EarlyStopping } => "early stopping: the validation loss had not improved for 20 epochs",
        _ => "every epoch ran",
    };
}
