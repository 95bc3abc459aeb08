using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using NetGen.Tests.Fuzzing;
using NetGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Tests;

/// <summary>
/// Issue 5, "a generator that never breaks the build": random declarations from <see cref="RandomDeclarationBuilder"/>,
/// checked by <see cref="FuzzOracle"/> (no exception, no NG0099; an NG error or no new compiler error; never silence).
/// Seeds are fixed, so a failure is reproducible: the message carries the failing case's source.
/// Counts: 2,000 cases compiled 40 to a compilation (seed 20251105) and 300 cases one to a compilation (seed 5),
/// 2,300 declarations in all.
/// </summary>
public class GeneratorFuzzTests
{
    private const int BatchSeed = 20251105;
    private const int BatchCount = 50;
    private const int CasesPerBatch = 40;
    private const int SingleSeed = 5;
    private const int SingleCount = 300;

    private readonly ITestOutputHelper _output;

    public GeneratorFuzzTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void RandomDeclarationsCompiledTogetherNeverBreakTheBuild()
    {
        var builder = new RandomDeclarationBuilder(BatchSeed);
        List<FuzzCase> cases = Enumerable.Range(0, BatchCount * CasesPerBatch).Select(builder.Next).ToList();
        // A case in the global namespace is compiled alone: its helper types could collide with another case's.
        var groups = cases.Where(c => !c.NeedsOwnCompilation).Chunk(CasesPerBatch).Select(chunk => (IReadOnlyList<FuzzCase>)chunk)
            .Concat(cases.Where(c => c.NeedsOwnCompilation).Select(c => (IReadOnlyList<FuzzCase>)new[] { c }))
            .ToList();

        FuzzOutcome outcome = Run(groups, $"seed {BatchSeed}, {cases.Count} cases, {CasesPerBatch} to a compilation");

        Assert.Equal(BatchCount * CasesPerBatch, outcome.Cases);
        AssertNoFailures(outcome);
        AssertTheCasesAreVaried(outcome);
    }

    [Fact]
    public void RandomDeclarationsCompiledOneByOneNeverBreakTheBuild()
    {
        var builder = new RandomDeclarationBuilder(SingleSeed);
        var groups = Enumerable.Range(0, SingleCount).Select(id => (IReadOnlyList<FuzzCase>)new[] { builder.Next(id) }).ToList();

        FuzzOutcome outcome = Run(groups, $"seed {SingleSeed}, {SingleCount} cases, one to a compilation");

        Assert.Equal(SingleCount, outcome.Cases);
        AssertNoFailures(outcome);
        AssertTheCasesAreVaried(outcome);
    }

    // ---- Inputs the fuzzer broke the generator with, kept as regression tests.

    /// <summary>Fuzz case 170 (seed 20251105): the constructor wrote <c>var random = …</c>, and <c>var</c> was the class.</summary>
    [Fact]
    public void AClassNamedVarCompiles()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using NetGen;
            namespace Fuzz;
            public partial class Outer<TOuter> where TOuter : new()
            {
                [Linear(9, 8), ReLU, Linear(8, 5)]
                internal sealed partial class var { }
            }
            """);

        Assert.Empty(run.NetGenDiagnostics);
        Assert.Single(run.Result.GeneratedTrees);
        Assert.Empty(run.CompilationErrors);
    }

    /// <summary>
    /// Fuzz cases 367, 660, 251, … (seed 20251105): a class named like a generated member got that member and CS0542
    /// ("member names cannot be the same as their enclosing type"); now it gets NG0020 and no code.
    /// </summary>
    [Theory]
    [InlineData("InputSize")]
    [InlineData("Forward")]
    [InlineData("Backward")]
    [InlineData("Parameters")]
    [InlineData("ParameterLayout")]
    public void AClassNamedLikeAGeneratedMemberGetsNG0020(string name)
    {
        GeneratorRun run = GeneratorHarness.Run($$"""
            using NetGen;
            namespace Fuzz;
            [Linear(7, 6), Tanhshrink, Linear(6, 5)]
            [MSELoss]
            public partial class {{name}} { }
            """);

        Diagnostic diagnostic = Assert.Single(run.NetGenDiagnostics);
        Assert.Equal("NG0020", diagnostic.Id);
        Assert.Empty(run.Result.GeneratedTrees);
        Assert.Empty(run.CompilationErrors);
    }

    /// <summary>Fuzz cases 422, 134, … (seed 20251105): a type parameter named InputSize or Forward gave CS0102.</summary>
    [Fact]
    public void ATypeParameterNamedLikeAGeneratedMemberGetsNG0020()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using NetGen;
            namespace Fuzz;
            [Linear(3, 2)]
            public partial class Net<T, InputSize> { }
            """);

        Diagnostic diagnostic = Assert.Single(run.NetGenDiagnostics);
        Assert.Equal("NG0020", diagnostic.Id);
        Assert.Contains("'InputSize'", diagnostic.GetMessage());
        Assert.Empty(run.CompilationErrors);
    }

    /// <summary>
    /// Found while probing what the fuzzer's naming could not reach: class B nested in A&lt;T&gt; and class B in namespace
    /// A_1 both got the hint name "A_1.B.g.cs", and AddSource threw out of the generator (CS8785).
    /// </summary>
    [Fact]
    public void ANestedClassAndANamespacedClassWithTheSameDottedNameBothGenerate()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using NetGen;
            namespace A_1 { [Linear(1, 1)] public partial class B { } }
            public partial class A<T> { [Linear(2, 2)] public partial class B { } }
            """);

        Assert.Empty(run.NetGenDiagnostics);
        Assert.Equal(2, run.Result.GeneratedTrees.Length);
        Assert.Empty(run.CompilationErrors);
    }

    private FuzzOutcome Run(IReadOnlyList<IReadOnlyList<FuzzCase>> groups, string description)
    {
        var stopwatch = Stopwatch.StartNew();
        var outcomes = new ConcurrentBag<FuzzOutcome>();
        Parallel.ForEach(groups, group => outcomes.Add(FuzzOracle.Check(group)));
        stopwatch.Stop();

        var total = new FuzzOutcome(
            outcomes.SelectMany(o => o.Failures).ToList(),
            outcomes.Sum(o => o.Cases),
            outcomes.Sum(o => o.CasesWithSyntaxErrors),
            outcomes.Sum(o => o.CasesWithGeneratedCode),
            outcomes.SelectMany(o => o.NetGenIds).Distinct().OrderBy(id => id, System.StringComparer.Ordinal).ToList());
        _output.WriteLine($"Fuzz: {description}, {groups.Count} compilations, {stopwatch.Elapsed.TotalSeconds:F1} s.");
        _output.WriteLine($"  {total.CasesWithGeneratedCode} cases generated code, {total.CasesWithSyntaxErrors} had syntax errors, " +
                          $"diagnostics seen: {string.Join(" ", total.NetGenIds)}; {total.Failures.Count} failures.");
        return total;
    }

    private static void AssertNoFailures(FuzzOutcome outcome) =>
        Assert.True(outcome.Failures.Count == 0,
            $"{outcome.Failures.Count} fuzz failures; the first ones:\n\n" + string.Join("\n\n", outcome.Failures.Take(5)));

    /// <summary>
    /// A fuzzer that only ever produced broken declarations would prove nothing about the generated code: these are
    /// floors against a degenerate builder (about a fifth of the cases generate code, one in seven has a syntax error).
    /// </summary>
    private static void AssertTheCasesAreVaried(FuzzOutcome outcome)
    {
        Assert.True(outcome.CasesWithGeneratedCode >= outcome.Cases / 10, $"only {outcome.CasesWithGeneratedCode} of {outcome.Cases} cases generated code");
        Assert.True(outcome.CasesWithSyntaxErrors >= outcome.Cases / 20, $"only {outcome.CasesWithSyntaxErrors} of {outcome.Cases} cases had syntax errors");
        Assert.True(outcome.NetGenIds.Count >= 12, "diagnostics seen: " + string.Join(" ", outcome.NetGenIds));
    }
}
