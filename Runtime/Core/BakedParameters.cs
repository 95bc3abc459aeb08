using System;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace NetGen;

/// <summary>For generated code: the parameters a [Weights] file baked into the assembly, as base64 of little-endian floats.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class BakedParameters
{
    /// <summary>Decodes <paramref name="base64"/>, UTF-8 (a <c>"…"u8</c> literal), into <paramref name="parameters"/>.</summary>
    /// <exception cref="ArgumentException">The data does not hold exactly <paramref name="parameters"/>' length of floats.</exception>
    public static void Read(ReadOnlySpan<byte> base64, Span<float> parameters)
    {
        Span<byte> bytes = MemoryMarshal.AsBytes(parameters);
        if (System.Buffers.Text.Base64.DecodeFromUtf8(base64, bytes, out _, out int written) != System.Buffers.OperationStatus.Done || written != bytes.Length)
            throw new ArgumentException($"The baked data does not hold {parameters.Length} floats.", nameof(base64));
        ToLittleEndian(parameters);
    }

    // The data is little-endian float32; a big-endian machine swaps each value's bytes.
    private static void ToLittleEndian(Span<float> parameters)
    {
        if (!BitConverter.IsLittleEndian)
            for (int i = 0; i < parameters.Length; i++)
                parameters[i] = BitConverter.Int32BitsToSingle(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(BitConverter.SingleToInt32Bits(parameters[i])));
    }
}
