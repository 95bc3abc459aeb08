using System;
using System.Linq;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// NaN is never silent: a NaN input gives NaN outputs on every path (one sample, batch, every activation, softmax), the
/// other samples of a batch keep their values, and a NaN sample's loss is NaN with its gradients (issue: a small ReLU
/// network turned [NaN, 1, 2, 3] into −0.0657 while a wide one gave NaN).
/// </summary>
public class NaNPropagationTests
{
    private static float[] Inputs(int batch, int features, int nanSample)
    {
        var random = new SeededRandom(batch + features);
        float[] inputs = Enumerable.Range(0, batch * features).Select(_ => 2f * random.NextSingle() - 1f).ToArray();
        inputs[nanSample * features] = float.NaN;
        return inputs;
    }

    public static TheoryData<INetwork> Networks() => new()
    {
        new TinyReluSigmoidBce(seed: 1), new TanhSoftmaxCrossEntropy(seed: 1), new LeakyMse(seed: 1), new SmoothSoftmaxNet(seed: 1),
        new ExponentialUnitsNet(seed: 1), new LogProbabilitiesNet(seed: 1), new MixedRegressionNet(seed: 1), new ClampsNet(seed: 1),
        new ActivationFirstNet(seed: 1), new WideLoopedNet(seed: 1), new Mnist(seed: 1), new BinaryStepMse(seed: 1),
        // The layers of issue 13: evaluation in Forward (Dropout the identity, BatchNorm1d's running statistics, so a NaN
        // sample stays its own), batch statistics and masks in ComputeGradients.
        new DropoutClassifier(seed: 1), new LayerNormRegression(seed: 1), new BatchNormClassifier(seed: 1), new PReLURegression(seed: 1),
        new InputBatchNorm(seed: 1), new InputLayerNorm(seed: 1), new LogSoftmaxNll(seed: 1), new SmoothedWeightedClassifier(seed: 1),
        new WideEverything(seed: 1),
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void ANaNInputGivesNaNOutputsOnEveryPathAndOnlyForItsSample(INetwork net)
    {
        int n = net.InputSize, m = net.OutputSize;
        float[] single = Inputs(1, n, 0), output = new float[m];
        net.Forward(single, output);
        Assert.All(output, value => Assert.True(float.IsNaN(value), $"Forward gave {value} for a NaN input"));

        foreach (int batch in new[] { 5, 40 }) // the one-sample path and a tile with one sample in it NaN
        {
            float[] inputs = Inputs(batch, n, nanSample: 2), outputs = new float[batch * m], clean = new float[m];
            net.ForwardBatch(inputs, outputs);
            for (int s = 0; s < batch; s++)
            {
                if (s == 2)
                {
                    Assert.All(outputs.AsSpan(s * m, m).ToArray(), value => Assert.True(float.IsNaN(value), $"ForwardBatch({batch}) gave {value} for the NaN sample"));
                    continue;
                }
                net.Forward(inputs.AsSpan(s * n, n), clean);
                Assert.All(clean, value => Assert.False(float.IsNaN(value)));
                for (int o = 0; o < m; o++) Assert.Equal(clean[o], outputs[s * m + o], 1e-5f);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void ANaNSampleMakesTheLossNaN(INetwork net)
    {
        if (net is not ITrainableNetwork trainable) return;
        foreach (int batch in new[] { 3, 40 })
        {
            float[] inputs = Inputs(batch, net.InputSize, nanSample: 1);
            float[] targets = Enumerable.Range(0, batch * net.OutputSize).Select(i => i % 2 == 0 ? 1f : 0f).ToArray();
            if (net.Loss is CrossEntropyLossAttribute or NLLLossAttribute)
                for (int s = 0; s < batch; s++)
                {
                    targets.AsSpan(s * net.OutputSize, net.OutputSize).Clear();
                    targets[s * net.OutputSize] = 1f;
                }
            float loss = trainable.ComputeGradients(inputs, targets);
            Assert.True(float.IsNaN(loss), $"a NaN sample in a batch of {batch} gave loss {loss}");
            Assert.Contains(trainable.Gradients.ToArray(), float.IsNaN);
        }
    }
}
