using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
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
/// NG0001 and NG0002: adds <c>partial</c> to every declaration of the network class (NG0001) or of the types that
/// contain it (NG0002) that lacks it, in whichever files those declarations are.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakePartialCodeFix)), Shared]
public sealed class MakePartialCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.ClassNotPartial, DiagnosticIds.ContainingTypeNotPartial);

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
            // Both diagnostics sit on the network class's name.
            TypeDeclarationSyntax? declaration = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?
                .AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault();
            if (declaration is null || model.GetDeclaredSymbol(declaration, context.CancellationToken) is not INamedTypeSymbol network)
                continue;

            List<INamedTypeSymbol> types = diagnostic.Id == DiagnosticIds.ClassNotPartial
                ? new List<INamedTypeSymbol> { network }
                : ContainingTypes(network).Where(type => !IsPartialEverywhere(type, context.CancellationToken)).ToList();
            if (types.Count == 0) continue;

            string title = $"Make {string.Join(", ", types.Select(type => $"'{type.Name}'"))} partial";
            context.RegisterCodeFix(
                CodeAction.Create(title, token => MakePartialAsync(context.Document.Project.Solution, types, token), equivalenceKey: diagnostic.Id),
                diagnostic);
        }
    }

    private static IEnumerable<INamedTypeSymbol> ContainingTypes(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            yield return outer;
    }

    private static bool IsPartialEverywhere(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        type.DeclaringSyntaxReferences.All(reference =>
            reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax syntax && syntax.Modifiers.Any(SyntaxKind.PartialKeyword));

    private static async Task<Solution> MakePartialAsync(Solution solution, IEnumerable<INamedTypeSymbol> types, CancellationToken cancellationToken)
    {
        // Every declaration to change, grouped by the file it is in (a partial class can span files).
        IEnumerable<IGrouping<SyntaxTree, TypeDeclarationSyntax>> byTree = types
            .SelectMany(type => type.DeclaringSyntaxReferences)
            .Select(reference => reference.GetSyntax(cancellationToken))
            .OfType<TypeDeclarationSyntax>()
            .Where(syntax => !syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
            .GroupBy(syntax => syntax.SyntaxTree);

        foreach (IGrouping<SyntaxTree, TypeDeclarationSyntax> group in byTree)
        {
            Document? document = solution.GetDocument(group.Key);
            if (document is null) continue;
            SyntaxNode root = await group.Key.GetRootAsync(cancellationToken).ConfigureAwait(false);
            SyntaxNode fixedRoot = root.ReplaceNodes(group, (original, rewritten) => AddPartial(rewritten));
            solution = solution.WithDocumentSyntaxRoot(document.Id, fixedRoot);
        }
        return solution;
    }

    /// <summary>
    /// <c>partial</c> goes last among the modifiers (C# wants it just before <c>class</c>); with no modifiers it takes
    /// over the keyword's leading trivia, so indentation and comments stay where they were.
    /// </summary>
    private static TypeDeclarationSyntax AddPartial(TypeDeclarationSyntax declaration)
    {
        if (declaration.Modifiers.Count > 0)
            return declaration.AddModifiers(SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space));

        SyntaxToken keyword = declaration.Keyword;
        SyntaxToken partial = SyntaxFactory.Token(keyword.LeadingTrivia, SyntaxKind.PartialKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
        return declaration
            .WithKeyword(keyword.WithLeadingTrivia(SyntaxFactory.TriviaList()))
            .WithModifiers(SyntaxFactory.TokenList(partial));
    }
}
