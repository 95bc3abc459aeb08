using System;

namespace NetGen.Benchmarks;

/// <summary>
/// The data every peer sees: a batch of inputs uniform in [-1, 1), class labels, and the same labels as
/// float targets (one-hot for softmax networks, 0/1 for the sigmoid network). Seeded, so runs are comparable.
/// </summary>
public sealed class Workload
{
    public const int BatchSize = 256;

    public MlpSpec Spec { get; }
    public float[] Inputs { get; }          // BatchSize × Input
    public float[][] InputRows { get; }     // the same samples as arrays, for the naive peer
    public int[] Labels { get; }            // BatchSize class indices
    public float[] Targets { get; }         // BatchSize × Output

    public Workload(MlpSpec spec, int seed = 42)
    {
        Spec = spec;
        var random = new Random(seed);
        Inputs = new float[BatchSize * spec.Input];
        for (int i = 0; i < Inputs.Length; i++) Inputs[i] = (float)(random.NextDouble() * 2 - 1);
        InputRows = new float[BatchSize][];
        for (int s = 0; s < BatchSize; s++) InputRows[s] = Inputs.AsSpan(s * spec.Input, spec.Input).ToArray();

        int classes = spec.IsBinary ? 2 : spec.Output;
        Labels = new int[BatchSize];
        Targets = new float[BatchSize * spec.Output];
        for (int s = 0; s < BatchSize; s++)
        {
            Labels[s] = random.Next(classes);
            if (spec.IsBinary) Targets[s] = Labels[s];
            else Targets[s * spec.Output + Labels[s]] = 1f;
        }
    }

    public ReadOnlySpan<float> Sample(int index) => Inputs.AsSpan(index * Spec.Input, Spec.Input);
}
