using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace NetGen;

/// <summary>
/// Writes F32 tensors and string metadata in the safetensors format, laid out as <c>safetensors.torch.save_file</c>
/// lays it out: the 8-byte little-endian header length, the compact JSON header (<c>__metadata__</c> first) padded
/// with spaces to a multiple of 8 so that the data is aligned, then each tensor's bytes in order.
/// </summary>
internal sealed class SafeTensorsWriter
{
    private readonly List<(string Name, int[] Shape, float[] Values)> _tensors = new();
    private readonly Dictionary<string, string> _metadata = new();

    /// <summary>Adds a tensor; <paramref name="values"/> is copied, so the writer holds a snapshot.</summary>
    public SafeTensorsWriter Add(string name, IReadOnlyList<int> shape, ReadOnlySpan<float> values)
    {
        var dimensions = new int[shape.Count];
        for (int i = 0; i < dimensions.Length; i++) dimensions[i] = shape[i];
        _tensors.Add((name, dimensions, values.ToArray()));
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
        var chunk = new byte[1 << 16];
        foreach ((_, _, float[] values) in _tensors)
            for (int start = 0; start < values.Length; start += chunk.Length / 4)
            {
                int count = Math.Min(chunk.Length / 4, values.Length - start);
                for (int i = 0; i < count; i++) BinaryPrimitives.WriteSingleLittleEndian(chunk.AsSpan(4 * i), values[start + i]);
                stream.Write(chunk, 0, 4 * count);
            }
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
            foreach ((string name, int[] shape, float[] values) in _tensors)
            {
                json.WriteStartObject(name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (int dimension in shape) json.WriteNumberValue(dimension);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset += 4L * values.Length);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        while (buffer.Length % 8 != 0) buffer.WriteByte((byte)' ');
        return buffer.ToArray();
    }
}
