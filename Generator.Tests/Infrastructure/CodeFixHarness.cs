using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using NetGen.Generator;

namespace NetGen.Tests.Infrastructure;

/// <summary>
/// Roslyn's code-fix test for a NetGen fix: the generator runs on the code as the compiler would (its NG diagnostics
/// are what the fix acts on), the fix is applied, and the result must compile with no diagnostic left but those
/// listed. References are the .NET 10 reference assemblies in the test project and the runtime, so nothing is
/// downloaded.
/// </summary>
public sealed class NetGenCodeFixTest<TCodeFix> : CSharpCodeFixTest<EmptyDiagnosticAnalyzer, TCodeFix, DefaultVerifier>
    where TCodeFix : CodeFixProvider, new()
{
    public NetGenCodeFixTest()
    {
        ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        // What the generator writes is checked by the snapshot tests; here only that the fixed code compiles with it.
        TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
        TestState.AdditionalReferences.AddRange(Net100.References.All);
        TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(LinearAttribute).Assembly.Location));
    }

    protected override IEnumerable<Type> GetSourceGenerators() => new[] { typeof(NetworkGenerator) };

    protected override ParseOptions CreateParseOptions() => new CSharpParseOptions(LanguageVersion.Latest);

    /// <summary>
    /// Checks that <paramref name="source"/> has the marked diagnostics (<c>{|NG0003:…|}</c>) and the
    /// <paramref name="compilerErrors"/> (the C# compiler's own, given apart since marks cannot nest), and that fixing
    /// them one at a time, <paramref name="iterations"/> fixes in all, gives <paramref name="fixedSource"/>.
    /// </summary>
    public static Task VerifyAsync(string source, string fixedSource, int iterations = 1, params DiagnosticResult[] compilerErrors)
    {
        var test = new NetGenCodeFixTest<TCodeFix> { TestCode = source, FixedCode = fixedSource, NumberOfIncrementalIterations = iterations };
        test.ExpectedDiagnostics.AddRange(compilerErrors);
        // The fixed code must have no diagnostic at all: by default the compiler's errors would carry over to it.
        test.FixedState.InheritanceMode = StateInheritanceMode.Explicit;
        test.FixedState.AdditionalReferences.AddRange(test.TestState.AdditionalReferences);
        return test.RunAsync();
    }

    /// <summary>Checks that the marked diagnostics and <paramref name="compilerErrors"/> are there and that the fix offers nothing.</summary>
    public static Task VerifyNoFixAsync(string source, params DiagnosticResult[] compilerErrors)
    {
        var test = new NetGenCodeFixTest<TCodeFix> { TestCode = source, FixedCode = source };
        test.ExpectedDiagnostics.AddRange(compilerErrors);
        return test.RunAsync();
    }

    /// <summary>The C# compiler's error <paramref name="id"/> on line <paramref name="line"/> from column <paramref name="column"/> to <paramref name="endColumn"/> (1-based).</summary>
    public static DiagnosticResult CompilerError(string id, int line, int column, int endColumn) =>
        DiagnosticResult.CompilerError(id).WithSpan(line, column, line, endColumn);

    /// <summary>Several files: each (name, source, fixed source).</summary>
    public static Task VerifyAsync(params (string Name, string Source, string Fixed)[] files)
    {
        var test = new NetGenCodeFixTest<TCodeFix>();
        foreach (var (name, source, fixedSource) in files)
        {
            test.TestState.Sources.Add((name, source));
            test.FixedState.Sources.Add((name, fixedSource));
        }
        return test.RunAsync();
    }
}
