using System;
using System.Linq;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests.Training;

/// <summary>
/// ComputeGradients on several threads: the same bits whatever the thread count (the shards are fixed by the batch),
/// and the same gradient as one pass within float rounding (the shards are summed in another order).
/// </summary>
public class ThreadedGradientTests
{
    private static float[] Random(int count, int seed)
    {
        var random = new SeededRandom(seed);
        return Enumerable.Range(0, count).Select(_ => 2f * random.NextSingle() - 1f).ToArray();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(255)]   // one shard: exactly the one-pass result
    [InlineData(300)]   // two shards, the second ending in a partial tile
    [InlineData(1000)]  // seven shards and a tail of one-at-a-time samples
    public void EveryThreadCountGivesTheSameBits(int batch)
    {
        var net = new Mnist(seed: 3);
        float[] inputs = Random(batch * Mnist.InputSize, 4);
        int[] labels = Enumerable.Range(0, batch).Select(i => i * 7 % 10).ToArray();
        float oneLoss = net.ComputeGradients(inputs, labels, threads: 1);
        float[] one = net.Gradients.ToArray();
        foreach (int threads in new[] { 2, 3, 8, 64 })
        {
            float loss = net.ComputeGradients(inputs, labels, threads);
            Assert.Equal(oneLoss, loss);
            Assert.True(one.AsSpan().SequenceEqual(net.Gradients), $"{threads} threads gave other bits than one for a batch of {batch}");
        }

        float passLoss = net.ComputeGradients(inputs, labels);
        float[] pass = net.Gradients.ToArray();
        double scale = pass.Max(MathF.Abs);
        Assert.Equal(passLoss, oneLoss, 1e-6f);
        for (int i = 0; i < pass.Length; i++)
            Assert.True(Math.Abs(pass[i] - one[i]) <= 1e-6 * scale, $"gradient {i}: one pass {pass[i]}, sharded {one[i]}");
        if (batch < 256) Assert.Equal(pass, one); // a single shard is the one pass
    }

    [Fact]
    public void TargetsAndSmallNetworksShardToo()
    {
        var net = new LeakyMse(seed: 5);
        const int Batch = 700;
        float[] inputs = Random(Batch * LeakyMse.InputSize, 6), targets = Random(Batch * LeakyMse.OutputSize, 7);
        net.ComputeGradients(inputs, targets, threads: 1);
        float[] one = net.Gradients.ToArray();
        net.ComputeGradients(inputs, targets, threads: 2);
        Assert.Equal(one, net.Gradients.ToArray());
    }

    [Fact]
    public void AThreadCountBelowOneIsRefused()
    {
        var net = new Mnist(seed: 3);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => net.ComputeGradients(new float[784], new[] { 1 }, threads: 0));
        Assert.Equal("threads", error.ParamName);
    }

    [Fact]
    public void TrainingWithThreadsGivesTheSameBitsForAnyCount()
    {
        float[] Train(int threads)
        {
            var net = new Mnist(seed: 8);
            var data = new Dataset(Random(600 * 784, 9), 784, Enumerable.Range(0, 600).Select(i => i % 10).ToArray(), 10);
            Trainer.Train(net, new Adam(Mnist.ParameterCount, 0.01f), data, new TrainingOptions { Epochs = 1, BatchSize = 300, Threads = threads });
            return net.Parameters.ToArray();
        }
        Assert.Equal(Train(1), Train(2));
    }
}
