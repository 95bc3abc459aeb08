using System;
using System.IO;

namespace NetGen.Tests.Hostile;

/// <summary>
/// One loader under attack, for <see cref="HostileSuite"/>: a valid file, how to load bytes into the loader's target,
/// the target's observable state (compared bit for bit), how to undo a load that succeeded, and how many bytes one
/// load may allocate. A new loader (CSV, ONNX, …) joins the suite by describing itself here; <see cref="Json"/> and
/// <see cref="BinaryIntegers"/> let the mutations aim at its structure, not only at random bytes.
/// </summary>
public sealed record HostileLoader(
    string Name,
    byte[] ValidFile,
    Action<Stream> Load,
    Func<byte[]> State,
    Action Reset,
    long AllocationLimit)
{
    /// <summary>Where the file's JSON text is (offset, length), or null when it has none.</summary>
    public (int Offset, int Length)? Json { get; init; }

    /// <summary>
    /// Rebuilds a file around an edited JSON text (for safetensors: writes the new header length), so that a
    /// structural edit reaches the JSON checks instead of failing on a length; null: the JSON text is the whole file.
    /// </summary>
    public Func<byte[], byte[]>? Reframe { get; init; }

    /// <summary>Little-endian unsigned integers in the binary part (offset, size in bytes): counts and lengths to lie in.</summary>
    public (int Offset, int Size)[] BinaryIntegers { get; init; } = [];
}

/// <summary>A mutated file and what was done to it, to reproduce a failure.</summary>
public sealed record Mutation(string Description, byte[] Bytes);
