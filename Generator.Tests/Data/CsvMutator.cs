using System;
using System.Collections.Generic;
using System.Text;

namespace NetGen.Tests.Data;

/// <summary>
/// Seeded mutations of a valid CSV file, each named so that a failure can be reproduced from its seed: truncation,
/// bit flips, hostile numbers, wrong column counts, lying header counts, invalid UTF-8, stray and unclosed quotes.
/// </summary>
public sealed class CsvMutator(int seed)
{
    private static readonly string[] HostileNumbers =
    {
        "NaN", "Infinity", "-Infinity", "1e39", "-1e39", "1e400", "99999999999", "2000000000", "65536", "-1", "0", "", " ",
        "1e-50", "0x10", "1,5", "١٢", "+", "--1", "1e", "\"1\"",
    };

    private static readonly byte[][] InvalidUtf8 =
    {
        new byte[] { 0xFF }, new byte[] { 0xC3 }, new byte[] { 0xC0, 0xAF }, new byte[] { 0xED, 0xA0, 0x80 }, new byte[] { 0xF4, 0x90, 0x80, 0x80 },
    };

    private readonly Random _random = new(seed);

    /// <summary>One to three mutations of <paramref name="file"/>, and what they were.</summary>
    public (byte[] Bytes, string Description) Mutate(byte[] file)
    {
        var bytes = new List<byte>(file);
        var description = new StringBuilder();
        int count = 1 + _random.Next(3);
        for (int m = 0; m < count; m++) description.Append(MutateOnce(bytes)).Append("; ");
        return (bytes.ToArray(), description.ToString());
    }

    private string MutateOnce(List<byte> bytes)
    {
        int at = _random.Next(bytes.Count + 1);
        switch (_random.Next(9))
        {
            case 0:
                bytes.RemoveRange(at, bytes.Count - at);
                return $"truncate at {at}";
            case 1 when bytes.Count > 0:
                int flip = _random.Next(bytes.Count), bit = _random.Next(8);
                bytes[flip] ^= (byte)(1 << bit);
                return $"flip bit {bit} of byte {flip}";
            case 2:
                return ReplaceCell(bytes, HostileNumbers[_random.Next(HostileNumbers.Length)]);
            case 3:
                bytes.Insert(at, (byte)',');
                return $"insert a comma at {at}";
            case 4:
                int comma = bytes.IndexOf((byte)',', Math.Min(at, bytes.Count));
                if (comma < 0) return "no comma to delete";
                bytes.RemoveAt(comma);
                return $"delete the comma at {comma}";
            case 5:
                byte[] invalid = InvalidUtf8[_random.Next(InvalidUtf8.Length)];
                bytes.InsertRange(at, invalid);
                return $"insert invalid UTF-8 {Convert.ToHexString(invalid)} at {at}";
            case 6:
                bytes.Insert(at, (byte)'"');
                return $"insert a quote at {at}";
            case 7:
                return LieInTheHeader(bytes);
            default:
                return DuplicateOrDropLine(bytes);
        }
    }

    /// <summary>Replaces the cell around a random position (between commas or line breaks) with <paramref name="text"/>.</summary>
    private string ReplaceCell(List<byte> bytes, string text)
    {
        if (bytes.Count == 0) return "nothing to replace";
        int position = _random.Next(bytes.Count), start = position, end = position;
        while (start > 0 && bytes[start - 1] is not (byte)',' and not (byte)'\n') start--;
        while (end < bytes.Count && bytes[end] is not (byte)',' and not (byte)'\n' and not (byte)'\r') end++;
        bytes.RemoveRange(start, end - start);
        bytes.InsertRange(start, Encoding.UTF8.GetBytes(text));
        return $"replace the cell at {start} with '{text}'";
    }

    /// <summary>Replaces one of the first two header cells (scikit-learn's row and feature counts) with a lie.</summary>
    private string LieInTheHeader(List<byte> bytes)
    {
        string[] lies = { "2000000000", "65536", "50000", "0", "-5", "1", "2147483647", "4294967297" };
        int firstComma = bytes.IndexOf((byte)',');
        if (firstComma < 0) return "no header to lie in";
        string lie = lies[_random.Next(lies.Length)];
        if (_random.Next(2) == 0)
        {
            bytes.RemoveRange(0, firstComma);
            bytes.InsertRange(0, Encoding.UTF8.GetBytes(lie));
            return $"first header cell becomes {lie}";
        }
        int secondComma = bytes.IndexOf((byte)',', firstComma + 1);
        if (secondComma < 0) return "no second header cell";
        bytes.RemoveRange(firstComma + 1, secondComma - firstComma - 1);
        bytes.InsertRange(firstComma + 1, Encoding.UTF8.GetBytes(lie));
        return $"second header cell becomes {lie}";
    }

    private string DuplicateOrDropLine(List<byte> bytes)
    {
        var starts = new List<int> { 0 };
        for (int i = 0; i < bytes.Count; i++) if (bytes[i] == '\n' && i + 1 < bytes.Count) starts.Add(i + 1);
        int line = _random.Next(starts.Count);
        int start = starts[line], end = line + 1 < starts.Count ? starts[line + 1] : bytes.Count;
        if (_random.Next(2) == 0)
        {
            bytes.RemoveRange(start, end - start);
            return $"drop line {line + 1}";
        }
        bytes.InsertRange(end, bytes.GetRange(start, end - start));
        return $"duplicate line {line + 1}";
    }
}
