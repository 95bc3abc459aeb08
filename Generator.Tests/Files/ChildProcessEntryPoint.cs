using System;
using System.Diagnostics;
using NetGen.Tests.Networks;

namespace NetGen.Tests.Files;

/// <summary>
/// The test assembly's entry point (the test SDK's empty one is turned off in the project file), so that a test can
/// start this assembly as a child process, where a crash fails that test alone:
/// <c>dotnet exec Generator.Tests.dll save-forever {format} {path}</c> saves a large network to <c>path</c> again and
/// again until it is killed; <c>small-stack {kilobytes}</c> runs every pass of a few networks on a thread with that
/// stack. Under the test runner, Main is never called.
/// </summary>
public static class ChildProcessEntryPoint
{
    public static int Main(string[] args)
    {
        if (args is ["save-forever", string format, string path])
        {
            var network = new LargeNet(seed: 2);
            var optimizer = new Adam(LargeNet.ParameterCount);
            Console.WriteLine("saving"); // the parent waits for a temporary file, not for this line; it helps when debugging
            while (true) KillDuringSaveTests.Save(format, network, optimizer, path);
        }
        if (args is ["small-stack", string kilobytes])
        {
            // Compiled here first (the JIT's own stack is not what is measured), then run on the small thread.
            RunEveryPass();
            var thread = new System.Threading.Thread(RunEveryPass, int.Parse(kilobytes, System.Globalization.CultureInfo.InvariantCulture) * 1024);
            thread.Start();
            thread.Join();
            Console.WriteLine("every pass ran");
            return 0;
        }
        Console.Error.WriteLine("usage: Generator.Tests save-forever {WeightsFile|SafeTensorsFile|CheckpointFile|ModelFile} {path}");
        Console.Error.WriteLine("       Generator.Tests small-stack {kilobytes}");
        return 2;
    }

    /// <summary>This test assembly, run by the same dotnet host as a child process with <paramref name="arguments"/>.</summary>
    internal static Process Start(params string[] arguments)
    {
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(typeof(ChildProcessEntryPoint).Assembly.Location);
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        return Process.Start(start) ?? throw new InvalidOperationException($"could not start {dotnet}");
    }

    // Forward, Backward, ForwardBatch and ComputeGradients (one sample and a batch) of a kernel network, the widest
    // network, a register network and a network with Dropout and BatchNorm1d's staged training.
    private static void RunEveryPass()
    {
        Run(new Mnist(seed: 1));
        Run(new VeryWideNet(seed: 1));
        Run(new TinyReluSigmoidBce(seed: 1));
        Run(new BatchNormClassifier(seed: 1));
        Run(new DropoutClassifier(seed: 1));
    }

    private static void Run(ITrainableNetwork network)
    {
        const int batch = 40;
        float[] inputs = new float[batch * network.InputSize], outputs = new float[batch * network.OutputSize];
        new SeededRandom(5).FillUniform(inputs, 1f);
        float[] inputGradient = new float[network.InputSize];
        network.Forward(inputs.AsSpan(0, network.InputSize), outputs.AsSpan(0, network.OutputSize));
        network.Backward(inputs.AsSpan(0, network.InputSize), outputs.AsSpan(0, network.OutputSize), inputGradient);
        network.ForwardBatch(inputs, outputs);
        network.ComputeGradients(inputs.AsSpan(0, 2 * network.InputSize), outputs.AsSpan(0, 2 * network.OutputSize));
        network.ComputeGradients(inputs, outputs);
    }
}
