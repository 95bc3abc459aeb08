using System.Collections.Immutable;
using System.Linq;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetGen.Generator;
using Xunit;

namespace NetGen.Tests.Infrastructure;

/// <summary>The result of running the generator once over a compilation.</summary>
public sealed record GeneratorRun(
    GeneratorDriver Driver,
    Compilation Input,
    Compilation Output,
    GeneratorDriverRunResult Result,
    ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    /// <summary>The NG diagnostics the generator reported.</summary>
    public ImmutableArray<Diagnostic> NetGenDiagnostics => GeneratorDiagnostics.Where(d => d.Id.StartsWith("NG")).ToImmutableArray();

    /// <summary>Compiler errors of the user's code together with the generated code.</summary>
    public ImmutableArray<Diagnostic> CompilationErrors =>
        Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
}

/// <summary>Runs <see cref="NetworkGenerator"/> in-process over source text, as the compiler would.</summary>
public static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly ImmutableArray<MetadataReference> References =
        Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(LinearAttribute).Assembly.Location))
            .ToImmutableArray();

    public static CSharpCompilation CreateCompilation(params string[] sources) =>
        CSharpCompilation.Create(
            "NetGenTests",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Source{i}.cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>A driver; <paramref name="additionalFiles"/> are paths given to it as AdditionalFiles items (as a project's).</summary>
    public static GeneratorDriver CreateDriver(params string[] additionalFiles) =>
        CreateDriver(additionalFiles.Select(path => (AdditionalText)new FileOnDisk(path)).ToArray());

    /// <summary>A driver with these AdditionalFiles items (keep them to replace one later, as an edit of the file).</summary>
    public static GeneratorDriver CreateDriver(AdditionalText[] additionalTexts) =>
        CSharpGeneratorDriver.Create(
            new[] { new NetworkGenerator().AsSourceGenerator() },
            additionalTexts: additionalTexts,
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>An AdditionalFiles item as the compiler gives it: a path; a binary file has no text.</summary>
    public sealed class FileOnDisk(string path) : AdditionalText
    {
        public override string Path { get; } = path;

        public override Microsoft.CodeAnalysis.Text.SourceText? GetText(System.Threading.CancellationToken cancellationToken = default) => null;
    }

    /// <summary>Runs the generator; an exception inside it fails the test (it must never throw).</summary>
    public static GeneratorRun Run(Compilation compilation, GeneratorDriver? driver = null)
    {
        GeneratorDriver updated = (driver ?? CreateDriver())
            .RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        GeneratorDriverRunResult result = updated.GetRunResult();
        foreach (GeneratorRunResult generatorResult in result.Results)
            Assert.Null(generatorResult.Exception);
        return new GeneratorRun(updated, compilation, output, result, diagnostics);
    }

    public static GeneratorRun Run(params string[] sources) => Run(CreateCompilation(sources));
}
