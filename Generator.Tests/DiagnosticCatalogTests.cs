using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using NetGen.Generator;
using NetGen.Tests.Infrastructure;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// What a package user sees of a diagnostic without the source: a description that explains it in full, and a help
/// link to its section of docs/diagnostics.md at the repository's address (one build property), not a relative path.
/// </summary>
public class DiagnosticCatalogTests
{
    /// <summary>Every descriptor of the generator's catalog (an internal class, read by reflection).</summary>
    public static IReadOnlyList<DiagnosticDescriptor> Descriptors { get; } =
        typeof(NetworkGenerator).Assembly.GetType("NetGen.Generator.Diagnostics.DiagnosticDescriptors", throwOnError: true)!
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.FieldType == typeof(DiagnosticDescriptor))
            .Select(field => (DiagnosticDescriptor)field.GetValue(null)!)
            .ToList();

    public static TheoryData<string> Ids => new(Descriptors.Select(d => d.Id));

    private static string RepositoryUrl { get; } =
        typeof(DiagnosticCatalogTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "RepositoryUrl").Value!;

    private static string DiagnosticsDoc { get; } =
        File.ReadAllText(Path.Combine(TestPaths.ProjectDirectory, "..", "docs", "diagnostics.md"));

    [Theory]
    [MemberData(nameof(Ids))]
    public void DescriptionExplainsTheDiagnosticAndWhatToWrite(string id)
    {
        DiagnosticDescriptor descriptor = Descriptors.Single(d => d.Id == id);
        string description = descriptor.Description.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // A full explanation, not the title again: at least two sentences, more than the message says.
        Assert.True(description.Length > descriptor.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture).Length,
            $"{id}: the description is no longer than the message");
        Assert.True(Regex.Matches(description, @"[.)] [A-Z]").Count >= 1, $"{id}: the description is one sentence: {description}");
        Assert.EndsWith(".", description);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void HelpLinkIsTheRepositoryAddressAndTheDocsAnchor(string id)
    {
        DiagnosticDescriptor descriptor = Descriptors.Single(d => d.Id == id);
        Assert.StartsWith("https://", RepositoryUrl);
        Assert.Equal($"{RepositoryUrl}/blob/main/docs/diagnostics.md#{id.ToLowerInvariant()}", descriptor.HelpLinkUri);
        // The anchor exists: GitHub makes "#ng0003" from the heading "## NG0003".
        Assert.Matches(new Regex($"^## {id}$", RegexOptions.Multiline), DiagnosticsDoc);
    }

    [Fact]
    public void DocsDescribeNoDiagnosticTheGeneratorDoesNotHave()
    {
        var documented = Regex.Matches(DiagnosticsDoc, @"^## (NG\d{4})$", RegexOptions.Multiline).Select(m => m.Groups[1].Value);
        Assert.Equal(Descriptors.Select(d => d.Id).Order(), documented.Order());
    }
}
