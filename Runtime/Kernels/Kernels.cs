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
        int o = 0;
        // Four output rows at a time against the same input: four independent FMA chains, each input load used 4×.
        for (; o + 4 <= output.Length; o += 4)
        {
            Simd.Dot4(input, weight.Slice(o * inFeatures, inFeatures), weight.Slice((o + 1) * inFeatures, inFeatures),
                weight.Slice((o + 2) * inFeatures, inFeatures), weight.Slice((o + 3) * inFeatures, inFeatures),
                out float s0, out float s1, out float s2, out float s3);
            if (!bias.IsEmpty)
            {
                s0 += bias[o];
                s1 += bias[o + 1];
                s2 += bias[o + 2];
                s3 += bias[o + 3];
            }
            output[o] = s0;
            output[o + 1] = s1;
            output[o + 2] = s2;
            output[o + 3] = s3;
        }
        for (; o < output.Length; o++)
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
