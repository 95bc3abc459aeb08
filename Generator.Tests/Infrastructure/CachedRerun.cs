using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetGen.Generator;
using Xunit.Sdk;

namespace NetGen.Tests.Infrastructure;

/// <summary>
/// Runs a generator run's driver again after an edit that touches no network (a file added with an unrelated class)
/// and fails unless every output of every NetGen-tracked step is Cached or Unchanged and the generated sources and
/// diagnostics are the same: what an IDE's keystroke elsewhere must cost. Every snapshot test goes through it
/// (<see cref="Snapshot.Verify"/>), so each declaration the snapshots hold is checked, not a chosen few.
/// </summary>
public static class CachedRerun
{
    /// <summary>The step names of <see cref="NetworkGenerator.TrackingNames"/>, read by reflection so that a new step is included.</summary>
    public static IReadOnlyList<string> StepNames { get; } =
        typeof(NetworkGenerator.TrackingNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(string))
            .Select(field => (string)field.GetRawConstantValue()!)
            .ToList();

    public static void AssertEveryStepCached(GeneratorRun run)
    {
        SyntaxTree unrelated = CSharpSyntaxTree.ParseText(
            "// An edit elsewhere in the project.\ninternal static class NetGenUnrelatedEdit { public static int Twice(int x) => 2 * x; }\n",
            GeneratorHarness.ParseOptions, path: "UnrelatedEdit.cs");
        GeneratorRun rerun = GeneratorHarness.Run(run.Input.AddSyntaxTrees(unrelated), run.Driver);

        var failures = new List<string>();
        int outputs = 0;
        ImmutableDictionary<string, ImmutableArray<IncrementalGeneratorRunStep>> steps = rerun.Result.Results.Single().TrackedSteps;
        foreach (string name in StepNames)
        {
            if (!steps.TryGetValue(name, out ImmutableArray<IncrementalGeneratorRunStep> runs)) continue;
            foreach (IncrementalGeneratorRunStep step in runs)
                foreach (var (value, reason) in step.Outputs)
                {
                    outputs++;
                    if (reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))
                        failures.Add($"{name}: {reason} (expected Cached or Unchanged), output {Describe(value)}");
                }
        }
        if (outputs == 0)
            failures.Add($"no NetGen step ({string.Join(", ", StepNames)}) reported an output: the check would prove nothing");

        if (!Sources(run).SequenceEqual(Sources(rerun)))
            failures.Add("the generated sources differ after an unrelated edit");
        if (!run.GeneratorDiagnostics.Select(d => d.ToString()).SequenceEqual(rerun.GeneratorDiagnostics.Select(d => d.ToString())))
            failures.Add("the diagnostics differ after an unrelated edit:\n  " + string.Join("\n  ", rerun.GeneratorDiagnostics));

        if (failures.Count > 0)
            throw new XunitException("Re-running the generator after an unrelated edit did work again:\n" + string.Join("\n", failures));
    }

    private static IEnumerable<(string, string)> Sources(GeneratorRun run) =>
        run.Result.Results.SelectMany(result => result.GeneratedSources).Select(source => (source.HintName, source.SourceText.ToString()));

    private static string Describe(object? value)
    {
        string text = value?.ToString() ?? "null";
        return text.Length <= 300 ? text : text.Substring(0, 300) + "…";
    }
}
