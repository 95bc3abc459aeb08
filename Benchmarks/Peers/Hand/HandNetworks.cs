using System;

namespace NetGen.Benchmarks.Peers.Hand;

/// <summary>The hand-optimised peer of each benchmark network.</summary>
public static class HandNetworks
{
    /// <summary>True where the peers run (AVX-512F); elsewhere the Hand rows are skipped.</summary>
    public static bool IsSupported => HandSimd.IsSupported;

    public static IHandNetwork Create(MlpSpec spec, ReadOnlySpan<float> parameters)
    {
        if (spec == MlpSpec.Small) return new HandSmallNetwork(parameters);
        if (spec == MlpSpec.Large) return new HandLargeNetwork(parameters);
        if (spec == MlpSpec.Mid) return new HandMidNetwork(parameters);
        throw new ArgumentException($"No hand-optimised peer for the {spec.Name} network.", nameof(spec));
    }
}
