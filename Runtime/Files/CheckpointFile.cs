using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace NetGen;

/// <summary>
/// Saves and loads a training run's whole state — the network's parameters and buffers and the optimizer's
/// <see cref="OptimizerState"/> (kind, hyper-parameters, step count, buffers) — so that training stopped and resumed
/// gives the same bits as training never stopped. The file is safetensors: the parameters and buffers under their
/// <c>state_dict</c> names, each optimizer buffer as <c>optimizer.{name}</c> (one value a parameter, F32), and in
/// <c>__metadata__</c> <c>format</c> = <c>netgen.checkpoint</c>, <c>format_version</c> = <c>1</c>,
/// <c>optimizer</c> = the kind, <c>optimizer.step</c> and each hyper-parameter as <c>optimizer.{name}</c> (decimal
/// text that round-trips exactly); for a network with Dropout (<see cref="IDropoutNetwork"/>) also <c>dropout.seed</c> and
/// <c>dropout.step</c>, so that the resumed run draws the same masks. A save is atomic; a failed load leaves the network
/// and the optimizer untouched.
/// </summary>
public static class CheckpointFile
{
    private const string Format = "netgen.checkpoint";
    private const string Prefix = "optimizer.";
    private const string StepKey = Prefix + "step";
    private const string DropoutSeedKey = "dropout.seed", DropoutStepKey = "dropout.step";

    /// <summary>The most buffers an optimizer may keep a parameter (Adam keeps two): it bounds what a load reads.</summary>
    public const int MaximumBuffers = 4;

    /// <summary>Writes the parameters of <paramref name="network"/> and the state of <paramref name="optimizer"/> to <paramref name="path"/>, atomically.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">
    /// A parameter or a buffer value is not finite (named), or the optimizer is for another number of parameters; nothing is written.
    /// </exception>
    public static void Save(string path, ITrainableNetwork network, IOptimizer optimizer)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        SafeTensorsWriter writer = Prepare(network, optimizer);
        AtomicFile.Write(path, writer.WriteTo);
    }

    /// <summary>As <see cref="Save(string, ITrainableNetwork, IOptimizer)"/>, to a stream.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A value is not finite, or the optimizer is for another number of parameters; nothing is written.</exception>
    public static void Save(Stream stream, ITrainableNetwork network, IOptimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Prepare(network, optimizer).WriteTo(stream);
    }

    /// <summary>
    /// Restores <paramref name="network"/>'s parameters and <paramref name="optimizer"/>'s state (hyper-parameters
    /// included, as PyTorch's <c>load_state_dict</c>) from a checkpoint. A checkpoint of another network, of another
    /// kind of optimizer or of another size is refused; on any error an <see cref="InvalidDataException"/> names what
    /// was expected, and neither the network nor the optimizer changes.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidDataException">The file is not a checkpoint of this network and this kind of optimizer.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static void Load(string path, ITrainableNetwork network, IOptimizer optimizer)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        using FileStream stream = File.OpenRead(path);
        Load(stream, network, optimizer, $"'{path}'");
    }

    /// <summary>As <see cref="Load(string, ITrainableNetwork, IOptimizer)"/>, from the rest of a stream; <paramref name="source"/> names it in messages.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidDataException">The stream does not hold a checkpoint of this network and this kind of optimizer.</exception>
    /// <exception cref="IOException">The stream cannot be read.</exception>
    public static void Load(Stream stream, ITrainableNetwork network, IOptimizer optimizer, string source = "the checkpoint")
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(source);
        int count = network.Parameters.Length;
        long maximum = SafeTensorsReader.MaximumLength(SafeTensorsFile.HeaderLimit(network), (1L + MaximumBuffers) * count + network.Buffers.Length);
        SafeTensorsReader file = SafeTensorsReader.Read(stream, maximum, SafeTensorsFile.HeaderLimit(network), source);
        RequireFormat(file, Format, "a NetGen checkpoint");

        // Every tensor is the network's or an optimizer buffer; each is read into a copy first.
        List<string> names = SafeTensorsFile.Names(network);
        var bufferNames = new List<string>();
        foreach (string name in file.Names)
            if (name.StartsWith(Prefix, StringComparison.Ordinal) && !names.Contains(name) && bufferNames.Count < MaximumBuffers) bufferNames.Add(name);
        file.RequireOnly([.. names, .. bufferNames]);
        SafeTensorsFile.ReadState(file, network, out float[] parameters, out float[] networkBuffers);
        var buffers = new Dictionary<string, float[]>();
        foreach (string name in bufferNames)
        {
            var values = new float[count];
            file.ReadTensor(name, [count], values);
            buffers.Add(name[Prefix.Length..], values);
        }

        OptimizerState state = ReadState(file, count, buffers);
        (int Seed, long Step)? dropout = ReadDropout(file);
        try
        {
            optimizer.LoadStateDict(state); // all or nothing; the last step that can fail
        }
        catch (ArgumentException error)
        {
            throw new InvalidDataException($"{source} holds an optimizer state this optimizer refuses ({error.Message}); "
                + "expected the state of an optimizer of this kind and size, with hyper-parameters its constructor accepts.", error);
        }
        parameters.CopyTo(network.Parameters);
        networkBuffers.CopyTo(network.Buffers);
        // A checkpoint of the same layers without Dropout has no mask state: the network keeps its own.
        if (network is IDropoutNetwork masks && dropout is (int seed, long step))
        {
            masks.DropoutSeed = seed;
            masks.DropoutStep = step;
        }
    }

    private static (int Seed, long Step)? ReadDropout(SafeTensorsReader file)
    {
        bool hasSeed = file.Metadata.TryGetValue(DropoutSeedKey, out string? seedText);
        bool hasStep = file.Metadata.TryGetValue(DropoutStepKey, out string? stepText);
        if (!hasSeed && !hasStep) return null;
        if (!int.TryParse(seedText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int seed))
            throw new InvalidDataException($"{file.Source}: metadata \"{DropoutSeedKey}\" is {Describe(seedText)}; expected a 32-bit integer seed (with \"{DropoutStepKey}\").");
        if (!long.TryParse(stepText, NumberStyles.None, CultureInfo.InvariantCulture, out long step))
            throw new InvalidDataException($"{file.Source}: metadata \"{DropoutStepKey}\" is {Describe(stepText)}; expected a step count from 0 (with \"{DropoutSeedKey}\").");
        return (seed, step);
    }

    private static SafeTensorsWriter Prepare(ITrainableNetwork network, IOptimizer optimizer)
    {
        FileChecks.FiniteParameters(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        OptimizerState state = optimizer.StateDict();
        if (state.ParameterCount != network.Parameters.Length)
            throw new ArgumentException($"The optimizer updates {state.ParameterCount} parameters; expected the network's {network.Parameters.Length}.", nameof(optimizer));
        if (state.Buffers.Count > MaximumBuffers)
            throw new ArgumentException($"The optimizer has {state.Buffers.Count} buffers; expected at most {MaximumBuffers}.", nameof(optimizer));

        SafeTensorsWriter writer = new SafeTensorsWriter().AddState(network)
            .Metadata("format", Format).Metadata("format_version", "1")
            .Metadata("optimizer", state.Kind)
            .Metadata(StepKey, state.StepCount.ToString(CultureInfo.InvariantCulture));
        if (network is IDropoutNetwork masks)
            writer.Metadata(DropoutSeedKey, masks.DropoutSeed.ToString(CultureInfo.InvariantCulture))
                  .Metadata(DropoutStepKey, masks.DropoutStep.ToString(CultureInfo.InvariantCulture));
        foreach ((string name, double value) in state.HyperParameters)
        {
            if (name == "step") throw new ArgumentException("The optimizer has a hyper-parameter named 'step'; expected another name (the step count is saved as such).", nameof(optimizer));
            writer.Metadata(Prefix + name, value.ToString("R", CultureInfo.InvariantCulture));
        }
        foreach ((string name, ReadOnlyMemory<float> values) in state.Buffers)
        {
            FileChecks.Finite(values.Span, $"optimizer buffer '{name}'", nameof(optimizer));
            writer.Add(Prefix + name, [values.Length], values.Span);
        }
        return writer;
    }

    private static OptimizerState ReadState(SafeTensorsReader file, int count, Dictionary<string, float[]> buffers)
    {
        if (!file.Metadata.TryGetValue("optimizer", out string? kind) || kind.Length == 0)
            throw new InvalidDataException($"{file.Source} names no optimizer; expected metadata \"optimizer\" (Sgd, Adam, AdamW, …).");
        if (!file.Metadata.TryGetValue(StepKey, out string? stepText)
            || !int.TryParse(stepText, NumberStyles.None, CultureInfo.InvariantCulture, out int step))
            throw new InvalidDataException($"{file.Source}: metadata \"{StepKey}\" is {Describe(stepText)}; expected a step count from 0 to {int.MaxValue}.");
        var hyperParameters = new Dictionary<string, double>();
        foreach ((string key, string text) in file.Metadata)
        {
            if (!key.StartsWith(Prefix, StringComparison.Ordinal) || key == StepKey) continue;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
                throw new InvalidDataException($"{file.Source}: metadata {StrictJson.Quote(key)} is {Describe(text)}; expected a finite number.");
            hyperParameters.Add(key[Prefix.Length..], value);
        }
        return new OptimizerState(kind, count, step, hyperParameters, buffers);
    }

    /// <summary>Throws unless the file's metadata says it is a <paramref name="format"/> file of version 1.</summary>
    internal static void RequireFormat(SafeTensorsReader file, string format, string what)
    {
        file.Metadata.TryGetValue("format", out string? actual);
        if (actual != format)
            throw new InvalidDataException($"{file.Source} has metadata \"format\" {Describe(actual)}; expected \"{format}\" ({what}).");
        file.Metadata.TryGetValue("format_version", out string? version);
        if (version != "1")
            throw new InvalidDataException($"{file.Source} has metadata \"format_version\" {Describe(version)}; expected \"1\" (this version of NetGen reads no other).");
    }

    private static string Describe(string? text) => text is null ? "missing" : StrictJson.Quote(text);
}
