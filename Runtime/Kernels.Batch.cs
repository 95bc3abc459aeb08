using System;
using System.Numerics.Tensors;

namespace NetGen;

// Batched layer kernels: a tile of samples, row-major (one row a sample), through one Linear layer. Four samples
// go through together so that each weight row is loaded once for four products; a leftover row goes alone.
public static partial class Kernels
{
    /// <summary>
    /// outputs[r] = weight · inputs[r] + bias for every row r; weight <c>[outFeatures, inFeatures]</c> row-major,
    /// an empty <paramref name="bias"/> for none.
    /// </summary>
    public static void LinearForwardBatch(ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, ReadOnlySpan<float> inputs, Span<float> outputs,
        int inFeatures, int outFeatures)
    {
        int rows = inputs.Length / inFeatures;
        int r = 0;
        for (; r + 4 <= rows; r += 4)
        {
            ReadOnlySpan<float> x0 = inputs.Slice(r * inFeatures, inFeatures), x1 = inputs.Slice((r + 1) * inFeatures, inFeatures);
            ReadOnlySpan<float> x2 = inputs.Slice((r + 2) * inFeatures, inFeatures), x3 = inputs.Slice((r + 3) * inFeatures, inFeatures);
            for (int o = 0; o < outFeatures; o++)
            {
                Simd.Dot4(weight.Slice(o * inFeatures, inFeatures), x0, x1, x2, x3, out float s0, out float s1, out float s2, out float s3);
                float b = bias.IsEmpty ? 0f : bias[o];
                outputs[r * outFeatures + o] = s0 + b;
                outputs[(r + 1) * outFeatures + o] = s1 + b;
                outputs[(r + 2) * outFeatures + o] = s2 + b;
                outputs[(r + 3) * outFeatures + o] = s3 + b;
            }
        }
        for (; r < rows; r++)
            LinearForward(weight, bias, inputs.Slice(r * inFeatures, inFeatures), outputs.Slice(r * outFeatures, outFeatures));
    }

    /// <summary>
    /// For every row r: adds outputGradients[r] ⊗ inputs[r] to the weight gradient and outputGradients[r] to the bias
    /// gradient, and writes inputGradients[r] = weightᵀ · outputGradients[r] unless <paramref name="inputGradients"/> is empty.
    /// </summary>
    public static void LinearBackwardBatch(ReadOnlySpan<float> weight, ReadOnlySpan<float> inputs, ReadOnlySpan<float> outputGradients,
        Span<float> weightGradient, Span<float> biasGradient, Span<float> inputGradients, int inFeatures, int outFeatures)
    {
        int rows = inputs.Length / inFeatures;
        int r = 0;
        for (; r + 4 <= rows; r += 4)
        {
            ReadOnlySpan<float> x0 = inputs.Slice(r * inFeatures, inFeatures), x1 = inputs.Slice((r + 1) * inFeatures, inFeatures);
            ReadOnlySpan<float> x2 = inputs.Slice((r + 2) * inFeatures, inFeatures), x3 = inputs.Slice((r + 3) * inFeatures, inFeatures);
            ReadOnlySpan<float> g0 = outputGradients.Slice(r * outFeatures, outFeatures), g1 = outputGradients.Slice((r + 1) * outFeatures, outFeatures);
            ReadOnlySpan<float> g2 = outputGradients.Slice((r + 2) * outFeatures, outFeatures), g3 = outputGradients.Slice((r + 3) * outFeatures, outFeatures);
            bool writeInputGradients = !inputGradients.IsEmpty;
            Span<float> d0 = default, d1 = default, d2 = default, d3 = default;
            if (writeInputGradients)
            {
                d0 = inputGradients.Slice(r * inFeatures, inFeatures);
                d1 = inputGradients.Slice((r + 1) * inFeatures, inFeatures);
                d2 = inputGradients.Slice((r + 2) * inFeatures, inFeatures);
                d3 = inputGradients.Slice((r + 3) * inFeatures, inFeatures);
                d0.Clear();
                d1.Clear();
                d2.Clear();
                d3.Clear();
            }
            for (int o = 0; o < outFeatures; o++)
            {
                float a0 = g0[o], a1 = g1[o], a2 = g2[o], a3 = g3[o];
                if (a0 == 0f && a1 == 0f && a2 == 0f && a3 == 0f) continue; // dead or saturated for all four samples
                if (!biasGradient.IsEmpty) biasGradient[o] += a0 + a1 + a2 + a3;
                Simd.AddScaled4(weightGradient.Slice(o * inFeatures, inFeatures), x0, x1, x2, x3, a0, a1, a2, a3);
                if (!writeInputGradients) continue;
                // The weight row is read four times while it sits in L1; each input-gradient row is updated in place.
                ReadOnlySpan<float> w = weight.Slice(o * inFeatures, inFeatures);
                if (a0 != 0f) TensorPrimitives.MultiplyAdd(w, a0, d0, d0);
                if (a1 != 0f) TensorPrimitives.MultiplyAdd(w, a1, d1, d1);
                if (a2 != 0f) TensorPrimitives.MultiplyAdd(w, a2, d2, d2);
                if (a3 != 0f) TensorPrimitives.MultiplyAdd(w, a3, d3, d3);
            }
        }
        for (; r < rows; r++)
            LinearBackward(weight, inputs.Slice(r * inFeatures, inFeatures), outputGradients.Slice(r * outFeatures, outFeatures),
                weightGradient, biasGradient, inputGradients.IsEmpty ? default : inputGradients.Slice(r * inFeatures, inFeatures));
    }
}
