using System;
using System.IO;
using System.Text;

namespace NetGen.Benchmarks.Onnx;

/// <summary>
/// The few pieces of the protobuf wire format an ONNX model needs: varints, length-delimited fields
/// (strings, bytes, nested messages) and fixed 32-bit floats. Enough to write a model without Python or a
/// protobuf package.
/// </summary>
public sealed class ProtobufWriter
{
    private const int Varint = 0, Fixed32 = 5, LengthDelimited = 2;
    private readonly MemoryStream _stream = new();

    public byte[] ToArray() => _stream.ToArray();

    public ProtobufWriter Int(int field, long value)
    {
        Tag(field, Varint);
        WriteVarint(unchecked((ulong)value));
        return this;
    }

    public ProtobufWriter Float(int field, float value)
    {
        Tag(field, Fixed32);
        Span<byte> bytes = stackalloc byte[4];
        BitConverter.TryWriteBytes(bytes, value); // protobuf is little-endian, as is every machine .NET runs on here
        _stream.Write(bytes);
        return this;
    }

    public ProtobufWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtobufWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, LengthDelimited);
        WriteVarint((ulong)value.Length);
        _stream.Write(value);
        return this;
    }

    /// <summary>A nested message: written into its own buffer first, since its length comes before it.</summary>
    public ProtobufWriter Message(int field, Action<ProtobufWriter> write)
    {
        var nested = new ProtobufWriter();
        write(nested);
        return Bytes(field, nested.ToArray());
    }

    private void Tag(int field, int wireType) => WriteVarint((ulong)((field << 3) | wireType));

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        _stream.WriteByte((byte)value);
    }
}
