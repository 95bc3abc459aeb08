using System;
using NetGen.Benchmarks.Peers;
using NetGen.Benchmarks.Peers.Hand;

namespace NetGen.Benchmarks;

/// <summary>
/// The peers of one generated network, built from its parameters (copied from <c>net.Parameters</c>), and
/// checked against it before anything is timed: a peer that computes something else would make its timing
/// meaningless, so the setup throws instead.
/// </summary>
public sealed class PeerSet : IDisposable
{
    /// <summary>Outputs and gradients must agree with the generated network to this absolute tolerance.</summary>
    public const float Tolerance = 1e-4f;

    public NaiveNetwork Naive { get; }
    public TensorPrimitivesNetwork TensorPrimitives { get; }
    public OnnxNetwork Onnx { get; }

    /// <summary>The hand-optimised AVX-512 peer; throws on machines without AVX-512F (its rows then fail alone).</summary>
    public IHandNetwork Hand => _hand ?? throw new PlatformNotSupportedException("The hand-optimised peers need AVX-512F.");
    private readonly IHandNetwork? _hand;

    public PeerSet(INetwork net, MlpSpec spec, Workload workload)
    {
        ReadOnlySpan<float> parameters = net.Parameters;
        Naive = new NaiveNetwork(spec, parameters);
        TensorPrimitives = new TensorPrimitivesNetwork(spec, parameters);
        Onnx = new OnnxNetwork(spec, parameters, Workload.BatchSize);
        if (HandNetworks.IsSupported) _hand = HandNetworks.Create(spec, parameters);
        workload.Inputs.CopyTo(Onnx.BatchInput, 0);
        workload.Sample(0).CopyTo(Onnx.SingleInput);
        CheckForward(net, spec, workload);
        CheckGradients(net, spec, workload);
    }

    private void CheckForward(INetwork net, MlpSpec spec, Workload workload)
    {
        var expected = new float[Workload.BatchSize * spec.Output];
        for (int s = 0; s < Workload.BatchSize; s++)
            net.Forward(workload.Sample(s), expected.AsSpan(s * spec.Output, spec.Output));

        var tensorPrimitives = new float[expected.Length];
        TensorPrimitives.ForwardBatch(workload.Inputs, tensorPrimitives);
        var naive = new float[expected.Length];
        for (int s = 0; s < Workload.BatchSize; s++) Naive.Forward(workload.InputRows[s]).CopyTo(naive, s * spec.Output);
        Onnx.RunSingle();
        Onnx.RunBatch();

        Agree(spec, "naive C# forward", expected, naive);
        Agree(spec, "TensorPrimitives forward", expected, tensorPrimitives);
        Agree(spec, "ONNX Runtime forward, batch 1", expected.AsSpan(0, spec.Output), Onnx.SingleOutput);
        Agree(spec, "ONNX Runtime forward, batch 256", expected, Onnx.BatchOutput);

        if (_hand is null) return;
        var hand = new float[expected.Length];
        for (int s = 0; s < Workload.BatchSize; s++) _hand.Forward(workload.Sample(s), hand.AsSpan(s * spec.Output, spec.Output));
        Agree(spec, "Hand forward, one sample at a time", expected, hand);
        Array.Clear(hand);
        _hand.ForwardBatch(workload.Inputs, hand);
        Agree(spec, "Hand forward, batch 256", expected, hand);
        // A batch that is not a multiple of any tile: 37 samples, so that whole tiles and the leftover path both run.
        int odd = 37;
        Array.Clear(hand);
        _hand.ForwardBatch(workload.Inputs.AsSpan(0, odd * spec.Input), hand.AsSpan(0, odd * spec.Output));
        Agree(spec, "Hand forward, batch 37", expected.AsSpan(0, odd * spec.Output), hand.AsSpan(0, odd * spec.Output));
    }

    /// <summary>Checks a whole batch of outputs computed some other way (e.g. the generated ForwardBatch) against Forward.</summary>
    public static void CheckBatch(INetwork net, MlpSpec spec, Workload workload, string what, ReadOnlySpan<float> outputs)
    {
        var expected = new float[Workload.BatchSize * spec.Output];
        for (int s = 0; s < Workload.BatchSize; s++)
            net.Forward(workload.Sample(s), expected.AsSpan(s * spec.Output, spec.Output));
        Agree(spec, what, expected, outputs);
    }

    private void CheckGradients(INetwork net, MlpSpec spec, Workload workload)
    {
        // The same batch and targets for all three: class labels for the peers, the generated network's own API.
        float expectedLoss = net is IClassifierNetwork classifier
            ? classifier.ComputeGradients(workload.Inputs, workload.Labels)
            : ((ITrainableNetwork)net).ComputeGradients(workload.Inputs, workload.Targets);
        float[] expected = net.Gradients.ToArray();

        float naiveLoss = Naive.ComputeGradients(workload.InputRows, workload.Labels);
        var naive = new float[spec.ParameterCount];
        Naive.CopyGradients(naive);
        float tensorPrimitivesLoss = TensorPrimitives.ComputeGradients(workload.Inputs, workload.Labels);

        Agree(spec, "naive C# loss", new[] { expectedLoss }, new[] { naiveLoss });
        Agree(spec, "naive C# gradients", expected, naive);
        Agree(spec, "TensorPrimitives loss", new[] { expectedLoss }, new[] { tensorPrimitivesLoss });
        Agree(spec, "TensorPrimitives gradients", expected, TensorPrimitives.Gradients);

        if (_hand is null) return;
        float handLoss = _hand.ComputeGradients(workload.Inputs, workload.Labels);
        Agree(spec, "Hand loss, batch 256", new[] { expectedLoss }, new[] { handLoss });
        Agree(spec, "Hand gradients, batch 256", expected, _hand.Gradients);
        foreach (int batch in new[] { 1, 37 })
        {
            ReadOnlySpan<float> inputs = workload.Inputs.AsSpan(0, batch * spec.Input);
            float loss = net is IClassifierNetwork c
                ? c.ComputeGradients(inputs, workload.Labels.AsSpan(0, batch))
                : ((ITrainableNetwork)net).ComputeGradients(inputs, workload.Targets.AsSpan(0, batch * spec.Output));
            handLoss = _hand.ComputeGradients(inputs, workload.Labels.AsSpan(0, batch));
            Agree(spec, $"Hand loss, batch {batch}", new[] { loss }, new[] { handLoss });
            Agree(spec, $"Hand gradients, batch {batch}", net.Gradients, _hand.Gradients);
        }
    }

    private static void Agree(MlpSpec spec, string what, ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        if (expected.Length != actual.Length)
            throw new InvalidOperationException($"{spec.Name}: {what} has {actual.Length} values, NetGen {expected.Length}.");
        for (int i = 0; i < expected.Length; i++)
        {
            if (!(MathF.Abs(expected[i] - actual[i]) <= Tolerance))
                throw new InvalidOperationException(
                    $"{spec.Name}: {what} disagrees with NetGen at [{i}]: {actual[i]} vs {expected[i]} (tolerance {Tolerance}).");
        }
    }

    public void Dispose() => Onnx.Dispose();
}
