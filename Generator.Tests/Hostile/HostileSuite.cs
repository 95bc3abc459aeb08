using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit.Sdk;

namespace NetGen.Tests.Hostile;

/// <summary>
/// Runs every mutation of a loader's valid file through it and checks the property each loader promises: the load
/// either succeeds, or throws an <see cref="InvalidDataException"/> or <see cref="IOException"/> whose message says what
/// was expected and leaves the target bit-identical; and no load allocates more than the loader's limit.
/// </summary>
public static class HostileSuite
{
    public sealed record Result(int Cases, int Refused, int Accepted, long MostAllocated);

    public static Result Run(HostileLoader loader, int seed)
    {
        byte[] initial = loader.State();
        var failures = new List<string>();
        int cases = 0, refused = 0;
        long mostAllocated = 0;
        foreach (Mutation mutation in Mutations.Of(loader, seed))
        {
            cases++;
            var stream = new MemoryStream(mutation.Bytes, writable: false);
            long before = GC.GetAllocatedBytesForCurrentThread();
            Exception? error = null;
            try
            {
                loader.Load(stream);
            }
            catch (Exception e)
            {
                error = e;
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            mostAllocated = Math.Max(mostAllocated, allocated);
            if (allocated > loader.AllocationLimit)
                failures.Add($"{mutation.Description}: allocated {allocated} bytes; the limit is {loader.AllocationLimit}.");
            if (error is null)
            {
                loader.Reset(); // a mutation that is still a valid file (a flipped bit in a value) may load
                continue;
            }
            refused++;
            if (error is not (InvalidDataException or IOException))
                failures.Add($"{mutation.Description}: {error.GetType().Name}: {error.Message}");
            else if (!error.Message.Contains("expected", StringComparison.OrdinalIgnoreCase))
                failures.Add($"{mutation.Description}: a message that does not say what was expected: {error.Message}");
            if (!loader.State().AsSpan().SequenceEqual(initial))
            {
                failures.Add($"{mutation.Description}: the target changed although the load failed ({error.Message}).");
                loader.Reset();
            }
        }
        if (failures.Count > 0)
            throw new XunitException($"{loader.Name} (seed {seed}): {failures.Count} of {cases} cases broke the property:\n"
                + string.Join("\n", failures.Take(20)));
        return new Result(cases, refused, cases - refused, mostAllocated);
    }
}
