using System;
using System.IO;
using System.Linq;
using System.Text;
using NetGen.Tests.Infrastructure;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests.Files;

/// <summary>
/// Weights saved and loaded as a state_dict-shaped JSON file: a bad file changes nothing and is refused with a message
/// naming what was expected; a save validates first and replaces the file atomically (issue 9, items 1, 2, 10, 11).
/// </summary>
public class WeightsFileTests
{
    private static void Load(INetwork network, string json) => WeightsFile.Load(network, new MemoryStream(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void SavedWeightsLoadIntoAnotherNetworkBitForBit()
    {
        var trained = new LeakyMse(seed: 1);
        var stream = new MemoryStream();
        WeightsFile.Save(trained, stream);
        var fresh = new LeakyMse(seed: 2);
        WeightsFile.Load(fresh, new MemoryStream(stream.ToArray()));
        Assert.Equal(trained.Parameters.ToArray(), fresh.Parameters.ToArray());
    }

    [Fact]
    public void WeightsExportedFromPyTorchGiveTheSameOutputs()
    {
        // The reference case's parameters, written as the Python one-liner in WeightsFile's documentation writes them.
        NetworkReference reference = ReferenceData.Network("tanh_softmax_ce");
        string[] names = { "0.weight", "0.bias", "2.weight", "2.bias" };
        int[][] shapes = { new[] { 5, 3 }, new[] { 5 }, new[] { 4, 5 }, new[] { 4 } };
        var json = new StringBuilder("{");
        int offset = 0;
        for (int t = 0; t < names.Length; t++)
        {
            int length = shapes[t].Aggregate(1, (a, b) => a * b);
            string values = string.Join(", ", reference.Parameters.Skip(offset).Take(length).Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
            json.Append($"{(t > 0 ? "," : "")}\"{names[t]}\": {{\"shape\": [{string.Join(", ", shapes[t])}], \"values\": [{values}]}}");
            offset += length;
        }
        json.Append('}');
        var net = new TanhSoftmaxCrossEntropy(seed: 0);
        Load(net, json.ToString());
        float[] output = new float[4];
        net.Forward(reference.Input.Take(3).Select(v => (float)v).ToArray(), output);
        Tolerance.Equal(reference.Output.AsSpan(0, 4), output, "output after loading PyTorch's weights");
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1, 2]", "expected a JSON object")]
    [InlineData("{\"0.bias\": {\"shape\": [8], \"values\": [0,0,0,0,0,0,0,0]}}", "no tensor '0.weight'; expected one of shape [8, 4]")]
    [InlineData("{\"0.weight\": {\"shape\": [4, 8], \"values\": []}}", "expected [8, 4]")]
    [InlineData("{\"0.weight\": {\"shape\": [8, 4], \"values\": [1, 2]}}", "holds 2 values; expected 32 (shape [8, 4])")]
    public void ABadFileIsRefusedNamingWhatWasExpectedAndChangesNothing(string json, string expectedMessage)
    {
        var net = new TinyReluSigmoidBce(seed: 4);
        float[] before = net.Parameters.ToArray();
        var error = Assert.Throws<InvalidDataException>(() => Load(net, json));
        Assert.Contains(expectedMessage, error.Message);
        Assert.Equal(before, net.Parameters.ToArray());
    }

    [Fact]
    public void ANonFiniteValueOrAnUnknownTensorIsRefusedAfterTheGoodOnesWereReadAndChangesNothing()
    {
        var source = new TinyReluSigmoidBce(seed: 5);
        var stream = new MemoryStream();
        WeightsFile.Save(source, stream);
        string good = Encoding.UTF8.GetString(stream.ToArray());
        var net = new TinyReluSigmoidBce(seed: 6);
        float[] before = net.Parameters.ToArray();

        string extra = good.TrimEnd().TrimEnd('}') + ", \"4.weight\": {\"shape\": [1], \"values\": [0]}}";
        Assert.Contains("'4.weight' that this network does not have", Assert.Throws<InvalidDataException>(() => Load(net, extra)).Message);
        Assert.Equal(before, net.Parameters.ToArray());

        // 1e39 overflows float: the first value of the first tensor becomes infinite.
        string infinite = new System.Text.RegularExpressions.Regex(@"(""values"":\s*\[\s*)[-0-9.eE+]+").Replace(good, "${1}1e39", 1);
        var error = Assert.Throws<InvalidDataException>(() => Load(net, infinite));
        Assert.Contains("expected a finite number", error.Message);
        Assert.Equal(before, net.Parameters.ToArray());
    }

    [Theory]
    [InlineData("{\"0.weight\": {\"shape\": [\"8\", 4], \"values\": []}}", "'0.weight' shape[0] is a string; expected an integer ≥ 0")]
    [InlineData("{\"0.weight\": {\"shape\": [8, 4], \"values\": [\"1\"]}}", "'0.weight'[0] is a string; expected a finite number")]
    [InlineData("{\"0.weight\": {\"shape\": [8, 4], \"values\": {}}}", "\"values\" of '0.weight' is an object; expected an array of numbers")]
    [InlineData("{\"0.weight\": [8, 4]}", "'0.weight' is an array; expected an object")]
    [InlineData("{\"0.weight\": {\"shape\": [8, 4], \"shape\": [8, 4]}}", "'0.weight' has \"shape\" twice; expected it once")]
    [InlineData("{\"0.weight\": {\"dtype\": \"float32\"}}", "'0.weight' has a key 'dtype'; expected only \"shape\" and \"values\"")]
    [InlineData("{\"0.weight\": {\"shape\": [8, 4]}}", "'0.weight' has no \"values\"; expected 32 numbers")]
    [InlineData("{\"2.bias\": {\"shape\": [1], \"values\": [0]}, \"2.bias\": {\"shape\": [1], \"values\": [0]}}", "the tensor '2.bias' twice; expected each tensor once")]
    [InlineData("{\"2.bias\": {\"shape\": [1, 1], \"values\": [0]}}", "'2.bias' has more than 1 dimensions; expected shape [1]")]
    [InlineData("{\"2.bias\": {\"shape\": [1], \"values\": [0, 1]}}", "'2.bias' holds more than 1 values; expected 1 (shape [1])")]
    [InlineData("{\"2.bias\": {\"shape\": [1], \"values\": [NaN]}}", "not valid JSON")]
    [InlineData("{} {}", "has more after its JSON value")]
    [InlineData("", "not valid JSON at byte 0")]
    public void WrongTypesDuplicatesAndTrailingTextAreRefusedNamingWhatWasExpected(string json, string expectedMessage)
    {
        var net = new TinyReluSigmoidBce(seed: 4);
        float[] before = net.Parameters.ToArray();
        var error = Assert.Throws<InvalidDataException>(() => Load(net, json));
        Assert.True(error.Message.Contains(expectedMessage), $"Expected \"{expectedMessage}\" in: {error.Message}");
        Assert.Equal(before, net.Parameters.ToArray());
    }

    [Fact]
    public void InvalidUtf8InAKeyIsRefusedNamingTheByte()
    {
        byte[] json = Encoding.UTF8.GetBytes("{\"0.weight\": {}}");
        json[4] = 0xC0; // an overlong encoding's first byte, inside "0.weight"
        var net = new TinyReluSigmoidBce(seed: 4);
        var error = Assert.Throws<InvalidDataException>(() => WeightsFile.Load(net, new MemoryStream(json)));
        Assert.Contains("is not valid UTF-8 at byte 4", error.Message);
    }

    [Fact]
    public void AFileLargerThanTheNetworkCouldNeedIsRefusedBeforeItIsRead()
    {
        var net = new TinyReluSigmoidBce(seed: 4);
        long limit = WeightsFile.MaximumLength(net);
        var counting = new EndlessStream(seekable: true);
        var error = Assert.Throws<InvalidDataException>(() => WeightsFile.Load(net, counting));
        Assert.Contains($"expected at most {limit} bytes", error.Message);
        Assert.Equal(0, counting.BytesRead); // the length alone decided

        // A stream that cannot tell its length (a pipe, /dev/zero) is read no further than the limit.
        var endless = new EndlessStream(seekable: false);
        Assert.Contains($"more than {limit} bytes", Assert.Throws<InvalidDataException>(() => WeightsFile.Load(net, endless)).Message);
        Assert.InRange(endless.BytesRead, limit, limit + 1);
    }

    [Fact]
    public void DevZeroIsRefusedWithoutReadingIt()
    {
        if (!File.Exists("/dev/zero")) return; // not on Windows
        var net = new TinyReluSigmoidBce(seed: 4);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<InvalidDataException>(() => WeightsFile.Load(net, "/dev/zero"));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4 * WeightsFile.MaximumLength(net), "memory bounded by the network");
    }

    [Fact]
    public void SavingANetworkWithANaNNamesTheTensorAndIndexAndKeepsTheGoodFile()
    {
        using var temporary = new TemporaryFolder();
        string folder = temporary.Path;
        string path = Path.Combine(folder, "weights.json");
        var good = new TinyReluSigmoidBce(seed: 1);
        WeightsFile.Save(good, path);
        byte[] goodFile = File.ReadAllBytes(path);

        var diverged = new TinyReluSigmoidBce(seed: 2);
        diverged.Parameters[TinyReluSigmoidBce.ParameterCount - 3] = float.NaN; // 2.weight[6]
        var error = Assert.Throws<ArgumentException>(() => WeightsFile.Save(diverged, path));
        Assert.Contains("'2.weight'[6] is NaN; expected a finite number", error.Message);
        Assert.Throws<ArgumentException>(() => WeightsFile.Save(diverged, new MemoryStream()));

        Assert.Equal("network", Assert.Throws<ArgumentNullException>(() => WeightsFile.Save(null!, path)).ParamName);
        Assert.Equal(goodFile, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(folder));
    }

    [Fact]
    public void ASaveThatFailsWhileWritingRemovesItsTemporaryFileAndKeepsTheTarget()
    {
        using var temporary = new TemporaryFolder();
        string folder = temporary.Path;
        string target = Path.Combine(folder, "weights.json");
        Directory.CreateDirectory(target); // the rename over a folder fails after the whole file was written
        Assert.ThrowsAny<IOException>(() => WeightsFile.Save(new TinyReluSigmoidBce(1), target));
        Assert.Empty(Directory.GetFiles(folder));
        Assert.True(Directory.Exists(target));
    }

    [Fact]
    public void NullArgumentsAreRefusedByName()
    {
        var net = new TinyReluSigmoidBce(0);
        Assert.Equal("network", Assert.Throws<ArgumentNullException>(() => WeightsFile.Load(null!, "w.json")).ParamName);
        Assert.Equal("network", Assert.Throws<ArgumentNullException>(() => WeightsFile.Load(null!, new MemoryStream())).ParamName);
        Assert.Equal("path", Assert.Throws<ArgumentNullException>(() => WeightsFile.Load(net, (string)null!)).ParamName);
        Assert.Equal("stream", Assert.Throws<ArgumentNullException>(() => WeightsFile.Load(net, (Stream)null!)).ParamName);
        Assert.Equal("source", Assert.Throws<ArgumentNullException>(() => WeightsFile.Load(net, new MemoryStream(), null!)).ParamName);
        Assert.Equal("path", Assert.Throws<ArgumentNullException>(() => WeightsFile.Save(net, (string)null!)).ParamName);
        Assert.Equal("stream", Assert.Throws<ArgumentNullException>(() => WeightsFile.Save(net, (Stream)null!)).ParamName);
    }

    [Fact]
    public void TheFileIsReadWithItsPathInMessages()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("bad.json");
        File.WriteAllText(path, "[]");
        Assert.Contains($"'{path}': the top level is an array", Assert.Throws<InvalidDataException>(() => WeightsFile.Load(new TinyReluSigmoidBce(0), path)).Message);
    }
}
