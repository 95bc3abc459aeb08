using System;
using System.Collections.Generic;

namespace NetGen;

/// <summary>
/// One named tensor in a network's flat parameter buffer, as it appears in PyTorch's <c>state_dict</c>:
/// for example <c>0.weight</c> with shape <c>[8, 4]</c> (row-major) at offset 0.
/// </summary>
public sealed class ParameterTensor
{
    private readonly int[] _shape;

    /// <summary>Describes a tensor of the given shape that starts at <paramref name="offset"/>.</summary>
    public ParameterTensor(string name, int offset, params int[] shape)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Offset = offset;
        _shape = (int[])shape.Clone();
        int length = 1;
        foreach (int dimension in _shape) length *= dimension;
        Length = length;
    }

    /// <summary>The <c>state_dict</c> key, <c>{layer index}.weight</c> or <c>{layer index}.bias</c>.</summary>
    public string Name { get; }

    /// <summary>Where the tensor starts in <c>Parameters</c> and <c>Gradients</c>.</summary>
    public int Offset { get; }

    /// <summary>The number of values: the product of <see cref="Shape"/>.</summary>
    public int Length { get; }

    /// <summary>PyTorch's shape: <c>[out, in]</c> for a weight, <c>[out]</c> for a bias.</summary>
    public IReadOnlyList<int> Shape => _shape;

    /// <summary>The tensor's values within a network's parameter (or gradient) buffer.</summary>
    public Span<float> Slice(Span<float> buffer) => buffer.Slice(Offset, Length);

    /// <inheritdoc/>
    public override string ToString() => $"{Name} [{string.Join(", ", _shape)}] at {Offset}";
}
