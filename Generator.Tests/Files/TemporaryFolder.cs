using System;
using System.IO;

namespace NetGen.Tests.Files;

/// <summary>A fresh folder under the system's temporary folder, for tests that write files.</summary>
public static class TemporaryFolder
{
    public static string Create()
    {
        string folder = Path.Combine(Path.GetTempPath(), "netgen-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }
}
