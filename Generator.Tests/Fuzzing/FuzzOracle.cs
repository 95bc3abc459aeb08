using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.RegularExpressions;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetGen.Tests.Infrastructure;

namespace NetGen.Tests.Fuzzing;

/// <summary>What one compilation of fuzz cases showed, per case.</summary>
public sealed record FuzzOutcome(
    IReadOnlyList<string> Failures,
    int Cases,
    int CasesWithSyntaxErrors,
    int CasesWithGeneratedCode,
    IReadOnlyCollection<string> NetGenIds);

/// <summary>
/// Runs the generator over fuzz cases compiled together and checks the property of issue 5 for each case:
/// <list type="bullet">
/// <item>no exception escapes the generator (no exception in the run result, no CS8785, no NG0099);</item>
/// <item>for a case without syntax errors: EITHER the generator reported an NG error on it OR the user's code together
/// with the generated code has no compiler error that the user's code alone did not have (errors compared by id, file
/// and span). This is a little stricter than "an NG diagnostic": a warning alone does not excuse a broken build;</item>
/// <item>never silence: a case that puts a known NetGen attribute on a class and compiles without errors gets generated
/// code or an NG diagnostic.</item>
/// </list>
/// Diagnostics and generated files are traced to their case by the <c>C{id}</c> in their path or type name.
/// </summary>
public static class FuzzOracle
{
    // The few reference assemblies the cases and the generated code use: the whole framework would triple the time.
    private static readonly ImmutableArray<MetadataReference> References =
        new MetadataReference[]
        {
            Net100.References.SystemRuntime, Net100.References.SystemRuntimeIntrinsics,
            Net100.References.SystemNumericsVectors, Net100.References.SystemMemory, Net100.References.SystemCollections,
        }
            .Append(MetadataReference.CreateFromFile(typeof(LinearAttribute).Assembly.Location))
            .ToImmutableArray();

    private static readonly Regex CaseId = new(@"(?<![A-Za-z0-9])C(\d+)(?=[._])", RegexOptions.Compiled);

    public static CSharpCompilation Compile(IEnumerable<FuzzCase> cases) =>
        CSharpCompilation.Create(
            "NetGenFuzz",
            cases.SelectMany(c => c.Files).Select(file => CSharpSyntaxTree.ParseText(file.Text, GeneratorHarness.ParseOptions, path: file.Path)),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static FuzzOutcome Check(IReadOnlyList<FuzzCase> cases)
    {
        var failures = new List<string>();
        CSharpCompilation input = Compile(cases);
        Dictionary<int, FuzzCase> byId = cases.ToDictionary(c => c.Id);

        var syntaxErrors = new HashSet<int>(input.SyntaxTrees
            .Where(tree => tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
            .Select(tree => CaseOf(tree.FilePath)!.Value));

        // The errors the user's code has without the generator, for one case: computed only for the cases that need
        // them (the few whose output has errors and no NG error), from the semantic models of that case's files.
        var baselineCache = new Dictionary<int, HashSet<(string, string, int, int)>>();
        HashSet<(string, string, int, int)> BaselineOf(int id)
        {
            if (baselineCache.TryGetValue(id, out HashSet<(string, string, int, int)>? keys)) return keys;
            keys = new HashSet<(string, string, int, int)>(input.SyntaxTrees
                .Where(tree => CaseOf(tree.FilePath) == id)
                .SelectMany(tree => input.GetSemanticModel(tree).GetDiagnostics())
                .Where(d => d.Severity == DiagnosticSeverity.Error)
                .Select(Key));
            return baselineCache[id] = keys;
        }

        GeneratorDriver driver = GeneratorHarness.CreateDriver()
            .RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        GeneratorRunResult run = driver.GetRunResult().Results.Single();
        string who = "cases " + string.Join(", ", cases.Select(c => c.Id));
        if (run.Exception is not null)
            failures.Add($"{who}: the generator threw {run.Exception}");

        var netGenByCase = new Dictionary<int, List<Diagnostic>>();
        foreach (Diagnostic diagnostic in generatorDiagnostics)
        {
            int? id = CaseOf(PathOf(diagnostic));
            if (diagnostic.Id == "CS8785" || diagnostic.Id == "NG0099")
                failures.Add($"{(id is null ? who : "case " + id)}: {diagnostic}");
            if (id is null)
            {
                if (diagnostic.Id != "CS8785" && diagnostic.Id != "NG0099") failures.Add($"{who}: a diagnostic with no location in a case: {diagnostic}");
                continue;
            }
            if (!netGenByCase.TryGetValue(id.Value, out List<Diagnostic>? list)) netGenByCase[id.Value] = list = new List<Diagnostic>();
            list.Add(diagnostic);
        }

        var generated = new HashSet<int>();
        foreach (SyntaxTree tree in run.GeneratedSources.Select(source => source.SyntaxTree))
        {
            int? id = CaseOf(tree.FilePath);
            if (id is null) failures.Add($"{who}: a generated file that names no case: {tree.FilePath}");
            else generated.Add(id.Value);
        }

        var newErrorsByCase = new Dictionary<int, List<Diagnostic>>();
        foreach (Diagnostic error in output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error))
        {
            int? id = CaseOf(PathOf(error));
            if (id is null)
            {
                failures.Add($"{who}: an error that names no case: {error}");
                continue;
            }
            bool explained = syntaxErrors.Contains(id.Value)
                || netGenByCase.TryGetValue(id.Value, out List<Diagnostic>? netGen) && netGen.Any(d => d.Severity == DiagnosticSeverity.Error);
            if (explained || BaselineOf(id.Value).Contains(Key(error))) continue;
            if (!newErrorsByCase.TryGetValue(id.Value, out List<Diagnostic>? list)) newErrorsByCase[id.Value] = list = new List<Diagnostic>();
            list.Add(error);
        }

        foreach (FuzzCase fuzzCase in cases)
        {
            if (syntaxErrors.Contains(fuzzCase.Id)) continue;
            List<Diagnostic> netGen = netGenByCase.TryGetValue(fuzzCase.Id, out List<Diagnostic>? n) ? n : new List<Diagnostic>();
            bool hasNetGenError = netGen.Any(d => d.Severity == DiagnosticSeverity.Error);
            if (newErrorsByCase.TryGetValue(fuzzCase.Id, out List<Diagnostic>? newErrors) && !hasNetGenError)
                failures.Add($"case {fuzzCase.Id}: the generated code brings new errors and no NG error explains them:\n  "
                    + string.Join("\n  ", newErrors.Take(5)) + "\n" + fuzzCase.Describe());
            if (fuzzCase.DeclaresKnownAttribute && !generated.Contains(fuzzCase.Id) && netGen.Count == 0
                && BaselineOf(fuzzCase.Id).Count == 0)
                failures.Add($"case {fuzzCase.Id}: a class with NetGen attributes got neither code nor a diagnostic\n" + fuzzCase.Describe());
        }

        return new FuzzOutcome(
            failures,
            cases.Count,
            syntaxErrors.Count,
            generated.Count,
            netGenByCase.Values.SelectMany(list => list).Select(d => d.Id).Distinct().ToList());
    }

    private static (string, string, int, int) Key(Diagnostic d) =>
        (d.Id, PathOf(d) ?? "", d.Location.SourceSpan.Start, d.Location.SourceSpan.Length);

    /// <summary>The file of a diagnostic: the generator's diagnostics carry a path and span but no syntax tree.</summary>
    private static string? PathOf(Diagnostic d) => d.Location == Location.None ? null : d.Location.GetLineSpan().Path;

    private static int? CaseOf(string? path)
    {
        if (path is null) return null;
        Match match = CaseId.Match(path);
        return match.Success ? int.Parse(match.Groups[1].Value) : null;
    }
}
