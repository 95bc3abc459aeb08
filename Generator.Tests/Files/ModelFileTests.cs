using System;
using System.IO;
using System.Linq;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests.Files;

/// <summary>One file holds a deployable model — weights, standardizer, class names — and a bad one changes nothing (issue 11 item 3).</summary>
public class ModelFileTests
{
    private static readonly Standardizer IrisScaler = new([5.84f, 3.05f, 3.76f, 1.2f], [0.825f, 0.432f, 1.759f, 0.761f]);
    private static readonly string[] IrisClasses = ["setosa", "versicolor", "virginica"];

    [Fact]
    public void WeightsStandardizerAndClassNamesRoundTripBitForBit()
    {
        var trained = new IrisNet(seed: 1);
        using var folder = new TemporaryFolder();
        string path = folder.File("iris.model");
        ModelFile.Save(trained, path, IrisScaler, IrisClasses);

        var deployed = new IrisNet(seed: 2);
        ModelInfo info = ModelFile.Load(deployed, path);
        Assert.Equal(trained.Parameters.ToArray(), deployed.Parameters.ToArray());
        Assert.Equal(IrisScaler.Mean.ToArray(), info.Standardizer!.Mean.ToArray());
        Assert.Equal(IrisScaler.Scale.ToArray(), info.Standardizer.Scale.ToArray());
        Assert.Equal(IrisClasses, info.ClassNames);

        // The deployed model predicts what the trained one does, from raw features.
        float[] sample = [6.1f, 2.8f, 4.7f, 1.2f], scaled = sample.ToArray();
        IrisScaler.Transform(scaled);
        float[] expected = new float[3], actual = new float[3];
        trained.Forward(scaled, expected);
        float[] deployedScaled = sample.ToArray();
        info.Standardizer.Transform(deployedScaled);
        deployed.Forward(deployedScaled, actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void AModelWithoutPreprocessingOrNamesLoadsWithNulls()
    {
        var stream = new MemoryStream();
        ModelFile.Save(new LeakyMse(1), stream, classNames: []); // empty, as a regression Dataset's ClassNames
        ModelInfo info = ModelFile.Load(new LeakyMse(2), new MemoryStream(stream.ToArray()));
        Assert.Null(info.Standardizer);
        Assert.Null(info.ClassNames);
    }

    [Fact]
    public void ABinaryClassifierHasTwoNamesForItsOneOutput()
    {
        var stream = new MemoryStream();
        ModelFile.Save(new TinyReluSigmoidBce(1), stream, classNames: ["benign", "malignant"]);
        Assert.Equal(new[] { "benign", "malignant" }, ModelFile.Load(new TinyReluSigmoidBce(2), new MemoryStream(stream.ToArray())).ClassNames);
    }

    [Fact]
    public void NamesOutsideAsciiAndWithQuotesSurvive()
    {
        string[] names = ["café \"au lait\"", "日本", "a\\b"];
        var stream = new MemoryStream();
        ModelFile.Save(new IrisNet(1), stream, classNames: names);
        Assert.Equal(names, ModelFile.Load(new IrisNet(2), new MemoryStream(stream.ToArray())).ClassNames);
    }

    [Fact]
    public void SavingRefusesPreprocessingOrNamesThatDoNotFitTheNetworkAndWritesNothing()
    {
        var network = new IrisNet(1);
        using var folder = new TemporaryFolder();
        string path = folder.File("iris.model");
        Assert.Contains("has 2 features; expected the network's 4 inputs",
            Assert.Throws<ArgumentException>(() => ModelFile.Save(network, path, new Standardizer([0f, 0f], [1f, 1f]))).Message);
        Assert.Contains("2 class names; expected one an output (3)",
            Assert.Throws<ArgumentException>(() => ModelFile.Save(network, path, classNames: ["a", "b"])).Message);
        Assert.Contains("'a' appears twice; expected distinct names",
            Assert.Throws<ArgumentException>(() => ModelFile.Save(network, path, classNames: ["a", "b", "a"])).Message);
        Assert.Throws<ArgumentNullException>(() => ModelFile.Save(network, path, classNames: ["a", null!, "c"]));
        Assert.Equal("network", Assert.Throws<ArgumentNullException>(() => ModelFile.Save(null!, path)).ParamName);
        Assert.Equal("network", Assert.Throws<ArgumentNullException>(() => ModelFile.Load(null!, path)).ParamName);
        Assert.Equal("stream", Assert.Throws<ArgumentNullException>(() => ModelFile.Load(network, (Stream)null!)).ParamName);
        network.Parameters[70] = float.PositiveInfinity;
        Assert.Contains("'0.bias'[6] is Infinity", Assert.Throws<ArgumentException>(() => ModelFile.Save(network, path)).Message);
        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData("\"class_names\":\"[\\\"setosa\\\",\\\"versicolor\\\",\\\"virginica\\\"]\"", "\"class_names\":\"[\\\"setosa\\\",\\\"versicolor\\\"]\"", "2 class names; expected one an output (3)")]
    [InlineData("\"class_names\":\"[\\\"setosa\\\",\\\"versicolor\\\",\\\"virginica\\\"]\"", "\"class_names\":\"[\\\"setosa\\\",\\\"setosa\\\",\\\"virginica\\\"]\"", "'setosa' appears twice")]
    [InlineData("\"class_names\":\"[\\\"setosa\\\",\\\"versicolor\\\",\\\"virginica\\\"]\"", "\"class_names\":\"[\\\"setosa\\\",2,\\\"virginica\\\"]\"", "class_names[1] is 2; expected a string")]
    [InlineData("\"class_names\":\"[\\\"setosa\\\",\\\"versicolor\\\",\\\"virginica\\\"]\"", "\"class_names\":\"setosa\"", "not valid JSON")]
    [InlineData("\"format\":\"netgen.model\"", "\"format\":\"netgen.other\"", "expected \"netgen.model\"")]
    [InlineData("\"standardizer.scale\"", "\"standardizer.scalf\"", "'standardizer.scalf' that this network does not have")]
    [InlineData("\"standardizer.mean\"", "\"standardizer.meam\"", "'standardizer.meam' that this network does not have")]
    public void AnEditedModelFileIsRefusedAndChangesNothing(string from, string to, string expectedMessage)
    {
        AssertRefused(CheckpointFileTests.RebuildHeader(IrisFile(), header =>
        {
            Assert.Contains(from, header);
            return header.Replace(from, to);
        }), expectedMessage);
    }

    [Fact]
    public void AStandardizerWithAZeroScaleOrOnlyHalfOfItIsRefused()
    {
        byte[] file = IrisFile();
        int headerLength = (int)BitConverter.ToUInt64(file, 0);
        string header = System.Text.Encoding.UTF8.GetString(file, 8, headerLength);
        int scaleBegin = int.Parse(header.Split("\"standardizer.scale\"")[1].Split("\"data_offsets\":[")[1].Split(',')[0]);
        byte[] zeroScale = file.ToArray();
        BitConverter.GetBytes(0d).CopyTo(zeroScale, 8 + headerLength + scaleBegin + 8); // F64: the standardizer holds doubles
        AssertRefused(zeroScale, "scale[1] is 0; expected a finite number greater than 0");

        // A mean without its scale.
        var half = new MemoryStream();
        new SafeTensorsWriter().AddParameters(new IrisNet(1)).Metadata("format", "netgen.model").Metadata("format_version", "1")
            .Add("standardizer.mean", [4], IrisScaler.Mean).WriteTo(half);
        AssertRefused(half.ToArray(), "has no tensor 'standardizer.scale'; expected one of shape [4]");
    }

    private static byte[] IrisFile()
    {
        var stream = new MemoryStream();
        ModelFile.Save(new IrisNet(1), stream, IrisScaler, IrisClasses);
        return stream.ToArray();
    }

    private static void AssertRefused(byte[] file, string expectedMessage)
    {
        var network = new IrisNet(seed: 7);
        float[] before = network.Parameters.ToArray();
        var error = Assert.Throws<InvalidDataException>(() => ModelFile.Load(network, new MemoryStream(file)));
        Assert.True(error.Message.Contains(expectedMessage), $"Expected \"{expectedMessage}\" in: {error.Message}");
        Assert.Equal(before, network.Parameters.ToArray());
    }
}
