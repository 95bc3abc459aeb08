using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NetGen.CodeFixes;

/// <summary>
/// NG0003: a <c>Linear</c> whose <c>inFeatures</c> differs from the previous <c>Linear</c>'s <c>outFeatures</c> gets that
/// width (<c>[Linear(4, 8), ReLU, Linear(9, 1)]</c> becomes <c>… Linear(8, 1)]</c>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FixLinearWidthCodeFix)), Shared]
public sealed class FixLinearWidthCodeFix : CodeFixProvider
{
    private const string LinearAttribute = "NetGen.LinearAttribute";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.WidthMismatch);

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
            if (attribute?.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } declaration
                || model.GetDeclaredSymbol(declaration, context.CancellationToken) is not INamedTypeSymbol network)
                continue;

            // The layers in declaration order, as the generator reads them; the width is the previous Linear's outFeatures.
            ImmutableArray<AttributeData> attributes = network.GetAttributes();
            int index = -1;
            for (int i = 0; i < attributes.Length && index < 0; i++)
                if (attributes[i].ApplicationSyntaxReference is { } reference
                    && reference.SyntaxTree == attribute.SyntaxTree && reference.Span == attribute.Span)
                    index = i;
            if (index <= 0 || attributes[index].AttributeConstructor is not { } constructor) continue;
            int? width = attributes.Take(index).Reverse()
                .Where(a => a.AttributeClass?.ToDisplayString() == LinearAttribute && a.ConstructorArguments.Length == 2)
                .Select(a => a.ConstructorArguments[1].Value as int?)
                .FirstOrDefault();
            if (width is not > 0) continue;

            IParameterSymbol? inFeatures = constructor.Parameters.FirstOrDefault(p => p.Ordinal == 0);
            if (inFeatures is null || AttributeArguments.For(attribute, inFeatures) is not { } argument) continue;

            AttributeArgumentSyntax replacement = argument.WithExpression(
                SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(width.Value))
                    .WithTriviaFrom(argument.Expression));
            AttributeSyntax fixedAttribute = attribute.ReplaceNode(argument, replacement);
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Write {fixedAttribute}",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(attribute, fixedAttribute))),
                    equivalenceKey: DiagnosticIds.WidthMismatch),
                diagnostic);
        }
    }
}
