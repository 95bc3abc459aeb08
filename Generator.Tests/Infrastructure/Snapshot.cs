using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit.Sdk;

namespace NetGen.Tests.Infrastructure;

/// <summary>
/// What Verify.SourceGenerators does, without it: one <c>{Class}.{Method}#{HintName}.verified.cs</c> per generated
/// source (starting with <c>//HintName: …</c>), and, when there are diagnostics, a <c>{Class}.{Method}.verified.txt</c>
/// with each one's span drawn under its line. A difference writes <c>.received.</c> files and fails with the first
/// differing line; a verified file no longer produced fails too. <c>NETGEN_ACCEPT=1</c> accepts (refused under CI=true).
/// A verified run is then run again after an unrelated edit, and every NetGen step must be cached (<see cref="CachedRerun"/>).
/// </summary>
public static class Snapshot
{
    private const string AcceptVariable = "NETGEN_ACCEPT";

    public static void Verify(GeneratorRun run, string testClass, string testMethod)
    {
        string prefix = $"{testClass}.{testMethod}";
        var expected = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (GeneratedSourceResult source in run.Result.Results.SelectMany(r => r.GeneratedSources).OrderBy(s => s.HintName, StringComparer.Ordinal))
            expected[$"{prefix}#{Path.GetFileNameWithoutExtension(source.HintName)}.verified.cs"] =
                $"//HintName: {source.HintName}\n" + Normalize(source.SourceText.ToString());
        if (!run.GeneratorDiagnostics.IsEmpty)
            expected[$"{prefix}.verified.txt"] = DescribeDiagnostics(run.GeneratorDiagnostics);

        Directory.CreateDirectory(TestPaths.SnapshotDirectory);
        bool accept = Environment.GetEnvironmentVariable(AcceptVariable) == "1";
        if (accept && Environment.GetEnvironmentVariable("CI") == "true")
            throw new XunitException($"{AcceptVariable} is refused under CI=true: accept snapshots on a developer machine.");

        var failures = new List<string>();
        foreach (var (fileName, text) in expected)
        {
            string verifiedPath = Path.Combine(TestPaths.SnapshotDirectory, fileName);
            string receivedPath = verifiedPath.Replace(".verified.", ".received.");
            string? verified = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath)) : null;
            if (verified == text)
            {
                if (File.Exists(receivedPath)) File.Delete(receivedPath);
                continue;
            }
            if (accept)
            {
                File.WriteAllText(verifiedPath, text, new UTF8Encoding(false));
                if (File.Exists(receivedPath)) File.Delete(receivedPath);
                continue;
            }
            File.WriteAllText(receivedPath, text, new UTF8Encoding(false));
            failures.Add(verified is null ? $"{fileName}: new snapshot (no verified file)" : $"{fileName}: {FirstDifference(verified, text)}");
        }

        foreach (string stale in Directory.GetFiles(TestPaths.SnapshotDirectory, prefix + "*.verified.*"))
        {
            string name = Path.GetFileName(stale);
            bool belongs = name.StartsWith(prefix + "#", StringComparison.Ordinal) || name == prefix + ".verified.txt";
            if (!belongs || expected.ContainsKey(name)) continue;
            if (accept) File.Delete(stale);
            else failures.Add($"{name}: verified, but no longer produced");
        }

        if (failures.Count > 0)
            throw new XunitException($"Snapshots differ (run with {AcceptVariable}=1 to accept):\n" + string.Join("\n", failures));

        // Every snapshotted declaration must also stay cached when the project is edited elsewhere.
        CachedRerun.AssertEveryStepCached(run);
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").TrimStart('\uFEFF');

    private static string FirstDifference(string verified, string received)
    {
        string[] left = verified.Split('\n'), right = received.Split('\n');
        for (int i = 0; i < Math.Max(left.Length, right.Length); i++)
        {
            string? l = i < left.Length ? left[i] : null, r = i < right.Length ? right[i] : null;
            if (l != r) return $"line {i + 1}\n  verified: {l ?? "<end of file>"}\n  received: {r ?? "<end of file>"}";
        }
        return "line endings or trailing text";
    }

    /// <summary>Each diagnostic: its line with the span underlined, position (0-based), message, severity, descriptor.</summary>
    public static string DescribeDiagnostics(IEnumerable<Diagnostic> diagnostics)
    {
        var text = new StringBuilder();
        foreach (Diagnostic diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal))
        {
            text.Append(diagnostic.Id).Append(": ").Append(diagnostic.Severity).Append('\n');
            if (diagnostic.Location.IsInSource)
            {
                FileLinePositionSpan span = diagnostic.Location.GetLineSpan();
                SourceText source = diagnostic.Location.SourceTree!.GetText();
                TextLine line = source.Lines[span.StartLinePosition.Line];
                int start = diagnostic.Location.SourceSpan.Start - line.Start;
                int length = Math.Max(1, Math.Min(diagnostic.Location.SourceSpan.Length, line.End - diagnostic.Location.SourceSpan.Start));
                text.Append("  ").Append(line.ToString()).Append('\n');
                text.Append("  ").Append(' ', start).Append('^', length).Append('\n');
                text.Append($"  {span.Path}: ({span.StartLinePosition.Line},{span.StartLinePosition.Character})-({span.EndLinePosition.Line},{span.EndLinePosition.Character})\n");
            }
            else text.Append("  (no location)\n");
            DiagnosticDescriptor descriptor = diagnostic.Descriptor;
            text.Append("  Message: ").Append(diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
            text.Append($"  Descriptor: {descriptor.Id} | {descriptor.Title} | {descriptor.Category} | {descriptor.DefaultSeverity} | {descriptor.HelpLinkUri}\n");
            text.Append("  Format: ").Append(descriptor.MessageFormat).Append('\n');
        }
        return text.ToString();
    }
}
