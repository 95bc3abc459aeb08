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
        Span<float> sums = stackalloc float[16];
        int r = 0;
        for (; r + 4 <= rows; r += 4)
        {
            ReadOnlySpan<float> x0 = inputs.Slice(r * inFeatures, inFeatures), x1 = inputs.Slice((r + 1) * inFeatures, inFeatures);
            ReadOnlySpan<float> x2 = inputs.Slice((r + 2) * inFeatures, inFeatures), x3 = inputs.Slice((r + 3) * inFeatures, inFeatures);
            int o = 0;
            for (; o + 4 <= outFeatures; o += 4)
            {
                Simd.Dot4x4(weight.Slice(o * inFeatures, inFeatures), weight.Slice((o + 1) * inFeatures, inFeatures),
                    weight.Slice((o + 2) * inFeatures, inFeatures), weight.Slice((o + 3) * inFeatures, inFeatures), x0, x1, x2, x3, sums);
                for (int k = 0; k < 4; k++)
                {
                    float b = bias.IsEmpty ? 0f : bias[o + k];
                    for (int row = 0; row < 4; row++) outputs[(r + row) * outFeatures + o + k] = sums[4 * row + k] + b;
                }
            }
            for (; o < outFeatures; o++)
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
        bool writeInputGradients = !inputGradients.IsEmpty;
        Span<float> coefficients = stackalloc float[16];
        int r = 0;
        for (; r + 4 <= rows; r += 4)
        {
            ReadOnlySpan<float> x0 = inputs.Slice(r * inFeatures, inFeatures), x1 = inputs.Slice((r + 1) * inFeatures, inFeatures);
            ReadOnlySpan<float> x2 = inputs.Slice((r + 2) * inFeatures, inFeatures), x3 = inputs.Slice((r + 3) * inFeatures, inFeatures);
            ReadOnlySpan<float> g = outputGradients.Slice(r * outFeatures, 4 * outFeatures); // four rows of dL/doutput
            Span<float> d0 = default, d1 = default, d2 = default, d3 = default;
            if (writeInputGradients)
            {
                d0 = inputGradients.Slice(r * inFeatures, inFeatures);
                d1 = inputGradients.Slice((r + 1) * inFeatures, inFeatures);
                d2 = inputGradients.Slice((r + 2) * inFeatures, inFeatures);
                d3 = inputGradients.Slice((r + 3) * inFeatures, inFeatures);
                inputGradients.Slice(r * inFeatures, 4 * inFeatures).Clear();
            }
            if (!biasGradient.IsEmpty)
                for (int row = 0; row < 4; row++)
                    TensorPrimitives.Add(biasGradient, g.Slice(row * outFeatures, outFeatures), biasGradient);

            int o = 0;
            for (; o + 4 <= outFeatures; o += 4)
            {
                // dW rows o..o+3 += Σ_row g[row, o+k] · x_row, then dx rows += Σ_k g[row, o+k] · W row o+k.
                for (int k = 0; k < 4; k++)
                    for (int row = 0; row < 4; row++) coefficients[4 * k + row] = g[row * outFeatures + o + k];
                Simd.AddScaled4x4(weightGradient.Slice(o * inFeatures, inFeatures), weightGradient.Slice((o + 1) * inFeatures, inFeatures),
                    weightGradient.Slice((o + 2) * inFeatures, inFeatures), weightGradient.Slice((o + 3) * inFeatures, inFeatures),
                    x0, x1, x2, x3, coefficients);
                if (!writeInputGradients) continue;
                for (int row = 0; row < 4; row++)
                    for (int k = 0; k < 4; k++) coefficients[4 * row + k] = g[row * outFeatures + o + k];
                Simd.AddScaled4x4(d0, d1, d2, d3, weight.Slice(o * inFeatures, inFeatures), weight.Slice((o + 1) * inFeatures, inFeatures),
                    weight.Slice((o + 2) * inFeatures, inFeatures), weight.Slice((o + 3) * inFeatures, inFeatures), coefficients);
            }
            for (; o < outFeatures; o++)
            {
                float a0 = g[o], a1 = g[outFeatures + o], a2 = g[2 * outFeatures + o], a3 = g[3 * outFeatures + o];
                Simd.AddScaled4(weightGradient.Slice(o * inFeatures, inFeatures), x0, x1, x2, x3, a0, a1, a2, a3);
                if (!writeInputGradients) continue;
                ReadOnlySpan<float> w = weight.Slice(o * inFeatures, inFeatures);
                TensorPrimitives.MultiplyAdd(w, a0, d0, d0);
                TensorPrimitives.MultiplyAdd(w, a1, d1, d1);
                TensorPrimitives.MultiplyAdd(w, a2, d2, d2);
                TensorPrimitives.MultiplyAdd(w, a3, d3, d3);
            }
        }
        for (; r < rows; r++)
            LinearBackward(weight, inputs.Slice(r * inFeatures, inFeatures), outputGradients.Slice(r * outFeatures, outFeatures),
                weightGradient, biasGradient, writeInputGradients ? inputGradients.Slice(r * inFeatures, inFeatures) : default);
    }
}
