using System;
using System.IO;
using System.Linq;
using System.Text;
using NetGen.Tests.Infrastructure;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests;

/// <summary>Weights saved and loaded as a state_dict-shaped JSON file; a bad file changes nothing.</summary>
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
    [InlineData("{\"0.weight\": {\"shape\": [8, 4], \"values\": [1, 2]}}", "must hold 32 values")]
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
}
