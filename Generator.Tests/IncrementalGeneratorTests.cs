using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetGen.Generator;
using NetGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Tests;

/// <summary>
/// Named edit scenarios: the driver runs once, the compilation is edited, the same driver runs again, and each
/// tracked step's outputs must carry the reason the edit calls for. Observed (Roslyn 4.11 driver): for an edited file
/// ForAttributeWithMetadataName re-runs our parse transform; when the result equals the last one, its own step
/// (<c>result_ForAttributeWithMetadataName</c>) reports <c>Unchanged</c>, and so our steps after it
/// (NetGen.Parse/Network/Diagnostics, which are Select/Where steps) are not run again and report <c>Cached</c>.
/// </summary>
public class IncrementalGeneratorTests
{
    private const string Parse = NetworkGenerator.TrackingNames.Parse;
    private const string Network = NetworkGenerator.TrackingNames.Network;
    private const string Diagnostics = NetworkGenerator.TrackingNames.Diagnostics;

    private const string TwoNetworks = """
        using NetGen;
        namespace App;

        [Linear(4, 8), ReLU, Linear(8, 1), Sigmoid]
        [BCELoss]
        public partial class Tiny { }

        [Linear(3, 5), Tanh, Linear(5, 2)]
        [MSELoss]
        public partial class Other { }
        """;

    /// <summary>A network with a warning (NG0007), so that the Diagnostics step has an output too.</summary>
    private const string WithWarning = """
        using NetGen;
        namespace App;
        [Linear(2, 3), Softmax, Linear(3, 1)]
        public partial class Warned { }
        """;

    private const string Unrelated = """
        namespace App;
        public static class Helper { public static int Twice(int x) => 2 * x; }
        """;

    private readonly ITestOutputHelper _output;

    public IncrementalGeneratorTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void EditingAnUnrelatedFileLeavesEveryStepCachedOrUnchangedAndTheSourceIdentical()
    {
        (GeneratorRun first, GeneratorRun second) = RunTwice(
            new[] { TwoNetworks, WithWarning, Unrelated },
            compilation => Replace(compilation, 2, Unrelated.Replace("2 * x", "x + x")));

        foreach (string step in new[] { Parse, Network, Diagnostics })
        {
            Assert.NotEmpty(Outputs(second, step));
            Assert.All(Outputs(second, step), output =>
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {output.Reason}"));
        }
        Assert.Equal(Sources(first), Sources(second));
        Assert.Equal(first.NetGenDiagnostics.Select(d => d.ToString()), second.NetGenDiagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void ChangingAWidthInOneOfTwoNetworksModifiesOnlyThatNetwork()
    {
        (_, GeneratorRun second) = RunTwice(
            new[] { TwoNetworks },
            compilation => Replace(compilation, 0, TwoNetworks.Replace("Linear(3, 5), Tanh, Linear(5, 2)", "Linear(3, 6), Tanh, Linear(6, 2)")));

        Dictionary<string, IncrementalStepRunReason> reasons = NetworkReasons(second);
        Assert.Equal(IncrementalStepRunReason.Modified, reasons["Other"]);
        Assert.Equal(IncrementalStepRunReason.Cached, reasons["Tiny"]); // same file: re-parsed, equal, so not re-selected
    }

    [Fact]
    public void AddingANetworkMakesOnlyThatNetworkNew()
    {
        (_, GeneratorRun second) = RunTwice(
            new[] { TwoNetworks },
            compilation => compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("""
                using NetGen;
                namespace App;
                [Linear(2, 2), Softmax]
                [CrossEntropyLoss]
                public partial class Added { }
                """, GeneratorHarness.ParseOptions, path: "Added.cs")));

        Dictionary<string, IncrementalStepRunReason> reasons = NetworkReasons(second);
        Assert.Equal(IncrementalStepRunReason.New, reasons["Added"]);
        Assert.Equal(IncrementalStepRunReason.Cached, reasons["Tiny"]);
        Assert.Equal(IncrementalStepRunReason.Cached, reasons["Other"]);
        Assert.Equal(3, second.Result.GeneratedTrees.Length);
    }

    [Fact]
    public void AddingACommentInsideTheClassLeavesItsModelEqualAndCached()
    {
        (GeneratorRun first, GeneratorRun second) = RunTwice(
            new[] { TwoNetworks },
            compilation => Replace(compilation, 0, TwoNetworks.Replace("public partial class Tiny { }", "public partial class Tiny\n{\n    // a note\n}")));

        // The parse ran again for the edited file and gave an equal model, so the model steps after it stay cached.
        Assert.All(Outputs(second, "result_ForAttributeWithMetadataName"), output => Assert.Equal(IncrementalStepRunReason.Unchanged, output.Reason));
        Dictionary<string, IncrementalStepRunReason> reasons = NetworkReasons(second);
        Assert.Equal(IncrementalStepRunReason.Cached, reasons["Tiny"]);
        Assert.Equal(IncrementalStepRunReason.Cached, reasons["Other"]);
        Assert.Equal(Sources(first), Sources(second));
    }

    [Fact]
    public void ADiagnosticMovedByAnEditIsReportedAtItsNewPlace()
    {
        const string broken = "using NetGen;\nnamespace App;\n[Linear(4, 8), Linear(9, 1)]\npublic partial class Broken { }\n";
        (GeneratorRun first, GeneratorRun second) = RunTwice(
            new[] { broken },
            compilation => Replace(compilation, 0, "// moved down a line\n" + broken));

        Assert.Equal(IncrementalStepRunReason.Modified, Assert.Single(Outputs(second, Diagnostics)).Reason);
        Assert.Equal(first.NetGenDiagnostics.Single().Location.GetLineSpan().StartLinePosition.Line + 1,
            second.NetGenDiagnostics.Single().Location.GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public void TheModelHoldsNoSymbolSyntaxLocationOrCompilation()
    {
        GeneratorRun run = GeneratorHarness.Run(TwoNetworks,
            "using NetGen;\nnamespace App;\n[Linear(4, 8), Linear(9, 1)]\npublic partial class Broken { }\n");

        int walked = 0;
        foreach (string step in new[] { Parse, Network, Diagnostics })
            foreach ((object value, _) in Outputs(run, step))
            {
                ForbiddenTypeWalker.AssertClean(value, step);
                walked++;
            }
        Assert.True(walked >= 5, $"only {walked} step outputs walked");
    }

    [Fact]
    public void TheWalkerFindsALocationHiddenInARecord()
    {
        var holder = new List<object> { new Tuple<int, Location>(1, Location.None) };

        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => ForbiddenTypeWalker.AssertClean(holder, "holder"));
    }

    // ---- Helpers.

    private (GeneratorRun First, GeneratorRun Second) RunTwice(string[] sources, Func<Compilation, Compilation> edit)
    {
        GeneratorRun first = GeneratorHarness.Run(sources);
        GeneratorRun second = GeneratorHarness.Run(edit(first.Input), first.Driver);
        foreach (var (step, runs) in second.Result.Results.Single().TrackedSteps)
        {
            string reasons = string.Join(", ", runs.SelectMany(r => r.Outputs).Select(o => o.Reason).Where(r => r != IncrementalStepRunReason.Cached || step.StartsWith("NetGen")));
            if (reasons.Length > 0) _output.WriteLine($"{step}: {reasons}");
        }
        return (first, second);
    }

    private static Compilation Replace(Compilation compilation, int index, string text)
    {
        SyntaxTree old = compilation.SyntaxTrees.ElementAt(index);
        return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(text, GeneratorHarness.ParseOptions, path: old.FilePath));
    }

    private static IEnumerable<(object Value, IncrementalStepRunReason Reason)> Outputs(GeneratorRun run, string step) =>
        run.Result.Results.Single().TrackedSteps.TryGetValue(step, out var steps)
            ? steps.SelectMany(s => s.Outputs)
            : Enumerable.Empty<(object, IncrementalStepRunReason)>();

    /// <summary>The reason of each network model, by class name (read from the model's hint name).</summary>
    private static Dictionary<string, IncrementalStepRunReason> NetworkReasons(GeneratorRun run) =>
        Outputs(run, Network).ToDictionary(
            output => HintName(output.Value).Split('.')[^4],
            output => output.Reason);

    private static string HintName(object network)
    {
        object type = network.GetType().GetProperty("Type")!.GetValue(network)!;
        return (string)type.GetType().GetProperty("HintName")!.GetValue(type)!;
    }

    private static List<(string, string)> Sources(GeneratorRun run) =>
        run.Result.Results.Single().GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())).ToList();
}

/// <summary>
/// Walks an object graph by reflection (fields, array and collection elements) and fails on any Roslyn object that
/// would pin a compilation in the incremental cache (dotnet/runtime's GeneratorTestHelpers does the same).
/// </summary>
internal static class ForbiddenTypeWalker
{
    private static readonly Type[] Forbidden =
    {
        typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Location), typeof(Compilation), typeof(SemanticModel),
        typeof(AttributeData),
    };

    public static void AssertClean(object root, string where)
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        Walk(root, where, seen);
    }

    private static void Walk(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return;
        Type type = value.GetType();
        Type? forbidden = Forbidden.FirstOrDefault(f => f.IsAssignableFrom(type));
        Assert.True(forbidden is null, $"{path} holds a {type.FullName} (a {forbidden?.Name})");
        if (!type.IsValueType && !seen.Add(value)) return;

        if (value is IEnumerable sequence)
        {
            int i = 0;
            foreach (object? item in sequence) Walk(item, $"{path}[{i++}]", seen);
            if (type.IsArray) return;
        }
        for (Type? t = type; t is not null && t != typeof(object); t = t.BaseType)
            foreach (FieldInfo field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                Assert.False(Forbidden.Any(f => f.IsAssignableFrom(field.FieldType) || field.FieldType.IsAssignableFrom(f) && field.FieldType != typeof(object)),
                    $"{path}.{field.Name} is declared as {field.FieldType.FullName}");
                Walk(field.GetValue(value), $"{path}.{field.Name}", seen);
            }
    }
}
