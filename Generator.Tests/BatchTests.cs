using System;
using System.Linq;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests;

/// <summary>The batch path (tiles of samples for wide networks) against the one-sample path, and its SIMD kernels.</summary>
public class BatchTests
{
    private static float[] RandomValues(int count, int seed)
    {
        var random = new SeededRandom(seed);
        return Enumerable.Range(0, count).Select(_ => 2f * random.NextSingle() - 1f).ToArray();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(37)] // more than one tile, and a tile that ends in single rows
    public void ForwardBatchEqualsForwardOnEverySample(int batch)
    {
        var wide = new Mnist(seed: 2);
        var small = new TinyReluSigmoidBce(seed: 2);
        float[] inputs = RandomValues(batch * Mnist.InputSize, 3);
        float[] batched = new float[batch * Mnist.OutputSize], single = new float[Mnist.OutputSize];
        wide.ForwardBatch(inputs, batched);
        for (int s = 0; s < batch; s++)
        {
            wide.Forward(inputs.AsSpan(s * Mnist.InputSize, Mnist.InputSize), single);
            for (int o = 0; o < Mnist.OutputSize; o++)
                Assert.Equal(single[o], batched[s * Mnist.OutputSize + o], 1e-6f); // another summation order: ~1e-7
        }

        float[] smallBatched = new float[batch];
        small.ForwardBatch(inputs.AsSpan(0, batch * 4), smallBatched);
        for (int s = 0; s < batch; s++)
        {
            small.Forward(inputs.AsSpan(s * 4, 4), single.AsSpan(0, 1));
            Assert.Equal(single[0], smallBatched[s], 1e-6f); // samples across lanes vs features across lanes: another order, ~1 ulp
        }
    }

    [Fact]
    public void ForwardBatchRejectsAMismatchedBatch()
    {
        var net = new Mnist(seed: 2);
        var error = Assert.Throws<ArgumentException>(() => net.ForwardBatch(new float[784 * 2], new float[10 * 3]));
        Assert.Equal("outputs", error.ParamName);
        Assert.Contains("expected 20", error.Message);
    }

    [Fact]
    public void TiledComputeGradientsEqualsTheSumOfPerSampleBackward()
    {
        // Cross-entropy on softmax: dLoss/dlogits = (softmax − onehot)/batch; through the trailing Softmax that is
        // dLoss/dprobabilities = −onehot/(p·batch). Summing Backward over samples must give ComputeGradients' result.
        var net = new Mnist(seed: 4);
        const int Batch = 9;
        float[] inputs = RandomValues(Batch * 784, 5);
        int[] labels = Enumerable.Range(0, Batch).Select(i => i % 10).ToArray();
        net.ComputeGradients(inputs, labels);
        float[] tiled = net.Gradients.ToArray();

        net.Gradients.Clear();
        float[] output = new float[10], outputGradient = new float[10];
        for (int s = 0; s < Batch; s++)
        {
            net.Forward(inputs.AsSpan(s * 784, 784), output);
            Array.Clear(outputGradient);
            outputGradient[labels[s]] = -1f / (output[labels[s]] * Batch);
            net.Backward(inputs.AsSpan(s * 784, 784), outputGradient, Span<float>.Empty);
        }
        float[] summed = net.Gradients.ToArray();
        double scale = summed.Max(MathF.Abs);
        for (int i = 0; i < tiled.Length; i++)
            Assert.True(Math.Abs(tiled[i] - summed[i]) <= 1e-5 * scale, $"gradient {i}: tiled {tiled[i]}, per sample {summed[i]}");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(16)]
    [InlineData(37)]
    [InlineData(784)]
    public void EveryVectorWidthOfTheKernelsEqualsTheScalarForm(int length)
    {
        float[] w = RandomValues(length, 1), x0 = RandomValues(length, 2), x1 = RandomValues(length, 3), x2 = RandomValues(length, 4), x3 = RandomValues(length, 5);
        Simd.Dot4Scalar(w, x0, x1, x2, x3, 0, out float e0, out float e1, out float e2, out float e3);
        var forms = new System.Collections.Generic.List<(string Name, float[] Sums)>();
        Simd.Dot4Vector256(w, x0, x1, x2, x3, out float a0, out float a1, out float a2, out float a3);
        forms.Add(("Vector256", new[] { a0, a1, a2, a3 }));
        if (System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated)
        {
            Simd.Dot4Vector512(w, x0, x1, x2, x3, out a0, out a1, out a2, out a3);
            forms.Add(("Vector512", new[] { a0, a1, a2, a3 }));
        }
        Simd.Dot4(w, x0, x1, x2, x3, out a0, out a1, out a2, out a3);
        forms.Add(("dispatch", new[] { a0, a1, a2, a3 }));
        foreach (var (name, sums) in forms)
            Assert.True(sums.Zip(new[] { e0, e1, e2, e3 }).All(p => MathF.Abs(p.First - p.Second) <= 1e-5f * MathF.Sqrt(length)), $"{name} dot products differ");

        float[] w1 = RandomValues(length, 7), w2 = RandomValues(length, 8), w3 = RandomValues(length, 9);
        float[] tile = new float[16], tileDispatch = new float[16];
        if (System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated && length >= 16) Simd.Dot4x4Vector512(w, w1, w2, w3, x0, x1, x2, x3, tile);
        Simd.Dot4x4(w, w1, w2, w3, x0, x1, x2, x3, tileDispatch);
        float[][] rows = { w, w1, w2, w3 }, inputs = { x0, x1, x2, x3 };
        for (int r = 0; r < 4; r++)
            for (int o = 0; o < 4; o++)
            {
                Simd.Dot4Scalar(rows[o], inputs[r], inputs[r], inputs[r], inputs[r], 0, out float exact, out _, out _, out _);
                Assert.Equal(exact, tileDispatch[4 * r + o], 1e-5f * MathF.Sqrt(length));
                if (System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated && length >= 16)
                    Assert.Equal(exact, tile[4 * r + o], 1e-5f * MathF.Sqrt(length));
            }

        float[] coefficients = RandomValues(16, 10);
        float[][] destinations = Enumerable.Range(0, 4).Select(j => RandomValues(length, 20 + j)).ToArray();
        float[][] tiled = destinations.Select(d => (float[])d.Clone()).ToArray();
        Simd.AddScaled4x4(tiled[0], tiled[1], tiled[2], tiled[3], x0, x1, x2, x3, coefficients);
        for (int j = 0; j < 4; j++)
        {
            Simd.AddScaled4Scalar(destinations[j], x0, x1, x2, x3, coefficients[4 * j], coefficients[4 * j + 1], coefficients[4 * j + 2], coefficients[4 * j + 3], 0);
            for (int i = 0; i < length; i++) Assert.Equal(destinations[j][i], tiled[j][i], 1e-5f);
        }

        float[] expected = RandomValues(length, 6), vector256 = (float[])expected.Clone(), vector512 = (float[])expected.Clone();
        Simd.AddScaled4Scalar(expected, x0, x1, x2, x3, 0.5f, -1f, 2f, 0.25f, 0);
        Simd.AddScaled4Vector256(vector256, x0, x1, x2, x3, 0.5f, -1f, 2f, 0.25f);
        Simd.AddScaled4Vector512(vector512, x0, x1, x2, x3, 0.5f, -1f, 2f, 0.25f);
        for (int i = 0; i < length; i++)
        {
            Assert.Equal(expected[i], vector256[i], 1e-5f); // FMA rounds once where the scalar form rounds twice
            Assert.Equal(expected[i], vector512[i], 1e-5f);
        }
    }

    [Fact]
    public void KernelsRejectSpansOfDifferentLengths() =>
        Assert.Throws<ArgumentException>(() => Simd.Dot4Scalar(new float[4], new float[4], new float[3], new float[4], new float[4], 0, out _, out _, out _, out _));
}
