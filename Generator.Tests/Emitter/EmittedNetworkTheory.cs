using System.Linq;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Model;
using NetGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Tests.Emitter;

/// <summary>What every emitter test class asserts of its hand-built networks, once compiled together.</summary>
internal static class EmittedNetworkTheory
{
    /// <summary>The compilation has no diagnostic at all (warnings of every wave included), and it loads.</summary>
    public static void CompilesWithoutWarnings(EmittedAssembly emitted)
    {
        Assert.True(emitted.Diagnostics.IsEmpty,
            "The emitted networks compile with diagnostics:\n" + string.Join("\n", emitted.Diagnostics.Take(20)));
        Assert.All(emitted.Networks.Keys, name => Assert.NotNull(emitted.TypeOf(name)));
    }

    /// <summary>The public members, then every pass against the double-precision evaluation.</summary>
    public static void MatchesDoublePrecision(EmittedAssembly emitted, string name, ITestOutputHelper output, float parameterScale = 1f)
    {
        NetworkSpec network = emitted.Networks[name];
        PublicMembersCheck.Check(emitted.TypeOf(name), network);
        TensorTolerance tolerance = NetworkParity.Check(emitted.Create(name, seed: 1), network, seed: StableSeed(name), parameterScale);
        output.WriteLine($"{name}: {LayerList(network)}; worst error {tolerance.WorstRatio:F3} of its allowance, at {tolerance.WorstWhat}");
    }

    // string.GetHashCode differs from run to run; the data of a network must not.
    private static int StableSeed(string name) => name.Aggregate(17, (hash, c) => unchecked(hash * 31 + c)) & 0x7FFFFFFF;

    private static string LayerList(NetworkSpec network) =>
        string.Join(", ", network.Layers.Select(LayerText.Describe)) + (network.LossEntry is { } loss ? " [" + loss.Name + "]" : "");
}
