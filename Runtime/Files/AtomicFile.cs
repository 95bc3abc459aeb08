using System;
using System.IO;

namespace NetGen;

/// <summary>
/// Writes a file so that a crash, a kill or an exception at any moment leaves either the previous file or the new
/// one, never a mix and never a truncated file: the content goes to a temporary file in the same folder (so the
/// rename stays on one file system), is flushed to the disk, and is renamed over the target, which is atomic. The
/// temporary file is removed when writing fails. Every writer of the runtime (and NetGen.Onnx) saves through it.
/// </summary>
internal static class AtomicFile
{
    /// <summary>The suffix of the temporary files, so that a folder listing shows what a killed save left behind.</summary>
    public const string TemporarySuffix = ".netgen-tmp";

    /// <summary>
    /// Replaces <paramref name="path"/> with what <paramref name="write"/> writes. Callers validate everything they
    /// can before calling, so that a refused save touches no file at all.
    /// </summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string target = Path.GetFullPath(path);
        string? folder = Path.GetDirectoryName(target);
        if (folder is null || Path.GetFileName(target).Length == 0)
            throw new ArgumentException($"'{path}' names a folder; expected the path of a file.", nameof(path));
        // Hidden (leading dot) and unique: concurrent saves to one target do not collide, and a leftover is recognisable.
        string temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}{TemporarySuffix}");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static void TryDelete(string temporary)
    {
        try
        {
            File.Delete(temporary);
        }
        catch (IOException)
        {
            // The original exception says what went wrong; a leftover temporary file is named so that it is recognised.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
