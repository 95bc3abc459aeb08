using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using NetGen.Tests.Infrastructure;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests.Files;

// Networks whose parameters were baked in at compile time from files PyTorch wrote (tools/make_safetensors_fixtures.py);
// the test project gives the files to the compiler as AdditionalFiles items.
[Weights("Files/Fixtures/tiny_f32.safetensors")]
[Linear(4, 8), ReLU, Linear(8, 1), Sigmoid]
[BCELoss]
public partial class BakedTinyF32 { }

[Weights("tiny_bf16.safetensors")] // a file name alone matches the end of the item's path
[Linear(4, 8), ReLU, Linear(8, 1), Sigmoid]
[BCELoss]
public partial class BakedTinyBF16 { }

/// <summary>[Weights(path)]: parameters read at compile time, checked, and built into the assembly.</summary>
public class BakedWeightsTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Files", "Fixtures", name);

    [Theory]
    [InlineData("tiny_f32.safetensors")]
    [InlineData("tiny_bf16.safetensors")]
    public void TheParameterlessConstructorHasTheFilesParametersAndPyTorchsOutputs(string file)
    {
        INetwork baked = file.Contains("f32") ? new BakedTinyF32() : new BakedTinyBF16();
        var loaded = new TinyReluSigmoidBce(seed: 1);
        SafeTensorsFile.Load(loaded, Fixture(file));
        Assert.Equal(loaded.Parameters.ToArray(), baked.Parameters.ToArray()); // bit for bit, converted as the runtime converts

        using JsonDocument outputs = JsonDocument.Parse(File.ReadAllText(Fixture("safetensors_outputs.json")));
        JsonElement @case = outputs.RootElement.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("file").GetString() == file);
        float[] inputs = @case.GetProperty("input").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        float[] expected = @case.GetProperty("output").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        float[] actual = new float[expected.Length];
        baked.ForwardBatch(inputs, actual);
        for (int i = 0; i < expected.Length; i++) Tolerance.Equal(expected[i], actual[i], $"output {i}");
    }

    [Fact]
    public void TheSeededConstructorStillDrawsFreshParameters()
    {
        var baked = new BakedTinyF32(seed: 3);
        Assert.Equal(new TinyReluSigmoidBce(seed: 3).Parameters.ToArray(), baked.Parameters.ToArray());
    }

    private const string Declaration = """
        using NetGen;
        [Weights("model.safetensors")]
        [Linear(4, 8), ReLU, Linear(8, 1), Sigmoid]
        public partial class Net { }
        [Linear(3, 3)] public partial class Other { }
        """;

    private static GeneratorRun RunWith(params string[] files) =>
        GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Declaration), GeneratorHarness.CreateDriver(files));

    private static string Copy(string fixture, string name)
    {
        string folder = Path.Combine(Path.GetTempPath(), "netgen-baked-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, name);
        File.Copy(Fixture(fixture), path);
        return path;
    }

    [Fact]
    public void AFileThatIsNotGivenToTheCompilerIsNG0022()
    {
        GeneratorRun run = RunWith();
        var error = Assert.Single(run.NetGenDiagnostics);
        Assert.Equal("NG0022", error.Id);
        Assert.Contains("<AdditionalFiles Include=\"model.safetensors\" />", error.GetMessage());
        Assert.Contains("[Weights(\"model.safetensors\")]", error.Location.SourceTree!.ToString().Substring(error.Location.SourceSpan.Start - 1, 30));
    }

    [Fact]
    public void AFileThatCannotBeBakedLeavesItsErrorTheOnlyOneWhereverTheNetworkIsUsed()
    {
        // Before, a failed bake generated nothing: every use of the network added CS0117/CS1061/CS1729 to the NG error.
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Declaration, """
            public static class Use
            {
                public static float Run()
                {
                    var net = new Net();
                    float[] input = new float[Net.InputSize], output = new float[Net.OutputSize];
                    net.Forward(input, output);
                    return new Net(seed: 2).Parameters[0] + output[0];
                }
            }
            """), GeneratorHarness.CreateDriver());
        Assert.Equal("NG0022", Assert.Single(run.NetGenDiagnostics).Id);
        Assert.Empty(run.CompilationErrors);
    }

    [Fact]
    public void AFileOfAnotherNetworkIsNG0024NamingTheTensor()
    {
        string path = Copy("mixed_f32_metadata.safetensors", "model.safetensors");
        GeneratorRun run = RunWith(path);
        var error = Assert.Single(run.NetGenDiagnostics);
        Assert.Equal("NG0024", error.Id);
        Assert.Matches("tensor '[0-9]+\\.(weight|bias)'", error.GetMessage());
    }

    [Fact]
    public void ACorruptFileIsNG0023AndNeverAnException()
    {
        string path = Copy("tiny_f32.safetensors", "model.safetensors");
        byte[] bytes = File.ReadAllBytes(path);
        foreach (int cut in new[] { 0, 4, 8, 20, bytes.Length / 2, bytes.Length - 1 })
        {
            File.WriteAllBytes(path, bytes.AsSpan(0, cut).ToArray());
            GeneratorRun run = RunWith(path); // the harness fails on any generator exception
            Assert.Equal("NG0023", Assert.Single(run.NetGenDiagnostics).Id);
        }
        bytes[0] = 0xFF; // a header length past the end
        File.WriteAllBytes(path, bytes);
        Assert.Equal("NG0023", Assert.Single(RunWith(path).NetGenDiagnostics).Id);
    }

    [Fact]
    public void AGoodFileBakesAndEditingItRegeneratesOnlyThatNetwork()
    {
        string path = Copy("tiny_f32.safetensors", "model.safetensors");
        var text = new GeneratorHarness.FileOnDisk(path);
        GeneratorRun first = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Declaration), GeneratorHarness.CreateDriver(new Microsoft.CodeAnalysis.AdditionalText[] { text }));
        Assert.Empty(first.NetGenDiagnostics);
        Assert.Empty(first.CompilationErrors);
        string Source(GeneratorRun run, string type) => run.Result.GeneratedTrees.Single(tree => Path.GetFileName(tree.FilePath).StartsWith(type + ".")).ToString();
        Assert.Contains("BakedParameterData", Source(first, "Net"));

        // The same driver on the unchanged file: every step cached or unchanged.
        GeneratorRun again = GeneratorHarness.Run(first.Input, first.Driver);
        Assert.All(again.Result.Results.Single().TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(step => step.Outputs),
            output => Assert.True(output.Reason is Microsoft.CodeAnalysis.IncrementalStepRunReason.Cached or Microsoft.CodeAnalysis.IncrementalStepRunReason.Unchanged, $"{output.Reason}"));

        // The file edited (other parameters): the baked network's source changes, the other network's step stays cached.
        File.Copy(Fixture("tiny_f16.safetensors"), path, overwrite: true);
        GeneratorRun after = GeneratorHarness.Run(first.Input, first.Driver.ReplaceAdditionalText(text, new GeneratorHarness.FileOnDisk(path)));
        Assert.NotEqual(Source(first, "Net"), Source(after, "Net"));
        Assert.Equal(Source(first, "Other"), Source(after, "Other"));
        Assert.Contains(after.Result.Results.Single().TrackedSteps["NetGen.Network"].SelectMany(step => step.Outputs),
            output => output.Reason == Microsoft.CodeAnalysis.IncrementalStepRunReason.Cached);
    }
}
