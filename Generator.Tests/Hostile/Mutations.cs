using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace NetGen.Tests.Hostile;

/// <summary>
/// Seeded mutations of a valid file: truncation at every length (sampled for large files), bit flips, hostile bytes,
/// lying binary integers up to 2^64 − 1, huge and odd numbers in the JSON, values of the wrong type, duplicate keys,
/// invalid UTF-8, deep nesting, and deleted or repeated spans. The same seed gives the same cases.
/// </summary>
public static class Mutations
{
    private static readonly ulong[] LyingIntegers =
        [0, 1, 7, 8, 9, 255, 256, 65535, 65536, int.MaxValue, 1UL << 31, uint.MaxValue, 1UL << 32, 1UL << 53, long.MaxValue, 1UL << 63, ulong.MaxValue - 7, ulong.MaxValue];

    private static readonly string[] LyingNumbers =
    [
        "18446744073709551615", "18446744073709551616", "9223372036854775807", "9223372036854775808", "4294967296",
        "2147483647", "2147483648", "-1", "-0", "0", "1", "0.5", "1e400", "-1e400", "1e39", "3.4028236e38", "1e-50", "4e-46", "NaN",
        "Infinity", "1" + new string('0', 400), "0x10", "01", "1.", ".5", "+1",
    ];

    private static readonly string[] WrongValues =
        ["\"x\"", "\"\"", "[]", "{}", "null", "true", "false", "0", "[0]", "{\"a\":0}", new string('[', 70) + new string(']', 70), "\"\\ud800\"", "\"F32\""];

    private static readonly byte[][] InvalidUtf8 =
        [[0xFF], [0x80], [0xC0, 0x80], [0xC3], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82]];

    private static readonly byte[] HostileBytes = "\0\u007f\"{}[],:-09e\\ \n"u8.ToArray().Concat(new byte[] { 0x80, 0xFF }).ToArray();

    public static IEnumerable<Mutation> Of(HostileLoader loader, int seed)
    {
        var random = new Random(seed);
        byte[] valid = loader.ValidFile;
        foreach (Mutation m in Truncations(loader, random)) yield return m;
        foreach (Mutation m in BitFlips(valid, random, 600)) yield return m;
        for (int i = 0; i < 300; i++)
        {
            int at = random.Next(valid.Length);
            byte value = HostileBytes[random.Next(HostileBytes.Length)];
            yield return new($"byte {at} := 0x{value:X2}", With(valid, at, value));
        }
        foreach ((int offset, int size) in loader.BinaryIntegers)
            foreach (ulong lie in LyingIntegers.Concat([(ulong)valid.Length, (ulong)valid.Length + 1, ReadInteger(valid, offset, size) + 1, ReadInteger(valid, offset, size) - 1]))
            {
                byte[] bytes = valid.ToArray();
                WriteInteger(bytes, offset, size, lie);
                yield return new($"integer at {offset} := {lie}", bytes);
            }
        if (loader.Json is (int jsonOffset, int jsonLength))
            foreach (Mutation m in JsonMutations(loader, valid.AsSpan(jsonOffset, jsonLength).ToArray(), random)) yield return m;
        for (int i = 0; i < 200; i++)
        {
            int start = random.Next(valid.Length), length = 1 + random.Next(Math.Min(64, valid.Length - start));
            byte[] span = valid[start..(start + length)];
            yield return random.Next(2) == 0
                ? new($"delete [{start}, {start + length})", valid[..start].Concat(valid[(start + length)..]).ToArray())
                : new($"repeat [{start}, {start + length})", valid[..(start + length)].Concat(span).Concat(valid[(start + length)..]).ToArray());
        }
    }

    /// <summary>Every length up to 4 KiB; beyond that every length near the start, the JSON's ends and the end, and a sample.</summary>
    private static IEnumerable<Mutation> Truncations(HostileLoader loader, Random random)
    {
        int n = loader.ValidFile.Length;
        var lengths = new SortedSet<int>();
        if (n <= 4096) lengths.UnionWith(Enumerable.Range(0, n));
        else
        {
            lengths.UnionWith(Enumerable.Range(0, 64));
            lengths.UnionWith(Enumerable.Range(n - 64, 64));
            if (loader.Json is (int offset, int length))
                foreach (int edge in new[] { offset, offset + length })
                    lengths.UnionWith(Enumerable.Range(Math.Max(0, edge - 8), 16).Where(l => l < n));
            for (int i = 0; i < 1024; i++) lengths.Add(random.Next(n));
        }
        foreach (int length in lengths) yield return new($"truncated to {length} bytes", loader.ValidFile[..length]);
    }

    private static IEnumerable<Mutation> BitFlips(byte[] valid, Random random, int count)
    {
        for (int i = 0; i < count; i++)
        {
            int at = random.Next(valid.Length), bit = random.Next(8);
            yield return new($"bit {bit} of byte {at} flipped", With(valid, at, (byte)(valid[at] ^ (1 << bit))));
        }
    }

    private static IEnumerable<Mutation> JsonMutations(HostileLoader loader, byte[] json, Random random)
    {
        Func<byte[], byte[]> frame = loader.Reframe ?? (edited => edited);
        List<(int Start, int End, bool IsKey, JsonTokenType Kind)> tokens = Tokens(json);
        string text = Encoding.UTF8.GetString(json);

        foreach (Match number in Regex.Matches(text, @"-?\d+(\.\d+)?([eE][+-]?\d+)?").Cast<Match>().Take(400))
            foreach (string lie in LyingNumbers)
                yield return new($"number '{number.Value}' at {number.Index} := {Clip(lie)}", frame(Splice(json, ByteIndex(text, number.Index), Encoding.UTF8.GetByteCount(number.Value), lie)));

        foreach ((int start, int end, bool isKey, JsonTokenType kind) in tokens)
        {
            if (isKey)
            {
                // A duplicate key: the property (key and value) written twice.
                int valueEnd = ValueEnd(tokens, start);
                byte[] property = json[start..valueEnd];
                yield return new($"key at {start} duplicated", frame(json[..valueEnd].Concat(","u8.ToArray()).Concat(property).Concat(json[valueEnd..]).ToArray()));
                yield return new($"key at {start} := \"\"", frame(Splice(json, start, end - start, "\"\"")));
                continue;
            }
            string wrong = WrongValues[random.Next(WrongValues.Length)];
            yield return new($"{kind} at {start} := {Clip(wrong)}", frame(Splice(json, start, end - start, wrong)));
        }

        var strings = tokens.Where(t => t.Kind == JsonTokenType.String || t.IsKey).ToList();
        for (int i = 0; i < Math.Min(200, strings.Count * 4); i++)
        {
            (int start, int end, _, _) = strings[random.Next(strings.Count)];
            int at = start + 1 + random.Next(Math.Max(1, end - start - 2));
            byte[] bad = InvalidUtf8[random.Next(InvalidUtf8.Length)];
            yield return new($"invalid UTF-8 {Convert.ToHexString(bad)} inserted at {at}", frame(json[..at].Concat(bad).Concat(json[at..]).ToArray()));
        }
        yield return new("JSON empty", frame([]));
        yield return new("JSON nested 10,000 deep", frame(Encoding.ASCII.GetBytes(new string('[', 10_000) + new string(']', 10_000))));
        yield return new("JSON a top-level array", frame(Encoding.UTF8.GetBytes("[" + text + "]")));
    }

    /// <summary>Each value and key of the JSON text, with its byte span (objects and arrays whole).</summary>
    private static List<(int Start, int End, bool IsKey, JsonTokenType Kind)> Tokens(byte[] json)
    {
        var tokens = new List<(int, int, bool, JsonTokenType)>();
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            int start = (int)reader.TokenStartIndex;
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    tokens.Add((start, start + reader.ValueSpan.Length + 2, true, reader.TokenType)); // the raw text and its quotes
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    Utf8JsonReader copy = reader;
                    copy.Skip();
                    tokens.Add((start, (int)copy.BytesConsumed, false, reader.TokenType));
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray or JsonTokenType.Comment:
                    break;
                default:
                    tokens.Add((start, (int)reader.BytesConsumed, false, reader.TokenType));
                    break;
            }
        }
        return tokens;
    }

    /// <summary>Where the value of the property whose key starts at <paramref name="keyStart"/> ends.</summary>
    private static int ValueEnd(List<(int Start, int End, bool IsKey, JsonTokenType Kind)> tokens, int keyStart)
    {
        int index = tokens.FindIndex(t => t.Start == keyStart && t.IsKey);
        return tokens[index + 1].End;
    }

    private static byte[] Splice(byte[] bytes, int start, int length, string replacement) =>
        bytes[..start].Concat(Encoding.UTF8.GetBytes(replacement)).Concat(bytes[(start + length)..]).ToArray();

    private static int ByteIndex(string text, int charIndex) => Encoding.UTF8.GetByteCount(text.AsSpan(0, charIndex));

    private static byte[] With(byte[] bytes, int at, byte value)
    {
        byte[] copy = bytes.ToArray();
        copy[at] = value;
        return copy;
    }

    private static ulong ReadInteger(byte[] bytes, int offset, int size) =>
        size == 8 ? BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(offset)) : BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset));

    private static void WriteInteger(byte[] bytes, int offset, int size, ulong value)
    {
        if (size == 8) BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(offset), value);
        else BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset), (uint)value);
    }

    private static string Clip(string text) => text.Length <= 24 ? text : text[..24] + "…";
}
