using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests.Files;

/// <summary>
/// A checkpoint holds the parameters and the optimizer's whole state: stopping after 3 steps and resuming in a fresh
/// process-like setting gives the same bits as 6 steps without stopping; a checkpoint that does not fit is refused
/// and changes nothing (issue 11 item 2).
/// </summary>
public class CheckpointFileTests
{
    // The optimizer a run is made with, and a differently configured one of the same kind: resuming must restore
    // the saved hyper-parameters into it, as PyTorch's load_state_dict does.
    private static readonly Dictionary<string, (Func<int, IOptimizer> Run, Func<int, IOptimizer> Fresh)> Optimizers = new()
    {
        ["Sgd"] = (n => new Sgd(n, 0.1f), n => new Sgd(n, 0.5f, momentum: 0.3f)),
        ["Sgd momentum"] = (n => new Sgd(n, 0.05f, momentum: 0.9f, dampening: 0.1f, weightDecay: 1e-3f), n => new Sgd(n, 0.5f)),
        ["Sgd Nesterov"] = (n => new Sgd(n, 0.05f, momentum: 0.9f, nesterov: true), n => new Sgd(n, 0.05f, momentum: 0.5f)),
        ["Adam"] = (n => new Adam(n, 0.01f, weightDecay: 1e-2f), n => new Adam(n)),
        ["AdamW"] = (n => new AdamW(n, 0.01f, beta1: 0.8f, beta2: 0.99f, epsilon: 1e-6f), n => new AdamW(n)),
    };

    public static TheoryData<string> OptimizerNames() => new(Optimizers.Keys);

    [Theory]
    [MemberData(nameof(OptimizerNames))]
    public void ThreeStepsSavedLoadedAndThreeMoreGiveTheBitsOfSixUninterruptedSteps(string name)
    {
        (Func<int, IOptimizer> run, Func<int, IOptimizer> fresh) = Optimizers[name];
        int n = WideLoopedNet.ParameterCount; // looped and unrolled layers both

        var straight = new WideLoopedNet(seed: 1);
        IOptimizer straightOptimizer = run(n);
        for (int step = 0; step < 6; step++) Train(straight, straightOptimizer, step);

        var first = new WideLoopedNet(seed: 1);
        IOptimizer firstOptimizer = run(n);
        for (int step = 0; step < 3; step++) Train(first, firstOptimizer, step);
        using var folder = new TemporaryFolder();
        string path = folder.File("run.checkpoint");
        CheckpointFile.Save(path, first, firstOptimizer);

        var resumed = new WideLoopedNet(seed: 2);
        IOptimizer resumedOptimizer = fresh(n);
        CheckpointFile.Load(path, resumed, resumedOptimizer);
        Assert.Equal(3, resumedOptimizer.StepCount);
        for (int step = 3; step < 6; step++) Train(resumed, resumedOptimizer, step);

        Assert.Equal(Bits(straight.Parameters), Bits(resumed.Parameters));
        AssertSameState(straightOptimizer.StateDict(), resumedOptimizer.StateDict());
    }

    [Fact]
    public void ADropoutNetworkResumesWithTheMasksTheUninterruptedRunDraws()
    {
        // Masks are keyed by the network's seed and its step count: a fresh network of another seed must take both from
        // the checkpoint, or steps 4–6 draw other masks (without them the parameters below differ).
        int n = DropoutClassifier.ParameterCount;
        var straight = new DropoutClassifier(seed: 1);
        var straightOptimizer = new Adam(n, 0.01f);
        for (int step = 0; step < 6; step++) Train(straight, straightOptimizer, step);

        var first = new DropoutClassifier(seed: 1);
        var firstOptimizer = new Adam(n, 0.01f);
        for (int step = 0; step < 3; step++) Train(first, firstOptimizer, step);
        using var folder = new TemporaryFolder();
        string path = folder.File("dropout.checkpoint");
        CheckpointFile.Save(path, first, firstOptimizer);

        var resumed = new DropoutClassifier(seed: 2);
        var resumedOptimizer = new Adam(n);
        CheckpointFile.Load(path, resumed, resumedOptimizer);
        Assert.Equal(1, ((IDropoutNetwork)resumed).DropoutSeed);
        Assert.Equal(3L, ((IDropoutNetwork)resumed).DropoutStep);
        for (int step = 3; step < 6; step++) Train(resumed, resumedOptimizer, step);

        Assert.Equal(Bits(straight.Parameters), Bits(resumed.Parameters));
    }

    [Theory]
    [InlineData("dropout.step", "-", "metadata \"dropout.step\" is '-'; expected a step count from 0")]
    [InlineData("dropout.seed", "x", "metadata \"dropout.seed\" is 'x'; expected a 32-bit integer seed")]
    public void ABadDropoutStateIsRefusedAndChangesNothing(string key, string value, string expectedMessage)
    {
        int n = DropoutClassifier.ParameterCount;
        var trained = new DropoutClassifier(seed: 1);
        var adam = new Adam(n, 0.01f);
        Train(trained, adam, 0);
        using var folder = new TemporaryFolder();
        string path = folder.File("dropout.checkpoint");
        CheckpointFile.Save(path, trained, adam);
        // The same file with one metadata value replaced by another of the same length (the header's length stays).
        byte[] bytes = File.ReadAllBytes(path);
        string text = System.Text.Encoding.Latin1.GetString(bytes);
        string original = key == "dropout.step" ? "\"dropout.step\":\"1\"" : "\"dropout.seed\":\"1\"";
        Assert.Contains(original, text);
        string edited = text.Replace(original, $"\"{key}\":\"{value}\"");
        File.WriteAllBytes(path, System.Text.Encoding.Latin1.GetBytes(edited));

        var target = new DropoutClassifier(seed: 5);
        var optimizer = new Adam(n);
        float[] before = target.Parameters.ToArray();
        var error = Assert.Throws<InvalidDataException>(() => CheckpointFile.Load(path, target, optimizer));
        Assert.Contains(expectedMessage, error.Message);
        Assert.Equal(before, target.Parameters.ToArray());
        Assert.Equal(5, ((IDropoutNetwork)target).DropoutSeed);
        Assert.Equal(0L, ((IDropoutNetwork)target).DropoutStep);
        Assert.Equal(0, optimizer.StepCount);
    }

    [Fact]
    public void ACheckpointOfAnotherKindOfOptimizerIsRefusedAndChangesNothing()
    {
        int n = TinyReluSigmoidBce.ParameterCount;
        byte[] adamCheckpoint = Checkpoint(new TinyReluSigmoidBce(1), new Adam(n, 0.01f));
        AssertRefused(adamCheckpoint, new Sgd(n, 0.1f, momentum: 0.9f), "is a 'Adam' optimizer's; expected a 'Sgd' optimizer's");
        AssertRefused(adamCheckpoint, new AdamW(n), "is a 'Adam' optimizer's; expected a 'AdamW' optimizer's");
        AssertRefused(adamCheckpoint, new Adam(n + 1), "is for 49 parameters; expected 50");
    }

    [Fact]
    public void ACheckpointOfAnotherNetworkOrAPlainWeightsFileIsRefusedAndChangesNothing()
    {
        byte[] other = Checkpoint(new LeakyMse(1), new Adam(LeakyMse.ParameterCount));
        AssertRefused(other, new Adam(TinyReluSigmoidBce.ParameterCount), "that this network does not have");
        var weights = new MemoryStream();
        SafeTensorsFile.Save(new TinyReluSigmoidBce(1), weights);
        AssertRefused(weights.ToArray(), new Adam(TinyReluSigmoidBce.ParameterCount), "expected \"netgen.checkpoint\"");
    }

    [Theory]
    [InlineData("\"optimizer.step\":\"1\"", "\"optimizer.step\":\"-1\"", "expected a step count from 0")]
    [InlineData("\"optimizer.lr\":\"0.009999999776482582\"", "\"optimizer.lr\":\"-1\"", "Expected learningRate to be a finite number")]
    [InlineData("\"optimizer.lr\":\"0.009999999776482582\"", "\"optimizer.lr\":\"fast\"", "'optimizer.lr' is 'fast'; expected a finite number")]
    [InlineData("\"optimizer.lr\":\"0.009999999776482582\",", "", "expected ['beta1', 'beta2', 'eps', 'lr', 'weight_decay']")]
    [InlineData("\"optimizer\":\"Adam\"", "\"optimizer\":\"Adamax\"", "is a 'Adamax' optimizer's; expected a 'Adam' optimizer's")]
    [InlineData("\"format_version\":\"1\"", "\"format_version\":\"2\"", "expected \"1\"")]
    public void AnEditedStateIsRefusedWithTheOptimizersOwnChecksAndChangesNothing(string from, string to, string expectedMessage)
    {
        byte[] file = Checkpoint(new TinyReluSigmoidBce(1), Trained(new Adam(TinyReluSigmoidBce.ParameterCount, 0.01f)));
        string text = System.Text.Encoding.Latin1.GetString(file);
        Assert.Contains(from, text);
        // Same-length edits keep the declared header length true; others are padded or rebuilt.
        byte[] edited = RebuildHeader(file, header => header.Replace(from, to));
        AssertRefused(edited, new Adam(TinyReluSigmoidBce.ParameterCount), expectedMessage);
    }

    [Fact]
    public void ANegativeSecondMomentIsRefused()
    {
        var adam = new Adam(TinyReluSigmoidBce.ParameterCount);
        OptimizerState state = adam.StateDict();
        var buffers = state.Buffers.ToDictionary(b => b.Key, b => b.Value.ToArray());
        buffers["exp_avg_sq"][7] = -1f;
        var bad = new OptimizerState(state.Kind, state.ParameterCount, 1, state.HyperParameters, buffers);
        var error = Assert.Throws<ArgumentException>(() => adam.LoadStateDict(bad));
        Assert.Contains("'exp_avg_sq'[7] is -1; expected a value ≥ 0", error.Message);
        Assert.Equal(0, adam.StepCount);
    }

    [Fact]
    public void SavingRefusesANonFiniteBufferAnOptimizerOfAnotherSizeAndNulls()
    {
        int n = TinyReluSigmoidBce.ParameterCount;
        var network = new TinyReluSigmoidBce(1);
        var adam = new Adam(n);
        var huge = new float[n];
        huge[3] = float.MaxValue; // its square overflows the second moment; the step itself stays finite
        adam.Step(network.Parameters, huge);
        Assert.All(network.Parameters.ToArray(), p => Assert.True(float.IsFinite(p)));
        using var folder = new TemporaryFolder();
        string path = folder.File("run.checkpoint");
        Assert.Contains("optimizer buffer 'exp_avg_sq'[3] is Infinity", Assert.Throws<ArgumentException>(() => CheckpointFile.Save(path, network, adam)).Message);
        Assert.Contains("expected the network's 49", Assert.Throws<ArgumentException>(() => CheckpointFile.Save(path, network, new Adam(n + 1))).Message);
        Assert.Equal("network", Assert.Throws<ArgumentNullException>(() => CheckpointFile.Save(path, null!, adam)).ParamName);
        Assert.Equal("optimizer", Assert.Throws<ArgumentNullException>(() => CheckpointFile.Save(path, network, null!)).ParamName);
        Assert.Equal("path", Assert.Throws<ArgumentNullException>(() => CheckpointFile.Save((string)null!, network, adam)).ParamName);
        Assert.Equal("optimizer", Assert.Throws<ArgumentNullException>(() => CheckpointFile.Load(path, network, null!)).ParamName);
        Assert.Equal("stream", Assert.Throws<ArgumentNullException>(() => CheckpointFile.Load((Stream)null!, network, adam)).ParamName);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void TheStateIsACopyAndNamesPyTorchsBuffers()
    {
        var sgd = new Sgd(TinyReluSigmoidBce.ParameterCount, 0.1f, momentum: 0.9f);
        Train(new TinyReluSigmoidBce(1), sgd, 0);
        OptimizerState state = sgd.StateDict();
        float before = state.Buffers["momentum_buffer"].Span[0];
        Train(new TinyReluSigmoidBce(1), sgd, 1);
        Assert.Equal(before, state.Buffers["momentum_buffer"].Span[0]);
        Assert.Equal(new[] { "dampening", "lr", "momentum", "nesterov", "weight_decay" }, state.HyperParameters.Keys.Order());
        Assert.Equal(new[] { "exp_avg", "exp_avg_sq" }, new Adam(4).StateDict().Buffers.Keys.Order());
        Assert.Empty(new Sgd(4, 0.1f).StateDict().Buffers); // no momentum, no buffer
    }

    internal static IOptimizer Trained(IOptimizer optimizer)
    {
        Train(new TinyReluSigmoidBce(1), optimizer, 0);
        return optimizer;
    }

    internal static byte[] Checkpoint(ITrainableNetwork network, IOptimizer optimizer)
    {
        var stream = new MemoryStream();
        CheckpointFile.Save(stream, network, optimizer);
        return stream.ToArray();
    }

    /// <summary>Edits a safetensors header as text and writes its new length.</summary>
    internal static byte[] RebuildHeader(byte[] file, Func<string, string> edit)
    {
        int length = (int)BitConverter.ToUInt64(file, 0);
        string header = System.Text.Encoding.UTF8.GetString(file, 8, length);
        return SafeTensorsBytes.Build(edit(header), file[(8 + length)..]);
    }

    private static void AssertRefused(byte[] file, IOptimizer optimizer, string expectedMessage)
    {
        var network = new TinyReluSigmoidBce(seed: 5);
        if (optimizer.StateDict().ParameterCount == network.Parameters.Length) Train(network, optimizer, 0); // a state that is not all zero
        float[] parameters = network.Parameters.ToArray();
        OptimizerState before = optimizer.StateDict();
        var error = Assert.Throws<InvalidDataException>(() => CheckpointFile.Load(new MemoryStream(file), network, optimizer));
        Assert.True(error.Message.Contains(expectedMessage), $"Expected \"{expectedMessage}\" in: {error.Message}");
        Assert.Equal(Bits(parameters), Bits(network.Parameters));
        AssertSameState(before, optimizer.StateDict());
    }

    internal static void AssertSameState(OptimizerState expected, OptimizerState actual)
    {
        Assert.Equal(expected.Kind, actual.Kind);
        Assert.Equal(expected.StepCount, actual.StepCount);
        Assert.Equal(expected.HyperParameters.OrderBy(p => p.Key), actual.HyperParameters.OrderBy(p => p.Key));
        Assert.Equal(expected.Buffers.Keys.Order(), actual.Buffers.Keys.Order());
        foreach ((string name, ReadOnlyMemory<float> values) in expected.Buffers)
            Assert.Equal(Bits(values.Span), Bits(actual.Buffers[name].Span));
    }

    /// <summary>One batch of the deterministic stream of batches a step trains on.</summary>
    private static void Train(ITrainableNetwork network, IOptimizer optimizer, int step)
    {
        var random = new SeededRandom(1000 + step);
        const int batch = 8;
        var inputs = new float[batch * network.InputSize];
        var targets = new float[batch * network.OutputSize];
        random.FillUniform(inputs, 2f);
        for (int s = 0; s < batch; s++) targets[s * network.OutputSize + random.NextInt32(network.OutputSize)] = 1f;
        network.ComputeGradients(inputs, targets);
        optimizer.Step(network.Parameters, network.Gradients);
    }

    internal static int[] Bits(ReadOnlySpan<float> values)
    {
        var bits = new int[values.Length];
        for (int i = 0; i < values.Length; i++) bits[i] = BitConverter.SingleToInt32Bits(values[i]);
        return bits;
    }
}
