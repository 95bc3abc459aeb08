using System.Linq;
using Spectre.Console;

namespace NetGen.Sample;

/// <summary>Lesson 7: Softmax as the last layer of a multi-class classifier, trained on the iris flowers.</summary>
public static class MultiClass
{
    public static void Show(string irisPath)
    {
        AnsiConsole.Write(new Rule("5. Softmax for several classes: iris species from four measurements"));
        var (train, test) = Dataset.LoadCsv(irisPath).Split(testFraction: 0.3, seed: 2);
        var scaler = Standardizer.Fit(train); // the training split's statistics, applied to both
        train = train.Standardize(scaler);
        test = test.Standardize(scaler);

        var net = new IrisClassifier(seed: 7);
        EpochReport last = null!;
        AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn()).Start(progress =>
        {
            ProgressTask task = progress.AddTask("training", maxValue: 100);
            last = Trainer.Train(net, new Adam(IrisClassifier.ParameterCount, 0.01f), train,
                new TrainingOptions { Epochs = 100, BatchSize = 16, Seed = 7, Validation = test },
                report =>
                {
                    task.Increment(1);
                    task.Description = $"training: loss {report.Loss:0.000}, held-out accuracy {report.ValidationAccuracy:P0}";
                });
        });
        AnsiConsole.MarkupLine($"Held-out accuracy {last.ValidationAccuracy:P1} on {test.Count} flowers (train {last.Accuracy:P1}).");

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
}
