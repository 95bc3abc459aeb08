using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace NetGen;

// scikit-learn's CSV format (its bundled iris and breast cancer files): a header "rows,features,class names…", then
// one line a sample, the features and then the class index.
public sealed partial class Dataset
{
    /// <summary>
    /// Reads a file in scikit-learn's format: a first line <c>rows,features,class names…</c>, then one line a sample,
    /// the features and then the class index. (For a CSV whose first row names its columns, call
    /// <see cref="LoadCsv(string, string, IReadOnlyList{string})"/>.)
    /// </summary>
    /// <exception cref="InvalidDataException">The file does not follow the format; the message names the line and what was
    /// expected. Features must be finite floats: NaN, infinity and numbers beyond float's range are refused.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static Dataset LoadCsv(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        return ReadScikitLearnCsv(new Utf8LineReader(stream, path));
    }

    /// <summary>Reads scikit-learn's format, as <see cref="LoadCsv(string)"/>, from UTF-8 text in <paramref name="stream"/>.</summary>
    /// <exception cref="InvalidDataException">The text does not follow the format; the message names the line and what was expected.</exception>
    /// <exception cref="IOException">The stream cannot be read.</exception>
    public static Dataset LoadCsv(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ReadScikitLearnCsv(new Utf8LineReader(stream, path: null));
    }

    private static Dataset ReadScikitLearnCsv(Utf8LineReader lines)
    {
        string header = lines.ReadLine()
            ?? throw new InvalidDataException($"{lines.At(1)}: the file is empty; expected a header 'rows,features,class names…'.");
        (int rows, int featureCount, string[] classNames) = ParseScikitLearnHeader(header, lines.At(1));

        // Grown as rows are read, never sized by the header's counts: a header that claims 2e9 rows costs nothing.
        var features = new List<float>();
        var labels = new List<int>();
        string? line;
        while ((line = lines.ReadLine()) is not null)
        {
            if (line.Length == 0) continue;
            if (labels.Count == rows)
                throw new InvalidDataException($"{lines.At(lines.LineNumber)}: more rows than the {rows} the header announced; expected {rows} rows.");
            ReadScikitLearnRow(line, featureCount, classNames.Length, features, labels, lines);
        }
        if (labels.Count != rows)
            throw new InvalidDataException(
                $"{lines.At(1)}: the header announces {rows} rows, but the file ends after {labels.Count} (line {lines.LineNumber}); expected {rows} rows.");
        return new Dataset(features.ToArray(), featureCount, labels.ToArray(), classNames.Length, classNames);
    }

    /// <summary>Appends one line's features and class index, cell by cell over the line (no string a cell).</summary>
    private static void ReadScikitLearnRow(string line, int featureCount, int classCount, List<float> features, List<int> labels, Utf8LineReader lines)
    {
        int cellCount = line.AsSpan().Count(',') + 1;
        if (cellCount != featureCount + 1)
            throw new InvalidDataException($"{lines.At(lines.LineNumber)}: {cellCount} values; expected {featureCount} features and a class index.");
        ReadOnlySpan<char> rest = line;
        for (int f = 0; f < featureCount; f++)
        {
            int comma = rest.IndexOf(',');
            ReadOnlySpan<char> cell = rest[..comma];
            if (!CsvNumber.TryParseFinite(cell, out float value, out string problem))
                throw new InvalidDataException($"{lines.At(lines.LineNumber)}, column {f + 1}: {problem}.");
            features.Add(value);
            rest = rest[(comma + 1)..];
        }
        if (!int.TryParse(rest, NumberStyles.Integer, CultureInfo.InvariantCulture, out int label) || label < 0 || label >= classCount)
            throw new InvalidDataException(
                $"{lines.At(lines.LineNumber)}, column {featureCount + 1}: '{CsvNumber.Shorten(rest)}' is not a class index; expected an integer in [0, {classCount - 1}].");
        labels.Add(label);
    }

    private static (int Rows, int Features, string[] ClassNames) ParseScikitLearnHeader(string header, string at)
    {
        const string Expected = "expected a header 'rows,features,class names…' (for a CSV whose first row names its columns, call LoadCsv(path, labelColumn))";
        string[] cells = header.Split(',');
        if (cells.Length < 3) throw new InvalidDataException($"{at}: {cells.Length} values; {Expected}.");
        if (!int.TryParse(cells[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int rows) || rows <= 0)
            throw new InvalidDataException($"{at}: '{CsvNumber.Shorten(cells[0])}' is not a positive row count; {Expected}.");
        if (!int.TryParse(cells[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int featureCount) || featureCount <= 0)
            throw new InvalidDataException($"{at}: '{CsvNumber.Shorten(cells[1])}' is not a positive feature count; {Expected}.");
        long values = (long)rows * featureCount;
        if (values > Array.MaxLength)
            throw new InvalidDataException(
                $"{at}: {rows} rows × {featureCount} features is {values} values; expected at most {Array.MaxLength}, what one array holds.");
        string[] classNames = cells[2..];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int c = 0; c < classNames.Length; c++)
        {
            if (classNames[c].Length == 0) throw new InvalidDataException($"{at}: class {c} has an empty name; expected a name for every class.");
            if (!seen.Add(classNames[c]))
                throw new InvalidDataException($"{at}: class name '{CsvNumber.Shorten(classNames[c])}' appears twice; expected distinct class names.");
        }
        return (rows, featureCount, classNames);
    }
}
