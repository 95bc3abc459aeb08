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
/// Every loss of the catalog (a new entry is picked up by the loop), emitted from hand-built models with small
/// (register) and wide (kernel) layers, fused with the trailing activation it fuses with and not fused (that activation
/// followed by Identity, so the loss reads its output as PyTorch would): ComputeGradients' loss and gradients, and the
/// other passes, match a double-precision evaluation. One more network has baked parameters.
/// </summary>
public class EmittedLossTests
{
    private static readonly Lazy<EmittedAssembly> Emitted = new(() => EmittedAssembly.Compile(nameof(EmittedLossTests), Networks().ToList()));

    private readonly ITestOutputHelper _output;

    public EmittedLossTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string> Names => new(Networks().Select(network => network.Type.Type.NameWithTypeParameters));

    private static IEnumerable<NetworkSpec> Networks()
    {
        int wide = NetworkPlan.RegisterWidthLimit + 1;
        foreach (LossEntry loss in LossCatalog.All)
            foreach (var (size, inputs, hidden) in new[] { ("Register", 3, 5), ("Kernel", 6, wide) })
            {
                NetworkSpecBuilder Body(string tail) =>
                    NetworkSpecBuilder.Network($"{loss.Kind}_{size}_{tail}", inputs).Linear(hidden).Activation(ActivationKind.Tanh).Linear(4).Loss(loss.Kind);
                if (loss.FusesWith is { } fused)
                {
                    yield return Body("Fused").Activation(fused).Build();
                    yield return Body("Unfused").Activation(fused).Activation(ActivationKind.Identity).Build();
                }
                else yield return Body("Plain").Build();
            }

        var random = new Random(5);
        NetworkSpecBuilder baked = NetworkSpecBuilder.Network("Baked", 3).Linear(6).Activation(ActivationKind.ReLU).Linear(2).Loss(LossKind.MSE);
        int count = baked.Build().ParameterCount;
        yield return baked.Baked(Enumerable.Range(0, count).Select(_ => random.NextSingle() - 0.5f).ToArray()).Build();
    }

    /// <summary>
    /// BCELoss on probabilities (not fused) divides by p(1 − p), which float32 keeps only to ~6e-8 / (1 − p): smaller
    /// parameters keep p within about σ(±3.5), where that stays below the tolerance.
    /// </summary>
    /// <remarks>
    /// L1, SmoothL1 and Huber give most outputs a gradient of ±1 (or ±δ), whatever their distance to the target, so a
    /// Tanh unit near saturation keeps a first-layer gradient row of full size times 1 − y², which float32 takes from
    /// the rounded y (as PyTorch does) with an absolute error of ~1e-7 of the row: beside a tensor whose other rows are
    /// small that passed 1e-5 of the tensor's scale (seen at batch 1 for Huber_Register_Plain, and for every loss at
    /// about one data seed in twenty). Half the parameters keep the units off saturation.
    /// </remarks>
    private static float ParameterScale(string name) =>
        name.StartsWith($"{LossKind.BCE}_", StringComparison.Ordinal) && name.EndsWith("_Unfused")
        || name.StartsWith($"{LossKind.L1}_", StringComparison.Ordinal) || name.StartsWith($"{LossKind.SmoothL1}_", StringComparison.Ordinal)
        || name.StartsWith($"{LossKind.Huber}_", StringComparison.Ordinal)
            ? 0.5f
            : 1f;

    [Fact]
    public void CompilesWithoutWarnings() => EmittedNetworkTheory.CompilesWithoutWarnings(Emitted.Value);

    [Theory]
    [MemberData(nameof(Names))]
    public void PassesMatchADoublePrecisionEvaluation(string name) =>
        EmittedNetworkTheory.MatchesDoublePrecision(Emitted.Value, name, _output, ParameterScale(name));
}
