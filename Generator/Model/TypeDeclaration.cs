namespace NetGen.Generator.Model;

/// <summary>One level of the declaration the generated code goes into: <c>partial {Keyword} {Name}</c>.</summary>
/// <param name="Keyword">"class", "struct", "record", "record struct" or "interface".</param>
/// <param name="NameWithTypeParameters">The name as written in a declaration, such as <c>Outer&lt;T&gt;</c>.</param>
internal sealed record TypeDeclaration(string Keyword, string NameWithTypeParameters);
