using System;
using System.Linq;
using BenchmarkDotNet.Running;
using NetGen.Benchmarks;
using NetGen.Benchmarks.Designs;

// `dotnet run -c Release --project Benchmarks -- --filter '*'` runs the suite; `--anyCategories mid` one network;
// `--check` only builds every peer and checks it against the generated network, without timing anything;
// `--interleaved LargeBenchmarks [rounds] [Fwd1]` times one class's methods (or those whose name contains the last argument) in interleaved rounds (Designs/Interleaved.cs);
// `--designs --filter '*Large*'` runs the design experiments behind docs/benchmarks.md's findings instead of the suite.
if (args.Length == 1 && args[0] == "--check")
{
    Console.WriteLine($"Hand-written SIMD blocks, worst errors: {NetGen.Benchmarks.Peers.Hand.HandSimdChecks.Run()}");
    new SmallBenchmarks().Setup();
    new MidBenchmarks().Setup();
    new LargeBenchmarks().Setup();
    Console.WriteLine("All peers agree with the generated networks.");
    return;
}
if (args.Length > 0 && args[0] == "--interleaved")
{
    Interleaved.Run(args.Length > 1 ? args[1] : "Designs", args.Length > 2 ? int.Parse(args[2]) : 200, args.Length > 3 ? args[3] : "");
    return;
}
if (args.Length > 0 && args[0] == "--designs")
{
    BenchmarkSwitcher.FromTypes(typeof(DesignConfig).Assembly.GetTypes().Where(t => t.Namespace == typeof(DesignConfig).Namespace && t.Name.EndsWith("Designs")).ToArray())
        .Run(args.Skip(1).ToArray());
    return;
}
BenchmarkSwitcher.FromTypes(new[] { typeof(SmallBenchmarks), typeof(MidBenchmarks), typeof(LargeBenchmarks) }).Run(args);
