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
/// Linear layers on both sides of each of the emitter's thresholds, read from its constants (so a retuned limit moves
/// the cases with it): the register width (<see cref="NetworkPlan.RegisterWidthLimit"/>) in inputs and in outputs,
/// the register weight count (<see cref="NetworkPlan.RegisterWeightLimit"/>), and the lane-partial input limit of
/// kernel layers (<see cref="NetworkPlan.PartialInputLimit"/>); plus the smallest layer and one wider than two
/// registers both ways. Each layer alone (first and last: [Linear, Tanh]) and inside a network without its bias
/// ([Linear(3, in), Sigmoid, Linear(in, out, Bias = false), GELU, Linear(out, 2)]), with MSELoss; every pass matches a
/// double-precision evaluation.
/// </summary>
public class EmittedWidthTests
{
    private static readonly Lazy<EmittedAssembly> Emitted = new(() => EmittedAssembly.Compile(nameof(EmittedWidthTests), Networks().ToList()));

    private readonly ITestOutputHelper _output;

    public EmittedWidthTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string> Names => new(Networks().Select(network => network.Type.Type.NameWithTypeParameters));

    /// <summary>(name, inFeatures, outFeatures) of the layer under test.</summary>
    private static IEnumerable<(string Name, int In, int Out)> Layers()
    {
        const int width = NetworkPlan.RegisterWidthLimit, weights = NetworkPlan.RegisterWeightLimit, partial = NetworkPlan.PartialInputLimit;
        int narrow = Math.Max(1, Math.Min(width, weights / width)); // with `width` on the other side: within both limits
        yield return ("InputsAtRegisterWidth", width, narrow);
        yield return ("InputsPastRegisterWidth", width + 1, narrow);
        yield return ("OutputsAtRegisterWidth", narrow, width);
        yield return ("OutputsPastRegisterWidth", narrow, width + 1);

        // Both sides within the register width: the largest weight count within the limit, the smallest past it.
        var shapes = Enumerable.Range(1, width).SelectMany(i => Enumerable.Range(1, width).Select(o => (In: i, Out: o))).ToList();
        var within = shapes.Where(s => s.In * s.Out <= weights).OrderByDescending(s => s.In * s.Out).ThenBy(s => Math.Abs(s.In - s.Out)).First();
        yield return ("WeightsAtRegisterLimit", within.In, within.Out);
        var past = shapes.Where(s => s.In * s.Out > weights).OrderBy(s => s.In * s.Out).ThenBy(s => Math.Abs(s.In - s.Out)).FirstOrDefault();
        if (past != default) yield return ("WeightsPastRegisterLimit", past.In, past.Out);

        // Kernel layers (wider than a register layer): inputs at and past the lane-partial limit.
        yield return ("InputsAtPartialLimit", partial, width + 1);
        yield return ("InputsPastPartialLimit", partial + 1, width + 1);

        yield return ("OneByOne", 1, 1);
        yield return ("WiderThanTwoRegisters", 2 * width + 3, 2 * width + 5);
    }

    private static IEnumerable<NetworkSpec> Networks()
    {
        foreach (var (name, inputs, outputs) in Layers())
        {
            yield return NetworkSpecBuilder.Network(name + "_Alone", inputs).Linear(outputs).Activation(ActivationKind.Tanh).Loss(LossKind.MSE).Build();
            yield return NetworkSpecBuilder.Network(name + "_Inside", 3)
                .Linear(inputs).Activation(ActivationKind.Sigmoid)
                .Linear(outputs, bias: false).Activation(ActivationKind.GELU)
                .Linear(2)
                .Loss(LossKind.MSE)
                .Build();
        }
    }

    [Fact]
    public void TheCasesStraddleEveryThreshold()
    {
        var layers = Layers().ToDictionary(layer => layer.Name);
        Assert.Equal(NetworkPlan.RegisterWidthLimit + 1, layers["InputsPastRegisterWidth"].In);
        Assert.True(layers["WeightsAtRegisterLimit"].In * layers["WeightsAtRegisterLimit"].Out <= NetworkPlan.RegisterWeightLimit);
        Assert.True(layers["WeightsPastRegisterLimit"].In * layers["WeightsPastRegisterLimit"].Out > NetworkPlan.RegisterWeightLimit);
        Assert.True(layers["InputsAtRegisterWidth"].In * layers["InputsAtRegisterWidth"].Out <= NetworkPlan.RegisterWeightLimit);
    }

    [Fact]
    public void CompilesWithoutWarnings() => EmittedNetworkTheory.CompilesWithoutWarnings(Emitted.Value);

    [Theory]
    [MemberData(nameof(Names))]
    public void PassesMatchADoublePrecisionEvaluation(string name) => EmittedNetworkTheory.MatchesDoublePrecision(Emitted.Value, name, _output);
}
