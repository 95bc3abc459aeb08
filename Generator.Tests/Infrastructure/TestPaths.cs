using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace NetGen.Tests.Infrastructure;

/// <summary>Where the test project's files are: its source folder (from the build, not from [CallerFilePath]) and its output.</summary>
public static class TestPaths
{
    public static string ProjectDirectory { get; } =
        typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "ProjectDirectory").Value!;

    public static string SnapshotDirectory => Path.Combine(ProjectDirectory, "Snapshots");

    /// <summary>A file copied next to the test assembly (the reference file, the data sets).</summary>
    public static string Output(params string[] parts) => Path.Combine(new[] { AppContext.BaseDirectory }.Concat(parts).ToArray());
}
