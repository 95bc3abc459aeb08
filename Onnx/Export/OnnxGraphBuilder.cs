using System;
using System.Collections.Generic;
using System.Globalization;
using Onnx;

namespace NetGen.OnnxExport;

/// <summary>
/// Builds the ONNX graph of one network, a layer at a time: nodes named after the layer that made them
/// (<c>2.GELU/Erf</c>), each with one output value of the same name; scalar constants as <c>Constant</c> nodes, one per
/// value; the network's parameters as initializers named after the <c>state_dict</c>.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    private readonly float[] _parameters;
    private readonly float[] _buffers;
    private readonly Dictionary<string, ParameterTensor> _layout = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ParameterTensor> _bufferLayout = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _nameUses = new(StringComparer.Ordinal);
    private readonly Dictionary<int, string> _constants = new();
    private string _scope = "graph";

    public OnnxGraphBuilder(INetwork network)
    {
        _parameters = network.Parameters.ToArray();
        foreach (ParameterTensor tensor in network.ParameterLayout)
        {
            if (tensor.Offset < 0 || tensor.Length < 0 || tensor.Offset > _parameters.Length - tensor.Length)
                throw new ArgumentException(
                    $"The network's tensor {tensor} lies outside its {_parameters.Length} parameters; expected a layout within Parameters.",
                    nameof(network));
            if (!_layout.TryAdd(tensor.Name, tensor))
                throw new ArgumentException($"The network's ParameterLayout names '{tensor.Name}' twice; expected unique state_dict names.", nameof(network));
        }
        _buffers = network.Buffers.ToArray();
        foreach (ParameterTensor tensor in network.BufferLayout)
        {
            if (tensor.Offset < 0 || tensor.Length < 0 || tensor.Offset > _buffers.Length - tensor.Length)
                throw new ArgumentException(
                    $"The network's buffer {tensor} lies outside its {_buffers.Length} buffer values; expected a layout within Buffers.", nameof(network));
            if (_layout.ContainsKey(tensor.Name) || !_bufferLayout.TryAdd(tensor.Name, tensor))
                throw new ArgumentException($"The network's layouts name '{tensor.Name}' twice; expected unique state_dict names.", nameof(network));
        }
        Width = network.InputSize;
    }

    /// <summary>The graph so far.</summary>
    public GraphProto Graph { get; } = new();

    /// <summary>The position of the layer being written, as in <see cref="INetwork.Layers"/>.</summary>
    public int LayerIndex { get; private set; }

    /// <summary>The number of features of the current value: the input's, then each layer's output's.</summary>
    public int Width { get; set; }

    /// <summary>The parameter names that an initializer was made for.</summary>
    public HashSet<string> UsedParameters { get; } = new(StringComparer.Ordinal);

    /// <summary>Names the nodes that follow after the layer at <paramref name="index"/>.</summary>
    public void BeginLayer(int index, string kind)
    {
        LayerIndex = index;
        _scope = $"{index}.{kind}";
    }

    /// <summary>Adds a node with one output and returns that output's name.</summary>
    public string Node(string opType, IReadOnlyList<string> inputs, params AttributeProto[] attributes)
    {
        string name = UniqueName($"{_scope}/{opType}");
        var node = new NodeProto { Name = name, OpType = opType };
        node.Input.AddRange(inputs);
        node.Output.Add(name);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return name;
    }

    /// <summary>An operator of one input.</summary>
    public string Unary(string opType, string x, params AttributeProto[] attributes) => Node(opType, new[] { x }, attributes);

    /// <summary>An operator of two inputs (Add, Mul, Greater, …), broadcasting as ONNX does.</summary>
    public string Binary(string opType, string a, string b) => Node(opType, new[] { a, b });

    /// <summary>A float32 scalar, made once however many layers use it.</summary>
    public string Constant(float value)
    {
        int bits = BitConverter.SingleToInt32Bits(value);
        if (_constants.TryGetValue(bits, out string? name)) return name;
        name = UniqueName("constant/" + value.ToString("R", CultureInfo.InvariantCulture));
        var tensor = new TensorProto { DataType = (int)TensorProto.Types.DataType.Float };
        tensor.FloatData.Add(value);
        var node = new NodeProto { Name = name, OpType = "Constant" };
        node.Output.Add(name);
        node.Attribute.Add(new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = tensor });
        // Constants first, so that the node list stays in topological order as ONNX requires.
        Graph.Node.Insert(_constants.Count, node);
        _constants.Add(bits, name);
        return name;
    }

    /// <summary>
    /// The current layer's parameter <c>{index}.{suffix}</c> as an initializer of that name; throws unless the network's
    /// layout has it with <paramref name="shape"/>.
    /// </summary>
    public string Parameter(string suffix, params int[] shape)
    {
        string name = $"{LayerIndex}.{suffix}";
        string expected = "[" + string.Join(", ", shape) + "]";
        if (!_layout.TryGetValue(name, out ParameterTensor? tensor))
            throw new ArgumentException(
                $"Layer {LayerIndex} needs the parameter '{name}' of shape {expected}, but the network's ParameterLayout has no such tensor.",
                "network");
        if (!SameShape(tensor.Shape, shape))
            throw new ArgumentException(
                $"The network's parameter '{name}' has shape [{string.Join(", ", tensor.Shape)}]; layer {LayerIndex} expects {expected}.",
                "network");
        var values = new ArraySegment<float>(_parameters, tensor.Offset, tensor.Length);
        // As every file format of NetGen: a diverged network is not written, so that it cannot replace a good model.
        for (int i = 0; i < values.Count; i++)
            if (!float.IsFinite(values[i]))
                throw new ArgumentException(FormattableString.Invariant(
                    $"'{name}'[{i}] is {values[i]}; expected a finite number (a diverged network is not exported, so that it cannot replace a good model)."),
                    "network");
        var initializer = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        foreach (int dimension in shape) initializer.Dims.Add(dimension);
        initializer.FloatData.AddRange(values);
        Graph.Initializer.Add(initializer);
        UsedParameters.Add(name);
        return name;
    }

    /// <summary>
    /// The current layer's buffer <c>{index}.{suffix}</c> (BatchNorm1d's running statistics) as an initializer of that
    /// name; throws unless the network's buffer layout has it with <paramref name="shape"/> and finite values.
    /// </summary>
    public string Buffer(string suffix, params int[] shape)
    {
        string name = $"{LayerIndex}.{suffix}";
        if (!_bufferLayout.TryGetValue(name, out ParameterTensor? tensor) || !SameShape(tensor.Shape, shape))
            throw new ArgumentException(
                $"Layer {LayerIndex} needs the buffer '{name}' of shape [{string.Join(", ", shape)}], but the network's BufferLayout has no such tensor.",
                "network");
        return Initializer(name, new ArraySegment<float>(_buffers, tensor.Offset, tensor.Length), shape);
    }

    /// <summary>A float tensor made by the exporter itself (LayerNorm's unit scale without its affine step), as an initializer.</summary>
    public string Tensor(string suffix, float[] values, params int[] shape) =>
        Initializer($"{LayerIndex}.{suffix}", new ArraySegment<float>(values), shape);

    private string Initializer(string name, ArraySegment<float> values, int[] shape)
    {
        for (int i = 0; i < values.Count; i++)
            if (!float.IsFinite(values[i]))
                throw new ArgumentException(FormattableString.Invariant(
                    $"'{name}'[{i}] is {values[i]}; expected a finite number (a diverged network is not exported, so that it cannot replace a good model)."),
                    "network");
        var initializer = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        foreach (int dimension in shape) initializer.Dims.Add(dimension);
        initializer.FloatData.AddRange(values);
        Graph.Initializer.Add(initializer);
        return name;
    }

    /// <summary>Gives the value <paramref name="from"/> the name <paramref name="to"/> wherever it appears.</summary>
    public void Rename(string from, string to)
    {
        foreach (NodeProto node in Graph.Node)
        {
            for (int i = 0; i < node.Input.Count; i++) if (node.Input[i] == from) node.Input[i] = to;
            for (int i = 0; i < node.Output.Count; i++) if (node.Output[i] == from) node.Output[i] = to;
        }
    }

    /// <summary>A float tensor value of shape [N, <paramref name="features"/>], N the batch, left free.</summary>
    public static ValueInfoProto BatchOf(string name, int features)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "N" });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = features });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    /// <summary>A float attribute (ONNX stores them as float32, as the network computes).</summary>
    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    /// <summary>An integer attribute.</summary>
    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private string UniqueName(string name)
    {
        int uses = _nameUses.TryGetValue(name, out int count) ? count : 0;
        _nameUses[name] = uses + 1;
        return uses == 0 ? name : $"{name}_{uses}";
    }

    private static bool SameShape(IReadOnlyList<int> actual, int[] expected)
    {
        if (actual.Count != expected.Length) return false;
        for (int i = 0; i < expected.Length; i++) if (actual[i] != expected[i]) return false;
        return true;
    }
}
