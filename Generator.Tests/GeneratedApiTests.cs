using System;
using System.Linq;
using System.Threading.Tasks;
using NetGen.Tests.Infrastructure;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests;

/// <summary>The generated members' promises: sizes, layout, seeding, argument checks, no allocation, thread safety.</summary>
public class GeneratedApiTests
{
    [Fact]
    public void SizesAndLayoutFollowPyTorchStateDictOrder()
    {
        Assert.Equal(4, TinyReluSigmoidBce.InputSize);
        Assert.Equal(1, TinyReluSigmoidBce.OutputSize);
        Assert.Equal(4 * 8 + 8 + 8 * 1 + 1, TinyReluSigmoidBce.ParameterCount);
        Assert.Equal(new[] { "0.weight [8, 4] at 0", "0.bias [8] at 32", "2.weight [1, 8] at 40", "2.bias [1] at 48" },
            TinyReluSigmoidBce.ParameterLayout.Select(t => t.ToString()));
        Assert.Equal(TinyReluSigmoidBce.ParameterCount, TinyReluSigmoidBce.ParameterLayout.Sum(t => t.Length));
    }

    [Fact]
    public void SeededInitialisationIsReproducibleAndWithinPyTorchsBounds()
    {
        var first = new LeakyMse(seed: 42);
        var second = new LeakyMse(seed: 42);
        var other = new LeakyMse(seed: 43);
        Assert.Equal(first.Parameters.ToArray(), second.Parameters.ToArray());
        Assert.NotEqual(first.Parameters.ToArray(), other.Parameters.ToArray());
        foreach (ParameterTensor tensor in LeakyMse.ParameterLayout)
        {
            int inFeatures = tensor.Name == "0.weight" || tensor.Name == "0.bias" ? 2 : 6;
            float bound = 1f / MathF.Sqrt(inFeatures);
            float[] values = tensor.Slice(first.Parameters).ToArray();
            Assert.All(values, v => Assert.InRange(v, -bound, bound));
            if (values.Length >= 12) // a few draws can bunch; a dozen uniform ones span half the range but for 1 chance in ~2000
                Assert.True(values.Max() - values.Min() > bound, $"{tensor.Name} is not spread over its range");
        }
    }

    [Fact]
    public void SeededInitialisationIsTheSameOnEveryMachine()
    {
        // SeededRandom is xoshiro128** from SplitMix64, independent of the runtime's System.Random: fixed values.
        var net = new TinyReluSigmoidBce(seed: 1);
        var random = new SeededRandom(1);
        float expected = (2f * ((random.NextUInt32() >> 8) * (1f / (1 << 24))) - 1f) * 0.5f;
        Assert.Equal(expected, net.Parameters[0]);
        // Pinned when the generator was chosen: a change here changes every seeded network a user has trained.
        Assert.Equal(1_801_096_769u, new SeededRandom(7).NextUInt32());
    }

    [Fact]
    public void WrongSpanLengthsAreRejectedNamingTheExpectedSizeBeforeAnythingIsWritten()
    {
        var net = new TinyReluSigmoidBce(seed: 3);
        float[] output = { 123f };
        var error = Assert.Throws<ArgumentException>(() => net.Forward(new float[3], output));
        Assert.Equal("input", error.ParamName);
        Assert.Contains("expected 4", error.Message);
        Assert.Equal(123f, output[0]);

        error = Assert.Throws<ArgumentException>(() => net.Forward(new float[4], new float[2]));
        Assert.Contains("expected 1", error.Message);

        float[] gradientsBefore = net.Gradients.ToArray();
        error = Assert.Throws<ArgumentException>(() => net.Backward(new float[4], new float[1], new float[5]));
        Assert.Equal("inputGradient", error.ParamName);
        Assert.Equal(gradientsBefore, net.Gradients.ToArray());

        error = Assert.Throws<ArgumentException>(() => net.ComputeGradients(new float[8], new float[3]));
        Assert.Equal("targets", error.ParamName);
        Assert.Contains("expected 2", error.Message);
        error = Assert.Throws<ArgumentException>(() => net.ComputeGradients(new float[7], new float[2]));
        Assert.Equal("inputs", error.ParamName);
        Assert.Throws<ArgumentException>(() => net.ComputeGradients(ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty));
    }

    [Fact]
    public void ALabelOutOfRangeIsRejectedBeforeTheGradientsChange()
    {
        var net = new TanhSoftmaxCrossEntropy(seed: 5);
        net.ComputeGradients(new float[6], new[] { 0, 1 });
        float[] before = net.Gradients.ToArray();
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => net.ComputeGradients(new float[6], new[] { 0, 4 }));
        Assert.Contains("[0, 3]", error.Message);
        Assert.Equal(before, net.Gradients.ToArray());
    }

    [Fact]
    public void ForwardBackwardAndTrainingStepsAllocateNothing()
    {
        var net = new TanhSoftmaxCrossEntropy(seed: 5);
        var adam = new Adam(TanhSoftmaxCrossEntropy.ParameterCount, 0.01f);
        var large = new Mnist(seed: 1);
        var sgd = new Sgd(Mnist.ParameterCount, 0.01f, momentum: 0.9f, nesterov: true);
        float[] input = { 0.1f, -0.2f, 0.3f }, output = new float[4], inputs = new float[12], inputGradient = new float[3];
        int[] labels = { 0, 1, 2, 3 };
        float[] largeInputs = new float[784 * 4], largeOutput = new float[10];
        void Work()
        {
            net.Forward(input, output);
            net.Backward(input, output, inputGradient);
            net.ComputeGradients(inputs, labels);
            adam.Step(net.Parameters, net.Gradients);
            large.Forward(largeInputs.AsSpan(0, 784), largeOutput);
            large.ComputeGradients(largeInputs, labels);
            sgd.Step(large.Parameters, large.Gradients);
        }
        for (int i = 0; i < 100; i++) Work(); // let tiered JIT settle
        Assert.Equal(0, Allocations.Measure(() => { for (int i = 0; i < 10_000; i++) Work(); }));
    }

    [Theory]
    [InlineData("ComputeGradients")]
    [InlineData("Backward")]
    public void TwoThreadsAtOnceAreRefusedInsteadOfMixingGradients(string method)
    {
        // Both calls write the one Gradients buffer: an overlapping call must fail loudly (issue: 17,892 of 20,000 rounds
        // gave silently wrong gradients). Two threads start together and call it at least 300 times each, and on until
        // one call was refused or 10 s passed: a one-sample Backward takes microseconds, so on a loaded machine 300 calls
        // may all run while the other thread waits for a core.
        var net = new Mnist(seed: 2);
        var random = new SeededRandom(3);
        float[] inputs = Enumerable.Range(0, 40 * 784).Select(_ => random.NextSingle()).ToArray();
        int[] labels = Enumerable.Range(0, 40).Select(i => i % 10).ToArray();
        float[] outputGradient = Enumerable.Range(0, 10).Select(i => i * 0.1f).ToArray();
        int refused = 0;
        var failures = new System.Collections.Concurrent.ConcurrentBag<Exception>();
        using var start = new System.Threading.Barrier(2);
        void Run()
        {
            start.SignalAndWait();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (int round = 0; round < 300 || (System.Threading.Volatile.Read(ref refused) == 0 && clock.Elapsed.TotalSeconds < 10); round++)
            {
                try
                {
                    if (method == "Backward") net.Backward(inputs.AsSpan(0, 784), outputGradient, Span<float>.Empty);
                    else net.ComputeGradients(inputs, labels);
                }
                catch (InvalidOperationException error) when (error.Message.Contains("another thread"))
                {
                    System.Threading.Interlocked.Increment(ref refused);
                }
                catch (Exception other)
                {
                    failures.Add(other);
                }
            }
        }
        var threads = new[] { new System.Threading.Thread(Run), new System.Threading.Thread(Run) };
        foreach (var thread in threads) thread.Start();
        foreach (var thread in threads) thread.Join();
        Assert.Empty(failures);
        Assert.True(refused > 0, "10 s of calls from two threads on one instance were never refused");
    }

    [Fact]
    public void AVeryWideNetworkRunsOnAThreadWithA512KilobyteStack()
    {
        // macOS gives secondary threads 512 KB; game engines often less. Every generated method must stay far below it.
        var net = new VeryWideNet(seed: 3);
        float[] input = { 0.5f, -1f }, output = new float[2], inputs = new float[2 * 40], targets = new float[2 * 40], inputGradient = new float[2];
        Exception? failure = null;
        var thread = new System.Threading.Thread(() =>
        {
            try
            {
                net.Forward(input, output);
                net.Backward(input, output, inputGradient);
                net.ForwardBatch(inputs, targets);
                net.ComputeGradients(inputs, targets);
            }
            catch (Exception error)
            {
                failure = error;
            }
        }, maxStackSize: 512 * 1024);
        thread.Start();
        thread.Join();
        Assert.Null(failure);
        Assert.True(float.IsFinite(output[0]) && float.IsFinite(inputGradient[0]));
    }

    [Fact]
    public void EveryPassRunsOnAThreadWithA64KilobyteStack()
    {
        // Issue 8's rule: a generated method uses at most 64 KB of stack. Run in a child process, where a stack overflow
        // fails this test alone: every pass of a kernel, a register, a staged and the widest network on a 64 KB thread.
        using var child = NetGen.Tests.Files.ChildProcessEntryPoint.Start("small-stack", "64");
        string output = child.StandardOutput.ReadToEnd(), errors = child.StandardError.ReadToEnd();
        Assert.True(child.WaitForExit(120_000), "the child did not finish within 2 minutes");
        Assert.True(child.ExitCode == 0 && output.Contains("every pass ran"), $"exit code {child.ExitCode}: {output} {errors}");
    }

    [Fact]
    public void ForwardFromManyThreadsAtOnceEqualsSequentialCalls()
    {
        var net = new Mnist(seed: 9);
        var small = new LeakyMse(seed: 9);
        const int Samples = 64;
        var random = new SeededRandom(11);
        float[] inputs = new float[Samples * 784];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = random.NextSingle();
        float[] expected = new float[Samples * 10], expectedSmall = new float[Samples * 2];
        for (int s = 0; s < Samples; s++)
        {
            net.Forward(inputs.AsSpan(s * 784, 784), expected.AsSpan(s * 10, 10));
            small.Forward(inputs.AsSpan(s * 784, 2), expectedSmall.AsSpan(s * 2, 2));
        }

        float[] actual = new float[Samples * 10], actualSmall = new float[Samples * 2];
        Parallel.For(0, Samples * 20, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            int s = i % Samples;
            net.Forward(inputs.AsSpan(s * 784, 784), actual.AsSpan(s * 10, 10));
            small.Forward(inputs.AsSpan(s * 784, 2), actualSmall.AsSpan(s * 2, 2));
        });
        Assert.Equal(expected, actual);
        Assert.Equal(expectedSmall, actualSmall);
    }
}
