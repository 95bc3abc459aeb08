using System;
using System.ComponentModel;
using System.Numerics.Tensors;

namespace NetGen;

/// <summary>
/// Loops over a layer for generated code whose layers are too wide to unroll: vectorised by
/// <see cref="TensorPrimitives"/> (AVX-512, AVX2 or scalar, whichever the machine has).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class Kernels
{
    /// <summary>
    /// output = weight · input + bias for a row-major <c>[output.Length, input.Length]</c> weight;
    /// an empty <paramref name="bias"/> means no bias.
    /// </summary>
    public static void LinearForward(ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, ReadOnlySpan<float> input, Span<float> output)
    {
        int inFeatures = input.Length;
        for (int o = 0; o < output.Length; o++)
        {
            float sum = TensorPrimitives.Dot(weight.Slice(o * inFeatures, inFeatures), input);
            output[o] = bias.IsEmpty ? sum : sum + bias[o];
        }
    }

    /// <summary>
    /// Adds dL/dW = outputGradient ⊗ input and dL/db = outputGradient to the gradients, and writes
    /// dL/dinput = weightᵀ · outputGradient unless <paramref name="inputGradient"/> is empty.
    /// </summary>
    public static void LinearBackward(
        ReadOnlySpan<float> weight, ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient,
        Span<float> weightGradient, Span<float> biasGradient, Span<float> inputGradient)
    {
        int inFeatures = input.Length;
        if (!biasGradient.IsEmpty) TensorPrimitives.Add(biasGradient, outputGradient, biasGradient);
        if (!inputGradient.IsEmpty) inputGradient.Clear();
        for (int o = 0; o < outputGradient.Length; o++)
        {
            float g = outputGradient[o];
            if (g == 0f) continue; // a dead or saturated unit contributes nothing
            Span<float> weightGradientRow = weightGradient.Slice(o * inFeatures, inFeatures);
            TensorPrimitives.MultiplyAdd(input, g, weightGradientRow, weightGradientRow);
            if (!inputGradient.IsEmpty)
                TensorPrimitives.MultiplyAdd(weight.Slice(o * inFeatures, inFeatures), g, inputGradient, inputGradient);
        }
    }

    /// <summary>Writes dL/dinput = weightᵀ · outputGradient for a row-major <c>[outputGradient.Length, inputGradient.Length]</c> weight.</summary>
    public static void LinearInputGradient(ReadOnlySpan<float> weight, ReadOnlySpan<float> outputGradient, Span<float> inputGradient)
    {
        int inFeatures = inputGradient.Length;
        inputGradient.Clear();
        for (int o = 0; o < outputGradient.Length; o++)
            TensorPrimitives.MultiplyAdd(weight.Slice(o * inFeatures, inFeatures), outputGradient[o], inputGradient, inputGradient);
    }
}
