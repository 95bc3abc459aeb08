using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using System.Threading;
using BenchmarkDotNet.Attributes;

namespace NetGen.Benchmarks.Designs;

/// <summary>
/// A second way to time the design experiments, for a shared machine: every [Benchmark] method of a class runs once
/// per round, in turn, in short timed rounds (~0.25 ms), and the fastest round of each counts. Load that comes and goes then
/// hits every design alike, where BenchmarkDotNet times one method after another. Same per-sample unit as the suite
/// (ns per operation, divided by OperationsPerInvoke).
/// `dotnet run -c Release --project Benchmarks -- --interleaved LargeLayer1 [rounds, default 200] [method name part]`.
/// </summary>
public static class Interleaved
{
    public static void Run(string classFilter, int rounds, string methodFilter = "")
    {
        foreach (Type type in typeof(Interleaved).Assembly.GetTypes()
                     .Where(t => t.GetMethods().Any(m => m.GetCustomAttribute<BenchmarkAttribute>() != null))
                     .Where(t => t.Name.Contains(classFilter, StringComparison.OrdinalIgnoreCase)))
            RunClass(type, rounds, methodFilter);
    }

    private static void RunClass(Type type, int rounds, string methodFilter)
    {
        object instance = Activator.CreateInstance(type)!;
        foreach (MethodInfo setup in type.GetMethods().Where(m => m.GetCustomAttribute<GlobalSetupAttribute>() != null))
            setup.Invoke(instance, null);
        var methods = type.GetMethods().Where(m => m.GetCustomAttribute<BenchmarkAttribute>() != null)
            .Where(m => m.Name.Contains(methodFilter, StringComparison.OrdinalIgnoreCase)).ToArray();
        var runs = methods.Select(m => (Name: m.Name, Run: Delegate(instance, m), PerInvoke: m.GetCustomAttribute<BenchmarkAttribute>()!.OperationsPerInvoke)).ToArray();

        // Calls per round: about 0.25 ms each, from a warm-up. Short rounds: with dozens of runnable threads on two cores
        // a process is descheduled every few milliseconds, and only rounds that ran through undisturbed count.
        var calls = new int[runs.Length];
        for (int i = 0; i < runs.Length; i++)
        {
            for (int w = 0; w < 3; w++) runs[i].Run();
            long start = Stopwatch.GetTimestamp();
            int n = 0;
            while (Stopwatch.GetElapsedTime(start).TotalMilliseconds < 20) { runs[i].Run(); n++; }
            calls[i] = Math.Max(1, n / 80);
        }
        // Let tiered compilation finish before timing: a method reaches tier 1 only some time after its 30th call, compiled
        // in the background (and a method with loops runs on-stack-replaced code meanwhile); a short method was seen timed
        // at tier 0 throughout, 8× slower. So each method runs ~100 ms three times, with pauses for the compiler.
        for (int pass = 0; pass < 3; pass++)
        {
            for (int i = 0; i < runs.Length; i++)
            {
                long start = Stopwatch.GetTimestamp();
                while (Stopwatch.GetElapsedTime(start).TotalMilliseconds < 100) runs[i].Run();
            }
            Thread.Sleep(200);
        }
        var times = runs.Select(_ => new List<double>()).ToArray();
        for (int round = 0; round < rounds; round++)
            for (int j = 0; j < runs.Length; j++)
            {
                int i = (j + round) % runs.Length; // rotate the order too
                long start = Stopwatch.GetTimestamp();
                for (int c = 0; c < calls[i]; c++) runs[i].Run();
                times[i].Add(Stopwatch.GetElapsedTime(start).TotalNanoseconds / calls[i] / runs[i].PerInvoke);
            }
        Console.WriteLine($"{type.Name}: ns per operation over {rounds} interleaved rounds (fastest; median), ratio of fastest to the first row");
        double first = times[0].Min();
        for (int i = 0; i < runs.Length; i++)
        {
            double min = times[i].Min(), median = times[i].OrderBy(t => t).ElementAt(times[i].Count / 2);
            Console.WriteLine($"  {runs[i].Name,-32} {min,10:F1} {median,10:F1}   {min / first,5:F2}×");
        }
        foreach (MethodInfo cleanup in type.GetMethods().Where(m => m.GetCustomAttribute<GlobalCleanupAttribute>() != null))
            cleanup.Invoke(instance, null);
    }

    private static Action Delegate(object instance, MethodInfo method)
    {
        if (method.ReturnType == typeof(void)) return (Action)method.CreateDelegate(typeof(Action), instance);
        // A method that returns a value: a typed Func kept in a closure (DynamicInvoke would add ~100 ns a call).
        return (Action)typeof(Interleaved).GetMethod(nameof(Discarding), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(method.ReturnType)
            .Invoke(null, new object[] { method.CreateDelegate(typeof(Func<>).MakeGenericType(method.ReturnType), instance) })!;
    }

    private static Action Discarding<T>(Func<T> func) => () => Sink<T>.Value = func();

    /// <summary>Where results go, so that the JIT cannot drop the call that made them.</summary>
    private static class Sink<T>
    {
        public static T? Value;
    }
}
