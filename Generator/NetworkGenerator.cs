using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Emitter;
using NetGen.Generator.Helpers;
using NetGen.Generator.Model;
using NetGen.Generator.Weights;

namespace NetGen.Generator;

/// <summary>
/// Generates the forward and backward passes of every class declared with NetGen layer attributes.
/// The pipeline only wires the steps: <see cref="NetworkParser"/> reads, <see cref="NetworkEmitter"/> writes.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class NetworkGenerator : IIncrementalGenerator
{
    /// <summary>Step names, for tests that check what the incremental pipeline cached.</summary>
    public static class TrackingNames
    {
        public const string Parse = "NetGen.Parse";
        public const string Diagnostics = "NetGen.Diagnostics";
        public const string Network = "NetGen.Network";
        public const string Stub = "NetGen.Stub";
        public const string Baked = "NetGen.Baked";
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // A network is found by any of its attributes (ForAttributeWithMetadataName matches one exact type), and the
        // parser keeps only the pipeline of its first attribute, so each class is parsed and emitted once.
        // The safetensors files given to the compiler, with their bytes (a generator reads only AdditionalFiles).
        IncrementalValueProvider<ImmutableArray<WeightsFile>> weightsFiles = context.AdditionalTextsProvider
            .Where(static file => file.Path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
            .Select(static (file, cancellationToken) => ReadWeightsFile(file.Path))
            .Collect();

        foreach (string attributeName in KnownAttributes.All)
        {
            string trigger = attributeName;
            IncrementalValuesProvider<ParseResult> parsed = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    trigger,
                    static (node, _) => node is TypeDeclarationSyntax,
                    (syntaxContext, cancellationToken) => ParseSafely(syntaxContext, trigger, cancellationToken))
                .Where(static result => result is not null)
                .Select(static (result, _) => result!)
                .WithTrackingName(TrackingNames.Parse);

            IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics = parsed
                .Select(static (result, _) => result.Diagnostics)
                .Where(static list => !list.IsEmpty)
                .WithTrackingName(TrackingNames.Diagnostics);
            // Only classes with diagnostics meet the compilation, which turns the stored spans back into locations in
            // source (so that #pragma warning and the IDE see them); every other network's output stays cached.
            context.RegisterSourceOutput(diagnostics.Combine(context.CompilationProvider), static (production, pair) =>
            {
                foreach (DiagnosticInfo diagnostic in pair.Left) production.ReportDiagnostic(diagnostic.ToDiagnostic(pair.Right));
            });

            IncrementalValuesProvider<NetworkSpec> networks = parsed
                .Where(static result => result.Weights is null)
                .Select(static (result, _) => result.Network)
                .Where(static network => network is not null)
                .Select(static (network, _) => network!)
                .WithTrackingName(TrackingNames.Network);
            context.RegisterSourceOutput(networks, static (production, network) => EmitSafely(production, network.Type.HintName, () => NetworkEmitter.Emit(network)));

            // [Weights(path)]: the file, read from the AdditionalFiles, checked against the network and baked into it.
            IncrementalValuesProvider<BakeResult> baked = parsed
                .Where(static result => result.Network is not null && result.Weights is not null)
                .Combine(weightsFiles)
                .Select(static (pair, _) => BakeSafely(pair.Left.Network!, pair.Left.Weights!, pair.Right))
                .WithTrackingName(TrackingNames.Baked);
            context.RegisterSourceOutput(baked.Where(static result => result.Network is not null),
                static (production, result) => EmitSafely(production, result.Network!.Type.HintName, () => NetworkEmitter.Emit(result.Network!)));
            context.RegisterSourceOutput(baked.Where(static result => result.Diagnostic is not null).Combine(context.CompilationProvider),
                static (production, pair) => production.ReportDiagnostic(pair.Left.Diagnostic!.ToDiagnostic(pair.Right)));

            IncrementalValuesProvider<NetworkStub> stubs = parsed
                .Select(static (result, _) => result.Stub)
                .Where(static stub => stub is not null)
                .Select(static (stub, _) => stub!)
                .WithTrackingName(TrackingNames.Stub);
            context.RegisterSourceOutput(stubs, static (production, stub) => EmitSafely(production, stub.Type.HintName, () => StubEmitter.Emit(stub)));
        }
    }

    // A defect in the generator must not become CS8785 with no location: it becomes NG0099 on the class.
    private static ParseResult? ParseSafely(GeneratorAttributeSyntaxContext context, string trigger, System.Threading.CancellationToken cancellationToken)
    {
        try
        {
            return NetworkParser.Parse(context, trigger, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Location location = context.TargetNode is TypeDeclarationSyntax declaration
                ? declaration.Identifier.GetLocation()
                : context.TargetNode.GetLocation();
            var diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, location, exception.GetType().Name + ": " + exception.Message);
            return new ParseResult(null, new[] { diagnostic }.ToEquatableArray());
        }
    }

    // AdditionalText.GetText() refuses a binary file (CS2015), so the bytes are read from its path; the pipeline's value
    // is the content, which keys the cache: an edit of the file, and only that, regenerates the networks baked from it.
#pragma warning disable RS1035 // File IO in a generator: the one read of an AdditionalFiles item that has no text form.
    private static WeightsFile ReadWeightsFile(string path)
    {
        try
        {
            return new WeightsFile(path, System.IO.File.ReadAllBytes(path).ToEquatableArray());
        }
        catch (Exception error) when (error is System.IO.IOException or UnauthorizedAccessException)
        {
            return new WeightsFile(path, EquatableArray<byte>.Empty); // reported as unreadable when a network asks for it
        }
    }
#pragma warning restore RS1035

    // A file that cannot be baked still leaves the network generated (its seeded constructor draws the parameters), so
    // that the NG error is the only error wherever the network is used.
    private static BakeResult BakeSafely(NetworkSpec network, WeightsRequest request, ImmutableArray<WeightsFile> files)
    {
        try
        {
            BakeResult result = WeightsBaker.Bake(network, request, files);
            return result.Network is null ? new BakeResult(network, result.Diagnostic) : result;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return new BakeResult(network, new DiagnosticInfo(DiagnosticDescriptors.InternalError.Id, request.Location,
                new[] { exception.GetType().Name + ": " + exception.Message }.ToEquatableArray()));
        }
    }

    private static void EmitSafely(SourceProductionContext production, string hintName, Func<string> emit)
    {
        try
        {
            production.AddSource(hintName, emit());
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            production.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, Location.None,
                exception.GetType().Name + ": " + exception.Message));
        }
    }
}
