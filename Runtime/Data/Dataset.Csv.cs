using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace NetGen;

// The general CSV: a header row of column names, one column of class labels, every other column a numeric feature.
public sealed partial class Dataset
{
    /// <summary>
    /// Reads a CSV file (RFC 4180, UTF-8) whose first row names its columns: the column named
    /// <paramref name="labelColumn"/> holds each sample's class, every other column is a numeric feature.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="labelColumn">The header name of the class column (compared exactly, case-sensitive).</param>
    /// <param name="classNames">
    /// The classes, in the order that gives their indices; when null they are taken from the values, sorted (by number when
    /// every label is a number, otherwise by ordinal string order), as scikit-learn's <c>LabelEncoder</c> does. Pass the
    /// training set's <see cref="ClassNames"/> when loading a test file, so that a class missing from it keeps its index.
    /// </param>
    /// <exception cref="InvalidDataException">The file is not such a CSV; the message names the line (and the data row and
    /// column) and what was expected. Features must be finite floats: empty cells, NaN, infinity and numbers beyond
    /// float's range are refused.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static Dataset LoadCsv(string path, string labelColumn, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(labelColumn);
        using var stream = OpenSequential(path);
        return ReadCsv(new Utf8LineReader(stream, path), (header, at) => ColumnNamed(header, labelColumn, at), classNames);
    }

    /// <summary>
    /// As <see cref="LoadCsv(string, string, IReadOnlyList{string})"/>, with the class column given by its position:
    /// 0 for the first column, <c>^1</c> for the last.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not such a CSV, or has no column at <paramref name="labelColumn"/>.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static Dataset LoadCsv(string path, Index labelColumn, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = OpenSequential(path);
        return ReadCsv(new Utf8LineReader(stream, path), (header, at) => ColumnAt(header, labelColumn, at), classNames);
    }

    /// <summary>As <see cref="LoadCsv(string, string, IReadOnlyList{string})"/>, from UTF-8 text in <paramref name="stream"/>.</summary>
    /// <exception cref="InvalidDataException">The text is not such a CSV; the message names the line and what was expected.</exception>
    /// <exception cref="IOException">The stream cannot be read.</exception>
    public static Dataset LoadCsv(Stream stream, string labelColumn, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(labelColumn);
        return ReadCsv(new Utf8LineReader(stream, path: null), (header, at) => ColumnNamed(header, labelColumn, at), classNames);
    }

    /// <summary>As <see cref="LoadCsv(string, Index, IReadOnlyList{string})"/>, from UTF-8 text in <paramref name="stream"/>.</summary>
    /// <exception cref="InvalidDataException">The text is not such a CSV; the message names the line and what was expected.</exception>
    /// <exception cref="IOException">The stream cannot be read.</exception>
    public static Dataset LoadCsv(Stream stream, Index labelColumn, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ReadCsv(new Utf8LineReader(stream, path: null), (header, at) => ColumnAt(header, labelColumn, at), classNames);
    }

    private static FileStream OpenSequential(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan); // Utf8LineReader buffers

    private static Dataset ReadCsv(Utf8LineReader lines, Func<List<string>, string, int> findLabelColumn, IReadOnlyList<string>? classNames)
    {
        Dictionary<string, int>? given = classNames is null ? null : IndexClassNames(classNames);
        var reader = new CsvRecordReader(lines);
        var header = new List<string>();
        if (!reader.ReadRecord(header))
            throw new InvalidDataException($"{lines.At(1)}: the file is empty; expected a header row of column names.");
        string headerAt = reader.At();
        if (header.Count < 2)
            throw new InvalidDataException($"{headerAt}: {header.Count} column; expected a header row naming a label column and at least one feature column.");
        int labelColumn = findLabelColumn(header, headerAt);
        int featureCount = header.Count - 1;

        var features = new List<float>();
        var labels = new List<int>(); // indices into `given`, or into `seen` (order of first appearance) until sorted below
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var record = new List<string>();
        while (reader.ReadRecord(record))
        {
            string At() => $"{reader.At()} (data row {labels.Count + 1})"; // formatted only for an error
            if (record.Count != header.Count)
                throw new InvalidDataException($"{At()}: {record.Count} fields; expected {header.Count}, one a column of the header.");
            if ((long)features.Count + featureCount > Array.MaxLength)
                throw new InvalidDataException($"{At()}: more than {Array.MaxLength} feature values; expected at most what one array holds.");
            for (int c = 0; c < record.Count; c++)
            {
                if (c == labelColumn) continue;
                if (!CsvNumber.TryParseFinite(record[c], out float value, out string problem))
                    throw new InvalidDataException($"{At()}, column {c + 1} '{CsvNumber.Shorten(header[c])}': {problem}.");
                features.Add(value);
            }
            int label = LabelIndex(record[labelColumn], given, seen, out string? labelProblem);
            if (labelProblem is not null)
                throw new InvalidDataException($"{At()}, column {labelColumn + 1} '{CsvNumber.Shorten(header[labelColumn])}': {labelProblem}.");
            labels.Add(label);
        }
        if (labels.Count == 0)
            throw new InvalidDataException($"{headerAt}: no data rows after the header; expected at least one sample.");

        string[] names = given is not null ? classNames!.ToArray() : SortedClassNames(seen, labels);
        return new Dataset(features.ToArray(), featureCount, labels.ToArray(), names.Length, names);
    }

    private static int ColumnNamed(List<string> header, string name, string at)
    {
        int first = header.IndexOf(name);
        if (first < 0)
            throw new InvalidDataException(
                $"{at}: no column is named '{CsvNumber.Shorten(name)}'; expected one of {string.Join(", ", header.Take(20).Select(h => $"'{CsvNumber.Shorten(h)}'"))}{(header.Count > 20 ? ", …" : "")}.");
        int second = header.IndexOf(name, first + 1);
        if (second >= 0)
            throw new InvalidDataException(
                $"{at}: columns {first + 1} and {second + 1} are both named '{CsvNumber.Shorten(name)}'; expected one label column of that name.");
        return first;
    }

    private static int ColumnAt(List<string> header, Index column, string at)
    {
        int offset = column.GetOffset(header.Count);
        if (offset < 0 || offset >= header.Count)
            throw new InvalidDataException($"{at}: the header has {header.Count} columns; expected a label column at index {column}.");
        return offset;
    }

    /// <summary>The caller's class names, checked: at least one, none empty, no two alike.</summary>
    private static Dictionary<string, int> IndexClassNames(IReadOnlyList<string> classNames)
    {
        if (classNames.Count == 0) throw new ArgumentException("Expected at least one class name, or null to take them from the file.", nameof(classNames));
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < classNames.Count; c++)
        {
            if (string.IsNullOrEmpty(classNames[c]))
                throw new ArgumentException($"classNames[{c}] is empty; expected a name for every class.", nameof(classNames));
            if (!index.TryAdd(classNames[c], c))
                throw new ArgumentException($"classNames[{c}] '{classNames[c]}' appears twice; expected distinct names.", nameof(classNames));
        }
        return index;
    }

    /// <summary>The label's class index, or a problem (an empty label, or one not among the given names).</summary>
    private static int LabelIndex(string label, Dictionary<string, int>? given, Dictionary<string, int> seen, out string? problem)
    {
        problem = null;
        if (label.Length == 0)
        {
            problem = "the label is empty; expected a class name";
            return -1;
        }
        if (given is not null)
        {
            if (given.TryGetValue(label, out int index)) return index;
            problem = $"'{CsvNumber.Shorten(label)}' is not one of the {given.Count} class names given; expected one of {string.Join(", ", given.Keys.Take(20).Select(k => $"'{k}'"))}";
            return -1;
        }
        if (!seen.TryGetValue(label, out int id))
        {
            id = seen.Count;
            seen.Add(label, id);
        }
        return id;
    }

    /// <summary>
    /// Sorts the labels seen (numerically when every one is a number, so "10" follows "9"; otherwise ordinally), and
    /// renumbers <paramref name="labels"/> from order of first appearance to that order: the same file gives the same
    /// indices whatever the order of its rows, as scikit-learn's <c>LabelEncoder</c> does.
    /// </summary>
    private static string[] SortedClassNames(Dictionary<string, int> seen, List<int> labels)
    {
        var names = new string[seen.Count]; // names[id], ids in order of first appearance
        foreach (KeyValuePair<string, int> entry in seen) names[entry.Value] = entry.Key;
        bool numeric = names.All(n => double.TryParse(n, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v));
        string[] sorted = numeric
            ? names.OrderBy(n => double.Parse(n, NumberStyles.Float, CultureInfo.InvariantCulture)).ThenBy(n => n, StringComparer.Ordinal).ToArray()
            : names.OrderBy(n => n, StringComparer.Ordinal).ToArray();
        var rank = new int[names.Length];
        for (int i = 0; i < sorted.Length; i++) rank[seen[sorted[i]]] = i;
        for (int i = 0; i < labels.Count; i++) labels[i] = rank[labels[i]];
        return sorted;
    }
}
