using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetGen.Generator.Emitter;
using NetGen.Generator.Model;
using Xunit.Sdk;

namespace NetGen.Tests.Infrastructure;

/// <summary>
/// Hand-built models written by <see cref="NetworkEmitter"/>, compiled together in one Roslyn compilation (each with
/// the one-line <c>public partial class</c> a user would write, and a reference to the runtime), and loaded: the
/// emitter's output is judged by what it does, not by its text.
/// </summary>
internal sealed class EmittedAssembly
{
    private static readonly ImmutableArray<MetadataReference> References =
        Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(LinearAttribute).Assembly.Location))
            .ToImmutableArray();

    private readonly Assembly? _assembly;

    private EmittedAssembly(IReadOnlyList<NetworkSpec> networks, ImmutableArray<Diagnostic> diagnostics, Assembly? assembly)
    {
        Networks = networks.ToDictionary(network => network.Type.Type.NameWithTypeParameters);
        Diagnostics = diagnostics;
        _assembly = assembly;
    }

    /// <summary>The models, by class name.</summary>
    public IReadOnlyDictionary<string, NetworkSpec> Networks { get; }

    /// <summary>Every diagnostic of the compilation at any severity but hidden, with all warning waves on.</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; }

    public static EmittedAssembly Compile(string assemblyName, IReadOnlyList<NetworkSpec> networks)
    {
        var trees = new List<SyntaxTree>();
        foreach (NetworkSpec network in networks)
        {
            string name = network.Type.Type.NameWithTypeParameters;
            trees.Add(Parse($"namespace {network.Type.Namespace} {{ public partial class {name} {{ }} }}", name + ".cs"));
            trees.Add(Parse(NetworkEmitter.Emit(network), network.Type.HintName));
        }
        CSharpCompilation compilation = CSharpCompilation.Create(assemblyName, trees, References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release,
                nullableContextOptions: NullableContextOptions.Enable, warningLevel: 9999)
                // As the SDK does by default (NoWarn 1701;1702): the runtime is built for net8.0, these are net10.0's references.
                .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress }));

        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        ImmutableArray<Diagnostic> diagnostics = emitted.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Hidden).ToImmutableArray();
        // Loaded on its own: its reference to the runtime resolves to the runtime this test process has loaded, so its
        // networks are the INetwork the tests know.
        Assembly? assembly = emitted.Success ? Assembly.Load(image.ToArray()) : null;
        return new EmittedAssembly(networks, diagnostics, assembly);
    }

    private static SyntaxTree Parse(string text, string path) => CSharpSyntaxTree.ParseText(text, GeneratorHarness.ParseOptions, path: path);

    /// <summary>The generated class of the network named <paramref name="name"/>.</summary>
    public Type TypeOf(string name)
    {
        if (_assembly is null)
            throw new XunitException("The emitted networks do not compile:\n" + string.Join("\n", Diagnostics.Take(20)));
        return _assembly.GetType($"{Networks[name].Type.Namespace}.{name}", throwOnError: true)!;
    }

    /// <summary>A new instance made with <c>new Name(seed)</c>.</summary>
    public INetwork Create(string name, int seed) => (INetwork)Activator.CreateInstance(TypeOf(name), seed)!;
}
