using System;
using System.Runtime.InteropServices;

namespace NetGen.Benchmarks.Onnx;

/// <summary>
/// Writes a benchmark network as an ONNX model (opset 13): Gemm(transB = 1) → activation → Gemm → activation, with
/// the weights as initializers in the same [out, in] layout as PyTorch and NetGen, and a dynamic batch dimension
/// "N". Field numbers are those of onnx.proto.
/// </summary>
public static class OnnxModelBuilder
{
    public const string InputName = "input", OutputName = "output";

    // onnx.proto enums.
    private const int FloatType = 1;          // TensorProto.DataType.FLOAT
    private const int IntAttribute = 2;       // AttributeProto.AttributeType.INT

    public static byte[] Build(MlpSpec spec, ReadOnlySpan<float> parameters)
    {
        spec.CheckParameters(parameters);
        float[] w1 = parameters.Slice(spec.W1Offset, spec.Hidden * spec.Input).ToArray();
        float[] b1 = parameters.Slice(spec.B1Offset, spec.Hidden).ToArray();
        float[] w2 = parameters.Slice(spec.W2Offset, spec.Output * spec.Hidden).ToArray();
        float[] b2 = parameters.Slice(spec.B2Offset, spec.Output).ToArray();

        var model = new ProtobufWriter()
            .Int(1, 8)                                   // ir_version
            .String(2, "NetGen.Benchmarks")              // producer_name
            .Message(8, o => o.String(1, "").Int(2, 13)) // opset_import: default domain, opset 13
            .Message(7, graph =>                         // graph
            {
                Gemm(graph, InputName, "w1", "b1", "z1");
                ActivationNode(graph, spec.HiddenActivation, "z1", "h1");
                Gemm(graph, "h1", "w2", "b2", "z2");
                ActivationNode(graph, spec.OutputActivation, "z2", OutputName);
                graph.String(2, spec.Name);                                  // name
                Initializer(graph, "w1", w1, spec.Hidden, spec.Input);       // initializer
                Initializer(graph, "b1", b1, spec.Hidden);
                Initializer(graph, "w2", w2, spec.Output, spec.Hidden);
                Initializer(graph, "b2", b2, spec.Output);
                ValueInfo(graph, 11, InputName, spec.Input);                 // input
                ValueInfo(graph, 12, OutputName, spec.Output);               // output
            });
        return model.ToArray();
    }

    /// <summary>NodeProto Gemm: y = x · wᵀ + b (transB = 1 keeps the [out, in] weight as it is).</summary>
    private static void Gemm(ProtobufWriter graph, string x, string w, string b, string y) =>
        graph.Message(1, node => node
            .String(1, x).String(1, w).String(1, b)      // input
            .String(2, y)                                // output
            .String(3, y + "_gemm")                      // name
            .String(4, "Gemm")                           // op_type
            .Message(5, a => a.String(1, "transB").Int(3, 1).Int(20, IntAttribute))); // attribute: name, i, type

    private static void ActivationNode(ProtobufWriter graph, Activation activation, string x, string y) =>
        graph.Message(1, node => node
            .String(1, x)
            .String(2, y)
            .String(3, y + "_act")
            .String(4, activation switch
            {
                Benchmarks.Activation.ReLU => "Relu",
                Benchmarks.Activation.Tanh => "Tanh",
                Benchmarks.Activation.Sigmoid => "Sigmoid",
                _ => "Softmax", // opset 13: over the last axis by default, as torch.softmax(dim=-1)
            }));

    /// <summary>TensorProto: dims, data_type, name, raw_data (little-endian floats).</summary>
    private static void Initializer(ProtobufWriter graph, string name, float[] values, params long[] dims) =>
        graph.Message(5, tensor =>
        {
            foreach (long dim in dims) tensor.Int(1, dim);
            tensor.Int(2, FloatType).String(8, name).Bytes(9, MemoryMarshal.AsBytes(values.AsSpan()));
        });

    /// <summary>ValueInfoProto for a [N, features] float tensor: name, type.tensor_type{elem_type, shape}.</summary>
    private static void ValueInfo(ProtobufWriter graph, int field, string name, int features) =>
        graph.Message(field, info => info
            .String(1, name)
            .Message(2, type => type
                .Message(1, tensor => tensor
                    .Int(1, FloatType)
                    .Message(2, shape => shape
                        .Message(1, dim => dim.String(2, "N"))              // dim_param: the batch
                        .Message(1, dim => dim.Int(1, features))))));       // dim_value
}
