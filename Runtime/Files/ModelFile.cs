using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace NetGen;

/// <summary>
/// One file that holds a deployable model: the network's weights, the <see cref="Standardizer"/> its inputs go
/// through, and the names of its classes. It is safetensors, so Python reads the weights too: the parameters under
/// their <c>state_dict</c> names, <c>standardizer.mean</c> and <c>standardizer.scale</c> (one value an input, F64 as
/// the standardizer holds them),
/// and in <c>__metadata__</c> <c>format</c> = <c>netgen.model</c>, <c>format_version</c> = <c>1</c> and
/// <c>class_names</c> (a JSON array of strings). A save is atomic; a failed load leaves the network untouched.
/// </summary>
public static class ModelFile
{
    private const string Format = "netgen.model";
    private const string Mean = "standardizer.mean", Scale = "standardizer.scale", ClassNamesKey = "class_names";

    /// <summary>
    /// Writes <paramref name="network"/>'s weights, with the optional <paramref name="standardizer"/> (one feature an
    /// input) and <paramref name="classNames"/> (one an output, or two for a single-output binary classifier; none when
    /// null or empty, as <see cref="Dataset.ClassNames"/> of a regression set), to
    /// <paramref name="path"/>, atomically: a failed or interrupted save leaves the previous file.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> or <paramref name="path"/> is null, or a class name is.</exception>
    /// <exception cref="ArgumentException">
    /// A parameter is not finite (named), the standardizer has another number of features than the network's inputs,
    /// or the class names do not fit the outputs or repeat; nothing is written.
    /// </exception>
    public static void Save(INetwork network, string path, Standardizer? standardizer = null, IReadOnlyList<string>? classNames = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        SafeTensorsWriter writer = Prepare(network, standardizer, classNames);
        AtomicFile.Write(path, writer.WriteTo);
    }

    /// <summary>As <see cref="Save(INetwork, string, Standardizer?, IReadOnlyList{string}?)"/>, to a stream.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> or <paramref name="stream"/> is null, or a class name is.</exception>
    /// <exception cref="ArgumentException">A parameter is not finite, or the standardizer or class names do not fit the network; nothing is written.</exception>
    public static void Save(INetwork network, Stream stream, Standardizer? standardizer = null, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Prepare(network, standardizer, classNames).WriteTo(stream);
    }

    /// <summary>
    /// Reads a model file into <paramref name="network"/> and returns what else it holds (the standardizer and class
    /// names, each null when the model was saved without). On any error an <see cref="InvalidDataException"/> names
    /// what was expected, and the network is left untouched.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidDataException">The file is not a model file for this network.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static ModelInfo Load(INetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        using FileStream stream = File.OpenRead(path);
        return Load(network, stream, $"'{path}'");
    }

    /// <summary>As <see cref="Load(INetwork, string)"/>, from the rest of a stream; <paramref name="source"/> names it in messages.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidDataException">The stream does not hold a model file for this network.</exception>
    /// <exception cref="IOException">The stream cannot be read.</exception>
    public static ModelInfo Load(INetwork network, Stream stream, string source = "the model file")
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        long headerLimit = SafeTensorsFile.HeaderLimit(network);
        long maximum = SafeTensorsReader.MaximumLength(headerLimit, network.Parameters.Length + 2L * network.InputSize);
        SafeTensorsReader file = SafeTensorsReader.Read(stream, maximum, headerLimit, source);
        CheckpointFile.RequireFormat(file, Format, "a NetGen model file; plain weights load with SafeTensorsFile.Load");
        List<string> names = SafeTensorsFile.Names(network);
        names.Add(Mean);
        names.Add(Scale);
        file.RequireOnly(names);
        float[] parameters = SafeTensorsFile.ReadParameters(file, network);
        Standardizer? standardizer = ReadStandardizer(file, network.InputSize);
        IReadOnlyList<string>? classNames = null;
        if (file.Metadata.TryGetValue(ClassNamesKey, out string? json))
        {
            classNames = ReadClassNames(json, file.Source);
            try
            {
                CheckClassNames(classNames, network.OutputSize);
            }
            catch (ArgumentException error)
            {
                throw new InvalidDataException($"{file.Source}: {error.Message}", error);
            }
        }
        parameters.CopyTo(network.Parameters);
        return new ModelInfo(standardizer, classNames);
    }

    private static SafeTensorsWriter Prepare(INetwork network, Standardizer? standardizer, IReadOnlyList<string>? classNames)
    {
        FileChecks.FiniteParameters(network);
        SafeTensorsWriter writer = new SafeTensorsWriter().AddParameters(network).Metadata("format", Format).Metadata("format_version", "1");
        if (standardizer is not null)
        {
            if (standardizer.Mean.Length != network.InputSize)
                throw new ArgumentException($"The standardizer has {standardizer.Mean.Length} features; expected the network's {network.InputSize} inputs.", nameof(standardizer));
            writer.Add(Mean, [network.InputSize], standardizer.Mean).Add(Scale, [network.InputSize], standardizer.Scale);
        }
        if (classNames is { Count: > 0 }) // empty: no names, as a Dataset without classes has
        {
            CheckClassNames(classNames, network.OutputSize);
            writer.Metadata(ClassNamesKey, JsonStringArray(classNames));
        }
        return writer;
    }

    /// <summary>
    /// <c>["a","b"]</c>, written without reflection (JsonSerializer's reflection is not trimming- or NativeAOT-safe, and
    /// the runtime is marked AOT-compatible); non-ASCII names are kept as they are.
    /// </summary>
    private static string JsonStringArray(IReadOnlyList<string> values)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartArray();
            foreach (string value in values) json.WriteStringValue(value);
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>One name an output, or two for one output (a binary classifier: class 1 where the output is above ½).</summary>
    private static void CheckClassNames(IReadOnlyList<string> classNames, int outputs)
    {
        bool binary = outputs == 1 && classNames.Count == 2;
        if (classNames.Count != outputs && !binary)
            throw new ArgumentException($"There are {classNames.Count} class names; expected one an output ({outputs})"
                + (outputs == 1 ? " or two for a binary classifier." : "."), nameof(classNames));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < classNames.Count; i++)
        {
            if (classNames[i] is null) throw new ArgumentNullException(nameof(classNames), $"classNames[{i}] is null; expected a name.");
            if (!seen.Add(classNames[i]))
                throw new ArgumentException($"The class name {StrictJson.Quote(classNames[i])} appears twice; expected distinct names.", nameof(classNames));
        }
    }

    private static Standardizer? ReadStandardizer(SafeTensorsReader file, int inputs)
    {
        if (!file.Contains(Mean) && !file.Contains(Scale)) return null;
        var mean = new double[inputs];
        var scale = new double[inputs];
        file.ReadTensor(Mean, [inputs], mean); // also says so when one of the two is missing
        file.ReadTensor(Scale, [inputs], scale);
        try
        {
            return new Standardizer(mean.AsSpan(), scale.AsSpan());
        }
        catch (ArgumentException error)
        {
            throw new InvalidDataException($"{file.Source}: the standardizer is refused: {error.Message}", error);
        }
    }

    private static string[] ReadClassNames(string json, string source)
    {
        const string expected = "metadata \"class_names\": a JSON array of strings";
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes);
        StrictJson.Expect(ref reader, JsonTokenType.StartArray, source, "metadata \"class_names\"", "a JSON array of strings");
        var names = new List<string>();
        while (true)
        {
            StrictJson.Next(ref reader, source, expected);
            if (reader.TokenType == JsonTokenType.EndArray) break;
            if (reader.TokenType != JsonTokenType.String) throw StrictJson.WrongType(ref reader, source, $"class_names[{names.Count}]", "a string");
            names.Add(StrictJson.String(ref reader, source, $"class_names[{names.Count}]"));
        }
        StrictJson.End(ref reader, source, expected);
        return names.ToArray();
    }
}
