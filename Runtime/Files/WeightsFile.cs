using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace NetGen;

/// <summary>
/// Saves and loads a network's parameters as JSON keyed like PyTorch's <c>state_dict</c>:
/// <c>{ "0.weight": { "shape": [8, 4], "values": [...] }, "0.bias": … }</c>. A model trained in PyTorch is exported
/// with <c>json.dump({k: {"shape": list(v.shape), "values": v.flatten().tolist()} for k, v in model.state_dict().items()}, f)</c>.
/// A save is atomic and refuses a network with a non-finite parameter; a failed load leaves the network untouched.
/// </summary>
public static class WeightsFile
{
    private const string Expected = "a JSON object of tensors keyed like a state_dict (\"0.weight\": { \"shape\": [...], \"values\": [...] })";

    /// <summary>
    /// Writes every tensor of <paramref name="network"/>'s <see cref="INetwork.ParameterLayout"/> to <paramref name="path"/>,
    /// atomically: a failed or interrupted save leaves the previous file as it was.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A parameter is NaN or infinite (the message names the tensor and index); nothing is written.</exception>
    public static void Save(INetwork network, string path)
    {
        FileChecks.FiniteParameters(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.Write(path, stream => Write(network, stream));
    }

    /// <summary>Writes every tensor of <paramref name="network"/>'s <see cref="INetwork.ParameterLayout"/> to <paramref name="stream"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A parameter is NaN or infinite (the message names the tensor and index); nothing is written.</exception>
    public static void Save(INetwork network, Stream stream)
    {
        FileChecks.FiniteParameters(network);
        ArgumentNullException.ThrowIfNull(stream);
        Write(network, stream);
    }

    /// <summary>
    /// Reads parameters from <paramref name="path"/> into <paramref name="network"/>. Every tensor of the network's
    /// layout must be there with its shape and finite values; keys the network does not have, duplicate keys and a
    /// file larger than the network could need (<see cref="MaximumLength"/>) are refused. On any error an
    /// <see cref="InvalidDataException"/> names what was expected, and the network is left untouched.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidDataException">The file is not a weights file for this network.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static void Load(INetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        using FileStream stream = File.OpenRead(path);
        Load(network, stream, $"'{path}'");
    }

    /// <summary>As <see cref="Load(INetwork, string)"/>, from the rest of a stream; <paramref name="source"/> names it in messages.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidDataException">The stream does not hold a weights file for this network.</exception>
    /// <exception cref="IOException">The stream cannot be read.</exception>
    public static void Load(INetwork network, Stream stream, string source = "the weights file")
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        byte[] bytes = FileChecks.ReadBounded(stream, MaximumLength(network), source, "weights JSON");
        // Everything is read and checked into a copy first: the network changes only when all of it is good.
        float[] loaded = network.Parameters.ToArray();
        Parse(bytes, network.ParameterLayout, loaded, source);
        loaded.CopyTo(network.Parameters);
    }

    /// <summary>
    /// The largest file <see cref="Load(INetwork, string)"/> reads for <paramref name="network"/>: 64 bytes a value
    /// (PyTorch's longest float text, 24 characters, with a separator and an indentation of up to 30 spaces), 1 KiB a
    /// tensor and 64 KiB for the rest. Larger files are refused before they are read.
    /// </summary>
    public static long MaximumLength(INetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return (64L << 10) + 1024L * network.ParameterLayout.Count + 64L * network.Parameters.Length;
    }

    private static void Write(INetwork network, Stream stream)
    {
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        ReadOnlySpan<float> parameters = network.Parameters;
        foreach (ParameterTensor tensor in network.ParameterLayout)
        {
            writer.WriteStartObject(tensor.Name);
            writer.WriteStartArray("shape");
            foreach (int dimension in tensor.Shape) writer.WriteNumberValue(dimension);
            writer.WriteEndArray();
            writer.WriteStartArray("values");
            foreach (float value in parameters.Slice(tensor.Offset, tensor.Length))
            {
                writer.WriteNumberValue(value);
                if (writer.BytesPending > 1 << 16) writer.Flush(); // streams out: a large network is not buffered whole
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    private static void Parse(byte[] bytes, IReadOnlyList<ParameterTensor> layout, float[] loaded, string source)
    {
        ReadOnlySpan<byte> text = bytes;
        if (text.StartsWith("\uFEFF"u8)) text = text[3..]; // a byte-order mark, as some Windows editors write
        StrictJson.RequireUtf8(text, source, Expected);
        var byName = new Dictionary<string, ParameterTensor>(layout.Count);
        foreach (ParameterTensor tensor in layout) byName[tensor.Name] = tensor;
        var seen = new HashSet<string>();

        var reader = new Utf8JsonReader(text);
        StrictJson.Expect(ref reader, JsonTokenType.StartObject, source, "the top level", Expected);
        while (true)
        {
            StrictJson.Next(ref reader, source, Expected);
            if (reader.TokenType == JsonTokenType.EndObject) break;
            string name = StrictJson.String(ref reader, source, "a tensor name");
            if (!byName.TryGetValue(name, out ParameterTensor? tensor))
                throw new InvalidDataException(
                    $"{source} has a tensor {StrictJson.Quote(name)} that this network does not have; expected only: {Names(layout)}.");
            if (!seen.Add(name))
                throw new InvalidDataException($"{source} has the tensor {StrictJson.Quote(name)} twice; expected each tensor once.");
            ReadTensor(ref reader, tensor, loaded.AsSpan(tensor.Offset, tensor.Length), source);
        }
        StrictJson.End(ref reader, source, Expected);
        foreach (ParameterTensor tensor in layout)
            if (!seen.Contains(tensor.Name))
                throw new InvalidDataException(
                    $"{source} has no tensor '{tensor.Name}'; expected one of shape {ParameterTensor.Format(tensor.Shape)}.");
    }

    private static void ReadTensor(ref Utf8JsonReader reader, ParameterTensor tensor, Span<float> destination, string source)
    {
        string name = $"'{tensor.Name}'", shape = ParameterTensor.Format(tensor.Shape), end = $"the end of {name}";
        StrictJson.Expect(ref reader, JsonTokenType.StartObject, source, name, $"an object {{ \"shape\": {shape}, \"values\": [...] }}");
        bool hasShape = false;
        int count = -1;
        while (true)
        {
            StrictJson.Next(ref reader, source, end);
            if (reader.TokenType == JsonTokenType.EndObject) break;
            string key = StrictJson.String(ref reader, source, $"a key of {name}");
            if (key == "shape" && !hasShape)
            {
                ReadShape(ref reader, tensor, source);
                hasShape = true;
            }
            else if (key == "values" && count < 0)
                count = ReadValues(ref reader, tensor, destination, source);
            else
                throw new InvalidDataException(key is "shape" or "values"
                    ? $"{source}: {name} has \"{key}\" twice; expected it once."
                    : $"{source}: {name} has a key {StrictJson.Quote(key)}; expected only \"shape\" and \"values\".");
        }
        if (!hasShape) throw new InvalidDataException($"{source}: {name} has no \"shape\"; expected {shape}.");
        if (count < 0) throw new InvalidDataException($"{source}: {name} has no \"values\"; expected {tensor.Length} numbers.");
    }

    private static void ReadShape(ref Utf8JsonReader reader, ParameterTensor tensor, string source)
    {
        string expected = ParameterTensor.Format(tensor.Shape), what = $"the shape of '{tensor.Name}'";
        StrictJson.Expect(ref reader, JsonTokenType.StartArray, source, what, expected);
        var dimensions = new List<string>();
        bool same = true;
        while (true)
        {
            StrictJson.Next(ref reader, source, what);
            if (reader.TokenType == JsonTokenType.EndArray) break;
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out int dimension) || dimension < 0)
                throw StrictJson.WrongType(ref reader, source, $"'{tensor.Name}' shape[{dimensions.Count}]", "an integer ≥ 0");
            if (dimensions.Count == tensor.Shape.Count)
                throw new InvalidDataException($"{source}: '{tensor.Name}' has more than {dimensions.Count} dimensions; expected shape {expected}.");
            same &= tensor.Shape[dimensions.Count] == dimension;
            dimensions.Add(dimension.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        if (!same || dimensions.Count != tensor.Shape.Count)
            throw new InvalidDataException($"{source}: '{tensor.Name}' has shape [{string.Join(", ", dimensions)}]; expected {expected}.");
    }

    private static int ReadValues(ref Utf8JsonReader reader, ParameterTensor tensor, Span<float> destination, string source)
    {
        string expected = $"expected {tensor.Length} (shape {ParameterTensor.Format(tensor.Shape)})";
        StrictJson.Expect(ref reader, JsonTokenType.StartArray, source, $"\"values\" of '{tensor.Name}'", "an array of numbers");
        string values = $"the values of '{tensor.Name}'"; // once, not once a value
        int i = 0;
        while (true)
        {
            StrictJson.Next(ref reader, source, values);
            if (reader.TokenType == JsonTokenType.EndArray) break;
            if (i == destination.Length) throw new InvalidDataException($"{source}: '{tensor.Name}' holds more than {i} values; {expected}.");
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetSingle(out float value) || !float.IsFinite(value))
                throw StrictJson.WrongType(ref reader, source, $"'{tensor.Name}'[{i}]", "a finite number");
            destination[i++] = value;
        }
        if (i != destination.Length) throw new InvalidDataException($"{source}: '{tensor.Name}' holds {i} values; {expected}.");
        return i;
    }

    private static string Names(IReadOnlyList<ParameterTensor> layout)
    {
        var names = new List<string>(layout.Count);
        foreach (ParameterTensor tensor in layout) names.Add($"'{tensor.Name}'");
        return string.Join(", ", names);
    }
}
