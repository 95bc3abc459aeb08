using System;
using System.Linq;
using NetGen.Compute;
using NetGen.Tests.Infrastructure;
using Xunit;

namespace NetGen.Tests.Layers;

/// <summary>
/// The networks with the new layers allocate nothing once warm: Forward, ForwardBatch, Backward, ComputeGradients
/// (one-sample, tile and, with BatchNorm1d, staged paths) and the evaluation loss; the per-thread working buffer grows
/// once to the largest batch and is then reused.
/// </summary>
public class LayerAllocationTests
{
    [Theory]
    [MemberData(nameof(LayerGradientCheckTests.Networks), MemberType = typeof(LayerGradientCheckTests))]
    public void EveryPassAllocatesNothingOnceWarm(string name)
    {
        ITrainableNetwork network = LayerGradientCheckTests.Create(name);
        var random = new SeededRandom(1);
        float[] inputs = Enumerable.Range(0, 45 * network.InputSize).Select(_ => random.NextSingle()).ToArray();
        float[] targets = Enumerable.Range(0, 45 * network.OutputSize).Select(_ => random.NextSingle()).ToArray();
        float[] outputs = new float[targets.Length], inputGradient = new float[network.InputSize];
        void Run()
        {
            for (int repeat = 0; repeat < 3; repeat++)
            {
                network.Forward(inputs.AsSpan(0, network.InputSize), outputs.AsSpan(0, network.OutputSize));
                network.ForwardBatch(inputs, outputs);
                network.Backward(inputs.AsSpan(0, network.InputSize), targets.AsSpan(0, network.OutputSize), inputGradient);
                network.ComputeGradients(inputs, targets);
                network.ComputeGradients(inputs.AsSpan(0, 6 * network.InputSize), targets.AsSpan(0, 6 * network.OutputSize));
                if (network is IEvaluatingNetwork evaluating) evaluating.EvaluationLoss(inputs, targets);
            }
        }
        Run(); // warm: the thread's working buffer grows, the JIT compiles
        Assert.Equal(0, Allocations.Measure(Run));
    }
}
