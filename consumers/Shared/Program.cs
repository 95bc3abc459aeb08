using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using NetGen;

namespace Consumer;

/// <summary>
/// A user's program built against the NetGen package alone: declares networks, trains them, saves and reloads them,
/// and predicts. It prints every number in full (round-trip format) so that two builds can be compared line by line,
/// and exits with 1 when a check fails.
/// </summary>
internal static class Program
{
    private static int failures;

    private static int Main()
    {
        Print($"runtime: {RuntimeInformation.FrameworkDescription}");
        Iris();
        Xor();
        Baked();
        Print(failures == 0 ? "all checks passed" : $"{failures} checks failed");
        return failures == 0 ? 0 : 1;
    }

    /// <summary>The README's walkthrough: CSV, split, standardise, train, save, reload, predict.</summary>
    private static void Iris()
    {
        Dataset all = Dataset.LoadCsv(Path.Combine(AppContext.BaseDirectory, "iris.csv"));
        (Dataset train, Dataset test) = all.Split(testFraction: 0.3, seed: 7);
        Standardizer standardizer = Standardizer.Fit(train);
        train = train.Standardize(standardizer);
        test = test.Standardize(standardizer);

        var net = new IrisNet(seed: 1);
        var adam = new Adam(IrisNet.ParameterCount, learningRate: 0.01f);
        IReadOnlyList<EpochReport> history = Trainer.Train(net, adam, train,
            new TrainingOptions { Epochs = 40, BatchSize = 16, Seed = 3, Validation = test });
        foreach (EpochReport report in history)
            if (report.Epoch % 10 == 0)
                Print($"iris epoch {report.Epoch}: loss {Text(report.Loss)}, held-out loss {Text(report.ValidationLoss ?? float.NaN)}");
        double accuracy = Metrics.Accuracy(net, test);
        Print($"iris held-out accuracy {Text(accuracy)} after {history.Count} epochs");
        Check(accuracy >= 0.85, "iris: held-out accuracy of at least 85 %");

        string path = Path.Combine(Path.GetTempPath(), $"netgen-consumer-{Environment.ProcessId}.json");
        try
        {
            WeightsFile.Save(net, path);
            var reloaded = new IrisNet(seed: 2);
            WeightsFile.Load(reloaded, path);
            Check(MemoryMarshal.AsBytes(reloaded.Parameters).SequenceEqual(MemoryMarshal.AsBytes(net.Parameters)),
                "iris: reloaded parameters equal the saved ones bit for bit");

            Span<float> before = stackalloc float[IrisNet.OutputSize];
            Span<float> after = stackalloc float[IrisNet.OutputSize];
            for (int i = 0; i < test.Count; i++)
            {
                net.Forward(test.FeaturesOf(i), before);
                reloaded.Forward(test.FeaturesOf(i), after);
                Check(MemoryMarshal.AsBytes(before).SequenceEqual(MemoryMarshal.AsBytes(after)), $"iris: sample {i} predicts the same after reloading");
                if (i < 3)
                    Print($"iris sample {i}: class {test.Labels[i]}, predicted {reloaded.PredictClass(test.FeaturesOf(i))}, " +
                          $"probabilities {Text(after[0])} {Text(after[1])} {Text(after[2])}");
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The functional path: a hand-written loop over ComputeGradients and an optimizer step.</summary>
    private static void Xor()
    {
        float[] inputs = [0, 0, 0, 1, 1, 0, 1, 1];
        float[] targets = [0, 1, 1, 0];
        var net = new XorNet(seed: 5);
        var adam = new Adam(XorNet.ParameterCount, learningRate: 0.05f);
        float loss = 0;
        for (int step = 0; step < 300; step++)
        {
            loss = net.ComputeGradients(inputs, targets);
            adam.Step(net.Parameters, net.Gradients);
        }
        Print($"xor loss after 300 steps {Text(loss)}");

        Span<float> output = stackalloc float[XorNet.OutputSize];
        for (int i = 0; i < targets.Length; i++)
        {
            net.Forward(inputs.AsSpan(i * 2, 2), output);
            Print($"xor {inputs[i * 2]} {inputs[i * 2 + 1]} -> {Text(output[0])}");
            Check(output[0] > 0.5f == targets[i] > 0.5f, $"xor: sample {i} on the right side of 0.5");
        }
    }

    /// <summary>
    /// [Weights]: the network is made with the file moved away (nothing is read at run time), and its parameters equal
    /// the file's, loaded at run time, bit for bit.
    /// </summary>
    private static void Baked()
    {
        string file = Path.Combine(AppContext.BaseDirectory, "tiny.safetensors"), away = file + ".away";
        File.Move(file, away);
        BakedTiny baked;
        try
        {
            baked = new BakedTiny();
        }
        finally
        {
            File.Move(away, file);
        }
        var loaded = new LoadedTiny(seed: 1);
        SafeTensorsFile.Load(loaded, file);
        Check(MemoryMarshal.AsBytes(baked.Parameters).SequenceEqual(MemoryMarshal.AsBytes(loaded.Parameters)),
            "baked: the parameters baked in equal the file's bit for bit");
        Span<float> output = stackalloc float[BakedTiny.OutputSize];
        baked.Forward([0.5f, -1f, 2f, 0.25f], output);
        Print($"baked tiny output {Text(output[0])}");
    }

    private static void Check(bool condition, string what)
    {
        if (condition) return;
        failures++;
        Print($"FAILED: {what}");
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static void Print(string line) => Console.Out.WriteLine(line);
}
