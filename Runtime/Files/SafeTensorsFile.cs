using System;
using System.Collections.Generic;
using System.IO;

namespace NetGen;

/// <summary>
/// Saves and loads a network's parameters in the safetensors format, the one PyTorch users exchange weights in:
/// <c>safetensors.torch.save_file(model.state_dict(), "model.safetensors")</c> in Python, then
/// <c>SafeTensorsFile.Load(net, "model.safetensors")</c> here. Tensor names are the <c>state_dict</c> names
/// (<c>0.weight</c>, <c>0.bias</c>, …). <see cref="Save(INetwork, string)"/> writes F32; <see cref="Load(INetwork, string)"/>
/// reads F32, F16, BF16 and F64 and converts to float. A save is atomic and refuses a network with a non-finite
/// parameter; a failed load leaves the network untouched.
/// </summary>
public static class SafeTensorsFile
{
    /// <summary>Writes every tensor of <paramref name="network"/>'s layout as F32, atomically: a failed or interrupted save leaves the previous file.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A parameter is NaN or infinite (the message names the tensor and index); nothing is written.</exception>
    public static void Save(INetwork network, string path)
    {
        FileChecks.FiniteParameters(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        SafeTensorsWriter writer = new SafeTensorsWriter().AddParameters(network);
        AtomicFile.Write(path, writer.WriteTo);
    }

    /// <summary>Writes every tensor of <paramref name="network"/>'s layout as F32 to <paramref name="stream"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A parameter is NaN or infinite (the message names the tensor and index); nothing is written.</exception>
    public static void Save(INetwork network, Stream stream)
    {
        FileChecks.FiniteParameters(network);
        ArgumentNullException.ThrowIfNull(stream);
        new SafeTensorsWriter().AddParameters(network).WriteTo(stream);
    }

    /// <summary>
    /// Reads <paramref name="network"/>'s parameters from a safetensors file: every tensor of its layout, with its
    /// shape and finite values, and no other tensor (<c>__metadata__</c> is allowed and ignored). The file's structure
    /// is checked as the format prescribes, and a file larger than the network could need is refused before it is read.
    /// On any error an <see cref="InvalidDataException"/> names what was expected, and the network is left untouched.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidDataException">The file is not a safetensors file of this network's tensors.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static void Load(INetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        using FileStream stream = File.OpenRead(path);
        Load(network, stream, $"'{path}'");
    }

    /// <summary>As <see cref="Load(INetwork, string)"/>, from the rest of a stream; <paramref name="source"/> names it in messages.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidDataException">The stream does not hold a safetensors file of this network's tensors.</exception>
    /// <exception cref="IOException">The stream cannot be read.</exception>
    public static void Load(INetwork network, Stream stream, string source = "the safetensors file")
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        SafeTensorsReader file = SafeTensorsReader.Read(stream, MaximumLength(network), HeaderLimit(network), source);
        file.RequireOnly(Names(network));
        float[] loaded = ReadParameters(file, network);
        loaded.CopyTo(network.Parameters);
    }

    /// <summary>
    /// The largest header a load accepts for <paramref name="network"/>: 64 KiB plus 16 bytes a parameter (a header
    /// takes about 80 bytes a tensor; the rest is room for metadata). The format's own limit is 100 MB.
    /// </summary>
    internal static long HeaderLimit(INetwork network) => (64L << 10) + 16L * network.Parameters.Length;

    /// <summary>The largest file a load reads for <paramref name="network"/>: the header limit and every value as F64.</summary>
    internal static long MaximumLength(INetwork network) => SafeTensorsReader.MaximumLength(HeaderLimit(network), network.Parameters.Length);

    /// <summary>The network's tensor names, for <see cref="SafeTensorsReader.RequireOnly"/>.</summary>
    internal static List<string> Names(INetwork network)
    {
        var names = new List<string>(network.ParameterLayout.Count);
        foreach (ParameterTensor tensor in network.ParameterLayout) names.Add(tensor.Name);
        return names;
    }

    /// <summary>Reads every tensor of the network's layout into a new buffer laid out as <see cref="INetwork.Parameters"/>.</summary>
    internal static float[] ReadParameters(SafeTensorsReader file, INetwork network)
    {
        float[] loaded = network.Parameters.ToArray(); // a layout that does not cover every parameter keeps the rest
        foreach (ParameterTensor tensor in network.ParameterLayout)
            file.ReadTensor(tensor.Name, tensor.Shape, loaded.AsSpan(tensor.Offset, tensor.Length));
        return loaded;
    }
}
