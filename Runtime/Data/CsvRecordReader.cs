using System.Collections.Generic;
using System.IO;
using System.Text;

namespace NetGen;

/// <summary>
/// Splits UTF-8 text into records of fields as RFC 4180 defines them: fields separated by commas; a field in double
/// quotes may hold commas, line breaks and doubled quotes (<c>""</c> for one <c>"</c>). Blank lines are skipped. Text
/// the RFC does not allow (a quote inside an unquoted field, text after a closing quote, a quote never closed) is an
/// <see cref="InvalidDataException"/> naming the line, never a guess.
/// </summary>
internal sealed class CsvRecordReader
{
    private readonly Utf8LineReader _lines;
    private readonly StringBuilder _quoted = new();

    public CsvRecordReader(Utf8LineReader lines) => _lines = lines;

    /// <summary>The line the record last read starts on (1-based).</summary>
    public int RecordLine { get; private set; }

    /// <summary>Where the record last read is, for an error message.</summary>
    public string At() => _lines.At(RecordLine);

    /// <summary>Reads the next non-blank record into <paramref name="fields"/>; false at the end of the text.</summary>
    public bool ReadRecord(List<string> fields)
    {
        fields.Clear();
        string? line;
        do line = _lines.ReadLine();
        while (line is not null && line.Length == 0);
        if (line is null) return false;
        RecordLine = _lines.LineNumber;

        int i = 0;
        while (true)
        {
            if (i < line.Length && line[i] == '"') fields.Add(ReadQuoted(ref line, ref i));
            else
            {
                int comma = line.IndexOf(',', i);
                int end = comma < 0 ? line.Length : comma;
                int quote = line.IndexOf('"', i, end - i);
                if (quote >= 0)
                    throw new InvalidDataException(
                        $"{_lines.At(_lines.LineNumber)}: a quote inside an unquoted field (field {fields.Count + 1}); expected the whole field in quotes, with each quote in it doubled (RFC 4180).");
                fields.Add(line[i..end]);
                i = end;
            }
            if (i == line.Length) return true;
            i++; // past the comma; a comma that ends the line is followed by one more, empty, field
        }
    }

    /// <summary>Reads a quoted field starting at the quote at <paramref name="i"/>, across line breaks; leaves <paramref name="i"/> after it.</summary>
    private string ReadQuoted(ref string line, ref int i)
    {
        int openedOn = _lines.LineNumber;
        _quoted.Clear();
        i++;
        while (true)
        {
            if (i == line.Length)
            {
                line = _lines.ReadLine()
                    ?? throw new InvalidDataException($"{_lines.At(openedOn)}: a quoted field opened here is never closed; expected a closing quote.");
                _quoted.Append('\n');
                i = 0;
                continue;
            }
            char c = line[i++];
            if (c != '"') _quoted.Append(c);
            else if (i < line.Length && line[i] == '"')
            {
                _quoted.Append('"');
                i++;
            }
            else break;
        }
        if (i < line.Length && line[i] != ',')
            throw new InvalidDataException(
                $"{_lines.At(_lines.LineNumber)}: '{line[i]}' after a closing quote; expected a comma or the end of the line (RFC 4180: a quote in a quoted field is doubled).");
        return _quoted.ToString();
    }
}
