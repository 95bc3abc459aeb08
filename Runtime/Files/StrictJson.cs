using System;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace NetGen;

/// <summary>
/// The JSON reading the loaders share, on <see cref="Utf8JsonReader"/> so that each loader sees every token: it
/// refuses invalid UTF-8 and duplicate keys (which <see cref="JsonDocument"/> lets through), and turns the reader's
/// errors into <see cref="InvalidDataException"/>s that say what was expected.
/// </summary>
internal static class StrictJson
{
    /// <summary>Throws unless <paramref name="bytes"/> is UTF-8, naming the first byte that is not.</summary>
    public static void RequireUtf8(ReadOnlySpan<byte> bytes, string source, string expected)
    {
        if (Utf8.IsValid(bytes)) return;
        int position = 0;
        while (Rune.DecodeFromUtf8(bytes[position..], out _, out int consumed) == System.Buffers.OperationStatus.Done) position += consumed;
        throw new InvalidDataException($"{source} is not valid UTF-8 at byte {position}; expected {expected} in UTF-8.");
    }

    /// <summary>Advances to the next token; a syntax error or the end of the text becomes an <see cref="InvalidDataException"/>.</summary>
    public static void Next(ref Utf8JsonReader reader, string source, string expected)
    {
        bool read;
        try
        {
            read = reader.Read();
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"{source} is not valid JSON at byte {reader.BytesConsumed} ({error.Message}); expected {expected}.", error);
        }
        if (!read) throw new InvalidDataException($"{source} ends early, at byte {reader.BytesConsumed}; expected {expected}.");
    }

    /// <summary>Advances past the last token and throws unless nothing but white space follows it.</summary>
    public static void End(ref Utf8JsonReader reader, string source, string expected)
    {
        try
        {
            if (reader.Read())
                throw new InvalidDataException($"{source} has more after its JSON value, at byte {reader.TokenStartIndex}; expected {expected} only.");
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"{source} has more after its JSON value ({error.Message}); expected {expected} only.", error);
        }
    }

    /// <summary>Advances to the next token and throws unless it is <paramref name="kind"/>.</summary>
    public static void Expect(ref Utf8JsonReader reader, JsonTokenType kind, string source, string what, string expected)
    {
        Next(ref reader, source, expected);
        if (reader.TokenType != kind) throw WrongType(ref reader, source, what, expected);
    }

    /// <summary>"{what} is {the token}; expected {expected}.", for a token of the wrong kind or value.</summary>
    public static InvalidDataException WrongType(ref Utf8JsonReader reader, string source, string what, string expected) =>
        new($"{source}: {what} is {Describe(ref reader)}; expected {expected}.");

    /// <summary>The current token as a message shows it: a number's text, or the kind of value.</summary>
    public static string Describe(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Number => Clip(Encoding.UTF8.GetString(reader.ValueSpan)),
        JsonTokenType.String => "a string",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => reader.TokenType.ToString(),
    };

    /// <summary>The current string token, unescaped; an escape that is not valid UTF-16 (a lone surrogate) is refused.</summary>
    public static string String(ref Utf8JsonReader reader, string source, string what)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException error)
        {
            throw new InvalidDataException($"{source}: {what} at byte {reader.TokenStartIndex} has an invalid escape ({error.Message}); expected valid UTF-16 escapes.", error);
        }
    }

    /// <summary>A name in quotes, clipped so that a hostile megabyte-long key does not become a megabyte-long message.</summary>
    public static string Quote(string name) => "'" + Clip(name) + "'";

    /// <summary>Reads a non-negative integer (a dimension, an offset, a count) without overflowing.</summary>
    public static ulong ReadUInt64(ref Utf8JsonReader reader, string source, string what)
    {
        Next(ref reader, source, $"{what}: an integer ≥ 0");
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetUInt64(out ulong value))
            throw WrongType(ref reader, source, what, "an integer from 0 to 2^64 − 1");
        return value;
    }

    private static string Clip(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
