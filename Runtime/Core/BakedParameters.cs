using System;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace NetGen;

/// <summary>For generated code: the parameters a [Weights] file baked into the assembly, as base64 of little-endian floats.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class BakedParameters
{
    /// <summary>Decodes <paramref name="base64"/> (whitespace allowed) into <paramref name="parameters"/>.</summary>
    /// <exception cref="ArgumentException">The data does not hold exactly <paramref name="parameters"/>' length of floats.</exception>
    public static void Read(string base64, Span<float> parameters)
    {
        ArgumentNullException.ThrowIfNull(base64);
        Span<byte> bytes = MemoryMarshal.AsBytes(parameters);
        if (!Convert.TryFromBase64String(base64, bytes, out int written) || written != bytes.Length)
            throw new ArgumentException($"The baked data does not hold {parameters.Length} floats.", nameof(base64));
        if (!BitConverter.IsLittleEndian)
            for (int i = 0; i < parameters.Length; i++)
                parameters[i] = BitConverter.Int32BitsToSingle(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(BitConverter.SingleToInt32Bits(parameters[i])));
    }
}
