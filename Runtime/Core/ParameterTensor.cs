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
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="shape"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// The offset or a dimension is negative, or the tensor (or its end) does not fit in an array: a shape whose
    /// product overflows is refused instead of wrapping to a wrong length.
    /// </exception>
    public ParameterTensor(string name, int offset, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(shape);
        if (offset < 0) throw new ArgumentOutOfRangeException(nameof(offset), offset, $"Tensor '{name}': expected an offset ≥ 0.");
        _shape = (int[])shape.Clone();
        foreach (int dimension in _shape)
            if (dimension < 0)
                throw new ArgumentOutOfRangeException(nameof(shape), dimension, $"Tensor '{name}' has shape {Format(_shape)}; expected dimensions ≥ 0.");
        // The product in long, bounded after each factor (so it cannot overflow), instead of an int that silently wraps.
        long length = Array.IndexOf(_shape, 0) >= 0 ? 0 : 1;
        foreach (int dimension in _shape)
        {
            length *= dimension;
            if (offset + length > Array.MaxLength)
                throw new ArgumentOutOfRangeException(nameof(shape), $"Tensor '{name}' with shape {Format(_shape)} at offset {offset} "
                    + $"does not fit in a parameter buffer; expected offset + length ≤ {Array.MaxLength} (Array.MaxLength).");
        }
        Name = name;
        Offset = offset;
        Length = (int)length;
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
    public override string ToString() => $"{Name} {Format(_shape)} at {Offset}";

    internal static string Format(IReadOnlyList<int> shape) => "[" + string.Join(", ", shape) + "]";
}
