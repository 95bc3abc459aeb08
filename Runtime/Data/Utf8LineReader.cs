using System;
using System.IO;
using System.Text;

namespace NetGen;

/// <summary>
/// Reads a stream of UTF-8 text line by line, strictly: an invalid byte sequence is an <see cref="InvalidDataException"/>
/// naming its line (not a silent U+FFFD). Lines end at LF or CRLF; a leading byte-order mark is skipped. It decodes one
/// line at a time, so an error names the line exactly and memory grows with the longest line, never beyond the stream.
/// </summary>
internal sealed class Utf8LineReader
{
    /// <summary>The longest line accepted (its string takes twice this): a file without line breaks is not a CSV.</summary>
    public const int MaxLineBytes = 64 * 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private byte[] _line = new byte[256];
    private int _start, _end;
    private bool _endOfStream;

    public Utf8LineReader(Stream stream, string? path)
    {
        _stream = stream;
        Path = path;
    }

    /// <summary>The file's path, or null for a stream; it prefixes error messages.</summary>
    public string? Path { get; }

    /// <summary>The 1-based number of the line last returned by <see cref="ReadLine"/> (0 before the first).</summary>
    public int LineNumber { get; private set; }

    /// <summary>Where <paramref name="line"/> is, for an error message: <c>path:line</c>, or <c>line N</c> for a stream.</summary>
    public string At(int line) => Path is null ? $"line {line}" : $"{Path}:{line}";

    /// <summary>The next line without its terminator, or null at the end of the stream.</summary>
    public string? ReadLine()
    {
        int length = 0;
        bool sawNewline = false;
        while (!sawNewline)
        {
            if (_start == _end && !Fill()) break;
            ReadOnlySpan<byte> available = _buffer.AsSpan(_start, _end - _start);
            int newline = available.IndexOf((byte)'\n');
            int take = newline < 0 ? available.Length : newline;
            Append(available[..take], ref length);
            _start += newline < 0 ? take : take + 1;
            sawNewline = newline >= 0;
        }
        if (!sawNewline && length == 0) return null;

        LineNumber++;
        ReadOnlySpan<byte> bytes = _line.AsSpan(0, length);
        if (bytes.EndsWith("\r"u8)) bytes = bytes[..^1];
        if (LineNumber == 1 && bytes.StartsWith("\uFEFF"u8)) bytes = bytes[3..];
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            int offset = e.Index >= 0 ? e.Index : 0;
            throw new InvalidDataException($"{At(LineNumber)}: invalid UTF-8 at byte {offset + 1} of the line; expected UTF-8 text.", e);
        }
    }

    private bool Fill()
    {
        if (_endOfStream) return false;
        _start = 0;
        _end = _stream.Read(_buffer, 0, _buffer.Length);
        _endOfStream = _end == 0;
        return !_endOfStream;
    }

    private void Append(ReadOnlySpan<byte> bytes, ref int length)
    {
        if (length + bytes.Length > MaxLineBytes)
            throw new InvalidDataException($"{At(LineNumber + 1)}: the line is longer than {MaxLineBytes / (1024 * 1024)} MiB; expected lines of comma-separated values.");
        if (length + bytes.Length > _line.Length)
            Array.Resize(ref _line, Math.Max(_line.Length * 2, length + bytes.Length));
        bytes.CopyTo(_line.AsSpan(length));
        length += bytes.Length;
    }
}
