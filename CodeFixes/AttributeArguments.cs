using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace NetGen.CodeFixes;

/// <summary>Finding the layer attribute a diagnostic is on, and an argument of it by parameter.</summary>
internal static class AttributeArguments
{
    /// <summary>The attribute whose span the generator reported (NG0003 and NG0014 are reported on the whole attribute).</summary>
    public static AttributeSyntax? AttributeAt(SyntaxNode root, TextSpan span) =>
        root.FindNode(span, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<AttributeSyntax>().FirstOrDefault();

    /// <summary>
    /// The argument that gives <paramref name="parameter"/>: named (<c>inFeatures: 4</c>), else positional. Null when the
    /// parameter is not given (it takes its default).
    /// </summary>
    public static AttributeArgumentSyntax? For(AttributeSyntax attribute, IParameterSymbol parameter)
    {
        if (attribute.ArgumentList is null) return null;
        var arguments = attribute.ArgumentList.Arguments;
        AttributeArgumentSyntax? named = arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == parameter.Name);
        if (named is not null) return named;
        // Positional arguments come first and are matched by place; property assignments (Bias = false) are not.
        var positional = arguments.TakeWhile(a => a.NameColon is null && a.NameEquals is null).ToList();
        return parameter.Ordinal < positional.Count ? positional[parameter.Ordinal] : null;
    }
}
