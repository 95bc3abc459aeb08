using System;
using BenchmarkDotNet.Running;
using NetGen.Benchmarks;

// `dotnet run -c Release --project Benchmarks -- --filter '*'` runs everything; `--anyCategories mid` one network;
// `--check` only builds every peer and checks it against the generated network, without timing anything.
if (args.Length == 1 && args[0] == "--check")
{
    new SmallBenchmarks().Setup();
    new MidBenchmarks().Setup();
    new LargeBenchmarks().Setup();
    Console.WriteLine("All peers agree with the generated networks.");
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(SmallBenchmarks).Assembly).Run(args);
