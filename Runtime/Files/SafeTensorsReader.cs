using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace NetGen;

/// <summary>
/// A safetensors file read and checked by the format's own rules (as the reference Rust implementation checks them):
/// an 8-byte little-endian header length, a UTF-8 JSON header <c>{"name": {"dtype", "shape", "data_offsets"},
/// "__metadata__": {string: string}}</c>, then the data, which the tensors cover exactly — contiguous, in any order,
/// without holes or overlaps — with shape product × element size = byte length, every product checked for overflow.
/// Values are converted to float only when a tensor is read, into a buffer the caller owns.
/// </summary>
internal sealed class SafeTensorsReader
{
    private const string ExpectedHeader = "a safetensors header: a JSON object of tensors { \"dtype\", \"shape\", \"data_offsets\" } and an optional \"__metadata__\"";
    private readonly byte[] _file;
    private readonly int _dataStart;
    private readonly Dictionary<string, Entry> _tensors;

    private SafeTensorsReader(byte[] file, int dataStart, Dictionary<string, Entry> tensors, Dictionary<string, string> metadata, string source)
    {
        _file = file;
        _dataStart = dataStart;
        _tensors = tensors;
        Metadata = metadata;
        Source = source;
    }

    /// <summary>How the file is named in messages.</summary>
    public string Source { get; }

    /// <summary>The <c>__metadata__</c> map (empty when there is none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The tensors' names, in no particular order.</summary>
    public IEnumerable<string> Names => _tensors.Keys;

    /// <summary>The byte length of the file for the given header limit and tensor values: what a loader may read.</summary>
    public static long MaximumLength(long headerLimit, long values) => 8 + headerLimit + 8 * values; // 8 bytes: F64, the widest dtype read

    /// <summary>Reads what is left of <paramref name="stream"/> (at most <paramref name="maximumLength"/> bytes) and checks its structure.</summary>
    public static SafeTensorsReader Read(Stream stream, long maximumLength, long headerLimit, string source) =>
        Parse(FileChecks.ReadBounded(stream, maximumLength, source, "safetensors"), headerLimit, source);

    /// <summary>Checks <paramref name="file"/>'s structure; throws an <see cref="InvalidDataException"/> naming what was expected.</summary>
    public static SafeTensorsReader Parse(byte[] file, long headerLimit, string source)
    {
        if (file.Length < 8)
            throw new InvalidDataException($"{source} ends after {file.Length} bytes; expected an 8-byte header length (safetensors).");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file);
        ulong available = (ulong)file.Length - 8;
        if (headerLength > available)
            throw new InvalidDataException($"{source} declares a header of {headerLength} bytes but holds {available} after the length; expected a header inside the file.");
        if (headerLength > (ulong)headerLimit)
            throw new InvalidDataException($"{source} declares a header of {headerLength} bytes; expected at most {headerLimit} for this network.");
        int dataStart = 8 + (int)headerLength;
        ReadOnlySpan<byte> header = file.AsSpan(8, (int)headerLength);
        if (header.IsEmpty || header[0] != (byte)'{')
            throw new InvalidDataException($"{source}: the header does not start with '{{'; expected {ExpectedHeader}.");
        StrictJson.RequireUtf8(header, source + "'s header", ExpectedHeader);

        var tensors = new Dictionary<string, Entry>();
        var metadata = new Dictionary<string, string>();
        bool hasMetadata = false;
        var reader = new Utf8JsonReader(header);
        StrictJson.Expect(ref reader, JsonTokenType.StartObject, source, "the header", ExpectedHeader);
        while (true)
        {
            StrictJson.Next(ref reader, source, ExpectedHeader);
            if (reader.TokenType == JsonTokenType.EndObject) break;
            string name = StrictJson.String(ref reader, source, "a tensor name");
            if (tensors.ContainsKey(name) || (name == "__metadata__" && hasMetadata))
                throw new InvalidDataException($"{source} has {StrictJson.Quote(name)} twice in its header; expected each name once.");
            if (name == "__metadata__")
            {
                ReadMetadata(ref reader, metadata, source);
                hasMetadata = true;
            }
            else
                tensors.Add(name, ReadEntry(ref reader, name, source));
        }
        StrictJson.End(ref reader, source, ExpectedHeader);
        CheckCoverage(tensors, (ulong)(file.Length - dataStart), source);
        return new SafeTensorsReader(file, dataStart, tensors, metadata, source);
    }

    /// <summary>Whether the file holds a tensor of this name.</summary>
    public bool Contains(string name) => _tensors.ContainsKey(name);

    /// <summary>
    /// Converts tensor <paramref name="name"/> into <paramref name="destination"/>, which it must fill exactly with
    /// <paramref name="shape"/>; every value must be a finite float.
    /// </summary>
    public void ReadTensor(string name, IReadOnlyList<int> shape, Span<float> destination)
    {
        Entry entry = Find(name, shape);
        ReadOnlySpan<byte> bytes = Data(entry);
        for (int i = 0; i < destination.Length; i++)
        {
            double value = Value(entry.DType, bytes, i);
            float single = (float)value;
            if (!float.IsFinite(single)) throw NotFinite(name, i, value, double.IsFinite(value) ? "a finite float" : "a finite number");
            destination[i] = single;
        }
    }

    /// <summary>As the float overload, into doubles (for values kept in double; F64 is read without rounding).</summary>
    public void ReadTensor(string name, IReadOnlyList<int> shape, Span<double> destination)
    {
        Entry entry = Find(name, shape);
        ReadOnlySpan<byte> bytes = Data(entry);
        for (int i = 0; i < destination.Length; i++)
        {
            double value = Value(entry.DType, bytes, i);
            if (!double.IsFinite(value)) throw NotFinite(name, i, value, "a finite number");
            destination[i] = value;
        }
    }

    private ReadOnlySpan<byte> Data(Entry entry) => _file.AsSpan(_dataStart + (int)entry.Begin, (int)(entry.End - entry.Begin));

    private Entry Find(string name, IReadOnlyList<int> shape)
    {
        string quoted = StrictJson.Quote(name);
        if (!_tensors.TryGetValue(name, out Entry entry))
            throw new InvalidDataException($"{Source} has no tensor {quoted}; expected one of shape {ParameterTensor.Format(shape)}.");
        bool same = entry.Shape.Length == shape.Count;
        for (int i = 0; same && i < shape.Count; i++) same = entry.Shape[i] == (ulong)shape[i];
        if (!same)
            throw new InvalidDataException($"{Source}: {quoted} has shape [{string.Join(", ", entry.Shape)}]; expected {ParameterTensor.Format(shape)}.");
        return entry;
    }

    private static double Value(DType dtype, ReadOnlySpan<byte> bytes, int i) => dtype switch
    {
        DType.F32 => BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]),
        DType.F16 => (float)BinaryPrimitives.ReadHalfLittleEndian(bytes[(2 * i)..]),
        DType.BF16 => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(bytes[(2 * i)..]) << 16),
        _ => BinaryPrimitives.ReadDoubleLittleEndian(bytes[(8 * i)..]),
    };

    private InvalidDataException NotFinite(string name, int index, double value, string expected) => new(double.IsFinite(value)
        ? FormattableString.Invariant($"{Source}: {StrictJson.Quote(name)}[{index}] is {value:R}, outside float's range; expected {expected}.")
        : FormattableString.Invariant($"{Source}: {StrictJson.Quote(name)}[{index}] is {value}; expected {expected}."));

    /// <summary>Throws unless every tensor in the file is one of <paramref name="expected"/>.</summary>
    public void RequireOnly(IReadOnlyCollection<string> expected)
    {
        var allowed = new HashSet<string>(expected);
        foreach (string name in _tensors.Keys)
            if (!allowed.Contains(name))
                throw new InvalidDataException($"{Source} has a tensor {StrictJson.Quote(name)} that this network does not have; "
                    + $"expected only: {string.Join(", ", Quoted(expected))}.");
    }

    private static IEnumerable<string> Quoted(IEnumerable<string> names)
    {
        foreach (string name in names) yield return $"'{name}'";
    }

    private static void ReadMetadata(ref Utf8JsonReader reader, Dictionary<string, string> metadata, string source)
    {
        const string expected = "\"__metadata__\": an object of strings";
        StrictJson.Expect(ref reader, JsonTokenType.StartObject, source, "\"__metadata__\"", "an object of strings");
        while (true)
        {
            StrictJson.Next(ref reader, source, expected);
            if (reader.TokenType == JsonTokenType.EndObject) return;
            string key = StrictJson.String(ref reader, source, "a metadata key");
            StrictJson.Expect(ref reader, JsonTokenType.String, source, $"metadata {StrictJson.Quote(key)}", "a string");
            if (!metadata.TryAdd(key, StrictJson.String(ref reader, source, $"metadata {StrictJson.Quote(key)}")))
                throw new InvalidDataException($"{source} has the metadata key {StrictJson.Quote(key)} twice; expected each key once.");
        }
    }

    private static Entry ReadEntry(ref Utf8JsonReader reader, string name, string source)
    {
        string quoted = StrictJson.Quote(name);
        const string expectedEntry = "{ \"dtype\", \"shape\", \"data_offsets\" }";
        StrictJson.Expect(ref reader, JsonTokenType.StartObject, source, quoted, expectedEntry);
        DType? dtype = null;
        ulong[]? shape = null, offsets = null;
        string entryEnd = $"the end of {quoted}";
        while (true)
        {
            StrictJson.Next(ref reader, source, entryEnd);
            if (reader.TokenType == JsonTokenType.EndObject) break;
            string key = StrictJson.String(ref reader, source, $"a key of {quoted}");
            bool repeated = key switch
            {
                "dtype" => dtype is not null,
                "shape" => shape is not null,
                "data_offsets" => offsets is not null,
                _ => throw new InvalidDataException($"{source}: {quoted} has a key {StrictJson.Quote(key)}; expected only \"dtype\", \"shape\" and \"data_offsets\"."),
            };
            if (repeated) throw new InvalidDataException($"{source}: {quoted} has \"{key}\" twice; expected it once.");
            if (key == "dtype") dtype = ReadDType(ref reader, quoted, source);
            else if (key == "shape") shape = ReadIntegers(ref reader, $"the shape of {quoted}", source, exactly: -1);
            else offsets = ReadIntegers(ref reader, $"the data_offsets of {quoted}", source, exactly: 2);
        }
        if (dtype is null || shape is null || offsets is null)
            throw new InvalidDataException($"{source}: {quoted} lacks \"{(dtype is null ? "dtype" : shape is null ? "shape" : "data_offsets")}\"; expected {expectedEntry}.");
        ulong begin = offsets[0], end = offsets[1];
        if (end < begin)
            throw new InvalidDataException($"{source}: {quoted} has data_offsets [{begin}, {end}]; expected begin ≤ end.");
        int size = ElementSize(dtype.Value);
        ulong bytes = (ulong)size;
        foreach (ulong dimension in shape)
        {
            // checked: a shape whose product overflows 64 bits must not wrap around to a plausible length.
            try { bytes = checked(bytes * dimension); }
            catch (OverflowException)
            {
                throw new InvalidDataException($"{source}: {quoted} has shape [{string.Join(", ", shape)}], more bytes than 2^64; expected a shape that fits its data_offsets.");
            }
        }
        if (bytes != end - begin)
            throw new InvalidDataException($"{source}: {quoted} has shape [{string.Join(", ", shape)}] of {dtype} ({bytes} bytes) "
                + $"but data_offsets [{begin}, {end}] ({end - begin} bytes); expected shape product × {size} = end − begin.");
        return new Entry(dtype.Value, shape, begin, end);
    }

    private static DType ReadDType(ref Utf8JsonReader reader, string quoted, string source)
    {
        const string expected = "\"F32\", \"F16\", \"BF16\" or \"F64\"";
        StrictJson.Expect(ref reader, JsonTokenType.String, source, $"the dtype of {quoted}", expected);
        string dtype = StrictJson.String(ref reader, source, $"the dtype of {quoted}");
        return dtype switch
        {
            "F32" => DType.F32,
            "F16" => DType.F16,
            "BF16" => DType.BF16,
            "F64" => DType.F64,
            _ => throw new InvalidDataException($"{source}: {quoted} has dtype {StrictJson.Quote(dtype)}; expected {expected}."),
        };
    }

    private static ulong[] ReadIntegers(ref Utf8JsonReader reader, string what, string source, int exactly)
    {
        string expected = exactly < 0 ? "an array of integers ≥ 0" : $"an array of {exactly} integers ≥ 0";
        StrictJson.Expect(ref reader, JsonTokenType.StartArray, source, what, expected);
        var values = new List<ulong>();
        while (true)
        {
            StrictJson.Next(ref reader, source, expected);
            if (reader.TokenType == JsonTokenType.EndArray) break;
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetUInt64(out ulong value))
                throw StrictJson.WrongType(ref reader, source, $"{what}[{values.Count}]", "an integer from 0 to 2^64 − 1");
            if (values.Count == exactly || values.Count == 64)
                throw new InvalidDataException($"{source}: {what} has more than {values.Count} values; expected {(exactly < 0 ? "at most 64 dimensions" : expected)}.");
            values.Add(value);
        }
        if (exactly >= 0 && values.Count != exactly)
            throw new InvalidDataException($"{source}: {what} has {values.Count} values; expected {expected}.");
        return values.ToArray();
    }

    /// <summary>The tensors must cover the data exactly: sorted by offset, each starts where the previous one ended.</summary>
    private static void CheckCoverage(Dictionary<string, Entry> tensors, ulong dataLength, string source)
    {
        foreach ((string name, Entry entry) in tensors)
            if (entry.End > dataLength)
                throw new InvalidDataException($"{source}: {StrictJson.Quote(name)} has data_offsets [{entry.Begin}, {entry.End}] but the data holds "
                    + $"{dataLength} bytes; expected offsets inside the data section.");
        var byOffset = new List<KeyValuePair<string, Entry>>(tensors);
        byOffset.Sort((a, b) => a.Value.Begin != b.Value.Begin ? a.Value.Begin.CompareTo(b.Value.Begin) : a.Value.End.CompareTo(b.Value.End));
        ulong next = 0;
        string previous = "the start of the data";
        foreach ((string name, Entry entry) in byOffset)
        {
            if (entry.Begin != next)
                throw new InvalidDataException(entry.Begin < next
                    ? $"{source}: {StrictJson.Quote(name)} starts at byte {entry.Begin}, inside {previous}; expected tensors that do not overlap."
                    : $"{source}: {StrictJson.Quote(name)} starts at byte {entry.Begin}, leaving a hole after {previous} (byte {next}); expected contiguous tensors.");
            next = entry.End;
            previous = StrictJson.Quote(name);
        }
        if (next != dataLength)
            throw new InvalidDataException($"{source} has {dataLength - next} bytes after its last tensor; expected the tensors to cover the data exactly.");
    }

    private static int ElementSize(DType dtype) => dtype switch
    {
        DType.F16 or DType.BF16 => 2,
        DType.F32 => 4,
        _ => 8,
    };

    private enum DType { F32, F16, BF16, F64 }

    private readonly record struct Entry(DType DType, ulong[] Shape, ulong Begin, ulong End);
}
