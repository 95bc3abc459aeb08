using System;
using System.ComponentModel;

namespace NetGen.Compute;

/// <summary>
/// Working memory for generated code that needs more than its stack budget (64 KB a method: threads with small stacks
/// exist): one buffer a thread, grown to the largest request and then reused, so a call allocates nothing once the
/// thread has run the network once. Each public method of a network takes it once and passes slices down; nothing
/// that runs while it is held calls back into user code, so two holders never overlap on one thread.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ThreadBuffer
{
    [ThreadStatic]
    private static float[]? PerThreadBuffer;

    /// <summary>The calling thread's buffer, at least <paramref name="length"/> floats (contents undefined).</summary>
    public static Span<float> Get(int length)
    {
        float[]? buffer = PerThreadBuffer;
        if (buffer is null || buffer.Length < length) PerThreadBuffer = buffer = new float[Math.Max(length, 1024)];
        return buffer.AsSpan(0, length);
    }
}
