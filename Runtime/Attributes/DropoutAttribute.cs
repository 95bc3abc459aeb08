using System;

namespace NetGen;

/// <summary>
/// <c>nn.Dropout(p=0.5)</c>: in training (<c>ComputeGradients</c>) each value is zeroed with probability
/// <paramref name="p"/> and the others are scaled by 1/(1 − p), so that the expected value is unchanged; in evaluation
/// (<c>Forward</c>, <c>ForwardBatch</c>, <c>Backward</c>) it is the identity. The masks come from a counter-based
/// generator keyed by the network's seed, the training step, the sample's place in the batch and the unit, so a seeded
/// run is reproducible and the threaded <c>ComputeGradients</c> draws the same masks for any thread count. No parameters.
/// </summary>
/// <param name="p">The probability of zeroing a value, in [0, 1).</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DropoutAttribute(double p = 0.5) : LayerAttribute
{
    /// <summary>The probability of zeroing a value in training.</summary>
    public float P { get; } = (float)p;
}
