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
}
