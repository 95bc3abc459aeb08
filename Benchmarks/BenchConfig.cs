using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;

namespace NetGen.Benchmarks;

/// <summary>
/// One short job for every benchmark (the whole suite fits in about ten minutes on two cores), memory diagnosis,
/// and one group per network and mode — each with the generated code as its baseline, so ratios read "× NetGen".
/// Every batch benchmark sets OperationsPerInvoke to the batch size: Mean is nanoseconds per sample throughout.
/// </summary>
public sealed class BenchConfig : ManualConfig
{
    public BenchConfig()
    {
        AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(8).WithId("short"));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(CategoriesColumn.Default);
        AddExporter(JsonExporter.Full); // read by run.sh to build the combined table
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
        WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
    }
}
