using NetGen.Tests.Infrastructure;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// The check every snapshot test ends with (<see cref="CachedRerun"/>) can fail: given a driver that last saw another
/// declaration, the re-run regenerates, and the failure names the step and its reason.
/// </summary>
public class CachedRerunTests
{
    private const string Before = "using NetGen;\nnamespace App;\n[Linear(4, 8), ReLU, Linear(8, 1)]\n[MSELoss]\npublic partial class Net { }\n";

    [Fact]
    public void TheStepNamesAreTheGeneratorsTrackingNames() =>
        Assert.Contains(Generator.NetworkGenerator.TrackingNames.Network, CachedRerun.StepNames);

    [Fact]
    public void AnUnrelatedEditPasses() => CachedRerun.AssertEveryStepCached(GeneratorHarness.Run(Before));

    [Fact]
    public void AStepThatRunsAgainFailsWithItsNameAndReason()
    {
        GeneratorRun first = GeneratorHarness.Run(Before);
        // The driver remembers Linear(4, 8); the compilation now says Linear(4, 9): the model changes.
        GeneratorRun mismatched = first with { Input = GeneratorHarness.CreateCompilation(Before.Replace("Linear(4, 8), ReLU, Linear(8, 1)", "Linear(4, 9), ReLU, Linear(9, 1)")) };

        var failure = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => CachedRerun.AssertEveryStepCached(mismatched));

        Assert.Contains("NetGen.Network: Modified", failure.Message);
        Assert.Contains("the generated sources differ", failure.Message);
    }
}
