using System;

namespace NetGen.Tests.Files;

/// <summary>
/// The test assembly's entry point (the test SDK's empty one is turned off in the project file), so that a test can
/// start this assembly as a child process: <c>dotnet exec Generator.Tests.dll save-forever {format} {path}</c> saves a
/// large network to <c>path</c> again and again until it is killed. Under the test runner, Main is never called.
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
        Console.Error.WriteLine("usage: Generator.Tests save-forever {WeightsFile|SafeTensorsFile|CheckpointFile|ModelFile} {path}");
        return 2;
    }
}
