using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace NetGen;

/// <summary>
/// Saves and loads a network's parameters as JSON keyed like PyTorch's <c>state_dict</c>:
/// <c>{ "0.weight": { "shape": [8, 4], "values": [...] }, "0.bias": … }</c>. A model trained in PyTorch is exported
/// with <c>json.dump({k: {"shape": list(v.shape), "values": v.flatten().tolist()} for k, v in model.state_dict().items()}, f)</c>.
/// </summary>
public static class WeightsFile
{
    /// <summary>Writes every tensor of <paramref name="network"/>'s <see cref="INetwork.ParameterLayout"/> to <paramref name="path"/>.</summary>
    public static void Save(INetwork network, string path)
    {
        using FileStream stream = File.Create(path);
        Save(network, stream);
    }

    /// <summary>Writes every tensor of <paramref name="network"/>'s <see cref="INetwork.ParameterLayout"/> to <paramref name="stream"/>.</summary>
    public static void Save(INetwork network, Stream stream)
    {
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        float[] parameters = network.Parameters.ToArray();
        foreach (ParameterTensor tensor in network.ParameterLayout)
        {
            writer.WriteStartObject(tensor.Name);
            writer.WriteStartArray("shape");
            foreach (int dimension in tensor.Shape) writer.WriteNumberValue(dimension);
            writer.WriteEndArray();
            writer.WriteStartArray("values");
            for (int i = 0; i < tensor.Length; i++) writer.WriteNumberValue(parameters[tensor.Offset + i]);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    /// <summary>
    /// Reads parameters from <paramref name="path"/> into <paramref name="network"/>. Every tensor of the network's
    /// layout must be there with its shape and finite values; keys the network does not have are refused too. On any
    /// error an <see cref="InvalidDataException"/> names what was expected, and the network is left untouched.
    /// </summary>
    public static void Load(INetwork network, string path)
    {
        using FileStream stream = File.OpenRead(path);
        Load(network, stream, path);
    }

    /// <summary>As <see cref="Load(INetwork, string)"/>, from a stream; <paramref name="source"/> names it in messages.</summary>
    public static void Load(INetwork network, Stream stream, string source = "the weights file")
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream);
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"{source} is not valid JSON ({error.Message}); expected an object of tensors keyed like a state_dict.", error);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{source}: expected a JSON object of tensors keyed like a state_dict (\"0.weight\": {{ \"shape\": …, \"values\": … }}).");
            // Everything is read and checked into a copy first: the network changes only when all of it is good.
            float[] loaded = network.Parameters.ToArray();
            var expected = new HashSet<string>();
            foreach (ParameterTensor tensor in network.ParameterLayout)
            {
                expected.Add(tensor.Name);
                ReadTensor(document.RootElement, tensor, loaded.AsSpan(tensor.Offset, tensor.Length), source);
            }
            foreach (JsonProperty property in document.RootElement.EnumerateObject())
                if (!expected.Contains(property.Name))
                    throw new InvalidDataException(
                        $"{source} has a tensor '{property.Name}' that this network does not have; expected only: {string.Join(", ", expected)}.");
            loaded.CopyTo(network.Parameters);
        }
    }

    private static void ReadTensor(JsonElement root, ParameterTensor tensor, Span<float> destination, string source)
    {
        string shape = "[" + string.Join(", ", tensor.Shape) + "]";
        if (!root.TryGetProperty(tensor.Name, out JsonElement element) || element.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"{source} has no tensor '{tensor.Name}'; expected one of shape {shape}.");
        if (!element.TryGetProperty("shape", out JsonElement shapeElement) || shapeElement.ValueKind != JsonValueKind.Array
            || !SameShape(shapeElement, tensor.Shape))
            throw new InvalidDataException($"{source}: '{tensor.Name}' has shape {shapeElement}; expected {shape}.");
        if (!element.TryGetProperty("values", out JsonElement values) || values.ValueKind != JsonValueKind.Array || values.GetArrayLength() != tensor.Length)
            throw new InvalidDataException($"{source}: '{tensor.Name}' must hold {tensor.Length} values (shape {shape}).");
        int i = 0;
        foreach (JsonElement value in values.EnumerateArray())
        {
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetSingle(out float number) || !float.IsFinite(number))
                throw new InvalidDataException($"{source}: '{tensor.Name}'[{i}] is {value}; expected a finite number.");
            destination[i++] = number;
        }
    }

    private static bool SameShape(JsonElement shape, IReadOnlyList<int> expected)
    {
        if (shape.GetArrayLength() != expected.Count) return false;
        int i = 0;
        foreach (JsonElement dimension in shape.EnumerateArray())
            if (!dimension.TryGetInt32(out int value) || value != expected[i++]) return false;
        return true;
    }
}
