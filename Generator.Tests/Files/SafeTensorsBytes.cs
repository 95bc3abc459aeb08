using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Text;

namespace NetGen.Tests.Files;

/// <summary>Hand-made safetensors files for the tests: a header as JSON text and the data bytes after it.</summary>
public static class SafeTensorsBytes
{
    /// <summary>The 8-byte little-endian header length, the header's UTF-8 bytes, then <paramref name="data"/>.</summary>
    public static byte[] Build(string header, byte[] data) => Build(Encoding.UTF8.GetBytes(header), data);

    public static byte[] Build(byte[] header, byte[] data, ulong? declaredLength = null)
    {
        var file = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, declaredLength ?? (ulong)header.Length);
        header.CopyTo(file, 8);
        data.CopyTo(file, 8 + header.Length);
        return file;
    }

    /// <summary>F32 little-endian bytes of <paramref name="values"/>.</summary>
    public static byte[] F32(params float[] values)
    {
        var bytes = new byte[4 * values.Length];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        return bytes;
    }

    /// <summary>The header of a valid file of <paramref name="network"/>'s tensors in F32, with offsets in layout order.</summary>
    public static string Header(INetwork network, string? extraEntries = null)
    {
        long offset = 0;
        var entries = network.ParameterLayout.Select(t =>
            $"\"{t.Name}\":{{\"dtype\":\"F32\",\"shape\":[{string.Join(",", t.Shape)}],\"data_offsets\":[{offset},{offset += 4L * t.Length}]}}");
        return "{" + string.Join(",", extraEntries is null ? entries : entries.Prepend(extraEntries)) + "}";
    }

    /// <summary>A valid F32 file of <paramref name="network"/>'s parameters.</summary>
    public static byte[] Of(INetwork network) => Build(Header(network), F32(network.Parameters.ToArray()));

    public static MemoryStream Stream(byte[] bytes) => new(bytes, writable: false);
}
