using System;
using System.IO;
using Google.Protobuf;
using NetGen.OnnxExport;

namespace NetGen;

/// <summary>
/// Writes a generated network as an ONNX model, for ONNX Runtime and every other ONNX tool: input <c>input</c> of
/// shape [N, InputSize], output <c>output</c> of shape [N, OutputSize] (N, the batch, left free), float32, the
/// parameters as initializers named after the <c>state_dict</c> (<c>0.weight</c>, <c>0.bias</c>, …), every layer as
/// ONNX operators of opset <see cref="OpsetVersion"/>. The model computes what <c>Forward</c> computes.
/// </summary>
/// <remarks>
/// The whole model is built and checked in memory first: a network that cannot be exported (a layer kind this
/// version does not know, a layout that does not match the layers, a NaN or infinite parameter) throws before anything
/// is written.
/// </remarks>
public static class OnnxFile
{
    /// <summary>
    /// The ONNX operator set the models use: 17 (ONNX 1.12, 2022), the newest that ONNX 1.12's checker validates, old
    /// enough for the runtimes deployed today and new enough to have LayerNormalization. The layers whose own operator
    /// came later (Mish in 18, GELU in 20) are written as exact decompositions.
    /// </summary>
    public const int OpsetVersion = 17;

    /// <summary>
    /// Writes <paramref name="network"/> to <paramref name="path"/> as an ONNX model, atomically: the file is replaced
    /// whole or, on any error, left as it was.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> or <paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="path"/> is empty or a folder, the network's layers and parameter layout disagree, or a parameter is
    /// not finite.
    /// </exception>
    /// <exception cref="NotSupportedException">A layer of the network has no ONNX form in this version (the message names it).</exception>
    public static void Save(INetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] model = OnnxModelBuilder.Build(network).ToByteArray();
        AtomicFile.Write(path, stream => stream.Write(model)); // the runtime's atomic writer (internal, visible to NetGen.Onnx), shared by every format
    }

    /// <summary>
    /// Writes <paramref name="network"/> to <paramref name="stream"/> as an ONNX model, from the stream's position.
    /// Nothing is written unless the whole model could be built.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> or <paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="stream"/> cannot be written to, the network's layers and parameter layout disagree, or a parameter
    /// is not finite.
    /// </exception>
    /// <exception cref="NotSupportedException">A layer of the network has no ONNX form in this version (the message names it).</exception>
    public static void Save(INetwork network, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
            throw new ArgumentException("The stream cannot be written to; expected a writable stream.", nameof(stream));
        byte[] model = OnnxModelBuilder.Build(network).ToByteArray();
        stream.Write(model);
    }
}
