using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Helpers;
using NetGen.Generator.Model;

namespace NetGen.Generator;

/// <summary>
/// Turns a class and its attributes into a <see cref="NetworkSpec"/> and diagnostics: the only place that reads
/// symbols and syntax. It never throws on user input; what it cannot accept becomes a diagnostic.
/// </summary>
internal static class NetworkParser
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
        CheckSingleDeclaration(type, attributes, diagnostics, cancellationToken);
        NetworkSpec? network = ReadNetwork(type, declaration, attributes, diagnostics, cancellationToken);

        bool hasErrors = diagnostics.Any(d => DiagnosticDescriptors.ById[d.Id].DefaultSeverity == DiagnosticSeverity.Error);
        return new ParseResult(hasErrors ? null : network, diagnostics.ToEquatableArray());
    }

    private static bool IsWithin(AttributeData attribute, TypeDeclarationSyntax declaration) =>
        attribute.ApplicationSyntaxReference is { } reference
        && reference.SyntaxTree == declaration.SyntaxTree
        && declaration.Span.Contains(reference.Span);

    private static Location? LocationOf(AttributeData attribute, CancellationToken cancellationToken) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation();

    // ---- The type: a partial, non-static class whose members and constructors leave room for the generated ones.

    /// <summary>Names of the members the emitter writes; a user member with one of these names would collide.</summary>
    private static readonly string[] GeneratedMemberNames =
    {
        "InputSize", "OutputSize", "ParameterCount", "ParameterLayout", "Layers", "Loss", "Parameters", "Gradients",
        "Forward", "ForwardBatch", "Backward", "ComputeGradients", "ForwardTile", "AccumulateSampleGradients", "AccumulateTileGradients",
        "_parameters", "_gradients",
    };

    private static void CheckTypeCanBeGenerated(
        INamedTypeSymbol type, TypeDeclarationSyntax declaration, Compilation compilation,
        List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        Location identifier = declaration.Identifier.GetLocation();
        string? unsupported = type switch
        {
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
        if (GeneratedMemberNames.Contains(type.Name))
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ClassNamedLikeMember, identifier, type.Name, "its class"));
        foreach (ITypeParameterSymbol parameter in type.TypeParameters.Where(p => GeneratedMemberNames.Contains(p.Name)))
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ClassNamedLikeMember, identifier, parameter.Name, "the class's type parameter"));
        foreach (string name in GeneratedMemberNames)
            if (type.GetMembers(name).Any(member => !member.IsImplicitlyDeclared))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MemberConflict, identifier, type.Name, name));
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
    private sealed record RawLayer(int Index, LayerKind Kind, int InFeatures, int OutFeatures, bool HasBias, float Argument1, float Argument2, Location? Location);

    private static NetworkSpec? ReadNetwork(
        INamedTypeSymbol type, TypeDeclarationSyntax declaration, List<AttributeData> attributes,
        List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        var rawLayers = new List<RawLayer>();
        LossKind loss = LossKind.None;
        string lossName = "";
        Location? lossLocation = null;
        foreach (AttributeData attribute in attributes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string metadataName = KnownAttributes.MetadataName(attribute.AttributeClass!);
            string shortName = KnownAttributes.ShortName(attribute.AttributeClass!);
            Location? location = LocationOf(attribute, cancellationToken);
            if (KnownAttributes.Losses.TryGetValue(metadataName, out LossKind lossKind))
            {
                if (loss != LossKind.None)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SeveralLosses, location, type.Name, lossName, shortName));
                else
                {
                    loss = lossKind;
                    lossName = shortName;
                    lossLocation = location;
                }
                continue;
            }
            if (!KnownAttributes.Layers.TryGetValue(metadataName, out LayerKind kind))
            {
                // A layer or loss from a newer runtime than this generator: say so, keep the layer indices in step.
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownLayer, location, shortName));
                rawLayers.Add(new RawLayer(rawLayers.Count, LayerKind.Identity, 0, 0, false, 0, 0, location));
                continue;
            }
            RawLayer? layer = ReadLayer(attribute, kind, rawLayers.Count, shortName, location, diagnostics);
            rawLayers.Add(layer ?? new RawLayer(rawLayers.Count, LayerKind.Identity, 0, 0, false, 0, 0, location));
        }
        return BuildNetwork(type, declaration, rawLayers, loss, lossLocation, diagnostics);
    }

    private static RawLayer? ReadLayer(AttributeData attribute, LayerKind kind, int index, string shortName, Location? location, List<DiagnosticInfo> diagnostics)
    {
        string example = kind switch
        {
            LayerKind.Linear => "Linear(4, 8)",
            LayerKind.LeakyReLU => "LeakyReLU(0.01)",
            LayerKind.ELU or LayerKind.CELU => $"{shortName}(1.0)",
            LayerKind.Softplus => "Softplus(1, 20)",
            LayerKind.Hardtanh => "Hardtanh(-1, 1)",
            LayerKind.GELU => "GELU(\"tanh\")",
            _ => shortName,
        };
        if (attribute.AttributeConstructor is null
            || attribute.ConstructorArguments.Any(argument => argument.Kind == TypedConstantKind.Error || argument.Value is null && argument.Kind != TypedConstantKind.Primitive)
            || attribute.NamedArguments.Any(argument => argument.Value.Kind == TypedConstantKind.Error))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnreadableArguments, location, shortName, example));
            return null;
        }

        var arguments = attribute.ConstructorArguments;
        switch (kind)
        {
            case LayerKind.Linear:
            {
                if (arguments.Length != 2 || arguments[0].Value is not int inFeatures || arguments[1].Value is not int outFeatures)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnreadableArguments, location, shortName, example));
                    return null;
                }
                bool hasBias = true;
                foreach (var named in attribute.NamedArguments)
                    if (named.Key == "Bias" && named.Value.Value is bool bias) hasBias = bias;
                return new RawLayer(index, kind, inFeatures, outFeatures, hasBias, 0, 0, location);
            }
            case LayerKind.GELU:
            {
                string approximate = arguments.Length == 1 && arguments[0].Value is string text ? text : "";
                if (approximate != "none" && approximate != "tanh")
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidArgument, location,
                        $"Layer {index}, GELU", $"approximate is \"{approximate}\"; write \"none\" (exact, the default) or \"tanh\""));
                    return null;
                }
                return new RawLayer(index, approximate == "tanh" ? LayerKind.GELUTanh : LayerKind.GELU, 0, 0, false, 0, 0, location);
            }
            default:
            {
                float first = arguments.Length > 0 ? AsFloat(arguments[0].Value) : 0f;
                float second = arguments.Length > 1 ? AsFloat(arguments[1].Value) : 0f;
                string? problem = ArgumentProblem(kind, first, second);
                if (problem is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidArgument, location, $"Layer {index}, {shortName}", problem));
                    return null;
                }
                return new RawLayer(index, kind, 0, 0, false, first, second, location);
            }
        }
    }

    /// <summary>
    /// An attribute's float argument: the runtime declares them double (so that <c>LeakyReLU(0.2)</c> compiles) and the
    /// network computes with the nearest float; an older runtime declared them float.
    /// </summary>
    private static float AsFloat(object? value) => value switch
    {
        double number => (float)number,
        float number => number,
        _ => 0f,
    };

    /// <summary>Why an activation's arguments cannot be used, or null when they can (PyTorch's own limits).</summary>
    private static string? ArgumentProblem(LayerKind kind, float first, float second)
    {
        static bool Finite(float value) => !float.IsNaN(value) && !float.IsInfinity(value);
        return kind switch
        {
            LayerKind.LeakyReLU when !Finite(first) => "negativeSlope must be a finite number; write LeakyReLU(0.01)",
            LayerKind.ELU when !Finite(first) => "alpha must be a finite number; write ELU(1.0)",
            LayerKind.CELU when !Finite(first) || first == 0f => "alpha must be a finite number other than 0; write CELU(1.0)",
            LayerKind.Softplus when !Finite(first) || first == 0f || !Finite(second) =>
                "beta must be finite and not 0, and threshold finite; write Softplus(1, 20)",
            LayerKind.Hardtanh when !Finite(first) || !Finite(second) || !(second > first) =>
                $"maxVal ({LayerText.Number(second)}) must be greater than minVal ({LayerText.Number(first)}); write Hardtanh(-1, 1)",
            _ => null,
        };
    }

    /// <summary>Checks the widths, places the parameters, and checks the loss against the output.</summary>
    /// <summary>Layer outputs a network may hold in all: twice this many floats (values and gradients) is 512 KiB of stack.</summary>
    private const int MaxStackUnits = 65536;

    private static NetworkSpec? BuildNetwork(
        INamedTypeSymbol type, TypeDeclarationSyntax declaration, List<RawLayer> rawLayers, LossKind loss, Location? lossLocation,
        List<DiagnosticInfo> diagnostics)
    {
        RawLayer? firstLinear = rawLayers.FirstOrDefault(layer => layer.Kind == LayerKind.Linear);
        if (firstLinear is null)
        {
            if (!diagnostics.Any(d => d.Id is "NG0014" or "NG0018"))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoLinearLayer, declaration.Identifier.GetLocation(), type.Name));
            return null;
        }

        var layers = new List<LayerSpec>();
        int width = firstLinear.InFeatures;
        long offset = 0;
        RawLayer? previousLinear = null;
        foreach (RawLayer raw in rawLayers)
        {
            if (raw.Kind != LayerKind.Linear)
            {
                if (raw.Kind == LayerKind.Softmax && raw.Index != rawLayers.Count - 1)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SoftmaxNotLast, raw.Location, raw.Index.ToString()));
                if (raw.Kind == LayerKind.BinaryStep && previousLinear is not null)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BinaryStepBlocksLearning, raw.Location,
                        raw.Index.ToString(), previousLinear.Index.ToString(), DescribeRaw(previousLinear)));
                layers.Add(new LayerSpec(raw.Index, raw.Kind, width, width, false, raw.Argument1, raw.Argument2, -1, -1));
                continue;
            }

            if (raw.InFeatures <= 0 || raw.OutFeatures <= 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SizeNotPositive, raw.Location,
                    raw.Index.ToString(), DescribeRaw(raw), (raw.InFeatures <= 0 ? raw.InFeatures : raw.OutFeatures).ToString()));
            }
            else if (raw.InFeatures != width && width > 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WidthMismatch, raw.Location,
                    raw.Index.ToString(), DescribeRaw(raw), raw.InFeatures.ToString(), width.ToString(),
                    DescribeRaw(raw with { InFeatures = width })));
            }
            long weightOffset = offset;
            offset += (long)Math.Max(raw.InFeatures, 0) * Math.Max(raw.OutFeatures, 0);
            long biasOffset = raw.HasBias ? offset : -1;
            if (raw.HasBias) offset += Math.Max(raw.OutFeatures, 0);
            bool fits = offset <= int.MaxValue;
            layers.Add(new LayerSpec(raw.Index, raw.Kind, raw.InFeatures, raw.OutFeatures, raw.HasBias, 0, 0,
                fits ? (int)weightOffset : -1, fits ? (int)biasOffset : -1));
            width = raw.OutFeatures;
            previousLinear = raw;
        }

        if (offset > int.MaxValue)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkTooLarge, declaration.Identifier.GetLocation(), type.Name, offset.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)));
            return null;
        }

        // Each generated method keeps a sample's layer outputs and their gradients in stackalloc'd spans.
        long units = layers.Sum(layer => (long)Math.Max(layer.OutFeatures, 0));
        if (units > MaxStackUnits)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkTooWide, declaration.Identifier.GetLocation(), type.Name,
                units.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)));
            return null;
        }

        int outputSize = layers.Last(layer => layer.IsLinear).OutFeatures;
        LayerSpec last = layers[layers.Count - 1];
        if (loss == LossKind.CrossEntropy && outputSize == 1)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CrossEntropyNeedsClasses, lossLocation, outputSize.ToString()));
        if (loss == LossKind.BCE && last.Kind is not (LayerKind.Sigmoid or LayerKind.Hardsigmoid or LayerKind.Softmax or LayerKind.BinaryStep))
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BceOutputNotProbability, lossLocation, LayerText.Describe(last)));

        return new NetworkSpec(
            BuildHierarchy(type),
            layers.ToEquatableArray(),
            loss,
            firstLinear.InFeatures,
            outputSize,
            (int)offset);
    }

    private static string DescribeRaw(RawLayer raw) =>
        LayerText.Describe(new LayerSpec(raw.Index, raw.Kind, raw.InFeatures, raw.OutFeatures, raw.HasBias, raw.Argument1, raw.Argument2, -1, -1));

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
        string hint = new string(((ns.Length > 0 ? ns + "." : "") + typePath)
            .Select(c => char.IsLetterOrDigit(c) || c is '.' or '_' or '+' or '`' ? c : '_').ToArray());
        return new TypeHierarchy(ns, containing.ToEquatableArray(), Declaration(type), hint + ".g.cs");
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
