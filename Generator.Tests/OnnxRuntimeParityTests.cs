using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NetGen.Tests.Infrastructure;
using NetGen.Tests.Networks;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Tests;

/// <summary>
/// Every test network, exported with <see cref="OnnxFile"/> and run in ONNX Runtime, gives what its own
/// <c>ForwardBatch</c> gives on the same batch.
/// </summary>
/// <remarks>
/// Tolerance: |onnx − netgen| ≤ 1e-6 + 1e-5·|netgen|. The two compute the same float32 formulas, but ONNX Runtime sums
/// each Gemm in its own order (MLAS, with FMA) and has its own float32 exp, tanh and erf, while NetGen evaluates some
/// activations in double (GELU, Mish, ELU, Softplus, LogSigmoid) and rounds once. Each step then differs by a few
/// units in the last place (6e-8 relative each), and up to four layers of sums of at most 1,024 products, each
/// weight ≤ 1/√in, carry that to well under 1e-5 relative; the 1e-6 absolute part covers outputs that cancel to near 0,
/// whose error is relative to their terms, not to themselves. The worst case measured is printed by each test.
/// </remarks>
public class OnnxRuntimeParityTests(ITestOutputHelper output)
{
    private const double Relative = 1e-5;
    private const double Absolute = 1e-6;

    /// <summary>The reference networks, the other test networks, one network a form of activation, and two activations in a row.</summary>
    public static readonly IReadOnlyDictionary<string, Func<int, INetwork>> Networks = new Dictionary<string, Func<int, INetwork>>
    {
        [nameof(TinyReluSigmoidBce)] = seed => new TinyReluSigmoidBce(seed),
        [nameof(TanhSoftmaxCrossEntropy)] = seed => new TanhSoftmaxCrossEntropy(seed),
        [nameof(LeakyMse)] = seed => new LeakyMse(seed),
        [nameof(SigmoidHiddenMse)] = seed => new SigmoidHiddenMse(seed),
        [nameof(BinaryStepMse)] = seed => new BinaryStepMse(seed),
        [nameof(LogitsCrossEntropy)] = seed => new LogitsCrossEntropy(seed),
        [nameof(Mnist)] = seed => new Mnist(seed),
        [nameof(SmoothSoftmaxNet)] = seed => new SmoothSoftmaxNet(seed),
        [nameof(ExponentialUnitsNet)] = seed => new ExponentialUnitsNet(seed),
        [nameof(LogProbabilitiesNet)] = seed => new LogProbabilitiesNet(seed),
        [nameof(MixedRegressionNet)] = seed => new MixedRegressionNet(seed),
        [nameof(ClampsNet)] = seed => new ClampsNet(seed),
        [nameof(ActivationFirstNet)] = seed => new ActivationFirstNet(seed),
        [nameof(WideLoopedNet)] = seed => new WideLoopedNet(seed),
        [nameof(LinearXor)] = seed => new LinearXor(seed),
        [nameof(TanhXor)] = seed => new TanhXor(seed),
        [nameof(IrisNet)] = seed => new IrisNet(seed),
        [nameof(BreastCancerNet)] = seed => new BreastCancerNet(seed),
        [nameof(TwoActivationsInARowNet)] = seed => new TwoActivationsInARowNet(seed),
        // Dropout (the identity), LayerNorm, BatchNorm1d (running statistics moved by training steps) and PReLU.
        [nameof(DropoutClassifier)] = seed => LayerNetworkTraining.Trained(new DropoutClassifier(seed)),
        [nameof(LayerNormRegression)] = seed => LayerNetworkTraining.Trained(new LayerNormRegression(seed)),
        [nameof(BatchNormClassifier)] = seed => LayerNetworkTraining.Trained(new BatchNormClassifier(seed)),
        [nameof(PReLURegression)] = seed => LayerNetworkTraining.Trained(new PReLURegression(seed)),
        [nameof(InputBatchNorm)] = seed => LayerNetworkTraining.Trained(new InputBatchNorm(seed)),
        [nameof(InputLayerNorm)] = seed => LayerNetworkTraining.Trained(new InputLayerNorm(seed)),
        [nameof(LogSoftmaxNll)] = seed => new LogSoftmaxNll(seed),
        [nameof(WideEverything)] = seed => LayerNetworkTraining.Trained(new WideEverything(seed)),
        [nameof(WidePReLU)] = seed => LayerNetworkTraining.Trained(new WidePReLU(seed)),
        [nameof(TwoBatchNorms)] = seed => LayerNetworkTraining.Trained(new TwoBatchNorms(seed)),
        [nameof(InferenceOnly)] = seed => new InferenceOnly(seed),
        // The networks of the other test classes: data sets, training, files (baked from PyTorch's files too), the widest.
        [nameof(Data.LogSigmoidBinary)] = seed => new Data.LogSigmoidBinary(seed),
        [nameof(Data.LogSoftmaxClassifier)] = seed => new Data.LogSoftmaxClassifier(seed),
        [nameof(Data.LogitBinary)] = seed => new Data.LogitBinary(seed),
        [nameof(Data.LogitsClassifier)] = seed => new Data.LogitsClassifier(seed),
        [nameof(Data.SigmoidBinary)] = seed => new Data.SigmoidBinary(seed),
        [nameof(Data.SoftmaxClassifier)] = seed => new Data.SoftmaxClassifier(seed),
        [nameof(Files.BakedLayerStateNet)] = seed => new Files.BakedLayerStateNet(seed),
        [nameof(Files.BakedTinyBF16)] = seed => new Files.BakedTinyBF16(seed),
        [nameof(Files.BakedTinyF32)] = seed => new Files.BakedTinyF32(seed),
        [nameof(Files.LargeNet)] = seed => new Files.LargeNet(seed),
        [nameof(Layers.IdentityClassifier)] = seed => new Layers.IdentityClassifier(seed),
        [nameof(LogitsSmoothedCrossEntropy)] = seed => new LogitsSmoothedCrossEntropy(seed),
        [nameof(SmoothedWeightedClassifier)] = seed => new SmoothedWeightedClassifier(seed),
        [nameof(VeryWideNet)] = seed => new VeryWideNet(seed),
        [nameof(Training.BinaryNet)] = seed => new Training.BinaryNet(seed),
        [nameof(Training.BlobClassifier)] = seed => new Training.BlobClassifier(seed),
        [nameof(Training.SmallRegression)] = seed => new Training.SmallRegression(seed),
        [nameof(Files.LayerStateNet)] = seed => LayerNetworkTraining.Trained(new Files.LayerStateNet(seed)),
        [nameof(BatchNormLast)] = seed => LayerNetworkTraining.Trained(new BatchNormLast(seed)),
        [nameof(BatchNormSoftmax)] = seed => LayerNetworkTraining.Trained(new BatchNormSoftmax(seed)),
        [nameof(InputBatchNormL1)] = seed => LayerNetworkTraining.Trained(new InputBatchNormL1(seed)),
        [nameof(InputLayerNormHuber)] = seed => LayerNetworkTraining.Trained(new InputLayerNormHuber(seed)),
        [nameof(PReLUSmoothL1)] = seed => LayerNetworkTraining.Trained(new PReLUSmoothL1(seed)),
    }.Concat(SingleActivationNetworks.ByActivation.Select(entry => KeyValuePair.Create($"Only {entry.Key}", entry.Value)))
     .ToDictionary();

    public static IEnumerable<object[]> NetworkNames() => Networks.Keys.Select(name => new object[] { name });

    [Theory]
    [MemberData(nameof(NetworkNames))]
    public void OnnxRuntimeGivesWhatForwardBatchGives(string name)
    {
        INetwork net = Networks[name](7);
        // 33 samples: a whole number of the batch kernels' tiles and a remainder. Inputs in ±3 reach every activation's
        // bends (Hardsigmoid's at ±3, ReLU6's at 0 and 6 after a layer); the tails are OnnxActivationTailTests'.
        const int batch = 33;
        var random = new Random(11);
        float[] inputs = Enumerable.Range(0, batch * net.InputSize).Select(_ => (float)(random.NextDouble() * 6 - 3)).ToArray();
        float[] expected = new float[batch * net.OutputSize];
        net.ForwardBatch(inputs, expected);

        byte[] model = OnnxRuntimeRunner.Export(net);
        SaveForTheOnnxChecker(name, model);
        float[] actual = OnnxRuntimeRunner.Run(model, inputs, net.InputSize);

        Assert.Equal(expected.Length, actual.Length);
        double worstAbsolute = 0, worstRatio = 0;
        // The order-of-summation error grows as the square root of the number of products: VeryWideNet's 32,000-product
        // sums get √(32000 / 1024) ≈ 5.6 times the allowance above, rounded up to 1e-4 relative.
        double relative = net is VeryWideNet ? 1e-4 : Relative;
        for (int i = 0; i < expected.Length; i++)
        {
            Tolerance.Equal(expected[i], actual[i], $"{name}, sample {i / net.OutputSize}, output {i % net.OutputSize}", relative, Absolute);
            double error = Math.Abs((double)actual[i] - expected[i]);
            worstAbsolute = Math.Max(worstAbsolute, error);
            worstRatio = Math.Max(worstRatio, error / (Absolute + relative * Math.Abs(expected[i])));
        }
        output.WriteLine($"{name}: worst |error| {worstAbsolute:E2}, {worstRatio:P1} of the allowance");
    }

    [Fact]
    public void EveryTestNetworkIsInTheList() // the list is kept by hand: a network added to the tests must join it
    {
        var covered = Networks.Values.Select(make => make(1).GetType()).ToHashSet();
        string[] missing = typeof(OnnxRuntimeParityTests).Assembly.GetTypes()
            .Where(t => typeof(INetwork).IsAssignableFrom(t) && !t.IsAbstract && !t.ContainsGenericParameters && t.GetConstructor([typeof(int)]) is not null)
            .Where(t => !covered.Contains(t))
            .Select(t => t.FullName!)
            .OrderBy(name => name, StringComparer.Ordinal)
            .ToArray();
        Assert.True(missing.Length == 0, "Not exported by any test: " + string.Join(", ", missing));
    }

    // check_with_onnx.sh runs these tests with NETGEN_ONNX_EXPORT_DIR set, then ONNX's own checker on the files.
    private static void SaveForTheOnnxChecker(string name, byte[] model)
    {
        string? folder = Environment.GetEnvironmentVariable("NETGEN_ONNX_EXPORT_DIR");
        if (string.IsNullOrEmpty(folder)) return;
        Directory.CreateDirectory(folder);
        string fileName = new string(name.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray()) + ".onnx";
        File.WriteAllBytes(Path.Combine(folder, fileName), model);
    }
}
