using System.Linq;
using NetGen.Tests.Infrastructure;
using Xunit;

namespace NetGen.Tests.Layers;

/// <summary>
/// The diagnostics of the new layers and losses (NG0030, NG0031, and NG0014/NG0015 for their arguments), each on the
/// attribute at fault with what to write instead; the text of each is held in Snapshots/, and the generated source of a
/// network that uses every new layer too.
/// </summary>
public class LayerDiagnosticTests
{
    private static GeneratorRun Verify(string source, string expectedId, int count, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Equal(count, run.NetGenDiagnostics.Count(d => d.Id == expectedId));
        Assert.All(run.NetGenDiagnostics, d => Assert.True(d.Location.IsInSource, $"{d.Id} has no location"));
        Assert.DoesNotContain(run.NetGenDiagnostics, d => d.Id == "NG0099");
        Snapshot.Verify(run, nameof(LayerDiagnosticTests), test);
        return run;
    }

    [Fact]
    public void NllLossWithoutALogSoftmaxIsAWarningAndStillGenerates()
    {
        GeneratorRun run = Verify("""
            using NetGen;
            [Linear(4, 8), ReLU, Linear(8, 3)]
            [NLLLoss]
            public partial class Net { }
            """, "NG0030", 1);
        Assert.Empty(run.CompilationErrors);
    }

    [Fact]
    public void NormalizationAndPReLUSizesThatDoNotMatchTheWidth() => Verify("""
        using NetGen;
        [Linear(4, 8), BatchNorm1d(6), LayerNorm(5), PReLU(3), Linear(8, 1)]
        public partial class Net { }
        [LayerNorm(3), Linear(4, 2)]
        public partial class First { }
        """, "NG0031", 4);

    [Fact]
    public void LayerArgumentsOutOfRange() => Verify("""
        using NetGen;
        [Linear(4, 4), Dropout(1.0), LayerNorm(4, 0.0), BatchNorm1d(4, momentum: 2.0), PReLU(1, double.NaN), Linear(4, 1)]
        public partial class Net { }
        """, "NG0015", 4);

    [Fact]
    public void LossArgumentsOutOfRange() => Verify("""
        using NetGen;
        [Linear(4, 3)]
        [CrossEntropyLoss(1.5)]
        public partial class Smoothing { }
        [Linear(4, 3)]
        [CrossEntropyLoss(Weight = new[] { 1.0, 2.0 })]
        public partial class TwoWeightsForThreeClasses { }
        [Linear(4, 3)]
        [CrossEntropyLoss(Weight = new[] { 1.0, -2.0, 1.0 })]
        public partial class NegativeWeight { }
        [Linear(4, 1)]
        [SmoothL1Loss(-1)]
        public partial class NegativeBeta { }
        [Linear(4, 1)]
        [HuberLoss(0)]
        public partial class ZeroDelta { }
        """, "NG0015", 5);

    [Fact]
    public void LayerArgumentsThatCannotBeRead() => Verify("""
        using NetGen;
        [Linear(4, 4), LayerNorm(4.5), Linear(4, 1)]
        public partial class Net { }
        """, "NG0014", 1);

    /// <summary>The generated source of a network with every new layer, small enough for registers between them.</summary>
    [Fact]
    public void EveryNewLayerAndALossWithArguments()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using NetGen;

            [Linear(4, 8), BatchNorm1d(8), ReLU, Dropout(0.1), Linear(8, 8), LayerNorm(8), PReLU, Linear(8, 3)]
            [CrossEntropyLoss(labelSmoothing: 0.1, Weight = new[] { 1.0, 2.0, 1.0 })]
            public partial class Everything { }
            """);
        Assert.Empty(run.CompilationErrors);
        Assert.Empty(run.NetGenDiagnostics);
        Snapshot.Verify(run, nameof(LayerDiagnosticTests), nameof(EveryNewLayerAndALossWithArguments));
    }
}
