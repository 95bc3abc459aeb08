using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Emitter;
using NetGen.Generator.Helpers;
using NetGen.Generator.Catalog;
using NetGen.Generator.Model;

namespace NetGen.Generator;

/// <summary>
/// Turns a class and its attributes into a <see cref="NetworkSpec"/> and diagnostics: the only place that reads
/// symbols and syntax. It never throws on user input; what it cannot accept becomes a diagnostic.
/// </summary>
internal static partial class NetworkParser
{
    /// <summary>
    /// Parses the class that <paramref name="context"/> found through <paramref name="triggerAttribute"/>, or returns
    /// null when another of its attributes owns it (each class is parsed once, by its first NetGen attribute).
    /// </summary>
    public static ParseResult? Parse(GeneratorAttributeSyntaxContext context, string triggerAttribute, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type || context.TargetNode is not TypeDeclarationSyntax declaration)
            return null;

        List<AttributeData> attributes = type.GetAttributes()
            .Where(attribute => KnownAttributes.IsNetGenAttribute(attribute.AttributeClass))
            .ToList();
        AttributeData? owner = attributes.FirstOrDefault(attribute => KnownAttributes.IsKnown(KnownAttributes.MetadataName(attribute.AttributeClass!)));
        if (owner is null
            || KnownAttributes.MetadataName(owner.AttributeClass!) != triggerAttribute
            || !IsWithin(owner, declaration))
            return null;

        var diagnostics = new List<DiagnosticInfo>();
        CheckTypeCanBeGenerated(type, declaration, context.SemanticModel.Compilation, diagnostics, cancellationToken);
        bool classCanTakeMembers = !diagnostics.Any(IsError);
        CheckSingleDeclaration(type, attributes, diagnostics, cancellationToken);
        NetworkSpec? network = ReadNetwork(type, declaration, attributes, diagnostics, cancellationToken);

        WeightsRequest? weights = ReadWeights(type, diagnostics, cancellationToken);
        List<DiagnosticInfo> errors = diagnostics.Where(IsError).ToList();
        if (errors.Count == 0) return new ParseResult(network, diagnostics.ToEquatableArray(), Weights: weights);
        // An error in the layers, on a class that can take generated members: stub them, so the NG error stays the only one.
        NetworkStub? stub = classCanTakeMembers
            ? new NetworkStub(BuildHierarchy(type), FirstLoss(attributes), errors.Select(error => error.Id).Distinct().ToEquatableArray())
            {
                HasBuffers = attributes.Any(attribute => KnownAttributes.Layers.TryGetValue(KnownAttributes.MetadataName(attribute.AttributeClass!), out LayerEntry? layer)
                                                         && layer.Kind == LayerKind.BatchNorm1d),
            }
            : null;
        return new ParseResult(null, diagnostics.ToEquatableArray(), stub);
    }

    /// <summary>The [Weights(path)] of the class, if it has one; an unreadable path is NG0014.</summary>
    private static WeightsRequest? ReadWeights(INamedTypeSymbol type, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        AttributeData? attribute = type.GetAttributes().FirstOrDefault(a => a.AttributeClass is { } c && KnownAttributes.MetadataName(c) == KnownAttributes.Weights);
        if (attribute is null) return null;
        Location? location = LocationOf(attribute, cancellationToken);
        if (!Readable(attribute) || attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not string { Length: > 0 } path)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnreadableArguments, location, "Weights", "Weights(\"model.safetensors\")"));
            return null;
        }
        return new WeightsRequest(path, LocationInfo.From(location));
    }

    private static bool IsError(DiagnosticInfo diagnostic) => DiagnosticDescriptors.ById[diagnostic.Id].DefaultSeverity == DiagnosticSeverity.Error;

    private static LossKind FirstLoss(List<AttributeData> attributes) =>
        attributes.Select(attribute => KnownAttributes.Losses.TryGetValue(KnownAttributes.MetadataName(attribute.AttributeClass!), out LossEntry? loss) ? loss.Kind : LossKind.None)
            .FirstOrDefault(kind => kind != LossKind.None);

    private static bool IsWithin(AttributeData attribute, TypeDeclarationSyntax declaration) =>
        attribute.ApplicationSyntaxReference is { } reference
        && reference.SyntaxTree == declaration.SyntaxTree
        && declaration.Span.Contains(reference.Span);

    private static Location? LocationOf(AttributeData attribute, CancellationToken cancellationToken) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation();

    // ---- The type: a partial, non-static class whose members and constructors leave room for the generated ones.

    private static void CheckTypeCanBeGenerated(
        INamedTypeSymbol type, TypeDeclarationSyntax declaration, Compilation compilation,
        List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        Location identifier = declaration.Identifier.GetLocation();
        string? unsupported = type switch
        {
            { IsRecord: true, TypeKind: TypeKind.Class } => "a record (a with-expression would share the parameter buffers of the original)",
            { TypeKind: TypeKind.Struct } => "a struct",
            { TypeKind: TypeKind.Interface } => "an interface",
            { TypeKind: not TypeKind.Class } => "not a class",
            { IsStatic: true } => "a static class",
            _ when IsFileLocal(type) => "a file-local type, which cannot be extended from the generated file",
            _ => null,
        };
        if (unsupported is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedType, identifier, type.Name, unsupported));
            return;
        }

        if (!IsPartialEverywhere(type, cancellationToken))
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ClassNotPartial, identifier, type.Name));

        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (!IsPartialEverywhere(outer, cancellationToken))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ContainingTypeNotPartial, identifier, outer.Name, type.Name));
            if (IsFileLocal(outer))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedType, identifier, type.Name,
                    $"nested in the file-local type '{outer.Name}', which cannot be extended from the generated file"));
        }

        if (type.DeclaringSyntaxReferences.Any(reference => reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax { ParameterList: not null }))
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PrimaryConstructor, identifier, type.Name));

        // A member cannot have the name of its class (CS0542) or of the class's type parameter (CS0102).
        if (GeneratedMembers.IsGenerated(type.Name))
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ClassNamedLikeMember, identifier, type.Name, "its class"));
        foreach (ITypeParameterSymbol parameter in type.TypeParameters.Where(p => GeneratedMembers.IsGenerated(p.Name)))
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ClassNamedLikeMember, identifier, parameter.Name, "the class's type parameter"));
        foreach (ISymbol member in type.GetMembers().Where(member => !member.IsImplicitlyDeclared && GeneratedMembers.IsGenerated(member.Name)))
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MemberConflict, identifier, type.Name, member.Name));
        // A base class's visible member named like a private generated one would be hidden by it (CS0108): say so.
        foreach (ISymbol member in BaseMembers(type).Where(member => GeneratedMembers.Private.Contains(member.Name)))
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MemberConflict, identifier, type.Name, member.Name));
        // A primary constructor is reported as such (NG0016), not also as a clash.
        foreach (IMethodSymbol constructor in type.InstanceConstructors.Where(c => !c.IsImplicitlyDeclared
                     && !c.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) is TypeDeclarationSyntax)))
            if (constructor.Parameters.Length == 0
                || constructor.Parameters.Length == 1 && constructor.Parameters[0].Type.SpecialType == SpecialType.System_Int32)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MemberConflict, identifier, type.Name,
                    constructor.Parameters.Length == 0 ? $"{type.Name}()" : $"{type.Name}(int)"));

        if (type.BaseType is { SpecialType: not SpecialType.System_Object } baseType
            && !baseType.InstanceConstructors.Any(c => c.Parameters.All(p => p.IsOptional || p.IsParams)
                                                       && compilation.IsSymbolAccessibleWithin(c, type)))
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoParameterlessBaseConstructor, identifier, type.Name, baseType.Name));
    }

    /// <summary>The visible (not private) members of the class's base types.</summary>
    private static IEnumerable<ISymbol> BaseMembers(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type.BaseType; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
            foreach (ISymbol member in current.GetMembers())
                if (member.DeclaredAccessibility != Accessibility.Private && !member.IsImplicitlyDeclared)
                    yield return member;
    }

    /// <summary>
    /// The public generated members a base class already has (a network derived from another network): each gets
    /// <c>new</c>, as hiding it is what the user asked for. Methods are keyed by their parameter types.
    /// </summary>
    private static EquatableArray<string> HiddenMembers(INamedTypeSymbol type) =>
        BaseMembers(type)
            .Where(member => GeneratedMembers.Public.Contains(member.Name))
            .Select(member => member is IMethodSymbol method
                ? $"{method.Name}({string.Join(",", method.Parameters.Select(p => p.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)))})"
                : member.Name)
            .Concat(BaseNetworkMembers(type))
            .Distinct()
            .OrderBy(key => key, StringComparer.Ordinal)
            .ToEquatableArray();

    /// <summary>
    /// The public members generated on base classes that are networks themselves: a generator does not see another run's
    /// output, so they are read from the base's attributes (every network has the same members; a loss adds
    /// ComputeGradients, cross-entropy its class-index form).
    /// </summary>
    private static IEnumerable<string> BaseNetworkMembers(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type.BaseType; current is not null; current = current.BaseType)
        {
            var attributes = current.GetAttributes().Select(a => a.AttributeClass).OfType<INamedTypeSymbol>().Select(KnownAttributes.MetadataName).ToList();
            if (!attributes.Any(KnownAttributes.IsKnown)) continue;
            foreach (string name in GeneratedMembers.Public.Where(name => name is not ("Forward" or "ForwardBatch" or "Backward" or "ComputeGradients")))
                yield return name;
            yield return GeneratedMembers.Forward;
            yield return GeneratedMembers.ForwardBatch;
            yield return GeneratedMembers.Backward;
            LossEntry? loss = attributes.Select(name => KnownAttributes.Losses.TryGetValue(name, out LossEntry? entry) ? entry : null).FirstOrDefault(entry => entry is not null);
            if (loss is null) continue;
            foreach (bool threaded in new[] { false, true })
            {
                yield return GeneratedMembers.ComputeGradients(labels: false, threaded);
                if (loss.TakesLabels) yield return GeneratedMembers.ComputeGradients(labels: true, threaded);
            }
        }
    }

    private static bool IsPartialEverywhere(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        type.DeclaringSyntaxReferences.All(reference =>
            reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax syntax
            && syntax.Modifiers.Any(SyntaxKind.PartialKeyword));

    private static bool IsFileLocal(INamedTypeSymbol type) => type.IsFileLocal;

    /// <summary>All layers must sit on one declaration: attribute order across partial files is not defined.</summary>
    private static void CheckSingleDeclaration(
        INamedTypeSymbol type, List<AttributeData> attributes, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        SyntaxNode? firstDeclaration = null;
        foreach (AttributeData attribute in attributes)
        {
            SyntaxNode? declaration = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).Parent?.Parent;
            if (declaration is null) continue;
            if (firstDeclaration is null) firstDeclaration = declaration;
            else if (declaration != firstDeclaration)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayersInSeveralDeclarations,
                    LocationOf(attribute, cancellationToken), type.Name));
                return;
            }
        }
    }

    // ---- The layers and the loss.

    /// <summary>A layer attribute as read, before the widths are checked.</summary>
    private abstract record RawLayer(int Index, Location? Location);

    private sealed record RawLinear(int Index, int InFeatures, int OutFeatures, bool HasBias, Location? Location) : RawLayer(Index, Location);

    private sealed record RawActivation(int Index, ActivationEntry Entry, float[] Arguments, Location? Location) : RawLayer(Index, Location);

    /// <summary>A layer that could not be read (its diagnostic is reported); it keeps the indices of the others in step.</summary>
    private sealed record RawUnreadable(int Index, Location? Location) : RawLayer(Index, Location);

    private static NetworkSpec? ReadNetwork(
        INamedTypeSymbol type, TypeDeclarationSyntax declaration, List<AttributeData> attributes,
        List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        var rawLayers = new List<RawLayer>();
        LossEntry? loss = null;
        Location? lossLocation = null;
        AttributeData? lossAttribute = null;
        foreach (AttributeData attribute in attributes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string metadataName = KnownAttributes.MetadataName(attribute.AttributeClass!);
            string shortName = KnownAttributes.ShortName(attribute.AttributeClass!);
            Location? location = LocationOf(attribute, cancellationToken);
            if (KnownAttributes.Losses.TryGetValue(metadataName, out LossEntry? lossEntry))
            {
                if (loss is not null)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SeveralLosses, location, type.Name, loss.Name, shortName));
                else
                {
                    loss = lossEntry;
                    lossLocation = location;
                    lossAttribute = attribute;
                }
                continue;
            }
            int index = rawLayers.Count;
            RawLayer? layer;
            if (metadataName == KnownAttributes.Linear) layer = ReadLinear(attribute, index, shortName, location, diagnostics);
            else if (KnownAttributes.Activations.TryGetValue(metadataName, out ActivationEntry? entry))
                layer = ReadActivation(attribute, entry, index, shortName, location, diagnostics);
            else if (KnownAttributes.Layers.TryGetValue(metadataName, out LayerEntry? layerEntry))
                layer = ReadCatalogLayer(attribute, layerEntry, index, shortName, location, diagnostics);
            else
            {
                // A layer or loss from a newer runtime than this generator: say so, keep the layer indices in step.
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownLayer, location, shortName));
                layer = null;
            }
            rawLayers.Add(layer ?? new RawUnreadable(index, location));
        }
        LossSettings lossSettings = ReadLossSettings(lossAttribute, loss, lossLocation, diagnostics);
        return BuildNetwork(type, declaration, rawLayers, loss, lossSettings, lossLocation, diagnostics);
    }

    /// <summary>Whether the attribute's arguments are constants the parser can read.</summary>
    private static bool Readable(AttributeData attribute) =>
        attribute.AttributeConstructor is not null
        && !attribute.ConstructorArguments.Any(argument => argument.Kind == TypedConstantKind.Error || argument.Value is null && argument.Kind != TypedConstantKind.Primitive)
        && !attribute.NamedArguments.Any(argument => argument.Value.Kind == TypedConstantKind.Error);

    private static RawLayer? ReadLinear(AttributeData attribute, int index, string shortName, Location? location, List<DiagnosticInfo> diagnostics)
    {
        var arguments = attribute.ConstructorArguments;
        if (!Readable(attribute) || arguments.Length != 2 || arguments[0].Value is not int inFeatures || arguments[1].Value is not int outFeatures)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnreadableArguments, location, shortName, "Linear(4, 8)"));
            return null;
        }
        bool hasBias = true;
        foreach (var named in attribute.NamedArguments)
            if (named.Key == "Bias" && named.Value.Value is bool bias) hasBias = bias;
        return new RawLinear(index, inFeatures, outFeatures, hasBias, location);
    }

    private static RawLayer? ReadActivation(AttributeData attribute, ActivationEntry entry, int index, string shortName, Location? location, List<DiagnosticInfo> diagnostics)
    {
        if (!Readable(attribute))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnreadableArguments, location, shortName,
                LayerText.Describe(entry, entry.Parameters.Select(parameter => parameter.Default).ToArray())));
            return null;
        }
        var arguments = attribute.ConstructorArguments;
        if (entry.Kind == ActivationKind.GELU)
        {
            // GELU's one argument is a string that picks the exact form or the tanh approximation, as PyTorch's.
            string approximate = arguments.Length == 1 && arguments[0].Value is string text ? text : "";
            if (approximate != "none" && approximate != "tanh")
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidArgument, location,
                    $"Layer {index}, GELU", $"approximate is \"{approximate}\"; write \"none\" (exact, the default) or \"tanh\""));
                return null;
            }
            return new RawActivation(index, ActivationCatalog.Get(approximate == "tanh" ? ActivationKind.GELUTanh : ActivationKind.GELU), new float[0], location);
        }
        float[] values = entry.Parameters.Select((parameter, i) => i < arguments.Length ? AsFloat(arguments[i].Value) : parameter.Default).ToArray();
        string? problem = entry.Check(values);
        if (problem is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidArgument, location, $"Layer {index}, {shortName}", problem));
            return null;
        }
        return new RawActivation(index, entry, values, location);
    }

    /// <summary>
    /// An attribute's float argument: the runtime declares them double (so that <c>LeakyReLU(0.2)</c> compiles) and the
    /// network computes with the nearest float; an older runtime declared them float.
    /// </summary>
    private static float AsFloat(object? value) => value switch
    {
        double number => (float)number,
        float number => number,
        _ => float.NaN,
    };

    /// <summary>
    /// The largest array .NET allocates (<c>Array.MaxLength</c>): the parameter buffer and the working buffers of a
    /// generated network must each fit in one.
    /// </summary>
    private const long MaxArrayLength = 0x7FFFFFC7;

    /// <summary>Checks the widths, places the parameters, and checks the loss against the output.</summary>
    private static NetworkSpec? BuildNetwork(
        INamedTypeSymbol type, TypeDeclarationSyntax declaration, List<RawLayer> rawLayers, LossEntry? loss, LossSettings lossSettings,
        Location? lossLocation, List<DiagnosticInfo> diagnostics)
    {
        RawLinear? firstLinear = rawLayers.OfType<RawLinear>().FirstOrDefault();
        if (firstLinear is null)
        {
            if (!diagnostics.Any(d => d.Id == DiagnosticDescriptors.UnreadableArguments.Id || d.Id == DiagnosticDescriptors.UnknownLayer.Id))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoLinearLayer, declaration.Identifier.GetLocation(), type.Name));
            return null;
        }

        var layers = new List<LayerSpec>();
        int width = firstLinear.InFeatures;
        long offset = 0, bufferOffset = 0;
        RawLinear? previousLinear = null;
        foreach (RawLayer raw in rawLayers)
        {
            switch (raw)
            {
                case RawActivation activation:
                    if (activation.Entry.Kind == ActivationKind.Softmax && raw.Index != rawLayers.Count - 1)
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SoftmaxNotLast, raw.Location, raw.Index.ToString()));
                    if (activation.Entry.Kind == ActivationKind.BinaryStep && previousLinear is not null)
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BinaryStepBlocksLearning, raw.Location,
                            raw.Index.ToString(), previousLinear.Index.ToString(), Describe(previousLinear)));
                    layers.Add(new ActivationSpec(raw.Index, width, activation.Entry.Kind, activation.Arguments.ToEquatableArray()));
                    break;
                case RawLinear linear:
                    if (linear.InFeatures <= 0 || linear.OutFeatures <= 0)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SizeNotPositive, raw.Location,
                            raw.Index.ToString(), Describe(linear), (linear.InFeatures <= 0 ? linear.InFeatures : linear.OutFeatures).ToString()));
                    }
                    else if (linear.InFeatures != width && width > 0)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WidthMismatch, raw.Location,
                            raw.Index.ToString(), Describe(linear), linear.InFeatures.ToString(), width.ToString(),
                            Describe(linear with { InFeatures = width })));
                    }
                    long weightOffset = offset;
                    offset += (long)Math.Max(linear.InFeatures, 0) * Math.Max(linear.OutFeatures, 0);
                    long biasOffset = linear.HasBias ? offset : -1;
                    if (linear.HasBias) offset += Math.Max(linear.OutFeatures, 0);
                    bool fits = offset <= MaxArrayLength;
                    layers.Add(new LinearSpec(raw.Index, linear.InFeatures, linear.OutFeatures, linear.HasBias,
                        fits ? (int)weightOffset : -1, fits ? (int)biasOffset : -1));
                    width = linear.OutFeatures;
                    previousLinear = linear;
                    break;
                case RawCatalogLayer catalogLayer:
                    layers.Add(BuildCatalogLayer(catalogLayer, width, ref offset, ref bufferOffset, diagnostics));
                    break;
                default:
                    // Unreadable: already reported; its place keeps the width.
                    layers.Add(new ActivationSpec(raw.Index, width, ActivationKind.Identity, EquatableArray<float>.Empty));
                    break;
            }
        }

        if (offset > MaxArrayLength)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkTooLarge, declaration.Identifier.GetLocation(), type.Name, offset.ToString("N0", CultureInfo.InvariantCulture)));
            return null;
        }

        int outputSize = layers.OfType<LinearSpec>().Last().OutFeatures;
        LayerSpec last = layers[layers.Count - 1];
        if (loss is { Kind: LossKind.CrossEntropy } && outputSize == 1)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CrossEntropyNeedsClasses, lossLocation, outputSize.ToString()));
        if (loss is { Kind: LossKind.BCE }
            && last is not ActivationSpec { Kind: ActivationKind.Sigmoid or ActivationKind.Hardsigmoid or ActivationKind.Softmax or ActivationKind.BinaryStep })
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BceOutputNotProbability, lossLocation, LayerText.Describe(last)));
        CheckLossAgainstLayers(loss, lossSettings, last, outputSize, lossLocation, diagnostics);

        var network = new NetworkSpec(BuildHierarchy(type), layers.ToEquatableArray(), loss?.Kind ?? LossKind.None, firstLinear.InFeatures, outputSize, (int)offset,
            HiddenMembers(type))
        {
            LossSettings = lossSettings,
            BufferCount = (int)Math.Min(bufferOffset, int.MaxValue),
        };

        // The working buffers (every layer's values and gradients for a tile of samples) must fit in one array too.
        long workingFloats = NetworkPlan.WorkingFloats(network);
        if (workingFloats > MaxArrayLength)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkTooWide, declaration.Identifier.GetLocation(), type.Name,
                workingFloats.ToString("N0", CultureInfo.InvariantCulture)));
            return null;
        }
        return network;
    }

    private static string Describe(RawLinear linear) =>
        LayerText.Describe(new LinearSpec(linear.Index, linear.InFeatures, linear.OutFeatures, linear.HasBias, -1, -1));

    // ---- Where the generated code goes.

    private static TypeHierarchy BuildHierarchy(INamedTypeSymbol type)
    {
        string ns = type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString();
        var containing = new List<TypeDeclaration>();
        var hintParts = new List<string>();
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            containing.Insert(0, Declaration(outer));
            hintParts.Insert(0, outer.MetadataName);
        }
        hintParts.Add(type.MetadataName);
        // Nested types are joined with '+' and generic arity keeps its '`' (metadata names), so that no two types get one
        // hint name: with '.' and '_', class B in class A<T> and class B in namespace A_1 both were "A_1.B.g.cs".
        string typePath = string.Join("+", hintParts);
        string fullName = (ns.Length > 0 ? ns + "." : "") + typePath;
        string readable = new string(fullName.Select(c => char.IsLetterOrDigit(c) && c < 128 || c is '.' or '_' or '+' or '`' ? c : '_').ToArray());
        // Hint names are compared ignoring case and after sanitising, so App.Net and App.NET (or A_B and A‿B) would be one
        // file and every network's output would be lost (CS8785): a hash of the exact name makes each unique.
        return new TypeHierarchy(ns, containing.ToEquatableArray(), Declaration(type), $"{readable}.{Fnv1a(fullName):x8}.g.cs");
    }

    /// <summary>FNV-1a over the name's UTF-16 code units: stable across runs and machines (string.GetHashCode is not).</summary>
    private static uint Fnv1a(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text) hash = (hash ^ c) * 16777619;
        return hash;
    }

    private static TypeDeclaration Declaration(INamedTypeSymbol type)
    {
        string keyword = type switch
        {
            { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
            { IsRecord: true } => "record",
            { TypeKind: TypeKind.Struct } => "struct",
            { TypeKind: TypeKind.Interface } => "interface",
            _ => "class",
        };
        string name = Identifier(type.Name);
        if (type.TypeParameters.Length > 0)
            name += "<" + string.Join(", ", type.TypeParameters.Select(parameter => Identifier(parameter.Name))) + ">";
        return new TypeDeclaration(keyword, name);
    }

    /// <summary>A name as it must be written in source: a keyword gets an @.</summary>
    private static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) is SyntaxKind.RecordKeyword
            ? "@" + name
            : name;
}
