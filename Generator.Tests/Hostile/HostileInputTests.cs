using Xunit;
using Xunit.Abstractions;

namespace NetGen.Tests.Hostile;

/// <summary>
/// Thousands of seeded mutations of valid files against every loader (issue 9's "so that the next ones are found by
/// the tests"): each is refused with an InvalidDataException or IOException that says what was expected, the target
/// unchanged bit for bit, and no load allocates more than the network's size allows.
/// </summary>
public class HostileInputTests(ITestOutputHelper output)
{
    public static TheoryData<string> Loaders() => new(FileLoaders.All.Keys);

    [Theory]
    [MemberData(nameof(Loaders))]
    public void EveryMutationIsRefusedCleanlyAndChangesNothingOrLoadsWhole(string name)
    {
        HostileLoader loader = FileLoaders.All[name]();
        HostileSuite.Result result = HostileSuite.Run(loader, seed: 20240611);
        output.WriteLine($"{name}: {result.Cases} cases, {result.Refused} refused, {result.Accepted} loaded; "
            + $"at most {result.MostAllocated} bytes allocated by a load (limit {loader.AllocationLimit}).");
        Assert.True(result.Cases >= 1000, $"only {result.Cases} cases");
        Assert.True(result.Refused > result.Cases / 2, "most mutations must break the file, or the suite tests little");
    }
}
