using System;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using NetGen.Tests.Infrastructure;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests;

/// <summary>The README's NetGen → ONNX → ONNX Runtime recipe compiles, runs, and gives what the network gives.</summary>
public class OnnxReadmeRecipeTests
{
    [Fact]
    public void TheRecipeRunsAndOnnxRuntimeGivesWhatForwardBatchGives()
    {
        // --- the README's recipe, verbatim (checked by the test below) ---
        var net = new IrisNet(seed: 1);                     // [Linear(4, 16), ReLU, Linear(16, 3), Softmax], trained as above
        OnnxFile.Save(net, "iris.onnx");                    // package NetGen.Onnx

        using var session = new InferenceSession("iris.onnx");             // package Microsoft.ML.OnnxRuntime
        float[] batch = [5.1f, 3.5f, 1.4f, 0.2f, 6.7f, 3.0f, 5.2f, 2.3f];   // two samples, a row each
        using var input = OrtValue.CreateTensorValueFromMemory(batch, [2, IrisNet.InputSize]);
        using var options = new RunOptions();
        using var outputs = session.Run(options, ["input"], [input], ["output"]);
        ReadOnlySpan<float> probabilities = outputs[0].GetTensorDataAsSpan<float>();   // 2 × 3, as net.ForwardBatch
        // --- end of the recipe ---

        float[] expected = new float[2 * IrisNet.OutputSize];
        net.ForwardBatch(batch, expected);
        Assert.Equal(expected.Length, probabilities.Length);
        for (int i = 0; i < expected.Length; i++)
            Tolerance.Equal(expected[i], probabilities[i], $"probability {i}", 1e-5, 1e-6); // as OnnxRuntimeParityTests
    }

    [Fact]
    public void TheReadmeShowsTheRecipeThisTestRuns()
    {
        string readme = File.ReadAllText(Path.Combine(TestPaths.ProjectDirectory, "..", "README.md"));
        string test = File.ReadAllText(Path.Combine(TestPaths.ProjectDirectory, "OnnxReadmeRecipeTests.cs"));
        const string heading = "## Export to ONNX";
        int start = readme.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no section '{heading}'.");
        int codeStart = readme.IndexOf("```csharp", start, StringComparison.Ordinal) + "```csharp".Length;
        int codeEnd = readme.IndexOf("```", codeStart, StringComparison.Ordinal);
        string[] recipe = Lines(readme[codeStart..codeEnd]).Where(line => !line.StartsWith("using ", StringComparison.Ordinal) || line.StartsWith("using var", StringComparison.Ordinal)).ToArray();
        string[] body = Lines(test);
        Assert.NotEmpty(recipe);
        // Every line of the README's recipe, in order, is a line of this test's recipe.
        int at = 0;
        foreach (string line in recipe)
        {
            at = Array.IndexOf(body, line, at);
            Assert.True(at >= 0, $"README.md's recipe line is not in OnnxReadmeRecipeTests, or out of order: {line}");
        }
    }

    private static string[] Lines(string text) =>
        text.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0).ToArray();
}
