using System;
using System.IO;

namespace NetGen.OnnxExport;

/// <summary>
/// Replaces a file in one step: the bytes go to a temporary file in the same folder (same volume, so the rename is
/// atomic), flushed to disk, which then takes the target's name. A reader sees the old file or the new one, never a
/// part; on any failure the temporary file is removed and the old file is left as it was.
/// </summary>
/// <remarks>
/// Stands in for the runtime's shared atomic-write helper (NetGen.AtomicFile, internal, visible to NetGen.Onnx) until
/// that is merged; then OnnxFile calls that one and this file goes.
/// </remarks>
internal static class AtomicFile
{
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        string fullPath = Path.GetFullPath(path);
        string fileName = Path.GetFileName(fullPath);
        if (fileName.Length == 0)
            throw new ArgumentException($"'{path}' names a folder; expected the path of a file.", nameof(path));
        string directory = Path.GetDirectoryName(fullPath)!;
        string temporary = Path.Combine(directory, $".{fileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The original error matters more; a stray temporary file is all that is left.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
