using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using NetGen.Tests.Infrastructure;
using Xunit;

namespace NetGen.Tests.Files;

// A network with every layer that has parameters or buffers beyond Linear, as tools/make_layer_fixtures.py trains it in
// PyTorch (its state_dict holds BatchNorm1d's running statistics and an int64 batch count).
[Linear(4, 6), BatchNorm1d(6), PReLU(6), Dropout(0.2), Linear(6, 5), LayerNorm(5), Tanh, Linear(5, 3)]
[CrossEntropyLoss]
public partial class LayerStateNet { }

[Weights("layers_state_dict.safetensors")]
[Linear(4, 6), BatchNorm1d(6), PReLU(6), Dropout(0.2), Linear(6, 5), LayerNorm(5), Tanh, Linear(5, 3)]
[CrossEntropyLoss]
public partial class BakedLayerStateNet { }

/// <summary>
/// The buffers (BatchNorm1d's running_mean, running_var and num_batches_tracked) in every file format: read from what
/// PyTorch writes, written as PyTorch reads (the count as an integer), round-tripped bit for bit, refused when missing
/// or malformed without changing the network, and baked in by [Weights].
/// </summary>
public class LayerStateTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Files", "Fixtures", name);

    private static JsonDocument Outputs() => JsonDocument.Parse(File.ReadAllText(Fixture("layers_outputs.json")));

    private static LayerStateNet LoadedFromPyTorch()
    {
        var network = new LayerStateNet(seed: 1);
        SafeTensorsFile.Load(network, Fixture("layers_state_dict.safetensors"));
        return network;
    }

    [Fact]
    public void TheLayoutsNamePyTorchsStateDictInItsOrder()
    {
        using JsonDocument outputs = Outputs();
        string[] pytorch = outputs.RootElement.GetProperty("state_dict").EnumerateArray().Select(name => name.GetString()!).ToArray();
        Assert.Equal(pytorch, StateDict.Names(new LayerStateNet(1)).ToArray());
        Assert.Equal(["1.running_mean", "1.running_var", "1.num_batches_tracked"], LayerStateNet.BufferLayout.Select(t => t.Name));
        Assert.Empty(LayerStateNet.BufferLayout[2].Shape); // a scalar, as PyTorch's
        Assert.True(LayerStateNet.BufferLayout[2].IsInteger);
    }

    [Fact]
    public void ANewNetworksBuffersAreAsPyTorchInitialisesThem()
    {
        var network = new LayerStateNet(seed: 4);
        Assert.Equal(Enumerable.Repeat(0f, 6).Concat(Enumerable.Repeat(1f, 6)).Append(0f), network.Buffers.ToArray());
    }

    /// <summary>Evaluation with PyTorch's running statistics (Dropout off): PyTorch's float64 outputs within float32's tolerance.</summary>
    [Fact]
    public void SafeTensorsFromPyTorchGiveItsBuffersAndItsOutputs()
    {
        LayerStateNet network = LoadedFromPyTorch();
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Fixture("layers_state_dict.json")));
        float[] count = json.RootElement.GetProperty("1.num_batches_tracked").GetProperty("values").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        Assert.Equal([5f], count);
        Assert.Equal(5f, network.Buffers[12]);
        float[] runningVar = json.RootElement.GetProperty("1.running_var").GetProperty("values").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        Assert.Equal(runningVar, network.Buffers.Slice(6, 6).ToArray());

        using JsonDocument outputs = Outputs();
        float[] inputs = outputs.RootElement.GetProperty("input").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
        double[] expected = outputs.RootElement.GetProperty("output").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        float[] actual = new float[expected.Length];
        network.ForwardBatch(inputs, actual);
        Tolerance.Equal(expected, actual, "ForwardBatch with PyTorch's state_dict");
        network.Forward(inputs.AsSpan(0, 4), actual.AsSpan(0, 3));
        Tolerance.Equal(expected.AsSpan(0, 3), actual.AsSpan(0, 3), "Forward with PyTorch's state_dict");
    }

    /// <summary>Exported to ONNX (BatchNormalization with the running statistics, LayerNormalization, PRelu, Dropout as Identity), ONNX Runtime gives PyTorch's outputs.</summary>
    [Fact]
    public void OnnxRuntimeGivesPyTorchsOutputsForTheExportedModel()
    {
        LayerStateNet network = LoadedFromPyTorch();
        using JsonDocument outputs = Outputs();
        float[] inputs = outputs.RootElement.GetProperty("input").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
        double[] expected = outputs.RootElement.GetProperty("output").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        float[] actual = OnnxRuntimeRunner.Run(OnnxRuntimeRunner.Export(network), inputs, LayerStateNet.InputSize);
        Tolerance.Equal(expected, actual, "ONNX Runtime on the exported PyTorch state_dict");
    }

    [Fact]
    public void WeightsJsonFromPyTorchsRecipeLoadsTheSameValues()
    {
        var network = new LayerStateNet(seed: 2);
        WeightsFile.Load(network, Fixture("layers_state_dict.json"));
        LayerStateNet expected = LoadedFromPyTorch();
        Assert.Equal(expected.Parameters.ToArray(), network.Parameters.ToArray());
        Assert.Equal(expected.Buffers.ToArray(), network.Buffers.ToArray());
    }

    [Fact]
    public void WeightsBakesTheBuffersIn()
    {
        var baked = new BakedLayerStateNet();
        LayerStateNet loaded = LoadedFromPyTorch();
        Assert.Equal(loaded.Parameters.ToArray(), baked.Parameters.ToArray());
        Assert.Equal(loaded.Buffers.ToArray(), baked.Buffers.ToArray());
    }

    [Fact]
    public void SafeTensorsWritesTheCountAsI64AndRoundTripsBitForBit()
    {
        LayerStateNet network = LoadedFromPyTorch();
        var stream = new MemoryStream();
        SafeTensorsFile.Save(network, stream);
        byte[] bytes = stream.ToArray();
        int headerLength = (int)BitConverter.ToUInt64(bytes, 0);
        using JsonDocument header = JsonDocument.Parse(Encoding.UTF8.GetString(bytes, 8, headerLength));
        JsonElement count = header.RootElement.GetProperty("1.num_batches_tracked");
        Assert.Equal("I64", count.GetProperty("dtype").GetString());
        Assert.Equal(0, count.GetProperty("shape").GetArrayLength());
        Assert.Equal("F32", header.RootElement.GetProperty("1.running_mean").GetProperty("dtype").GetString());

        var reloaded = new LayerStateNet(seed: 9);
        SafeTensorsFile.Load(reloaded, new MemoryStream(bytes));
        Assert.Equal(network.Parameters.ToArray(), reloaded.Parameters.ToArray());
        Assert.Equal(network.Buffers.ToArray(), reloaded.Buffers.ToArray());
    }

    [Fact]
    public void WeightsFileWritesTheCountAsAnIntegerAndRoundTrips()
    {
        LayerStateNet network = LoadedFromPyTorch();
        var stream = new MemoryStream();
        WeightsFile.Save(network, stream);
        using JsonDocument json = JsonDocument.Parse(stream.ToArray());
        JsonElement count = json.RootElement.GetProperty("1.num_batches_tracked");
        Assert.Equal(0, count.GetProperty("shape").GetArrayLength());
        Assert.Equal("5", count.GetProperty("values")[0].GetRawText());
        // state_dict order: each layer's parameters, then its buffers.
        Assert.Equal(StateDict.Names(network), json.RootElement.EnumerateObject().Select(p => p.Name));

        var reloaded = new LayerStateNet(seed: 9);
        WeightsFile.Load(reloaded, new MemoryStream(stream.ToArray()));
        Assert.Equal(network.Parameters.ToArray(), reloaded.Parameters.ToArray());
        Assert.Equal(network.Buffers.ToArray(), reloaded.Buffers.ToArray());
    }

    [Fact]
    public void CheckpointAndModelFilesCarryTheBuffers()
    {
        LayerStateNet network = LoadedFromPyTorch();
        var adam = new Adam(LayerStateNet.ParameterCount);
        var checkpoint = new MemoryStream();
        CheckpointFile.Save(checkpoint, network, adam);
        var resumed = new LayerStateNet(seed: 9);
        CheckpointFile.Load(new MemoryStream(checkpoint.ToArray()), resumed, new Adam(LayerStateNet.ParameterCount));
        Assert.Equal(network.Buffers.ToArray(), resumed.Buffers.ToArray());

        var model = new MemoryStream();
        ModelFile.Save(network, model);
        var deployed = new LayerStateNet(seed: 9);
        ModelFile.Load(deployed, new MemoryStream(model.ToArray()));
        Assert.Equal(network.Parameters.ToArray(), deployed.Parameters.ToArray());
        Assert.Equal(network.Buffers.ToArray(), deployed.Buffers.ToArray());
    }

    private static void AssertUntouched(LayerStateNet network, float[] parameters, float[] buffers)
    {
        Assert.Equal(parameters, network.Parameters.ToArray());
        Assert.Equal(buffers, network.Buffers.ToArray());
    }

    [Fact]
    public void AFileWithoutABufferIsRefusedAndChangesNothing()
    {
        var network = new LayerStateNet(seed: 3);
        float[] parameters = network.Parameters.ToArray(), buffers = network.Buffers.ToArray();
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Fixture("layers_state_dict.json")));
        string withoutVar = "{" + string.Join(",", json.RootElement.EnumerateObject().Where(p => p.Name != "1.running_var")
            .Select(p => $"\"{p.Name}\":{p.Value.GetRawText()}")) + "}";
        var error = Assert.Throws<InvalidDataException>(() => WeightsFile.Load(network, new MemoryStream(Encoding.UTF8.GetBytes(withoutVar))));
        Assert.Contains("no tensor '1.running_var'", error.Message);
        AssertUntouched(network, parameters, buffers);
    }

    [Fact]
    public void ACountThatIsNotAWholeNumberIsRefusedAndChangesNothing()
    {
        var network = new LayerStateNet(seed: 3);
        float[] parameters = network.Parameters.ToArray(), buffers = network.Buffers.ToArray();
        string text = File.ReadAllText(Fixture("layers_state_dict.json"))
            .Replace("\"1.num_batches_tracked\": {\"shape\": [], \"values\": [5]}", "\"1.num_batches_tracked\": {\"shape\": [], \"values\": [2.5]}");
        Assert.Contains("[2.5]", text); // the edit applied
        var error = Assert.Throws<InvalidDataException>(() => WeightsFile.Load(network, new MemoryStream(Encoding.UTF8.GetBytes(text))));
        Assert.Contains("'1.num_batches_tracked'[0] is 2.5; expected a whole number ≥ 0", error.Message);
        AssertUntouched(network, parameters, buffers);
    }

    [Fact]
    public void ADivergedBufferIsNotSaved()
    {
        LayerStateNet network = LoadedFromPyTorch();
        network.Buffers[7] = float.NaN;
        var error = Assert.Throws<ArgumentException>(() => SafeTensorsFile.Save(network, new MemoryStream()));
        Assert.Contains("'1.running_var'[1] is NaN", error.Message);
    }
}
