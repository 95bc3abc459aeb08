using System;

namespace NetGen.Benchmarks.Peers.Hand;

/// <summary>
/// A hand-optimised peer: the fastest C# we could write for exactly one benchmark network (AVX-512 + FMA), with the
/// generated network's semantics — Forward and ForwardBatch as <c>INetwork</c>'s, ComputeGradients setting the
/// gradient of the mean loss (as <c>reduction='mean'</c>) in the generated <c>Parameters</c> layout and returning
/// that loss. One thread at a time: the batch paths use scratch the instance owns.
/// </summary>
public interface IHandNetwork
{
    /// <summary>The outputs of one sample.</summary>
    void Forward(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>The outputs of batch = inputs.Length / InputSize samples, one row a sample.</summary>
    void ForwardBatch(ReadOnlySpan<float> inputs, Span<float> outputs);

    /// <summary>Sets <see cref="Gradients"/> to the gradient of the mean loss over the batch and returns that loss.
    /// Labels are class indices (0/1 for the binary network).</summary>
    float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels);

    /// <summary>dLoss/dParameters in the generated network's <c>Parameters</c> layout.</summary>
    ReadOnlySpan<float> Gradients { get; }
}
