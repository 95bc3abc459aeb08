using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace NetGen;

/// <summary>
/// Writes F32 (and F64) tensors and string metadata in the safetensors format, laid out as <c>safetensors.torch.save_file</c>
/// lays it out: the 8-byte little-endian header length, the compact JSON header (<c>__metadata__</c> first) padded
/// with spaces to a multiple of 8 so that the data is aligned, then each tensor's bytes in order.
/// </summary>
internal sealed class SafeTensorsWriter
{
    private readonly List<(string Name, string DType, int[] Shape, byte[] Data)> _tensors = new();
    private readonly Dictionary<string, string> _metadata = new();

    /// <summary>Adds an F32 tensor; <paramref name="values"/> is copied (encoded), so the writer holds a snapshot.</summary>
    public SafeTensorsWriter Add(string name, IReadOnlyList<int> shape, ReadOnlySpan<float> values)
    {
        var data = new byte[4 * values.Length];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(4 * i), values[i]);
        _tensors.Add((name, "F32", [.. shape], data));
        return this;
    }

    /// <summary>Adds an F64 tensor (for values kept in double, as a standardizer's statistics).</summary>
    public SafeTensorsWriter Add(string name, IReadOnlyList<int> shape, ReadOnlySpan<double> values)
    {
        var data = new byte[8 * values.Length];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(8 * i), values[i]);
        _tensors.Add((name, "F64", [.. shape], data));
        return this;
    }

    /// <summary>Adds every tensor of <paramref name="network"/>'s layout under its <c>state_dict</c> name.</summary>
    public SafeTensorsWriter AddParameters(INetwork network)
    {
        ReadOnlySpan<float> parameters = network.Parameters;
        foreach (ParameterTensor tensor in network.ParameterLayout) Add(tensor.Name, tensor.Shape, parameters.Slice(tensor.Offset, tensor.Length));
        return this;
    }

    /// <summary>Sets a <c>__metadata__</c> entry.</summary>
    public SafeTensorsWriter Metadata(string key, string value)
    {
        _metadata[key] = value;
        return this;
    }

    /// <summary>Writes the file to <paramref name="stream"/>.</summary>
    public void WriteTo(Stream stream)
    {
        byte[] header = Header();
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        foreach ((_, _, _, byte[] data) in _tensors) stream.Write(data);
    }

    private byte[] Header()
    {
        var buffer = new MemoryStream();
        // Relaxed escaping: the header is read by JSON parsers, never embedded in HTML, so "café" stays readable.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            if (_metadata.Count > 0)
            {
                json.WriteStartObject("__metadata__");
                foreach ((string key, string value) in _metadata) json.WriteString(key, value);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach ((string name, string dtype, int[] shape, byte[] data) in _tensors)
            {
                json.WriteStartObject(name);
                json.WriteString("dtype", dtype);
                json.WriteStartArray("shape");
                foreach (int dimension in shape) json.WriteNumberValue(dimension);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset += data.Length);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        while (buffer.Length % 8 != 0) buffer.WriteByte((byte)' ');
        return buffer.ToArray();
    }
}
