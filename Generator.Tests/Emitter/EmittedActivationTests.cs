using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Catalog;
using NetGen.Generator.Emitter;
using NetGen.Generator.Model;
using NetGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Tests.Emitter;

/// <summary>
/// Every activation of the catalog (a new entry is picked up by the loop), emitted from a hand-built model in every
/// place it can take: first in the network, fused into a register layer, fused into a kernel layer with few inputs
/// (lane partials) and with many (the transposing weight gradient), and last before the loss. Each network's passes
/// match a double-precision evaluation (see <see cref="NetworkParity"/>).
/// </summary>
public class EmittedActivationTests
{
    private static readonly Lazy<EmittedAssembly> Emitted = new(() => EmittedAssembly.Compile(nameof(EmittedActivationTests), Networks().ToList()));

    private readonly ITestOutputHelper _output;

    public EmittedActivationTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string> Names => new(Networks().Select(network => network.Type.Type.NameWithTypeParameters));

    /// <summary>
    /// [A, Linear(5, 8), A, Linear(8, wide), A, Linear(wide, 3), A] with MSELoss: 5 and 8 fit a register layer, wide
    /// (one past the register width) does not; wide inputs exceed the lane-partial limit, 8 do not.
    /// </summary>
    private static IEnumerable<NetworkSpec> Networks()
    {
        const int small = 5, middle = 8;
        int wide = Math.Max(NetworkPlan.RegisterWidthLimit, NetworkPlan.PartialInputLimit) + 1;
        if (small * middle > NetworkPlan.RegisterWeightLimit || middle > NetworkPlan.RegisterWidthLimit || middle > NetworkPlan.PartialInputLimit)
            throw new InvalidOperationException("The register limits shrank below Linear(5, 8): choose smaller widths here.");
        foreach (ActivationEntry entry in ActivationCatalog.All)
        {
            float[] arguments = Arguments(entry);
            yield return NetworkSpecBuilder.Network(entry.Kind.ToString(), small)
                .Activation(entry.Kind, arguments)
                .Linear(middle).Activation(entry.Kind, arguments)
                .Linear(wide).Activation(entry.Kind, arguments)
                .Linear(3, bias: false).Activation(entry.Kind, arguments)
                .Loss(LossKind.MSE)
                .Build();
        }
    }

    /// <summary>Not the defaults (an argument must reach the code): each 1.5 times its default, where the entry's check allows.</summary>
    private static float[] Arguments(ActivationEntry entry)
    {
        float[] scaled = entry.Parameters.Select(p => p.Default == 0 ? 0.5f : 1.5f * p.Default).ToArray();
        return entry.Check(scaled) is null ? scaled : entry.Parameters.Select(p => p.Default).ToArray();
    }

    [Fact]
    public void CompilesWithoutWarnings() => EmittedNetworkTheory.CompilesWithoutWarnings(Emitted.Value);

    [Theory]
    [MemberData(nameof(Names))]
    public void PassesMatchADoublePrecisionEvaluation(string name) => EmittedNetworkTheory.MatchesDoublePrecision(Emitted.Value, name, _output);
}
