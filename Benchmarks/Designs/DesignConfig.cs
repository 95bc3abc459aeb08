using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace NetGen.Benchmarks.Designs;

/// <summary>
/// The design experiments: the short job of the suite, more iterations (ratios between designs are what matters),
/// no baseline. Run with `dotnet run -c Release --project Benchmarks -- --designs --filter '*Large*'`.
/// </summary>
public sealed class DesignConfig : ManualConfig
{
    public DesignConfig()
    {
        AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(12).WithId("design"));
        AddDiagnoser(MemoryDiagnoser.Default);
        WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
    }
}
