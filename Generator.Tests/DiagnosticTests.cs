using System.Linq;
using Microsoft.CodeAnalysis;
using NetGen.Tests.Infrastructure;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// Each malformed declaration gets its diagnostic, on the attribute or class at fault, with a message that says what
/// to write instead; the text of each (span, message, descriptor) is held in Snapshots/.
/// </summary>
public class DiagnosticTests
{
    private static GeneratorRun Verify(string source, string expectedId, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Contains(run.NetGenDiagnostics, d => d.Id == expectedId);
        Assert.All(run.NetGenDiagnostics, d => Assert.True(d.Location.IsInSource, $"{d.Id} has no location"));
        Assert.DoesNotContain(run.NetGenDiagnostics, d => d.Id == "NG0099");
        Snapshot.Verify(run, nameof(DiagnosticTests), test);
        return run;
    }

    [Fact]
    public void ClassNotPartial() => Verify("""
        using NetGen;
        [Linear(4, 8), ReLU, Linear(8, 1)]
        public class Net { }
        """, "NG0001");

    [Fact]
    public void ContainingTypeNotPartial() => Verify("""
        using NetGen;
        public class Outer
        {
            [Linear(4, 8)]
            public partial class Net { }
        }
        """, "NG0002");

    [Fact]
    public void WidthsOfConsecutiveLinearLayersDisagree() => Verify("""
        using NetGen;
        [Linear(4, 8), ReLU, Linear(6, 1), Sigmoid]
        public partial class Net { }
        """, "NG0003");

    [Fact]
    public void SizeNotPositive() => Verify("""
        using NetGen;
        [Linear(4, 0), ReLU, Linear(-3, 1)]
        public partial class Net { }
        """, "NG0004");

    [Fact]
    public void NoLinearLayer() => Verify("""
        using NetGen;
        [ReLU, Sigmoid]
        public partial class Net { }
        """, "NG0005");

    [Fact]
    public void LayersSpreadOverSeveralPartialDeclarations() => Verify("""
        using NetGen;
        [Linear(4, 8), ReLU]
        public partial class Net { }
        [Linear(8, 1)]
        public partial class Net { }
        """, "NG0006");

    [Fact]
    public void SoftmaxNotLastIsAWarningAndStillGenerates()
    {
        GeneratorRun run = Verify("""
            using NetGen;
            [Linear(4, 3), Softmax, Linear(3, 2)]
            public partial class Net { }
            """, "NG0007");
        Assert.Single(run.Result.GeneratedTrees);
        Assert.Empty(run.CompilationErrors);
    }

    [Fact]
    public void BinaryStepAfterATrainableLayerIsAWarning() => Verify("""
        using NetGen;
        [Linear(4, 8), BinaryStep, Linear(8, 1)]
        [MSELoss]
        public partial class Net { }
        """, "NG0008");

    [Fact]
    public void MoreThanOneLoss() => Verify("""
        using NetGen;
        [Linear(4, 2), Softmax]
        [CrossEntropyLoss, MSELoss]
        public partial class Net { }
        """, "NG0009");

    [Fact]
    public void CrossEntropyWithOneOutput() => Verify("""
        using NetGen;
        [Linear(4, 1)]
        [CrossEntropyLoss]
        public partial class Net { }
        """, "NG0010");

    [Fact]
    public void BceWithoutAProbabilityOutputIsAWarning() => Verify("""
        using NetGen;
        [Linear(4, 1), ReLU]
        [BCELoss]
        public partial class Net { }
        """, "NG0011");

    [Fact]
    public void StaticClass() => Verify("""
        using NetGen;
        [Linear(4, 1)]
        public static partial class Net { }
        """, "NG0012");

    [Fact]
    public void MemberWithAGeneratedName() => Verify("""
        using NetGen;
        [Linear(4, 1)]
        public partial class Net { public void Forward() { } }
        """, "NG0013");

    [Fact]
    public void ArgumentsThatCannotBeRead() => Verify("""
        using NetGen;
        [Linear(4), ReLU]
        public partial class Net { }
        """, "NG0014");

    [Fact]
    public void ArgumentOutOfRange() => Verify("""
        using NetGen;
        [Linear(4, 4), Hardtanh(1f, -1f), LeakyReLU(float.NaN), GELU("fast"), Linear(4, 1)]
        public partial class Net { }
        """, "NG0015");

    [Fact]
    public void PrimaryConstructor() => Verify("""
        using NetGen;
        [Linear(4, 1)]
        public partial class Net(int size) { public int Size => size; }
        """, "NG0016");

    [Fact]
    public void BaseClassWithoutParameterlessConstructor() => Verify("""
        using NetGen;
        public class Base { public Base(string name) { } }
        [Linear(4, 1)]
        public partial class Net : Base { public Net(string n, int m) : base(n) { } }
        """, "NG0017");

    [Fact]
    public void NetworkTooLarge() => Verify("""
        using NetGen;
        [Linear(100000, 100000), Linear(100000, 1)]
        public partial class Net { }
        """, "NG0019");

    [Fact]
    public void NG0019RefusesOneParameterMoreThanAnArrayHoldsAndNotOneLess()
    {
        // 2,147,483,592 parameters (Array.MaxLength + 1) once compiled and then failed at construction: 8 × 268,435,449 is
        // that count exactly, and 2 × 1,073,741,795 one under Array.MaxLength.
        Assert.Equal(8L * 268_435_449, System.Array.MaxLength + 1L);
        GeneratorRun over = GeneratorHarness.Run("""
            using NetGen;
            [Linear(8, 268435449, Bias = false)]
            public partial class Net { }
            """);
        Assert.Contains(over.NetGenDiagnostics, d => d.Id == "NG0019");
        Assert.Equal(2L * 1_073_741_795, System.Array.MaxLength - 1L);
        GeneratorRun under = GeneratorHarness.Run("""
            using NetGen;
            [Linear(2, 1073741795, Bias = false)]
            public partial class Net { }
            """);
        Assert.DoesNotContain(under.NetGenDiagnostics, d => d.Id == "NG0019"); // its working memory is NG0021's to refuse
    }

    [Fact]
    public void NetworkTooWideForItsWorkingMemory() => Verify("""
        using NetGen;
        [Linear(2, 40000000), ReLU, Linear(40000000, 1)]
        public partial class Net { }
        """, "NG0021");

    [Fact]
    public void AcceptedSequencesOfNnSequentialStillGenerate()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using NetGen;
            [ReLU, Linear(2, 2), Tanh, Sigmoid, Linear(2, 2), Identity]
            public partial class Net { }
            """);
        Assert.Empty(run.NetGenDiagnostics);
        Assert.Empty(run.CompilationErrors);
        Assert.Single(run.Result.GeneratedTrees);
    }

    [Theory]
    [InlineData("namespace App { [Linear(4, 1)] partial class Net {} [Linear(2, 1)] partial class NET {} }")]
    [InlineData("namespace App { [Linear(4, 1)] partial class Net {} } namespace APP { [Linear(2, 1)] partial class Net {} }")]
    [InlineData("namespace A_B { [Linear(4, 1)] partial class Net {} } namespace A\u203FB { [Linear(2, 1)] partial class Net {} }")]
    [InlineData("namespace @class { [Linear(4, 1)] partial class Net {} } namespace _class { [Linear(2, 1)] partial class Net {} }")]
    public void NetworksWhoseNamesDifferOnlyInCaseOrSanitisingEachGetTheirCode(string declarations)
    {
        // Hint names are compared ignoring case and after sanitising; two equal ones used to lose every network's code.
        GeneratorRun run = GeneratorHarness.Run("using NetGen;\n" + declarations + "\n[Linear(3, 3)] partial class Third {}");
        Assert.Empty(run.Result.Diagnostics);
        Assert.Empty(run.CompilationErrors);
        Assert.Equal(3, run.Result.GeneratedTrees.Length);
        Assert.Equal(3, run.Result.GeneratedTrees.Select(tree => tree.FilePath.ToUpperInvariant()).Distinct().Count());
    }

    [Fact]
    public void RecordNetwork() => Verify("""
        using NetGen;
        [Linear(2, 1)]
        public partial record Net { }
        """, "NG0012");

    [Fact]
    public void ANetworkDerivedFromAnotherHidesItsMembersWithoutAWarning()
    {
        // CS0108 ("hides inherited member") is an error under TreatWarningsAsErrors: the hiding members get 'new'.
        GeneratorRun run = GeneratorHarness.Run("""
            using NetGen;
            [Linear(4, 1), Sigmoid] [BCELoss] public partial class Base { }
            [Linear(2, 3), Softmax] [CrossEntropyLoss] public partial class Derived : Base { }
            [Linear(5, 2)] public partial class Plain : Derived { }
            """);
        Assert.Empty(run.NetGenDiagnostics);
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Id != "CS1701")); // CS1701: the test's net10 references
        Assert.Equal(3, run.Result.GeneratedTrees.Length);
    }

    [Fact]
    public void ABaseMemberNamedLikeAPrivateGeneratedOneIsReported()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using NetGen;
            public class Base { protected float[] _parameters = new float[1]; }
            [Linear(2, 1)] public partial class Net : Base { }
            """);
        Assert.Contains(run.NetGenDiagnostics, d => d.Id == "NG0013" && d.GetMessage().Contains("_parameters"));
    }

    [Fact]
    public void AnErrorStopsGenerationButNotTheOtherNetworks()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using NetGen;
            [Linear(4, 8), Linear(7, 1)] public partial class Broken { }
            [Linear(4, 8), Linear(8, 1)] public partial class Fine { }
            """);
        Assert.Equal("NG0003", Assert.Single(run.NetGenDiagnostics).Id);
        var sources = run.Result.GeneratedTrees.ToDictionary(tree => System.IO.Path.GetFileName(tree.FilePath).Split('.')[0], tree => tree.ToString());
        Assert.Contains("ForwardTile", sources["Fine"]);
        Assert.Contains("has no generated code", sources["Broken"]); // members that throw, so uses of Broken compile
    }

    [Fact]
    public void AnErrorInTheLayersIsTheOnlyErrorWhereverTheNetworkIsUsed()
    {
        // Without stubbed members every use of the broken network added CS0117/CS1061/CS1739 to the NG error.
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using NetGen;
            [Linear(4, 8), ReLU, Linear(7, 3), Softmax] [CrossEntropyLoss] public partial class Broken { }
            public static class Use
            {
                public static float Run()
                {
                    var net = new Broken(seed: 1);
                    float[] input = new float[Broken.InputSize], output = new float[Broken.OutputSize];
                    net.Forward(input, output);
                    net.ForwardBatch(input, output);
                    net.Backward(input, output, Span<float>.Empty);
                    Trainer.Train(net, new Adam(Broken.ParameterCount), new Dataset(new float[4], 4, new[] { 0 }, 3), new TrainingOptions());
                    return net.ComputeGradients(input, new[] { 0 }) + net.ComputeGradients(input, output, threads: 2) + net.Parameters.Length;
                }
            }
            """);
        Assert.Equal("NG0003", Assert.Single(run.NetGenDiagnostics).Id);
        Assert.Empty(run.CompilationErrors);
    }
}
