using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using NetGen.Tests.Infrastructure;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// What OnnxFile writes (the contract's names, shapes, opset and state_dict initializers) and what it refuses: null
/// arguments, a layer kind it cannot export, a network whose layout disagrees with its layers, a diverged network; a
/// failed save leaves the previous file and no stray file, and writes nothing to a stream.
/// </summary>
public sealed class OnnxFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("netgen-onnx-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TheModelHasTheContractsNamesShapesOpsetAndStateDictInitializers()
    {
        INetwork net = new MixedRegressionNet(seed: 3); // Linear(5, 4, Bias = false) at index 4: no 4.bias
        Onnx.ModelProto model = Onnx.ModelProto.Parser.ParseFrom(OnnxRuntimeRunner.Export(net));

        Assert.Equal(OnnxFile.OpsetVersion, model.OpsetImport.Single(opset => opset.Domain == "").Version);
        Assert.True(OnnxFile.OpsetVersion >= 13);
        Assert.Equal("input", model.Graph.Input.Single().Name);
        Assert.Equal("output", model.Graph.Output.Single().Name);
        Assert.Equal(new[] { "N", MixedRegressionNet.InputSize.ToString() }, Dimensions(model.Graph.Input.Single()));
        Assert.Equal(new[] { "N", MixedRegressionNet.OutputSize.ToString() }, Dimensions(model.Graph.Output.Single()));
        Assert.Equal(net.ParameterLayout.Select(t => t.Name), model.Graph.Initializer.Select(t => t.Name));
        Assert.DoesNotContain("4.bias", model.Graph.Initializer.Select(t => t.Name));
        foreach (ParameterTensor tensor in net.ParameterLayout)
        {
            Onnx.TensorProto initializer = model.Graph.Initializer.Single(t => t.Name == tensor.Name);
            Assert.Equal(tensor.Shape.Select(d => (long)d), initializer.Dims);
            Assert.Equal(tensor.Slice(net.Parameters).ToArray(), initializer.FloatData.ToArray()); // bit for bit
        }

        // ONNX Runtime reads the same contract: a free batch dimension (-1) and the sizes.
        using var session = new InferenceSession(OnnxRuntimeRunner.Export(net));
        Assert.Equal(new[] { -1, MixedRegressionNet.InputSize }, session.InputMetadata["input"].Dimensions);
        Assert.Equal(new[] { -1, MixedRegressionNet.OutputSize }, session.OutputMetadata["output"].Dimensions);
    }

    [Fact]
    public void SavingToAPathWritesTheSameBytesAsTheStreamAndReplacesAnOlderFile()
    {
        string path = Path.Combine(_folder, "net.onnx");
        File.WriteAllText(path, "an older file, longer than nothing");
        var net = new IrisNet(seed: 5);

        OnnxFile.Save(net, path);

        Assert.Equal(OnnxRuntimeRunner.Export(net), File.ReadAllBytes(path));
        Assert.Equal(new[] { "net.onnx" }, Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public void NullOrEmptyArgumentsAreRefusedByName()
    {
        var net = new TinyReluSigmoidBce(seed: 1);
        Assert.Equal("network", Assert.Throws<ArgumentNullException>(() => OnnxFile.Save(null!, Path.Combine(_folder, "a.onnx"))).ParamName);
        Assert.Equal("path", Assert.Throws<ArgumentNullException>(() => OnnxFile.Save(net, (string)null!)).ParamName);
        Assert.Equal("path", Assert.Throws<ArgumentException>(() => OnnxFile.Save(net, "")).ParamName);
        Assert.Equal("network", Assert.Throws<ArgumentNullException>(() => OnnxFile.Save(null!, new MemoryStream())).ParamName);
        Assert.Equal("stream", Assert.Throws<ArgumentNullException>(() => OnnxFile.Save(net, (Stream)null!)).ParamName);
        var readOnly = new MemoryStream(new byte[16], writable: false);
        ArgumentException error = Assert.Throws<ArgumentException>(() => OnnxFile.Save(net, readOnly));
        Assert.Equal("stream", error.ParamName);
        Assert.Contains("expected a writable stream", error.Message);
        Assert.Contains("names a folder", Assert.Throws<ArgumentException>(() => OnnxFile.Save(net, _folder + Path.DirectorySeparatorChar)).Message);
    }

    [Fact]
    public void AnUnknownLayerIsRefusedByNameAndTheOldFileAndTheStreamAreLeftAlone()
    {
        INetwork inner = new TinyReluSigmoidBce(seed: 2);
        var net = new Redeclared(inner, inner.Layers.Append(new FutureLayerAttribute()).ToArray());
        string path = Path.Combine(_folder, "net.onnx");
        OnnxFile.Save(inner, path);
        byte[] before = File.ReadAllBytes(path);

        var error = Assert.Throws<NotSupportedException>(() => OnnxFile.Save(net, path));
        Assert.Contains("Layer 4", error.Message);
        Assert.Contains("FutureLayer", error.Message);
        Assert.Contains("it exports BatchNorm1d, BinaryStep, CELU, Dropout, ELU, GELU", error.Message); // and the rest, in order
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(_folder));

        var stream = new MemoryStream();
        Assert.Throws<NotSupportedException>(() => OnnxFile.Save(net, stream));
        Assert.Equal(0, stream.Length);
    }

    public static IEnumerable<object[]> MisdeclaredNetworks()
    {
        // TinyReluSigmoidBce is [Linear(4, 8), ReLU, Linear(8, 1), Sigmoid]; each case declares something else over its parameters.
        yield return new object[] { new LayerAttribute[] { new LinearAttribute(4, 8), new ReLUAttribute(), new LinearAttribute(9, 1), new SigmoidAttribute() },
            "Layer 2 is Linear(9, 1), but its input has 8 features; expected Linear(8, …)" };
        yield return new object[] { new LayerAttribute[] { new LinearAttribute(4, 8), new LinearAttribute(8, 1), new SigmoidAttribute() },
            "needs the parameter '1.weight' of shape [1, 8]" };
        yield return new object[] { new LayerAttribute[] { new LinearAttribute(4, 8), new ReLUAttribute(), new LinearAttribute(8, 1) { Bias = false }, new SigmoidAttribute() },
            "has 2.bias, which no layer uses" };
        yield return new object[] { new LayerAttribute[] { new LinearAttribute(4, 8), new ReLUAttribute() },
            "end with 8 features, but its OutputSize is 1" };
        yield return new object[] { new LayerAttribute[] { new LinearAttribute(4, 8), new ReLUAttribute(), new LinearAttribute(8, 1), new GELUAttribute("erf") },
            "GELU(\"erf\"); expected approximate \"none\" or \"tanh\"" };
        yield return new object[] { Array.Empty<LayerAttribute>(), "declares no layers" };
    }

    [Theory]
    [MemberData(nameof(MisdeclaredNetworks))]
    public void ANetworkWhoseLayersDisagreeWithItsParametersIsRefusedSayingWhatWasExpected(LayerAttribute[] layers, string expectedMessage)
    {
        var net = new Redeclared(new TinyReluSigmoidBce(seed: 3), layers);
        var stream = new MemoryStream();
        var error = Assert.Throws<ArgumentException>(() => OnnxFile.Save(net, stream));
        Assert.Equal("network", error.ParamName);
        Assert.Contains(expectedMessage, error.Message);
        Assert.Equal(0, stream.Length);
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "Infinity")]
    public void ADivergedNetworkIsRefusedNamingTheTensorAndDoesNotReplaceAGoodModel(float value, string shown)
    {
        INetwork net = new TinyReluSigmoidBce(seed: 4);
        string path = Path.Combine(_folder, "net.onnx");
        OnnxFile.Save(net, path);
        byte[] good = File.ReadAllBytes(path);
        ParameterTensor weight = net.ParameterLayout.Single(t => t.Name == "2.weight");
        weight.Slice(net.Parameters)[3] = value;

        var error = Assert.Throws<ArgumentException>(() => OnnxFile.Save(net, path));

        Assert.Contains($"'2.weight'[3] is {shown}; expected a finite number", error.Message);
        Assert.Equal("network", error.ParamName);
        Assert.Equal(good, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public void AFailedWriteLeavesWhatWasThereAndNoTemporaryFile()
    {
        // The target is a folder: the file is written, but cannot take the folder's name.
        string target = Path.Combine(_folder, "model.onnx");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "keep.txt"), "kept");

        Exception error = Record.Exception(() => OnnxFile.Save(new IrisNet(seed: 1), target));

        Assert.True(error is IOException or UnauthorizedAccessException, $"expected an I/O error, got {error}");
        Assert.Equal("kept", File.ReadAllText(Path.Combine(target, "keep.txt")));
        Assert.Empty(Directory.GetFiles(_folder));
    }

    private static string[] Dimensions(Onnx.ValueInfoProto value) =>
        value.Type.TensorType.Shape.Dim.Select(d => d.HasDimParam ? d.DimParam : d.DimValue.ToString()).ToArray();

    /// <summary>A layer kind that a later version may add, unknown to this exporter.</summary>
    private sealed class FutureLayerAttribute : LayerAttribute { }

    /// <summary>A generated network with a different declaration over the same parameters, as a hand-written INetwork might have.</summary>
    private sealed class Redeclared(INetwork inner, IReadOnlyList<LayerAttribute> layers) : INetwork
    {
        public int InputSize => inner.InputSize;
        public int OutputSize => inner.OutputSize;
        public Span<float> Parameters => inner.Parameters;
        public Span<float> Gradients => inner.Gradients;
        public IReadOnlyList<ParameterTensor> ParameterLayout => inner.ParameterLayout;
        public IReadOnlyList<LayerAttribute> Layers => layers;
        public LossAttribute? Loss => inner.Loss;
        public void Forward(ReadOnlySpan<float> input, Span<float> output) => inner.Forward(input, output);
        public void ForwardBatch(ReadOnlySpan<float> inputs, Span<float> outputs) => inner.ForwardBatch(inputs, outputs);
        public void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient) =>
            inner.Backward(input, outputGradient, inputGradient);
    }
}
