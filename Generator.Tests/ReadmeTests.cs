using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Tests;

/// <summary>
/// The README cannot rot: every C# block in it compiles with the generator as a program of its own, with no error and
/// no NetGen warning, and the walkthrough (the block after the "walkthrough" comment) runs, from a CSV file to a
/// prediction, in a process of its own next to data/iris.csv. A block that needs more than one program has (another
/// package, a network declared in another block) says which test runs it instead: "&lt;!-- tested by NameOfTests".
/// </summary>
public class ReadmeTests(ITestOutputHelper log)
{
    private const string WalkthroughMarker = "<!-- walkthrough";
    private const string TestedByMarker = "<!-- tested by ";

    private static string Readme { get; } = File.ReadAllText(Path.Combine(TestPaths.ProjectDirectory, "..", "README.md"));

    /// <summary>
    /// Each ```csharp block: its first line in the README (for messages), its code, whether it is the walkthrough, and
    /// the test class that runs it instead of this one (or null).
    /// </summary>
    private static IReadOnlyList<(int Line, string Code, bool IsWalkthrough, string? TestedBy)> Blocks { get; } = ReadBlocks(Readme);

    public static TheoryData<int> BlockLines => new(Blocks.Where(block => block.TestedBy is null).Select(block => block.Line));

    private static List<(int Line, string Code, bool IsWalkthrough, string? TestedBy)> ReadBlocks(string markdown)
    {
        var blocks = new List<(int, string, bool, string?)>();
        string[] lines = markdown.Replace("\r\n", "\n").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() != "```csharp") continue;
            int start = i + 1, end = start;
            while (end < lines.Length && lines[end].Trim() != "```") end++;
            string previous = i > 0 ? lines[i - 1] : "";
            bool walkthrough = previous.StartsWith(WalkthroughMarker, StringComparison.Ordinal);
            string? testedBy = previous.StartsWith(TestedByMarker, StringComparison.Ordinal)
                ? previous[TestedByMarker.Length..].Split(' ', ':')[0]
                : null;
            blocks.Add((i + 1, string.Join("\n", lines[start..end]), walkthrough, testedBy));
            i = end;
        }
        return blocks;
    }

    private static Compilation CompileProgram(string code)
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(code)
            .WithAssemblyName("Walkthrough")
            .WithOptions(new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        GeneratorRun run = GeneratorHarness.Run(compilation);
        var problems = run.GeneratorDiagnostics.Concat(run.Output.GetDiagnostics())
            .Where(d => d.Severity == DiagnosticSeverity.Error || d.Id.StartsWith("NG", StringComparison.Ordinal))
            .ToList();
        Assert.True(problems.Count == 0, "The README's code does not compile:\n" + string.Join("\n", problems));
        return run.Output;
    }

    [Fact]
    public void TheReadmeHasAWalkthroughAndOtherCode()
    {
        Assert.Single(Blocks, block => block.IsWalkthrough);
        Assert.True(Blocks.Count >= 2, "expected the walkthrough and the 'What you write' example");
    }

    [Fact]
    public void BlocksTestedElsewhereNameATestClassThatExists()
    {
        foreach (var block in Blocks.Where(block => block.TestedBy is not null))
            Assert.True(typeof(ReadmeTests).Assembly.GetTypes().Any(type => type.Name == block.TestedBy),
                $"README.md line {block.Line} says it is tested by {block.TestedBy}, which is not a test class");
    }

    [Theory]
    [MemberData(nameof(BlockLines))]
    public void CSharpBlockCompiles(int line) => CompileProgram(Blocks.Single(block => block.Line == line).Code);

    [Fact]
    public void WalkthroughTrainsSavesReloadsAndPredicts()
    {
        Compilation program = CompileProgram(Blocks.Single(block => block.IsWalkthrough).Code);
        string folder = Directory.CreateTempSubdirectory("netgen-walkthrough-").FullName;
        try
        {
            // The program, the runtime beside it, and the CSV file in its working folder, as the README sets it up.
            var emitted = program.Emit(Path.Combine(folder, "Walkthrough.dll"));
            Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
            File.WriteAllText(Path.Combine(folder, "Walkthrough.runtimeconfig.json"), """
                { "runtimeOptions": { "tfm": "net10.0", "framework": { "name": "Microsoft.NETCore.App", "version": "10.0.0" } } }
                """);
            foreach (string library in new[] { "NetGen.dll", "System.Numerics.Tensors.dll" })
                File.Copy(TestPaths.Output(library), Path.Combine(folder, library));
            File.Copy(TestPaths.Output("data", "iris.csv"), Path.Combine(folder, "iris.csv"));

            (int exitCode, string output) = Run(folder, "Walkthrough.dll");
            log.WriteLine(output);

            Assert.True(exitCode == 0, $"The walkthrough exited with {exitCode}:\n{output}");
            Assert.True(File.Exists(Path.Combine(folder, "iris-weights.json")), "no weights file was saved");
            // Iris is easy: a trained network gets 90 % or more of the held-out fifth right, and predicts a species.
            Match accuracy = Regex.Match(output, @"held-out accuracy after reloading: ([0-9.]+) ?%");
            Assert.True(accuracy.Success, output);
            Assert.InRange(double.Parse(accuracy.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 90, 100);
            Assert.Matches(@"prediction: (setosa|versicolor|virginica) \(", output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Runs an assembly with the dotnet host that runs the tests, culture-invariant, in <paramref name="folder"/>.</summary>
    private static (int ExitCode, string Output) Run(string folder, string assembly)
    {
        string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";
        var start = new ProcessStartInfo(host, assembly)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1";
        using Process process = Process.Start(start)!;
        // Both streams read at once, so that neither can fill its pipe and stall the program.
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "(timed out)");
        }
        return (process.ExitCode, standardOutput.Result + standardError.Result);
    }
}
