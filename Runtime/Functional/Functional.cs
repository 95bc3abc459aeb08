using System;

namespace NetGen;

/// <summary>The layers as functions, as <c>torch.nn.functional</c>: with the activations in <see cref="Activations"/>
/// and the losses in <see cref="Losses"/>, a network can be written by hand, one call a layer.</summary>
public static class Functional
{
    /// <summary>
    /// <c>F.linear</c>: output = weight · input + bias, with weight <c>[output.Length, input.Length]</c> row-major
    /// and an optional bias (empty for none).
    /// </summary>
    public static void Linear(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output)
    {
        if (weight.Length != input.Length * output.Length)
            throw new ArgumentException($"weight has length {weight.Length}; expected output.Length × input.Length = {output.Length * input.Length}.", nameof(weight));
        if (!bias.IsEmpty && bias.Length != output.Length)
            throw new ArgumentException($"bias has length {bias.Length}; expected output.Length = {output.Length} (or empty).", nameof(bias));
        Compute.SampleKernels.Linear(weight, bias, input, output, new Compute.IdentityOp());
    }
}
