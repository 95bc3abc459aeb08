using System.IO;
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
}
