using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using NetGen.Tests.Infrastructure;
using Xunit;

namespace NetGen.Tests.Training;

/// <summary>The README's training example compiles as written (a program with its network), so it cannot rot.</summary>
public class ReadmeTrainingExampleTests
{
    [Fact]
    public void TheReadmesTrainingExampleCompiles()
    {
        string readme = File.ReadAllText(Path.Combine(TestPaths.ProjectDirectory, "..", "README.md"));
        Match section = Regex.Match(readme, @"^## Training\r?\n.*?```csharp\r?\n(?<code>.*?)```", RegexOptions.Singleline | RegexOptions.Multiline);
        Assert.True(section.Success, "the README has a '## Training' section with a csharp block");
        string code = section.Groups["code"].Value;
        Assert.Contains("Trainer.Train(", code);
        Assert.Contains("EarlyStopping", code);
        Assert.Contains("Scheduler", code);

        var compilation = GeneratorHarness.CreateCompilation(code)
            .WithOptions(GeneratorHarness.CreateCompilation().Options.WithOutputKind(OutputKind.ConsoleApplication));
        GeneratorRun run = GeneratorHarness.Run(compilation);

        Assert.Empty(run.NetGenDiagnostics);
        Assert.Empty(run.CompilationErrors.Select(d => d.ToString()));
    }
}
