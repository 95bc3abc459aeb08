using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace NetGen.Generator.Weights;

/// <summary>One tensor of a safetensors file, converted to float32.</summary>
internal sealed record Tensor(long[] Shape, float[] Values);

/// <summary>
/// Reads a safetensors file at compile time (the format is an 8-byte little-endian header length, a JSON header of
/// tensors, then their data) with the checks its specification asks for: a bounded header, known dtypes, offsets
/// inside the data section, tensors that neither overlap nor leave holes, sizes that match their shapes without
/// overflow. F32, F16, BF16, F64 and I64 (a count, BatchNorm1d's num_batches_tracked) are converted to float32. Faults throw <see cref="FormatException"/> saying what
/// was expected.
/// </summary>
internal static class SafeTensorsReader
{
    /// <summary>A header larger than this is not a safetensors header of a network NetGen generates.</summary>
    private const long MaxHeaderLength = 100_000_000;

    public static Dictionary<string, Tensor> Read(byte[] file)
    {
        if (file.Length < 8) throw new FormatException($"it has {file.Length} bytes; a safetensors file starts with an 8-byte header length");
        ulong headerLength = BitConverter.ToUInt64(LittleEndian(file, 0, 8), 0);
        if (headerLength > (ulong)(file.Length - 8) || headerLength > MaxHeaderLength)
            throw new FormatException($"its header length is {headerLength} bytes, but only {file.Length - 8} follow");
        string headerText;
        try
        {
            headerText = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(file, 8, (int)headerLength);
        }
        catch (ArgumentException)
        {
            throw new FormatException("its header is not valid UTF-8");
        }
        if (Json.Parse(headerText) is not Dictionary<string, object> header)
            throw new FormatException("its header is not a JSON object of tensors");

        long dataStart = 8 + (long)headerLength, dataLength = file.Length - dataStart;
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var extents = new List<(long Begin, long End, string Name)>();
        foreach (KeyValuePair<string, object> entry in header)
        {
            if (entry.Key == "__metadata__") continue; // free-form strings, allowed by the format
            if (entry.Value is not Dictionary<string, object> tensor)
                throw new FormatException($"tensor \"{entry.Key}\" is not an object with dtype, shape and data_offsets");
            string dtype = tensor.TryGetValue("dtype", out object? d) && d is string text ? text : throw new FormatException($"tensor \"{entry.Key}\" has no dtype");
            int size = dtype switch
            {
                "F32" => 4,
                "F16" or "BF16" => 2,
                "F64" or "I64" => 8,
                _ => throw new FormatException($"tensor \"{entry.Key}\" has dtype {dtype}; expected F32, F16, BF16, F64 or I64"),
            };
            long[] shape = tensor.TryGetValue("shape", out object? s) && s is List<object> dimensions
                ? dimensions.Select(dimension => dimension is double value && value >= 0 && value <= int.MaxValue && value == Math.Floor(value)
                    ? (long)value
                    : throw new FormatException($"tensor \"{entry.Key}\" has a shape that is not a list of non-negative integers")).ToArray()
                : throw new FormatException($"tensor \"{entry.Key}\" has no shape");
            if (!tensor.TryGetValue("data_offsets", out object? o) || o is not List<object> { Count: 2 } offsets
                || offsets[0] is not double beginValue || offsets[1] is not double endValue
                || beginValue < 0 || endValue < beginValue || endValue > dataLength || beginValue != Math.Floor(beginValue) || endValue != Math.Floor(endValue))
                throw new FormatException($"tensor \"{entry.Key}\" has data_offsets outside the {dataLength} bytes of data");
            long begin = (long)beginValue, end = (long)endValue;
            long count = 1;
            foreach (long dimension in shape)
            {
                count *= dimension;
                if (count > int.MaxValue / 8) throw new FormatException($"tensor \"{entry.Key}\" has too many values");
            }
            if (count * size != end - begin)
                throw new FormatException($"tensor \"{entry.Key}\" has {end - begin} bytes of data; its shape and dtype need {count * size}");
            extents.Add((begin, end, entry.Key));
            tensors[entry.Key] = new Tensor(shape, Convert(file, dataStart + begin, (int)count, dtype));
        }
        // The data section is the tensors, back to back: no overlaps and no holes.
        long expected = 0;
        foreach (var extent in extents.OrderBy(extent => extent.Begin).ThenBy(extent => extent.End))
        {
            if (extent.Begin != expected)
                throw new FormatException($"tensor \"{extent.Name}\" starts at byte {extent.Begin} of the data; the tensors must follow each other from byte 0 without overlap");
            expected = extent.End;
        }
        if (expected != dataLength) throw new FormatException($"its data has {dataLength} bytes, but the tensors use {expected}");
        return tensors;
    }

    private static float[] Convert(byte[] file, long start, int count, string dtype)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = dtype switch
            {
                "F32" => BitConverter.ToSingle(LittleEndian(file, start + 4L * i, 4), 0),
                "F64" => (float)BitConverter.ToDouble(LittleEndian(file, start + 8L * i, 8), 0),
                "I64" => BitConverter.ToInt64(LittleEndian(file, start + 8L * i, 8), 0), // a count: BatchNorm1d's num_batches_tracked
                "BF16" => BitConverter.ToSingle(BitConverter.GetBytes((int)BitConverter.ToUInt16(LittleEndian(file, start + 2L * i, 2), 0) << 16), 0),
                _ => HalfToSingle(BitConverter.ToUInt16(LittleEndian(file, start + 2L * i, 2), 0)),
            };
        }
        return values;
    }

    /// <summary>IEEE half precision to single (netstandard2.0 has no System.Half).</summary>
    private static float HalfToSingle(ushort half)
    {
        int sign = half >> 15, exponent = (half >> 10) & 0x1F, mantissa = half & 0x3FF;
        float magnitude = exponent switch
        {
            0 => mantissa * (1f / (1 << 24)),                                 // subnormal: mantissa · 2^−24
            31 => mantissa == 0 ? float.PositiveInfinity : float.NaN,
            _ => (1f + mantissa / 1024f) * (float)Math.Pow(2, exponent - 15),
        };
        return sign == 1 ? -magnitude : magnitude;
    }

    /// <summary>The bytes at <paramref name="start"/>, in the machine's order for BitConverter (the file is little-endian).</summary>
    private static byte[] LittleEndian(byte[] file, long start, int count)
    {
        var bytes = new byte[count];
        System.Array.Copy(file, start, bytes, 0, count);
        if (!BitConverter.IsLittleEndian) System.Array.Reverse(bytes);
        return bytes;
    }
}
