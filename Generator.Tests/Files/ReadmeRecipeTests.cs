using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using NetGen.Tests.Infrastructure;
using Xunit;
using Tiny = NetGen.Tests.Networks.TinyReluSigmoidBce; // the README's Tiny: [Linear(4, 8), ReLU, Linear(8, 1), Sigmoid] [BCELoss]

namespace NetGen.Tests.Files;

/// <summary>
/// The README's file recipes, line for line (with the files in a temporary folder instead of the current directory,
/// which is shared by tests running in parallel), so that they keep compiling and doing what they say.
/// </summary>
public class ReadmeRecipeTests
{
    [Fact]
    public void PyTorchInCheckpointsAndModelsOut()
    {
        using var folder = new TemporaryFolder();
        // tiny_f32.safetensors is what the README's Python lines write (tools/make_safetensors_fixtures.py, seed 7).
        File.Copy(TestPaths.Output("Files", "Fixtures", "tiny_f32.safetensors"), folder.File("tiny.safetensors"));
        var adam = new Adam(Tiny.ParameterCount, learningRate: 0.01f);
        var standardizer = new Standardizer([0f, 0f, 0f, 0f], [1f, 2f, 3f, 4f]);

        var net = new Tiny();
        SafeTensorsFile.Load(net, folder.File("tiny.safetensors"));        // names and shapes checked; F32, F16, BF16, F64 read
        float[] fromPyTorch = net.Parameters.ToArray();
        Assert.NotEqual(new Tiny().Parameters.ToArray(), fromPyTorch);

        CheckpointFile.Save(folder.File("run.ckpt"), net, adam);           // parameters + the optimizer's moments, step count, hyper-parameters
        CheckpointFile.Load(folder.File("run.ckpt"), net, adam);           // 3 steps + save + load + 3 steps == 6 steps, bit for bit

        ModelFile.Save(net, folder.File("tiny.model"), standardizer, ["benign", "malignant"]);
        ModelInfo info = ModelFile.Load(net, folder.File("tiny.model"));   // info.Standardizer, info.ClassNames

        Assert.Equal(fromPyTorch, net.Parameters.ToArray());
        Assert.Equal(new[] { "benign", "malignant" }, info.ClassNames);
        Assert.Equal(standardizer.Scale.ToArray(), info.Standardizer!.Scale.ToArray());
    }

    [Fact]
    public void TheReadmeShowsTheLinesThisTestRuns()
    {
        string readme = File.ReadAllText(Path.Combine(TestPaths.ProjectDirectory, "..", "README.md"));
        // The test's lines with its temporary folder taken out: folder.File("run.ckpt") is the README's "run.ckpt".
        string test = Regex.Replace(File.ReadAllText(Path.Combine(TestPaths.ProjectDirectory, "Files", "ReadmeRecipeTests.cs")),
            @"folder\.File\((""[^""]+"")\)", "$1");
        string[] body = Lines(test);
        const string marker = "<!-- tested by ReadmeRecipeTests";
        int blocks = 0, at = 0;
        for (int start = readme.IndexOf(marker, StringComparison.Ordinal); start >= 0; start = readme.IndexOf(marker, start + 1, StringComparison.Ordinal))
        {
            int codeStart = readme.IndexOf("```csharp", start, StringComparison.Ordinal) + "```csharp".Length;
            int codeEnd = readme.IndexOf("```", codeStart, StringComparison.Ordinal);
            foreach (string line in Lines(readme[codeStart..codeEnd]))
            {
                at = Array.IndexOf(body, line, at);
                Assert.True(at >= 0, $"README.md's line is not in ReadmeRecipeTests, or out of order: {line}");
            }
            blocks++;
        }
        Assert.Equal(2, blocks); // the safetensors load, then checkpoints and model files
    }

    private static string[] Lines(string text) =>
        text.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0).ToArray();
}
