using System;
using System.Collections.Generic;
using System.Globalization;

namespace NetGen;

/// <summary>One tensor of a network's <c>state_dict</c>: a parameter, or a buffer (BatchNorm1d's running statistics).</summary>
internal readonly record struct StateTensor(ParameterTensor Tensor, bool IsBuffer)
{
    public string Name => Tensor.Name;

    /// <summary>The tensor's values within the network (or within a copy laid out as its parameters or buffers).</summary>
    public Span<float> Values(Span<float> parameters, Span<float> buffers) => IsBuffer ? Tensor.Slice(buffers) : Tensor.Slice(parameters);
}

/// <summary>
/// A network's whole <c>state_dict</c> — its parameters and its buffers — in PyTorch's order: layer by layer (the index
/// before the first '.'), each layer's parameters before its buffers, as <c>Module.state_dict()</c> lists them. Every
/// file format saves and loads exactly these tensors.
/// </summary>
internal static class StateDict
{
    public static List<StateTensor> Of(INetwork network)
    {
        var tensors = new List<StateTensor>(network.ParameterLayout.Count + network.BufferLayout.Count);
        foreach (ParameterTensor tensor in network.ParameterLayout) tensors.Add(new StateTensor(tensor, false));
        foreach (ParameterTensor tensor in network.BufferLayout) tensors.Add(new StateTensor(tensor, true));
        // A stable sort on the layer index keeps each layout's own order within a layer (parameters first).
        var order = new List<(int Layer, int Position)>(tensors.Count);
        for (int i = 0; i < tensors.Count; i++) order.Add((LayerIndex(tensors[i].Name), i));
        order.Sort((a, b) => a.Layer != b.Layer ? a.Layer.CompareTo(b.Layer) : a.Position.CompareTo(b.Position));
        var sorted = new List<StateTensor>(tensors.Count);
        foreach ((_, int position) in order) sorted.Add(tensors[position]);
        return sorted;
    }

    /// <summary>The names of every tensor, in order.</summary>
    public static List<string> Names(INetwork network)
    {
        var names = new List<string>();
        foreach (StateTensor tensor in Of(network)) names.Add(tensor.Name);
        return names;
    }

    /// <summary>The number of values of every tensor together (parameters and buffers).</summary>
    public static long ValueCount(INetwork network) => (long)network.Parameters.Length + network.Buffers.Length;

    /// <summary>Throws an <see cref="System.IO.InvalidDataException"/> unless an integer tensor's value is a whole number ≥ 0.</summary>
    public static void CheckInteger(StateTensor tensor, int index, double value, string source)
    {
        if (tensor.Tensor.IsInteger && (value < 0 || value != Math.Floor(value)))
            throw new System.IO.InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{source}: '{tensor.Name}'[{index}] is {value:R}; expected a whole number ≥ 0 (a count)."));
    }

    // "12.running_mean" → 12; a name without a numeric prefix sorts last, in its own order.
    private static int LayerIndex(string name)
    {
        int dot = name.IndexOf('.');
        return dot > 0 && int.TryParse(name.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out int index) ? index : int.MaxValue;
    }
}
