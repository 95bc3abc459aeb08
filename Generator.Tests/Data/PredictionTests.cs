using System;
using System.Linq;
using NetGen.Tests.Infrastructure;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests.Data;

/// <summary>PredictClass / PredictClasses / PredictProbabilities: the same answers whatever form the outputs take.</summary>
public class PredictionTests
{
    // Probabilities are in [0, 1]; each path rounds a float softmax or sigmoid (a few ulps, ~1e-7) differently from the
    // double-precision expectation, so 1e-6 absolute separates rounding from a wrong formula by orders of magnitude.
    private const double Tolerance = 1e-6;

    private static float[] RandomSamples(int count, int width, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count * width).Select(_ => (float)(random.NextDouble() * 6 - 3)).ToArray();
    }

    private static double[] SoftmaxInDouble(ReadOnlySpan<float> logits)
    {
        double max = logits.ToArray().Max();
        double[] e = logits.ToArray().Select(z => Math.Exp(z - max)).ToArray();
        return e.Select(v => v / e.Sum()).ToArray();
    }

    private static void AssertClose(double[] expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= Tolerance, $"[{i}]: {actual[i]} vs {expected[i]}");
    }

    [Fact]
    public void LogitsProbabilitiesAndLogProbabilitiesOfOneClassifierGiveTheSamePredictions()
    {
        var logits = new LogitsClassifier();
        var random = new Random(7);
        foreach (ref float parameter in logits.Parameters) parameter = (float)(random.NextDouble() * 4 - 2); // sharper than the default init
        var softmax = new SoftmaxClassifier();
        var logSoftmax = new LogSoftmaxClassifier();
        logits.Parameters.CopyTo(softmax.Parameters);
        logits.Parameters.CopyTo(logSoftmax.Parameters);
        float[] samples = RandomSamples(50, 3, seed: 1);

        float[] z = new float[3];
        for (int s = 0; s < 50; s++)
        {
            ReadOnlySpan<float> sample = samples.AsSpan(s * 3, 3);
            logits.Forward(sample, z);
            double[] expected = SoftmaxInDouble(z);
            int expectedClass = Array.IndexOf(expected, expected.Max());
            foreach (INetwork network in new INetwork[] { logits, softmax, logSoftmax })
            {
                AssertClose(expected, network.PredictProbabilities(sample));
                Assert.Equal(expectedClass, network.PredictClass(sample));
            }
        }
        int[] classes = logits.PredictClasses(samples);
        Assert.Equal(classes, softmax.PredictClasses(samples));
        Assert.Equal(classes, logSoftmax.PredictClasses(samples));
        Assert.True(classes.Distinct().Count() > 1, "the random classifier should not predict one class for everything");
    }

    [Fact]
    public void ASingleOutputNetworkIsABinaryClassifierWhateverItsLastLayer()
    {
        var logit = new LogitBinary(seed: 5);
        var sigmoid = new SigmoidBinary();
        var logSigmoid = new LogSigmoidBinary();
        logit.Parameters.CopyTo(sigmoid.Parameters);
        logit.Parameters.CopyTo(logSigmoid.Parameters);
        Assert.Equal(2, logit.ClassCount());
        float[] samples = RandomSamples(40, 3, seed: 2);

        float[] z = new float[1];
        int positives = 0;
        for (int s = 0; s < 40; s++)
        {
            ReadOnlySpan<float> sample = samples.AsSpan(s * 3, 3);
            logit.Forward(sample, z);
            double p = 1 / (1 + Math.Exp(-z[0]));
            positives += z[0] > 0 ? 1 : 0;
            foreach (INetwork network in new INetwork[] { logit, sigmoid, logSigmoid })
            {
                AssertClose(new[] { 1 - p, p }, network.PredictProbabilities(sample));
                Assert.Equal(z[0] > 0 ? 1 : 0, network.PredictClass(sample));
            }
        }
        Assert.InRange(positives, 1, 39); // both classes occur, so the threshold was really tested
    }

    [Fact]
    public void BatchesGiveWhatOneSampleAtATimeGivesAcrossChunkBoundaries()
    {
        // 250 MNIST-sized samples cross the 1024-float chunk (102 samples of 10 outputs); 2500 single-output samples too.
        var mnist = new Mnist(seed: 1);
        float[] images = RandomSamples(250, Mnist.InputSize, seed: 3);
        int[] classes = mnist.PredictClasses(images);
        float[] probabilities = mnist.PredictProbabilities(images);
        for (int s = 0; s < 250; s++)
        {
            ReadOnlySpan<float> image = images.AsSpan(s * Mnist.InputSize, Mnist.InputSize);
            Assert.Equal(mnist.PredictClass(image), classes[s]);
            // ForwardBatch runs tiles that sum in another order than Forward: equal within rounding.
            AssertClose(mnist.PredictProbabilities(image).Select(p => (double)p).ToArray(), probabilities.AsSpan(s * 10, 10));
        }

        var binary = new SigmoidBinary(seed: 2);
        float[] samples = RandomSamples(2500, 3, seed: 4);
        float[] binaryProbabilities = binary.PredictProbabilities(samples);
        int[] binaryClasses = binary.PredictClasses(samples);
        for (int s = 0; s < 2500; s++)
        {
            ReadOnlySpan<float> sample = samples.AsSpan(s * 3, 3);
            // Every network's batch path computes samples across registers, one sample at a time across features.
            AssertClose(binary.PredictProbabilities(sample).Select(p => (double)p).ToArray(), binaryProbabilities.AsSpan(s * 2, 2));
            Assert.Equal(binary.PredictClass(sample), binaryClasses[s]);
        }
    }

    [Fact]
    public void ANaNOutputIsNoClassAndNaNProbabilities()
    {
        var logits = new PassThroughNetwork(3, new LayerAttribute[] { new LinearAttribute(3, 3) });
        Assert.Equal(-1, logits.PredictClass(new[] { 1f, float.NaN, 0f }));
        Assert.Equal(-1, logits.PredictClass(new[] { float.NaN, 1f, 0f }));
        Assert.All(logits.PredictProbabilities(new[] { 1f, float.NaN, 0f }), p => Assert.True(float.IsNaN(p)));

        var binary = new PassThroughNetwork(1, new LayerAttribute[] { new LinearAttribute(1, 1), new SigmoidAttribute() });
        Assert.Equal(-1, binary.PredictClass(new[] { float.NaN }));
        Assert.Equal(new[] { 0, -1, 1 }, binary.PredictClasses(new[] { 0.2f, float.NaN, 0.9f }));
        Assert.All(binary.PredictProbabilities(new[] { float.NaN }), p => Assert.True(float.IsNaN(p)));
    }

    [Theory]
    [InlineData("Sigmoid", null, 0.4f, 0)]            // a probability: ½ is the line
    [InlineData("Identity", "BCELoss", 0.4f, 0)]      // BCELoss takes probabilities, so the output is one
    [InlineData("Identity", "MSELoss", 0.4f, 0)]      // regressed onto 0/1 targets: an estimate of P(class 1)
    [InlineData("Identity", null, 0.4f, 1)]           // no hint: a logit, and 0.4 > 0 is class 1
    [InlineData("LogSigmoid", null, -0.5f, 1)]        // log p = −0.5 > log ½
    [InlineData("LogSigmoid", null, -0.9f, 0)]
    public void WhatASingleOutputMeansIsReadFromTheLastLayerAndTheLoss(string last, string? loss, float output, int expected)
    {
        LayerAttribute layer = last switch
        {
            "Sigmoid" => new SigmoidAttribute(),
            "LogSigmoid" => new LogSigmoidAttribute(),
            _ => new IdentityAttribute(),
        };
        LossAttribute? lossAttribute = loss switch { "BCELoss" => new BCELossAttribute(), "MSELoss" => new MSELossAttribute(), _ => null };
        var network = new PassThroughNetwork(1, new LayerAttribute[] { new LinearAttribute(1, 1), layer }, lossAttribute);
        Assert.Equal(expected, network.PredictClass(new[] { output }));
    }

    [Fact]
    public void ExtremeLogitsGiveExactProbabilitiesNotNaN()
    {
        var logits = new PassThroughNetwork(2, new LayerAttribute[] { new LinearAttribute(2, 2) });
        Assert.Equal(new[] { 1f, 0f }, logits.PredictProbabilities(new[] { 1e30f, -1e30f }));
        var logit = new PassThroughNetwork(1, new LayerAttribute[] { new LinearAttribute(1, 1) });
        Assert.Equal(new[] { 0f, 1f }, logit.PredictProbabilities(new[] { 200f }));
        // σ(−50) ≈ 1.93e-22 is a float: computed directly, not as 1 − σ(50), which rounds to 0.
        float[] p = logit.PredictProbabilities(new[] { 50f });
        Assert.True(Math.Abs(p[0] - 1.9287498e-22) <= 1e-5 * 1.9287498e-22, $"P(class 0) = {p[0]}");
    }

    [Fact]
    public void SpansOfTheWrongLengthAreRefusedNamingTheExpectedSize()
    {
        var net = new SoftmaxClassifier(seed: 1);
        Assert.Contains("expected 3", Assert.Throws<ArgumentException>(() => net.PredictClass(new float[4])).Message);
        Assert.Throws<ArgumentException>(() => net.PredictClasses(new float[6], new int[3]));
        Assert.Throws<ArgumentException>(() => net.PredictClasses(new float[7], new int[2]));
        Assert.Throws<ArgumentException>(() => net.PredictClasses(ReadOnlySpan<float>.Empty));
        float[] probabilities = { 9, 9, 9, 9, 9 };
        Assert.Contains("expected 6", Assert.Throws<ArgumentException>(() => net.PredictProbabilities(new float[6], probabilities)).Message);
        Assert.All(probabilities, p => Assert.Equal(9f, p)); // nothing written before the check
    }

    [Fact]
    public void TheSpanFormsAllocateNothing()
    {
        var mnist = new Mnist(seed: 1);
        var binary = new SigmoidBinary(seed: 1);
        float[] images = RandomSamples(2, Mnist.InputSize, seed: 5), samples = RandomSamples(8, 3, seed: 6);
        int[] imageClasses = new int[2], classes = new int[8];
        float[] probabilities = new float[20], binaryProbabilities = new float[16];
        void Predict()
        {
            mnist.PredictClass(images.AsSpan(0, Mnist.InputSize));
            mnist.PredictClasses(images, imageClasses);
            mnist.PredictProbabilities(images, probabilities);
            binary.PredictClasses(samples, classes);
            binary.PredictProbabilities(samples, binaryProbabilities);
        }
        Predict();
        // A pooled or boxed buffer would show within the first calls.
        Assert.Equal(0, Allocations.Measure(() => { for (int i = 0; i < 100; i++) Predict(); }));
    }
}
