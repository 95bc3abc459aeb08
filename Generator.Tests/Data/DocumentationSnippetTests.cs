using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetGen.Tests.Infrastructure;
using Xunit;

namespace NetGen.Tests.Data;

/// <summary>Every C# block of docs/data.md and of the README's data section compiles, generator included, as a program.</summary>
public class DocumentationSnippetTests
{
    // The few reference assemblies the snippets and the generated code use: the whole framework takes seconds longer.
    private static readonly MetadataReference[] References =
    {
        Net100.References.SystemRuntime, Net100.References.SystemConsole, Net100.References.SystemRuntimeIntrinsics,
        Net100.References.SystemNumericsVectors, Net100.References.SystemMemory, Net100.References.SystemCollections,
        MetadataReference.CreateFromFile(typeof(LinearAttribute).Assembly.Location),
    };

    private static readonly string Root = Path.GetDirectoryName(TestPaths.ProjectDirectory)!;

    private static string[] Blocks(string file)
    {
        string text = File.ReadAllText(Path.Combine(Root, file)).Replace("\r\n", "\n");
        if (file == "README.md")
        {
            int start = text.IndexOf("\n## Data in, predictions out\n");
            Assert.True(start >= 0, "README.md has no section '## Data in, predictions out'");
            int end = text.IndexOf("\n## ", start + 1);
            text = text[start..(end < 0 ? text.Length : end)];
        }
        return Regex.Matches(text, "```csharp\n(.*?)```", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToArray();
    }

    public static IEnumerable<object[]> Snippets() =>
        new[] { "docs/data.md", "README.md" }.SelectMany(file => Blocks(file).Select((_, i) => new object[] { file, i + 1 }));

    [Theory]
    [MemberData(nameof(Snippets))]
    public void TheBlockCompiles(string file, int block)
    {
        string code = Blocks(file)[block - 1];
        var compilation = CSharpCompilation.Create("Snippet",
            new[] { CSharpSyntaxTree.ParseText(code, GeneratorHarness.ParseOptions, path: "Snippet.cs") }, References,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        GeneratorRun run = GeneratorHarness.Run(compilation);
        Assert.Empty(run.NetGenDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.True(run.CompilationErrors.IsEmpty, $"{file}, C# block {block}:\n" + string.Join("\n", run.CompilationErrors));
    }

    [Fact]
    public void TheDocumentsHaveBlocksToCheck()
    {
        Assert.Equal(3, Blocks("docs/data.md").Length);
        Assert.Single(Blocks("README.md"));
    }
}
