using System;
using System.IO;

namespace NetGen;

/// <summary>The checks every loader and writer shares: what may be written, and how much a load may read.</summary>
internal static class FileChecks
{
    /// <summary>
    /// Throws unless every parameter of <paramref name="network"/> is finite, naming the first tensor and index that
    /// is not: a diverged network must never replace a good file.
    /// </summary>
    public static void FiniteParameters(INetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        ReadOnlySpan<float> parameters = network.Parameters;
        foreach (ParameterTensor tensor in network.ParameterLayout)
            Finite(parameters.Slice(tensor.Offset, tensor.Length), $"'{tensor.Name}'", nameof(network));
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming <paramref name="what"/>[i] unless every value is finite.</summary>
    public static void Finite(ReadOnlySpan<float> values, string what, string parameterName)
    {
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i]))
                throw new ArgumentException(FormattableString.Invariant(
                    $"{what}[{i}] is {values[i]}; expected a finite number (a diverged network is not saved, so that it cannot replace a good file)."),
                    parameterName);
    }

    /// <summary>
    /// Reads what is left of <paramref name="stream"/>, refusing, before reading it, a stream longer than
    /// <paramref name="limit"/> bytes (what the target could need), so that memory is bounded by the target, not by
    /// the file (<c>/dev/zero</c> included). Streams that cannot tell their length are read in growing steps.
    /// </summary>
    public static byte[] ReadBounded(Stream stream, long limit, string source, string expected)
    {
        if (stream.CanSeek)
        {
            long remaining = stream.Length - stream.Position;
            if (remaining > limit) throw TooLarge(source, $"{remaining} bytes", limit, expected);
            var bytes = new byte[remaining];
            stream.ReadExactly(bytes);
            return bytes;
        }
        var buffer = new MemoryStream();
        var chunk = new byte[(int)Math.Min(limit + 1, 1 << 16)];
        int read;
        while ((read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, limit + 1 - buffer.Length))) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit) throw TooLarge(source, $"more than {limit} bytes", limit, expected);
        }
        return buffer.ToArray();
    }

    private static InvalidDataException TooLarge(string source, string size, long limit, string expected) =>
        new($"{source} holds {size}, more than this network could need; expected at most {limit} bytes of {expected}.");
}
