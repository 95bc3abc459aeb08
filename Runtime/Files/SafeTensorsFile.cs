using System;
using System.Collections.Generic;
using System.IO;

namespace NetGen;

/// <summary>
/// Saves and loads a network's parameters (and buffers) in the safetensors format, the one PyTorch users exchange weights in:
/// <c>safetensors.torch.save_file(model.state_dict(), "model.safetensors")</c> in Python, then
/// <c>SafeTensorsFile.Load(net, "model.safetensors")</c> here. Tensor names are the <c>state_dict</c> names
/// (<c>0.weight</c>, <c>0.bias</c>, …, and buffers such as <c>1.running_mean</c>). <see cref="Save(INetwork, string)"/>
/// writes F32 (I64 for a count such as <c>num_batches_tracked</c>, as PyTorch); <see cref="Load(INetwork, string)"/>
/// reads F32, F16, BF16, F64 and I64 and converts to float. A save is atomic and refuses a network with a non-finite
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
        SafeTensorsWriter writer = new SafeTensorsWriter().AddState(network);
        AtomicFile.Write(path, writer.WriteTo);
    }

    /// <summary>Writes every tensor of <paramref name="network"/>'s layout as F32 to <paramref name="stream"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A parameter is NaN or infinite (the message names the tensor and index); nothing is written.</exception>
    public static void Save(INetwork network, Stream stream)
    {
        FileChecks.FiniteParameters(network);
        ArgumentNullException.ThrowIfNull(stream);
        new SafeTensorsWriter().AddState(network).WriteTo(stream);
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
        ReadState(file, network, out float[] parameters, out float[] buffers);
        parameters.CopyTo(network.Parameters);
        buffers.CopyTo(network.Buffers);
    }

    /// <summary>
    /// The largest header a load accepts for <paramref name="network"/>: 64 KiB plus 16 bytes a parameter (a header
    /// takes about 80 bytes a tensor; the rest is room for metadata). The format's own limit is 100 MB.
    /// </summary>
    internal static long HeaderLimit(INetwork network) => (64L << 10) + 16L * StateDict.ValueCount(network);

    /// <summary>The largest file a load reads for <paramref name="network"/>: the header limit and every value as F64.</summary>
    internal static long MaximumLength(INetwork network) => SafeTensorsReader.MaximumLength(HeaderLimit(network), StateDict.ValueCount(network));

    /// <summary>The network's tensor names (parameters and buffers), for <see cref="SafeTensorsReader.RequireOnly"/>.</summary>
    internal static List<string> Names(INetwork network) => StateDict.Names(network);

    /// <summary>
    /// Reads every tensor of the network's <c>state_dict</c> into new buffers laid out as <see cref="INetwork.Parameters"/>
    /// and <see cref="INetwork.Buffers"/> (the network itself is not touched).
    /// </summary>
    internal static void ReadState(SafeTensorsReader file, INetwork network, out float[] parameters, out float[] buffers)
    {
        parameters = network.Parameters.ToArray(); // a layout that does not cover every value keeps the rest
        buffers = network.Buffers.ToArray();
        foreach (StateTensor state in StateDict.Of(network))
        {
            Span<float> destination = state.Values(parameters, buffers);
            file.ReadTensor(state.Name, state.Tensor.Shape, destination);
            for (int i = 0; i < destination.Length; i++) StateDict.CheckInteger(state, i, destination[i], file.Source);
        }
    }
}
