using System;
using System.Diagnostics;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using NetGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Tests;

/// <summary>
/// What the generator costs a project of 100 networks, one of them large (784 → 128 → 10, MNIST-sized): the time of
/// a first run and of a run after an unrelated edit, and the size of what it emits. Times are reported, never asserted
/// (DESIGN.md: speed is measured, not tested); the numbers are kept in docs/generator-cost.md.
/// </summary>
public class GeneratorCostTests
{
    private const int Networks = 100;

    private readonly ITestOutputHelper _output;

    public GeneratorCostTests(ITestOutputHelper output) => _output = output;

    /// <summary>99 small networks of varied shapes, and one large one.</summary>
    private static string Project()
    {
        var source = new StringBuilder("using NetGen;\nnamespace CostProject;\n\n");
        source.AppendLine("[Linear(784, 128), ReLU, Linear(128, 10), Softmax]\n[CrossEntropyLoss]\npublic partial class Mnist { }\n");
        string[] activations = { "ReLU", "Tanh", "GELU(\"tanh\")", "SiLU", "LeakyReLU(0.1f)", "ELU" };
        for (int i = 1; i < Networks; i++)
        {
            int input = 2 + i % 7, hidden = 4 + i % 13, output = 1 + i % 4;
            string activation = activations[i % activations.Length];
            string tail = (i % 3) switch
            {
                0 => "Sigmoid]\n[BCELoss]",
                1 => "Identity]\n[MSELoss]",
                _ => output > 1 ? "Softmax]\n[CrossEntropyLoss]" : "Sigmoid]\n[BCELoss]",
            };
            source.AppendLine($"[Linear({input}, {hidden}), {activation}, Linear({hidden}, {output}), {tail}\npublic partial class Net{i} {{ }}\n");
        }
        return source.ToString();
    }

    [Fact]
    public void AProjectOfAHundredNetworksGeneratesEveryOneWithoutErrors()
    {
        Compilation compilation = GeneratorHarness.CreateCompilation(Project(), "namespace CostProject; static class Unrelated { }");
        GeneratorHarness.Run(GeneratorHarness.CreateCompilation("using NetGen; [Linear(1, 1)] partial class Warm { }")); // JIT the generator first

        var first = Stopwatch.StartNew();
        GeneratorRun run = GeneratorHarness.Run(compilation);
        first.Stop();

        SyntaxTree unrelated = compilation.SyntaxTrees.Last();
        Compilation edited = compilation.ReplaceSyntaxTree(unrelated,
            Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("namespace CostProject; static class Unrelated { static int X; }", GeneratorHarness.ParseOptions, path: unrelated.FilePath));
        var second = Stopwatch.StartNew();
        GeneratorRun rerun = GeneratorHarness.Run(edited, run.Driver);
        second.Stop();

        GeneratedSourceResult[] sources = run.Result.Results.Single().GeneratedSources.ToArray();
        long totalChars = sources.Sum(s => (long)s.SourceText.Length);
        int totalLines = sources.Sum(s => s.SourceText.Lines.Count);
        GeneratedSourceResult mnist = sources.Single(s => s.HintName.StartsWith("CostProject.Mnist.", StringComparison.Ordinal));
        GeneratedSourceResult[] small = sources.Where(s => s.HintName != mnist.HintName).ToArray();
        _output.WriteLine($"{sources.Length} networks generated; first run {first.Elapsed.TotalMilliseconds:F0} ms, " +
                          $"run after an unrelated edit {second.Elapsed.TotalMilliseconds:F0} ms (in-process driver, Release).");
        _output.WriteLine($"Emitted: {totalChars:N0} characters, {totalLines:N0} lines in all; " +
                          $"the 784-128-10 network {mnist.SourceText.Length:N0} characters ({mnist.SourceText.Lines.Count:N0} lines); " +
                          $"the small ones {small.Average(s => s.SourceText.Length):N0} characters on average, largest {small.Max(s => s.SourceText.Length):N0}.");

        var compile = Stopwatch.StartNew();
        var errors = run.CompilationErrors;
        compile.Stop();
        _output.WriteLine($"Binding the project with the generated code (all diagnostics): {compile.Elapsed.TotalSeconds:F1} s.");

        Assert.Equal(Networks, sources.Length);
        Assert.Empty(run.NetGenDiagnostics);
        Assert.Empty(errors);
        Assert.Equal(sources.Select(s => s.SourceText.ToString()), rerun.Result.Results.Single().GeneratedSources.Select(s => s.SourceText.ToString()));
    }
}
