using System;
using System.Linq;
using NetGen.Compute;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests.Layers;

// DropoutClassifier with an Identity in the Dropout's place: the same indices, parameters and evaluation.
[Linear(4, 8), ReLU, Identity, Linear(8, 3)]
[CrossEntropyLoss]
public partial class IdentityClassifier { }

/// <summary>
/// The two modes of Dropout and BatchNorm1d: evaluation (Forward, ForwardBatch, Backward, the trainer's validation loss)
/// against training (ComputeGradients): masks reproducible from the seed, new each call, the same for any thread count;
/// a BatchNorm1d batch of one refused; its threaded overload the same bits as the one-pass one.
/// </summary>
public class TrainingModeTests
{
    private static float[] RandomValues(int count, int seed, float scale = 1f)
    {
        var random = new SeededRandom(seed);
        return Enumerable.Range(0, count).Select(_ => (2f * random.NextSingle() - 1f) * scale).ToArray();
    }

    private static int[] Labels(int count, int classes, int seed)
    {
        var random = new SeededRandom(seed);
        return Enumerable.Range(0, count).Select(_ => (int)(random.NextSingle() * classes) % classes).ToArray();
    }

    [Fact]
    public void DropoutIsTheIdentityInForwardForwardBatchAndBackward()
    {
        var dropout = new DropoutClassifier(seed: 3);
        var identity = new IdentityClassifier(seed: 3);
        Assert.Equal(identity.Parameters.ToArray(), dropout.Parameters.ToArray());
        float[] inputs = RandomValues(40 * 4, 1, 2f);
        float[] a = new float[40 * 3], b = new float[40 * 3];
        dropout.ForwardBatch(inputs, a);
        identity.ForwardBatch(inputs, b);
        Assert.Equal(b, a);
        dropout.Forward(inputs.AsSpan(0, 4), a.AsSpan(0, 3));
        identity.Forward(inputs.AsSpan(0, 4), b.AsSpan(0, 3));
        Assert.Equal(b.AsSpan(0, 3).ToArray(), a.AsSpan(0, 3).ToArray());
        float[] outputGradient = [0.5f, -1f, 0.25f], da = new float[4], db = new float[4];
        dropout.Backward(inputs.AsSpan(0, 4), outputGradient, da);
        identity.Backward(inputs.AsSpan(0, 4), outputGradient, db);
        Assert.Equal(db, da);
        Assert.Equal(identity.Gradients.ToArray(), dropout.Gradients.ToArray());
    }

    [Theory]
    [InlineData(6)]    // one sample at a time
    [InlineData(45)]   // a tile, then a partial tile
    public void DropoutMasksAreReproducibleFromTheSeedAndNewEachCall(int batch)
    {
        float[] inputs = RandomValues(batch * 4, 2, 2f);
        int[] labels = Labels(batch, 3, 3);
        var first = new DropoutClassifier(seed: 5);
        var same = new DropoutClassifier(seed: 5);
        var other = new DropoutClassifier(seed: 6);
        other.Parameters.Clear();
        first.Parameters.CopyTo(other.Parameters); // the same parameters, another seed: only the masks differ
        var identity = new IdentityClassifier(seed: 5);

        float loss = first.ComputeGradients(inputs, labels);
        Assert.Equal(loss, same.ComputeGradients(inputs, labels));
        Assert.Equal(first.Gradients.ToArray(), same.Gradients.ToArray());
        Assert.NotEqual(loss, other.ComputeGradients(inputs, labels));
        Assert.NotEqual(loss, identity.ComputeGradients(inputs, labels)); // training drops units
        float second = first.ComputeGradients(inputs, labels);
        Assert.NotEqual(loss, second);                                   // the next step draws new masks
        Assert.Equal(second, same.ComputeGradients(inputs, labels));     // the same ones for the same seed
    }

    /// <summary>
    /// Shards on several threads draw the masks of the samples' places in the whole batch: the same bits for every
    /// thread count, and (the sums in another order aside) the one-pass overload's loss.
    /// </summary>
    [Fact]
    public void ThreadedDropoutTrainingGivesTheSameBitsForAnyThreadCount()
    {
        const int Batch = 600; // four shards
        float[] inputs = RandomValues(Batch * 4, 7, 2f);
        int[] labels = Labels(Batch, 3, 8);
        float onePass = new DropoutClassifier(seed: 9).ComputeGradients(inputs, labels);
        float[]? gradients = null;
        float? loss = null;
        foreach (int threads in new[] { 1, 2, 3, 8 })
        {
            var network = new DropoutClassifier(seed: 9);
            float threadedLoss = network.ComputeGradients(inputs, labels, threads);
            loss ??= threadedLoss;
            gradients ??= network.Gradients.ToArray();
            Assert.Equal(loss.Value, threadedLoss);
            Assert.Equal(gradients, network.Gradients.ToArray());
        }
        Assert.Equal(onePass, loss!.Value, 1e-5f);
    }

    [Fact]
    public void BatchNormRefusesABatchOfOneInTrainingAndChangesNothing()
    {
        var network = new BatchNormClassifier(seed: 1);
        network.Gradients.Fill(7f);
        float[] parameters = network.Parameters.ToArray(), buffers = network.Buffers.ToArray(), gradients = network.Gradients.ToArray();
        float[] input = RandomValues(4, 9), target = [1f];
        var error = Assert.Throws<ArgumentException>(() => network.ComputeGradients(input, target));
        Assert.Contains("BatchNorm1d in training needs at least 2", error.Message);
        Assert.Throws<ArgumentException>(() => network.ComputeGradients(input, target, 4));
        Assert.Equal(parameters, network.Parameters.ToArray());
        Assert.Equal(buffers, network.Buffers.ToArray());
        Assert.Equal(gradients, network.Gradients.ToArray());
        float[] output = new float[1];
        network.Forward(input, output); // evaluation takes one sample: the running statistics
        Assert.True(float.IsFinite(output[0]));
    }

    /// <summary>BatchNorm1d's batch runs on one thread whatever the count: the one-pass overload's bits, buffers included.</summary>
    [Fact]
    public void BatchNormThreadedTrainingIsTheOnePassBits()
    {
        float[] inputs = RandomValues(300 * 6, 10, 2f), targets = RandomValues(300 * 2, 11);
        var onePass = new TwoBatchNorms(seed: 2);
        float expected = onePass.ComputeGradients(inputs, targets);
        foreach (int threads in new[] { 1, 4 })
        {
            var network = new TwoBatchNorms(seed: 2);
            Assert.Equal(expected, network.ComputeGradients(inputs, targets, threads));
            Assert.Equal(onePass.Gradients.ToArray(), network.Gradients.ToArray());
            Assert.Equal(onePass.Buffers.ToArray(), network.Buffers.ToArray());
        }
    }

    /// <summary>
    /// The evaluation loss (what the trainer reports for validation) is the loss of what ForwardBatch returns, and
    /// neither draws masks nor moves BatchNorm1d's running statistics.
    /// </summary>
    [Fact]
    public void EvaluationLossIsTheLossOfForwardBatchAndChangesNothing()
    {
        var network = new TwoBatchNorms(seed: 4);
        float[] inputs = RandomValues(50 * 6, 12, 2f), targets = RandomValues(50 * 2, 13);
        network.ComputeGradients(inputs, targets); // running statistics away from 0 and 1
        float[] buffers = network.Buffers.ToArray();
        float evaluation = ((IEvaluatingNetwork)network).EvaluationLoss(inputs, targets);
        Assert.Equal(buffers, network.Buffers.ToArray());
        float[] outputs = new float[50 * 2];
        network.ForwardBatch(inputs, outputs);
        Assert.Equal(Losses.MeanSquaredError(outputs, targets), evaluation, 1e-6f);

        var classifier = new DropoutClassifier(seed: 4);
        int[] labels = Labels(20, 3, 14);
        float[] classInputs = RandomValues(20 * 4, 15, 2f), logits = new float[20 * 3];
        classifier.ForwardBatch(classInputs, logits);
        Assert.Equal(Losses.CrossEntropy(logits, labels), ((IEvaluatingNetwork)classifier).EvaluationLoss(classInputs, labels), 1e-6f);
    }

    [Fact]
    public void TheTrainerRefusesBatchesThatLeaveOneSampleForBatchNorm()
    {
        var data = new Dataset(RandomValues(17 * 4, 16), 4, RandomValues(17, 17).Select(v => v > 0 ? 1f : 0f).ToArray(), 1);
        var network = new BatchNormClassifier(seed: 1);
        float[] before = network.Parameters.ToArray();
        var error = Assert.Throws<ArgumentException>(() =>
            Trainer.Train(network, new Sgd(BatchNormClassifier.ParameterCount, 0.1f), data, new TrainingOptions { Epochs = 1, BatchSize = 8 }));
        Assert.Contains("leave a batch of one sample", error.Message);
        Assert.Equal(before, network.Parameters.ToArray());
        Trainer.Train(network, new Sgd(BatchNormClassifier.ParameterCount, 0.1f), data, new TrainingOptions { Epochs = 1, BatchSize = 6 });
        Assert.Equal(3f, network.Buffers[^1]); // three batches: 6, 6 and 5 samples
    }
}
