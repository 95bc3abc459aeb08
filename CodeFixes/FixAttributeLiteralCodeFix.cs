using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NetGen.CodeFixes;

/// <summary>
/// NG0014, where a literal of the wrong type says plainly what was meant: a whole number written as a real or a
/// string for an <c>int</c> (<c>Linear(4.0, "8")</c> becomes <c>Linear(4, 8)</c>), a decimal or a string for a real
/// (<c>LeakyReLU(0.2m)</c> becomes <c>LeakyReLU(0.2)</c>).
/// Nothing is offered when any argument would need a guess (<c>Linear(4.5, 8)</c>, a missing argument, a named
/// constant of the wrong type).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FixAttributeLiteralCodeFix)), Shared]
public sealed class FixAttributeLiteralCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.UnreadableArguments);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return;

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            AttributeSyntax? attribute = AttributeArguments.AttributeAt(root, diagnostic.Location.SourceSpan);
            if (attribute is null || FixedAttribute(attribute, model, context.CancellationToken) is not { } fixedAttribute) continue;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Write {fixedAttribute}",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(attribute, fixedAttribute))),
                    equivalenceKey: DiagnosticIds.UnreadableArguments),
                diagnostic);
        }
    }

    /// <summary>
    /// The attribute with its literals rewritten for the first constructor that every argument then fits, or null when
    /// no constructor can be reached by rewriting literals alone.
    /// </summary>
    private static AttributeSyntax? FixedAttribute(AttributeSyntax attribute, SemanticModel model, CancellationToken cancellationToken)
    {
        SymbolInfo info = model.GetSymbolInfo(attribute, cancellationToken);
        IEnumerable<IMethodSymbol> constructors = (info.Symbol is null ? info.CandidateSymbols : ImmutableArray.Create(info.Symbol))
            .OfType<IMethodSymbol>();
        // With no candidates (the compiler gave up early), try every constructor of the attribute's type.
        if (!constructors.Any() && model.GetTypeInfo(attribute, cancellationToken).Type is INamedTypeSymbol attributeType)
            constructors = attributeType.InstanceConstructors;

        var positional = attribute.ArgumentList?.Arguments.Where(a => a.NameEquals is null).ToList() ?? new List<AttributeArgumentSyntax>();
        foreach (IMethodSymbol constructor in constructors.OrderBy(c => c.Parameters.Length))
        {
            if (positional.Count > constructor.Parameters.Length) continue;
            var replacements = new Dictionary<AttributeArgumentSyntax, AttributeArgumentSyntax>();
            bool fits = true;
            foreach (IParameterSymbol parameter in constructor.Parameters)
            {
                AttributeArgumentSyntax? argument = AttributeArguments.For(attribute, parameter);
                if (argument is null)
                {
                    fits = parameter.IsOptional;
                }
                else if (!model.ClassifyConversion(argument.Expression, parameter.Type).IsImplicit)
                {
                    ExpressionSyntax? literal = Rewrite(argument.Expression, parameter.Type, model, cancellationToken);
                    if (literal is null) fits = false;
                    else replacements[argument] = argument.WithExpression(literal.WithTriviaFrom(argument.Expression));
                }
                if (!fits) break;
            }
            // Every argument must have found its parameter, and something must change.
            if (fits && replacements.Count > 0 && positional.All(a => constructor.Parameters.Any(p => AttributeArguments.For(attribute, p) == a)))
                return attribute.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]);
        }
        return null;
    }

    /// <summary>The literal <paramref name="expression"/> meant, written as a constant of <paramref name="type"/>, or null.</summary>
    private static ExpressionSyntax? Rewrite(ExpressionSyntax expression, ITypeSymbol type, SemanticModel model, CancellationToken cancellationToken)
    {
        if (!IsLiteral(expression)) return null;
        object? value = model.GetConstantValue(expression, cancellationToken) is { HasValue: true } constant ? constant.Value : null;
        double? number = value switch
        {
            string text when double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) => parsed,
            string or char or bool or null => null,
            _ => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        };
        if (number is not { } x || double.IsNaN(x) || double.IsInfinity(x)) return null;

        switch (type.SpecialType)
        {
            case SpecialType.System_Int32 when x == Math.Floor(x) && Math.Abs(x) <= int.MaxValue:
                return Number(SyntaxFactory.Literal((int)Math.Abs(x)), x < 0);
            // A whole number is written as an int ("2", as a user writes Hardtanh(-2, 2)); the compiler widens it.
            case SpecialType.System_Double when x == Math.Floor(x) && Math.Abs(x) <= int.MaxValue:
                return Number(SyntaxFactory.Literal((int)Math.Abs(x)), x < 0);
            case SpecialType.System_Double:
                return Number(SyntaxFactory.Literal(Text(Math.Abs(x)), Math.Abs(x)), x < 0);
            default:
                return null;
        }
    }

    /// <summary>A literal, a negated literal, or a parenthesised one: the only arguments rewritten (never a named constant).</summary>
    private static bool IsLiteral(ExpressionSyntax expression) => expression switch
    {
        LiteralExpressionSyntax => true,
        PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression or (int)SyntaxKind.UnaryPlusExpression } unary => IsLiteral(unary.Operand),
        ParenthesizedExpressionSyntax parenthesized => IsLiteral(parenthesized.Expression),
        CastExpressionSyntax cast => IsLiteral(cast.Expression),
        _ => false,
    };

    /// <summary>The shortest text that reads back as the same double ("0.2", "1", "1E-05").</summary>
    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static ExpressionSyntax Number(SyntaxToken literal, bool negative)
    {
        ExpressionSyntax number = SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, literal);
        return negative ? SyntaxFactory.PrefixUnaryExpression(SyntaxKind.UnaryMinusExpression, number) : number;
    }
}
