using System.Linq;
using NetGen.Tests.Infrastructure;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// The generated source of representative networks, held in Snapshots/ (see <see cref="Snapshot"/>): any change to
/// the emitted code shows up as a reviewed diff. Each case must also compile cleanly with the user's code.
/// </summary>
public class GeneratedSourceSnapshotTests
{
    private static void Verify(string source, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Empty(run.CompilationErrors);
        Snapshot.Verify(run, nameof(GeneratedSourceSnapshotTests), test);
    }

    [Fact]
    public void TinyBinaryClassifierInTheGlobalNamespace() => Verify("""
        using NetGen;

        [Linear(4, 8), ReLU, Linear(8, 1), Sigmoid]
        [BCELoss]
        public partial class Tiny { }
        """);

    [Fact]
    public void SeparateAttributeListsInAFileScopedNamespace() => Verify("""
        using NetGen;
        namespace Iris.Models;

        [Linear(4, 16)]
        [ReLU]
        [Linear(16, 3)]
        [Softmax]
        [CrossEntropyLoss]
        public partial class IrisNet { }
        """);

    [Fact]
    public void NestedInPartialTypesInABlockNamespace() => Verify("""
        using NetGen;
        namespace Game
        {
            public partial class World
            {
                internal partial record struct Brains
                {
                    [Linear(2, 6), LeakyReLU(0.2f), Linear(6, 6, Bias = false), Tanh, Linear(6, 2)]
                    [MSELoss]
                    private sealed partial class Controller { }
                }
            }
        }
        """);

    [Fact]
    public void GenericClassWithoutALoss() => Verify("""
        using NetGen;

        [Linear(3, 4), GELU, Linear(4, 2), Identity, LogSoftmax]
        public partial class Policy<TState> where TState : struct { }
        """);

    [Fact]
    public void WideLayersLoopOverKernels() => Verify("""
        using NetGen;

        [Linear(784, 128), ReLU, Linear(128, 10), Softmax]
        [CrossEntropyLoss]
        public partial class Mnist { }
        """);

    [Fact]
    public void ActivationFirstAndTwoActivationsInARow() => Verify("""
        using NetGen;

        [Tanh, Linear(2, 3), ELU(0.5f), Softplus(2f, 10f), Linear(3, 1)]
        [MSELoss]
        public partial class Smooth { }
        """);

    [Fact]
    public void EveryNetworkInOneFileGetsItsOwnSource()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using NetGen;
            namespace A { [Linear(1, 1)] public partial class Net { } }
            namespace B { [Linear(1, 1)] public partial class Net { } }
            """);
        Assert.Empty(run.CompilationErrors);
        string[] names = run.Result.GeneratedTrees.Select(t => System.IO.Path.GetFileName(t.FilePath)).OrderBy(n => n).ToArray();
        Assert.Equal(2, names.Length);
        Assert.StartsWith("A.Net.", names[0]); // {namespace}.{type}.{hash of the exact name}.g.cs
        Assert.StartsWith("B.Net.", names[1]);
    }
}
