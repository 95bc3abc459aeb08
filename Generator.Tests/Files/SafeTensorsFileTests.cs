using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using NetGen.Tests.Infrastructure;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests.Files;

/// <summary>
/// safetensors files written by PyTorch load and give PyTorch's outputs; every network round-trips bit for bit; each of
/// the format's rules is enforced with a message naming what was expected, and a refused file changes nothing.
/// </summary>
public class SafeTensorsFileTests
{
    private static readonly JsonElement Cases =
        JsonDocument.Parse(File.ReadAllText(TestPaths.Output("Files", "Fixtures", "safetensors_outputs.json"))).RootElement.GetProperty("cases");

    private static readonly Dictionary<string, Func<INetwork>> NetworksByName = new()
    {
        ["TinyReluSigmoidBce"] = () => new TinyReluSigmoidBce(seed: 99),
        ["MixedRegressionNet"] = () => new MixedRegressionNet(seed: 99),
    };

    public static TheoryData<string> FixtureFiles() => new(Cases.EnumerateArray().Select(c => c.GetProperty("file").GetString()!));

    [Theory]
    [MemberData(nameof(FixtureFiles))]
    public void AFileWrittenByPyTorchLoadsExactlyAndGivesPyTorchsOutputs(string file)
    {
        JsonElement @case = Cases.EnumerateArray().Single(c => c.GetProperty("file").GetString() == file);
        INetwork network = NetworksByName[@case.GetProperty("network").GetString()!]();
        SafeTensorsFile.Load(network, TestPaths.Output("Files", "Fixtures", file));

        // The stored values (F16, BF16 or F64 in the file) converted to float: exact for the narrower types, and the
        // same round-to-nearest-even as PyTorch's .float() for F64.
        foreach (ParameterTensor tensor in network.ParameterLayout)
        {
            float[] expected = @case.GetProperty("parameters").GetProperty(tensor.Name).EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
            Assert.Equal(expected, tensor.Slice(network.Parameters).ToArray());
        }

        // PyTorch's outputs were computed in float64 from the same values: the default tolerance (1e-5 relative) is
        // float32 arithmetic over a few small layers.
        double[] input = @case.GetProperty("input").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        double[] output = @case.GetProperty("output").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        int samples = input.Length / network.InputSize;
        var actual = new float[network.OutputSize];
        for (int s = 0; s < samples; s++)
        {
            network.Forward(input.Skip(s * network.InputSize).Take(network.InputSize).Select(v => (float)v).ToArray(), actual);
            Tolerance.Equal(output.AsSpan(s * network.OutputSize, network.OutputSize), actual, $"{file} sample {s}");
        }
    }

    /// <summary>Every generated network of the test assembly (any with a seed constructor).</summary>
    public static TheoryData<string> RoundTripNetworks() => new(typeof(SafeTensorsFileTests).Assembly.GetTypes()
        .Where(t => typeof(INetwork).IsAssignableFrom(t) && !t.IsAbstract && !t.ContainsGenericParameters && t.GetConstructor([typeof(int)]) is not null)
        .Select(t => t.FullName!).Order());

    private static INetwork Create(string type, int seed) =>
        (INetwork)Activator.CreateInstance(typeof(SafeTensorsFileTests).Assembly.GetType(type)!, seed)!;

    [Theory]
    [MemberData(nameof(RoundTripNetworks))]
    public void EveryNetworkRoundTripsBitForBitThroughAFile(string type)
    {
        INetwork saved = Create(type, 1), loaded = Create(type, 2);
        using var temporary = new TemporaryFolder();
        string folder = temporary.Path;
        SafeTensorsFile.Save(saved, temporary.File("model.safetensors"));
        SafeTensorsFile.Load(loaded, temporary.File("model.safetensors"));
        Assert.Equal(CheckpointFileTests.Bits(saved.Parameters), CheckpointFileTests.Bits(loaded.Parameters));

        INetwork fromJson = Create(type, 3);
        WeightsFile.Save(saved, temporary.File("weights.json"));
        WeightsFile.Load(fromJson, temporary.File("weights.json"));
        Assert.Equal(CheckpointFileTests.Bits(saved.Parameters), CheckpointFileTests.Bits(fromJson.Parameters));
        Assert.Equal(new[] { "model.safetensors", "weights.json" }, Directory.GetFiles(folder).Select(Path.GetFileName).Order()); // no temporary left
    }

    [Fact]
    public void TheWrittenFileIsLaidOutAsSafetensorsTorchSaveFileLaysItOut()
    {
        INetwork network = new MixedRegressionNet(seed: 3);
        var stream = new MemoryStream();
        SafeTensorsFile.Save(network, stream);
        byte[] file = stream.ToArray();
        ulong headerLength = BitConverter.ToUInt64(file, 0);
        Assert.Equal(0ul, (8 + headerLength) % 8); // padded with spaces: the data is aligned
        using JsonDocument header = JsonDocument.Parse(file.AsMemory(8, (int)headerLength));
        Assert.Equal(network.ParameterLayout.Select(t => t.Name), header.RootElement.EnumerateObject().Select(p => p.Name));
        foreach (ParameterTensor tensor in network.ParameterLayout)
        {
            JsonElement entry = header.RootElement.GetProperty(tensor.Name);
            Assert.Equal("F32", entry.GetProperty("dtype").GetString());
            Assert.Equal(tensor.Shape, entry.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
            long begin = entry.GetProperty("data_offsets")[0].GetInt64();
            float[] values = Enumerable.Range(0, tensor.Length).Select(i => BitConverter.ToSingle(file, 8 + (int)headerLength + (int)begin + 4 * i)).ToArray();
            Assert.Equal(tensor.Slice(network.Parameters).ToArray(), values);
        }
        Assert.Equal(8 + (long)headerLength + 4L * MixedRegressionNet.ParameterCount, file.Length);
    }

    private static readonly string TinyHeader = SafeTensorsBytes.Header(new TinyReluSigmoidBce(0));
    private static readonly byte[] TinyData = SafeTensorsBytes.F32(new float[TinyReluSigmoidBce.ParameterCount]);

    private static string Replace(string text, string from, string to)
    {
        Assert.Contains(from, text); // the edit must apply, or the case tests nothing
        return text.Replace(from, to);
    }

    public static TheoryData<string, string> BadHeaders() => new()
    {
        { Replace(TinyHeader, "\"dtype\":\"F32\"", "\"dtype\":\"I64\""), "dtype 'I64'; expected \"F32\", \"F16\", \"BF16\" or \"F64\"" },
        { Replace(TinyHeader, "\"shape\":[8,4]", "\"shape\":[4,8]"), "'0.weight' has shape [4, 8]; expected [8, 4]" },
        { Replace(TinyHeader, "\"shape\":[8,4]", "\"shape\":[\"8\",4]"), "is a string; expected an integer" },
        { Replace(TinyHeader, "\"shape\":[8,4]", "\"shape\":[8,-4]"), "expected an integer from 0 to 2^64 − 1" },
        { Replace(TinyHeader, "\"shape\":[8,4]", "\"shape\":[4294967296,4294967296]"), "more bytes than 2^64" },
        { Replace(TinyHeader, "\"shape\":[8,4]", "\"shape\":[4611686018427387904]"), "more bytes than 2^64" },
        { Replace(TinyHeader, "\"data_offsets\":[0,128]", "\"data_offsets\":[0,18446744073709551615]"), "expected shape product × 4 = end − begin" },
        { Replace(TinyHeader, "\"data_offsets\":[0,128]", "\"data_offsets\":[128,0]"), "expected begin ≤ end" },
        { Replace(TinyHeader, "\"data_offsets\":[0,128]", "\"data_offsets\":[0,128,4]"), "expected an array of 2 integers" },
        { Replace(TinyHeader, "\"data_offsets\":[128,160]", "\"data_offsets\":[124,156]"), "inside '0.weight'; expected tensors that do not overlap" },
        { Replace(TinyHeader, "\"data_offsets\":[160,192]", "\"data_offsets\":[164,196]"), "leaving a hole" },
        { Replace(TinyHeader, "\"data_offsets\":[192,196]", "\"data_offsets\":[18446744073709551611,18446744073709551615]"), "expected offsets inside the data section" },
        { Replace(TinyHeader, "{\"0.weight\"", "{\"0.weight\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]},\"0.weight\""), "'0.weight' twice" },
        { Replace(TinyHeader, "{\"0.weight\"", "{\"__metadata__\":{\"a\":\"1\",\"a\":\"2\"},\"0.weight\""), "metadata key 'a' twice" },
        { Replace(TinyHeader, "{\"0.weight\"", "{\"__metadata__\":{\"epochs\":3},\"0.weight\""), "metadata 'epochs' is 3; expected a string" },
        { Replace(TinyHeader, "{\"0.weight\"", "{\"__metadata__\":[],\"0.weight\""), "\"__metadata__\" is an array; expected an object of strings" },
        { Replace(TinyHeader, "{\"0.weight\"", "{\"4.weight\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]},\"0.weight\""), "'4.weight' that this network does not have" },
        { Replace(TinyHeader, "\"dtype\":\"F32\",", "\"dtype\":\"F32\",\"dtype\":\"F32\","), "has \"dtype\" twice" },
        { Replace(TinyHeader, "\"dtype\":\"F32\",", "\"layout\":\"strided\",\"dtype\":\"F32\","), "key 'layout'; expected only" },
        { Replace(TinyHeader, "\"dtype\":\"F32\",", ""), "lacks \"dtype\"" },
        { "[" + TinyHeader + "]", "does not start with '{'" },
        { TinyHeader + "{}", "more after its JSON value" },
        { TinyHeader[..^1], "not valid JSON at byte" },
        { Replace(TinyHeader, "\"0.bias\"", "\"0.b\\udc00ias\""), "invalid escape" },
    };

    [Theory]
    [MemberData(nameof(BadHeaders))]
    public void EachRuleOfTheFormatIsEnforcedAndChangesNothing(string header, string expectedMessage)
    {
        // The data section follows the header as declared, so that only the header's flaw is at fault.
        AssertRefused(SafeTensorsBytes.Build(header, TinyData), expectedMessage);
    }

    [Theory]
    [InlineData(0ul, "does not start with '{'")]
    [InlineData(1ul, "not valid JSON at byte 1")]
    [InlineData(100_000ul, "declares a header of 100000 bytes but holds")]
    [InlineData(ulong.MaxValue, "declares a header of 18446744073709551615 bytes")]
    [InlineData(1ul << 63, "expected a header inside the file")]
    public void ALyingHeaderLengthIsRefusedBeforeAnythingIsAllocatedForIt(ulong declared, string expectedMessage)
    {
        AssertRefused(SafeTensorsBytes.Build(Encoding.UTF8.GetBytes(TinyHeader), TinyData, declared), expectedMessage);
    }

    [Fact]
    public void AHeaderOverTheNetworksLimitIsRefusedEvenInsideTheFile()
    {
        var network = new TinyReluSigmoidBce(0);
        string padded = TinyHeader + new string(' ', (int)SafeTensorsFile.HeaderLimit(network) - TinyHeader.Length + 1);
        AssertRefused(SafeTensorsBytes.Build(padded, TinyData), $"expected at most {SafeTensorsFile.HeaderLimit(network)} for this network");
    }

    [Fact]
    public void AFileLargerThanTheNetworkCouldNeedIsRefusedBeforeItIsRead()
    {
        var network = new TinyReluSigmoidBce(0);
        var huge = new byte[SafeTensorsFile.MaximumLength(network) + 1];
        AssertRefused(huge, "more than this network could need");
    }

    [Theory]
    [InlineData(-1, "expected the tensors to cover the data exactly")] // one byte left over
    [InlineData(1, "'2.bias' has data_offsets [192, 196] but the data holds 195 bytes; expected offsets inside the data section")]
    public void TheDataMustBeCoveredExactly(int missingBytes, string expectedMessage)
    {
        byte[] data = missingBytes < 0 ? TinyData.Append((byte)0).ToArray() : TinyData[..^missingBytes];
        AssertRefused(SafeTensorsBytes.Build(TinyHeader, data), expectedMessage);
    }

    [Theory]
    [InlineData("F32", new byte[] { 0, 0, 0xC0, 0x7F }, "'0.weight'[5] is NaN; expected a finite number")]
    [InlineData("F16", new byte[] { 0x00, 0x7C }, "'0.weight'[5] is Infinity; expected a finite number")]
    [InlineData("BF16", new byte[] { 0x80, 0xFF }, "'0.weight'[5] is -Infinity; expected a finite number")]
    [InlineData("F64", new byte[] { 0xC6, 0x13, 0xD4, 0xDB, 0x3A, 0x61, 0x07, 0x48 }, "outside float's range; expected a finite float")]
    public void ANonFiniteValueInAnyDtypeIsRefused(string dtype, byte[] badValue, string expectedMessage)
    {
        // Only 0.weight in the given dtype (the rest F32), with its sixth value replaced.
        int size = badValue.Length;
        var weight = new byte[32 * size];
        badValue.CopyTo(weight, 5 * size);
        string header = TinyHeader.Replace("\"dtype\":\"F32\",\"shape\":[8,4],\"data_offsets\":[0,128]",
            $"\"dtype\":\"{dtype}\",\"shape\":[8,4],\"data_offsets\":[0,{32 * size}]");
        long shift = 32 * size - 128;
        foreach ((int begin, int end) in new[] { (128, 160), (160, 192), (192, 196) })
            header = header.Replace($"[{begin},{end}]", $"[{begin + shift},{end + shift}]");
        AssertRefused(SafeTensorsBytes.Build(header, weight.Concat(TinyData[128..]).ToArray()), expectedMessage);
    }

    [Fact]
    public void InvalidUtf8InTheHeaderIsRefusedNamingTheByte()
    {
        byte[] header = Encoding.UTF8.GetBytes(TinyHeader);
        header[3] = 0xFF; // inside "0.weight"
        AssertRefused(SafeTensorsBytes.Build(header, TinyData), "is not valid UTF-8 at byte 3");
    }

    [Fact]
    public void MetadataAndTensorsInAnyOrderAreAccepted()
    {
        var source = new TinyReluSigmoidBce(seed: 8);
        float[] p = source.Parameters.ToArray();
        // 2.bias first in the data, then the rest: offsets need not follow the header's order or the layout's.
        string header = "{\"2.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"__metadata__\":{\"format\":\"pt\"},"
            + "\"0.weight\":{\"data_offsets\":[4,132],\"shape\":[8,4],\"dtype\":\"F32\"},\"0.bias\":{\"dtype\":\"F32\",\"shape\":[8],\"data_offsets\":[132,164]},"
            + "\"2.weight\":{\"dtype\":\"F32\",\"shape\":[1,8],\"data_offsets\":[164,196]}}   ";
        byte[] data = SafeTensorsBytes.F32(p[48..].Concat(p[..48]).ToArray());
        var network = new TinyReluSigmoidBce(seed: 9);
        SafeTensorsFile.Load(network, SafeTensorsBytes.Stream(SafeTensorsBytes.Build(header, data)));
        Assert.Equal(p, network.Parameters.ToArray());
    }

    [Fact]
    public void NullArgumentsAreRefusedByName()
    {
        var network = new TinyReluSigmoidBce(0);
        Assert.Equal("network", Assert.Throws<ArgumentNullException>(() => SafeTensorsFile.Load(null!, new MemoryStream())).ParamName);
        Assert.Equal("stream", Assert.Throws<ArgumentNullException>(() => SafeTensorsFile.Load(network, (Stream)null!)).ParamName);
        Assert.Equal("path", Assert.Throws<ArgumentNullException>(() => SafeTensorsFile.Load(network, (string)null!)).ParamName);
        Assert.Equal("network", Assert.Throws<ArgumentNullException>(() => SafeTensorsFile.Save(null!, "x.safetensors")).ParamName);
        Assert.Equal("path", Assert.Throws<ArgumentNullException>(() => SafeTensorsFile.Save(network, (string)null!)).ParamName);
        Assert.Equal("stream", Assert.Throws<ArgumentNullException>(() => SafeTensorsFile.Save(network, (Stream)null!)).ParamName);
    }

    private static void AssertRefused(byte[] file, string expectedMessage)
    {
        var network = new TinyReluSigmoidBce(seed: 4);
        float[] before = network.Parameters.ToArray();
        var error = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Load(network, SafeTensorsBytes.Stream(file)));
        Assert.True(error.Message.Contains(expectedMessage), $"Expected \"{expectedMessage}\" in: {error.Message}");
        Assert.Equal(before, network.Parameters.ToArray());
    }
}
