using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace NetGen.Tests.Fuzzing;

/// <summary>One random input for the generator: one or two source files that declare one network-shaped type.</summary>
/// <param name="Id">Every name the case declares (namespace, file, global type) contains <c>C{Id}</c>, so that a
/// diagnostic or a generated file can be traced back to the case by its path or its name.</param>
/// <param name="Files">The source files, each (path, text).</param>
/// <param name="DeclaresKnownAttribute">The case puts at least one of the runtime's layer or loss attributes on a class
/// declaration, so the generator must answer it with code or a diagnostic (never silence).</param>
/// <param name="NeedsOwnCompilation">The case declares in the global namespace (helper types such as Base or Outer
/// would collide with another case's), so it is never batched with other cases.</param>
public sealed record FuzzCase(int Id, IReadOnlyList<(string Path, string Text)> Files, bool DeclaresKnownAttribute, bool NeedsOwnCompilation)
{
    public string Describe() =>
        string.Join("\n", Files.Select(file => $"// ---- {file.Path}\n{file.Text}"));
}

/// <summary>
/// Builds random network declarations from a seeded <see cref="Random"/>: random layer sequences over every known layer,
/// arguments of every shape (zero, negative, huge, NaN, wrong types, named, constants, expressions, missing), type
/// shapes (partial or not, nested, generic, record, struct, static, abstract, sealed, file-local, primary constructor),
/// several partial declarations, same-named attributes from another namespace, members that clash with generated ones,
/// base classes without parameterless constructors, and, for some cases, syntax errors (truncated source, broken
/// attribute lists). The same seed gives the same cases.
/// </summary>
public sealed class RandomDeclarationBuilder
{
    private readonly Random _random;

    public RandomDeclarationBuilder(int seed) => _random = new Random(seed);

    /// <summary>The activations with no arguments.</summary>
    private static readonly string[] PlainActivations =
    {
        "ReLU", "Sigmoid", "Tanh", "Softmax", "LogSoftmax", "BinaryStep", "SiLU", "Mish", "SELU", "ReLU6",
        "Hardsigmoid", "Hardswish", "Softsign", "LogSigmoid", "Tanhshrink", "Identity",
    };

    private static readonly string[] Losses =
    {
        "BCELoss", "CrossEntropyLoss", "MSELoss", "L1Loss", "SmoothL1Loss(0.5)", "HuberLoss(delta: 2)", "NLLLoss", "SmoothL1Loss(-1)",
        "HuberLoss(0)", "CrossEntropyLoss(0.1)", "CrossEntropyLoss(labelSmoothing: 2)", "CrossEntropyLoss(Weight = new[] { 1.0, 2.0 })",
        "CrossEntropyLoss(Weight = null)", "CrossEntropyLoss(Weight = new double[0])", "HuberLoss(double.NaN)",
    };

    /// <summary>Type names, some of which are generated member names or contextual keywords.</summary>
    private static readonly string[] TypeNames =
    {
        "Net", "Net", "Net", "Net", "Tiny", "Classifier", "@class", "@event", "Forward", "InputSize", "Parameters",
        "Gradients", "Backward", "ParameterLayout", "partial", "var", "async", "await", "nameof", "dynamic", "p",
        "input", "Nétwork", "Сеть", "Net\\u0031", "Guard", "Activations", "NetGen", "System", "INetwork", "Kernels",
    };

    private static readonly string[] TypeParameterNames = { "T", "TItem", "p", "input", "random", "i", "h0_0", "dp", "scale", "@class", "Forward", "InputSize", "Net" };

    /// <summary>Members a user might already have, some of which clash with the generated ones.</summary>
    private static readonly string[] UserMembers =
    {
        "public void Forward() { }",
        "public void Forward(float[] x) { }",
        "public int InputSize => 1;",
        "public const int OutputSize = 3;",
        "public {0}() { }",
        "public {0}(int seed) { }",
        "public {0}(string name) { }",
        "public {0}(int seed, int other) { }",
        "private int _parameters;",
        "private readonly float[] _gradients = new float[1];",
        "public void Backward(int x) { }",
        "public int ComputeGradients;",
        "private void AccumulateSampleGradients() { }",
        "public static int ParameterCount() => 0;",
        "public class Forward { }",
        "public float p;",
        "public float input;",
        "public static float scale = 1;",
        "public override string ToString() => \"net\";",
        "public int Value { get; set; }",
        "public static void Helper() { }",
        "public void Train() { var x = new float[1]; }",
        "public System.Span<float> Span => default;",
        "public int Broken => UndefinedSymbol;",
    };

    public FuzzCase Next(int id)
    {
        string ns = $"Fuzz.C{id}";
        bool globalNamespace = Chance(0.05);
        bool fileScopedNamespace = !globalNamespace && Chance(0.2);
        string typeName = globalNamespace ? $"C{id}_{Pick("Net", "Tiny", "Model")}" : (Chance(0.7) ? "Net" : Pick(TypeNames));
        string plainName = typeName.TrimStart('@').Replace("\\u0031", "1");
        var usings = new List<string> { "using NetGen;" };
        if (Chance(0.1)) usings.Clear();
        bool useAlias = Chance(0.1);
        if (useAlias) usings.Add("using NL = NetGen.LinearAttribute;");
        if (Chance(0.05)) usings.Add("using static System.Math;");

        var helpers = new StringBuilder();
        bool hasOther = Chance(0.15);
        if (hasOther)
        {
            helpers.AppendLine("namespace Other");
            helpers.AppendLine("{");
            helpers.AppendLine("    class ReLUAttribute : System.Attribute { }");
            helpers.AppendLine("    class LinearAttribute : System.Attribute { public LinearAttribute(int a, int b) { } }");
            helpers.AppendLine("    class BCELossAttribute : System.Attribute { }");
            helpers.AppendLine("    class CustomLayerAttribute : NetGen.LayerAttribute { }");
            helpers.AppendLine("    class CustomActivationAttribute : NetGen.ActivationAttribute { }");
            helpers.AppendLine("}");
        }
        if (Chance(0.3))
            helpers.AppendLine("static class Sizes { public const int In = 4; public const int Hidden = 8; public const float Slope = 0.2f; }");

        // The base class, if any.
        string baseClause = "";
        string baseDeclaration = "";
        if (Chance(0.2))
        {
            (baseClause, baseDeclaration) = _random.Next(9) switch
            {
                0 => ("Base", "public class Base { }"),
                1 => ("Base", "public class Base { public Base(int x) { } }"),
                2 => ("Base", "public class Base { public Base(int x = 1) { } }"),
                3 => ("Base", "public class Base { protected Base() { } }"),
                4 => ("Base", "public class Base { private Base() { } }"),
                5 => ("Base", "public class Base { public Base(params int[] x) { } }"),
                6 => ("Base", "public abstract class Base { public abstract void Train(); }"),
                7 => ("BaseNet", "[Linear(2, 3)] public partial class BaseNet { }"),
                _ => ("System.Exception", ""),
            };
        }

        if (globalNamespace && baseDeclaration.Length > 0)
        {
            baseDeclaration = baseDeclaration.Replace("Base", $"C{id}_Base");
            baseClause = $"C{id}_" + baseClause;
        }

        // The attribute lists of the network.
        bool sensible = Chance(0.6);
        var attributes = new List<string>();
        bool declaresKnown = false;
        int layerCount = _random.Next(Chance(0.1) ? 0 : 1, 8);
        int width = sensible ? Width() : 0;
        for (int k = 0; k < layerCount; k++)
        {
            if (Chance(sensible ? 0.45 : 0.35))
            {
                int inFeatures = sensible ? width : Width();
                int outFeatures = Width();
                attributes.Add(Linear(inFeatures, outFeatures, sensible, useAlias));
                width = outFeatures;
                declaresKnown = true;
            }
            else if (hasOther && Chance(0.15))
                attributes.Add(Pick("Other.ReLU", "Other.Linear(4, 8)", "Other.CustomLayer", "Other.CustomActivation", "Other.ReLUAttribute"));
            else if (Chance(0.2))
            {
                attributes.Add(CatalogLayer(sensible, width));
                declaresKnown = true;
            }
            else
            {
                attributes.Add(Activation(sensible));
                declaresKnown = true;
            }
        }
        if (sensible && !attributes.Any(a => a.Contains("Linear(") || a.Contains("NL(")))
            attributes.Insert(0, Linear(Width(), width = Width(), true, useAlias));
        if (Chance(0.6))
        {
            string loss = Pick(Losses);
            if (sensible && loss == "BCELoss" && Chance(0.7)) attributes.Add(Qualify("Sigmoid"));
            if (sensible && loss == "CrossEntropyLoss" && Chance(0.5)) attributes.Add(Qualify("Softmax"));
            attributes.Add(Qualify(loss));
            declaresKnown = true;
        }
        if (Chance(0.04)) attributes.Add(Qualify(Pick(Losses)));
        if (hasOther && Chance(0.1)) attributes.Add("Other.BCELoss");

        // Split the attributes into one or several lists, on one or two partial declarations.
        int declarations = Chance(0.15) ? 2 : 1;
        bool layersInBoth = declarations == 2 && Chance(0.5) && attributes.Count > 1;
        var firstLists = new List<string>();
        var secondLists = new List<string>();
        int split = layersInBoth ? _random.Next(1, attributes.Count) : attributes.Count;
        firstLists.AddRange(AttributeLists(attributes.Take(split).ToList()));
        secondLists.AddRange(AttributeLists(attributes.Skip(split).ToList()));

        // The type's shape.
        (string modifier, string keyword) = _random.Next(40) switch
        {
            0 => ("", "record"),
            1 => ("", "struct"),
            2 => ("", "record struct"),
            3 => ("", "interface"),
            4 => ("static ", "class"),
            5 => ("abstract ", "class"),
            6 => ("sealed ", "class"),
            7 => ("file ", "class"),
            8 => ("", "record class"),
            _ => ("", "class"),
        };
        bool isPartial = Chance(0.93);
        string typeParameters = Chance(0.12)
            ? "<" + string.Join(", ", Enumerable.Range(0, _random.Next(1, 3)).Select(i => TypeParameterNames[(_random.Next(TypeParameterNames.Length) + i) % TypeParameterNames.Length]).Distinct()) + ">"
            : "";
        string constraints = typeParameters.Length > 0 && Chance(0.3) ? $" where {typeParameters.Trim('<', '>').Split(',')[0].Trim()} : struct" : "";
        string primaryConstructor = Chance(0.06) ? "(int size)" : "";
        string access = modifier == "file " ? "" : Pick("public ", "", "internal ", "public ");
        string baseList = baseClause.Length > 0 && !keyword.Contains("struct") && keyword != "interface" && modifier != "static " ? " : " + baseClause : "";
        var members = new List<string>();
        if (Chance(0.15)) members.Add("private const int N = 4;");
        int memberCount = Chance(0.25) ? _random.Next(1, 3) : 0;
        for (int m = 0; m < memberCount; m++) members.Add(Pick(UserMembers).Replace("{0}", typeName));

        string Declaration(IEnumerable<string> lists, bool withBase, IEnumerable<string> body, string indent)
        {
            var sb = new StringBuilder();
            foreach (string list in lists) sb.AppendLine(indent + list);
            sb.Append(indent).Append(access).Append(modifier).Append(isPartial ? "partial " : "").Append(keyword);
            sb.Append(' ').Append(typeName).Append(typeParameters).Append(withBase ? primaryConstructor : "").Append(withBase ? baseList : "").Append(constraints);
            sb.AppendLine();
            sb.AppendLine(indent + "{");
            foreach (string member in body) sb.AppendLine(indent + "    " + member);
            sb.AppendLine(indent + "}");
            return sb.ToString();
        }

        string first = Declaration(firstLists, true, members, "    ");
        string? second = declarations == 2 ? Declaration(secondLists, false, Chance(0.3) ? new[] { "public int Extra;" } : Array.Empty<string>(), "    ") : null;

        // The containing types, if nested.
        (string open, string close) = _random.Next(14) switch
        {
            0 => ("public partial class Outer\n{\n", "}\n"),
            1 => ("public class Outer\n{\n", "}\n"),
            2 => ("public partial class Outer<TOuter> where TOuter : new()\n{\n", "}\n"),
            3 => ("public partial struct Outer\n{\n", "}\n"),
            4 => ("public partial record Outer(int X)\n{\n", "}\n"),
            5 => ("public static partial class Outer\n{\n", "}\n"),
            6 => ("public partial class Outer\n{\n    public partial class Middle<TMiddle>\n    {\n", "    }\n}\n"),
            7 => ("public readonly partial struct Outer\n{\n", "}\n"),
            8 => ("public partial interface IOuter\n{\n", "}\n"),
            9 => ("public partial class Outer\n{\n    public class Middle\n    {\n", "    }\n}\n"),
            10 => ("file partial class Outer\n{\n", "}\n"),
            _ => ("", ""),
        };

        var text = new StringBuilder();
        foreach (string u in usings) text.AppendLine(u);
        text.AppendLine();
        string body = open + first + (second is not null && Chance(0.5) ? second : "") + close;
        bool secondInOtherFile = second is not null && !body.Contains(second);
        string rest = helpers + baseDeclaration + "\n" + body;
        if (globalNamespace) text.Append(rest);
        else if (fileScopedNamespace) text.AppendLine($"namespace {ns};").AppendLine().Append(rest);
        else text.AppendLine($"namespace {ns}").AppendLine("{").Append(rest).AppendLine("}");

        var files = new List<(string, string)> { ($"C{id}_a.cs", text.ToString()) };
        if (secondInOtherFile)
        {
            string other = "using NetGen;\n" + (useAlias ? "using NL = NetGen.LinearAttribute;\n" : "")
                + (globalNamespace ? "" : $"namespace {ns}\n{{\n") + open + second + close + (globalNamespace ? "" : "}\n");
            files.Add(($"C{id}_b.cs", other));
        }

        // Some cases get a syntax error: a truncated file or a broken attribute list.
        if (Chance(0.12))
        {
            int index = _random.Next(files.Count);
            (string path, string source) = files[index];
            files[index] = (path, BreakSyntax(source));
            // A file cut before its first attribute list can be whole C# ("using NetGen;") that declares nothing.
            if (!files.Any(file => file.Item2.Contains('['))) declaresKnown = false;
        }
        return new FuzzCase(id, files, declaresKnown && keyword != "interface", globalNamespace);
    }

    private string BreakSyntax(string source)
    {
        int bracket = source.IndexOf('[');
        switch (_random.Next(6))
        {
            case 0:
            case 1:
                return source.Substring(0, _random.Next(source.Length));
            case 2 when bracket >= 0:
                return source.Remove(source.IndexOf(']', bracket), 1);
            case 3 when bracket >= 0:
                return source.Insert(bracket, "[");
            case 4 when source.Contains("),"):
                return source.Replace("),", ")");
            case 5 when source.Contains('('):
                int paren = source.IndexOf('(', Math.Max(bracket, 0));
                return paren >= 0 ? source.Remove(paren, 1) : source + "]";
            default:
                return source.Insert(_random.Next(source.Length), Pick("]", "[", ",,", "(", ")", "}", "{", "\""));
        }
    }

    private IEnumerable<string> AttributeLists(List<string> attributes)
    {
        int i = 0;
        while (i < attributes.Count)
        {
            int take = Chance(0.5) ? attributes.Count - i : _random.Next(1, attributes.Count - i + 1);
            string trailingComma = Chance(0.03) ? "," : "";
            yield return "[" + string.Join(", ", attributes.Skip(i).Take(take)) + trailingComma + "]";
            i += take;
        }
    }

    /// <summary>
    /// Mostly small widths (unrolled code); now and then one over 1,024, so that its layers take the looped path (the unroll limit is 256 weights)
    /// whatever the other width (mid-sized unrolled layers only cost compile time and find nothing new).
    /// </summary>
    private int Width() => _random.Next(40) switch
    {
        0 => _random.Next(1025, 1200),
        _ => _random.Next(1, 7),
    };

    private string Qualify(string name) => _random.Next(12) switch
    {
        0 => "NetGen." + name,
        1 => "global::NetGen." + name + "Attribute",
        2 => name + "Attribute",
        _ => name,
    };

    private string Linear(int inFeatures, int outFeatures, bool sensible, bool useAlias)
    {
        string name = useAlias && Chance(0.5) ? "NL" : Qualify("Linear");
        if (sensible)
        {
            string bias = Chance(0.2) ? Pick(", Bias = false", ", Bias = true") : "";
            return _random.Next(6) switch
            {
                0 => $"{name}(inFeatures: {inFeatures}, outFeatures: {outFeatures}{bias})",
                1 => $"{name}(outFeatures: {outFeatures}, inFeatures: {inFeatures}{bias})",
                2 => $"{name}({inFeatures} * 1, {outFeatures} + 0{bias})",
                _ => $"{name}({inFeatures}, {outFeatures}{bias})",
            };
        }
        string Size(int fallback) => _random.Next(16) switch
        {
            0 => "0",
            1 => "-" + _random.Next(1, 5),
            2 => "int.MaxValue",
            3 => "100000",
            4 => "46341",
            5 => "N",
            6 => "N * 2",
            7 => "Sizes.Hidden",
            8 => "4.5f",
            9 => "\"4\"",
            10 => "null",
            11 => "int.MinValue",
            12 => "(int)4.7",
            13 => "1 << 3",
            _ => fallback.ToString(),
        };
        return _random.Next(12) switch
        {
            0 => $"{name}({Size(inFeatures)})",
            1 => $"{name}",
            2 => $"{name}({Size(inFeatures)}, {Size(outFeatures)}, {Size(1)})",
            3 => $"{name}({Size(inFeatures)}, {Size(outFeatures)}, Bias = {Pick("false", "1", "N > 2", "null", "true")})",
            4 => $"{name}(inFeatures: {Size(inFeatures)}, outFeatures: {Size(outFeatures)})",
            5 => $"{name}(in: {Size(inFeatures)}, out: {Size(outFeatures)})",
            6 => $"{name}({Size(inFeatures)}, {Size(outFeatures)}, Bias = false, Bias = true)",
            _ => $"{name}({Size(inFeatures)}, {Size(outFeatures)})",
        };
    }

    private string Float(string fallback) => _random.Next(22) switch
    {
        0 => "float.NaN",
        1 => "float.PositiveInfinity",
        2 => "float.NegativeInfinity",
        3 => "float.MaxValue",
        4 => "-float.MaxValue",
        5 => "float.Epsilon",
        6 => "0f",
        7 => "-0f",
        8 => "1",
        9 => "0.2",
        10 => "\"x\"",
        11 => "1f / 3",
        12 => "-2.5f",
        13 => "1e30f",
        14 => "Sizes.Slope",
        15 => "null",
        16 => "0.0f / 0.0f",
        _ => fallback,
    };

    private string Activation(bool sensible)
    {
        string name = Pick(PlainActivations.Concat(new[] { "LeakyReLU", "GELU", "ELU", "CELU", "Softplus", "Hardtanh" }).ToArray());
        string q = Qualify(name);
        if (sensible)
        {
            return name switch
            {
                "LeakyReLU" => Pick(q, $"{q}(0.2f)", $"{q}(negativeSlope: 0.2f)", $"{q}(-1.5f)", $"{q}(0)"),
                "GELU" => Pick(q, $"{q}(\"tanh\")", $"{q}(\"none\")", $"{q}(approximate: \"tanh\")"),
                "ELU" or "CELU" => Pick(q, $"{q}(0.5f)", $"{q}(alpha: 2f)", $"{q}(-1f)"),
                "Softplus" => Pick(q, $"{q}(2f)", $"{q}(beta: 0.5f, threshold: 10f)", $"{q}(-1f, 5f)"),
                "Hardtanh" => Pick(q, $"{q}(-2f, 2f)", $"{q}(minVal: 0f, maxVal: 6f)", $"{q}(-3.4028235E+38f, 3.4028235E+38f)"),
                _ => q,
            };
        }
        return _random.Next(8) switch
        {
            0 => $"{q}({Float("0.1f")})",
            1 => $"{q}({Float("1f")}, {Float("2f")})",
            2 => $"{q}({Float("1f")}, {Float("2f")}, {Float("3f")})",
            3 => name == "GELU" ? $"{q}({Pick("\"tanh\"", "\"\"", "null", "\"TANH\"", "\"exact\"", "1", "approximate: \"none\"")})" : $"{q}()",
            4 => $"{q}(negativeSlope: {Float("0.3f")})",
            5 => $"{q}(alpha: {Float("0.3f")})",
            6 => $"{q}(minVal: {Float("1f")}, maxVal: {Float("-1f")})",
            _ => q,
        };
    }

    /// <summary>Dropout, LayerNorm, BatchNorm1d or PReLU: the width before it (sensible), or any size and argument.</summary>
    private string CatalogLayer(bool sensible, int width)
    {
        string name = Pick("Dropout", "LayerNorm", "BatchNorm1d", "PReLU");
        string q = Qualify(name);
        if (sensible)
        {
            return name switch
            {
                "Dropout" => Pick(q, $"{q}(0.2)", $"{q}(p: 0.5)", $"{q}(0)"),
                "LayerNorm" => Pick($"{q}({width})", $"{q}({width}, 1e-3)", $"{q}({width}, elementwiseAffine: false)"),
                "BatchNorm1d" => Pick($"{q}({width})", $"{q}({width}, momentum: 0.3)", $"{q}(numFeatures: {width}, eps: 1e-3, momentum: 0)"),
                _ => Pick(q, $"{q}({width})", $"{q}(1, 0.1)", $"{q}(init: 0.5)"),
            };
        }
        string size = Pick("0", "-1", "int.MaxValue", "4.5", "\"4\"", "null", width.ToString(), "N");
        return _random.Next(6) switch
        {
            0 => $"{q}({size})",
            1 => $"{q}({size}, {Float("1e-5")})",
            2 => $"{q}({size}, {Float("1e-5")}, {Pick("true", "false", Float("0.1"))})",
            3 => $"{q}(p: {Float("0.5")})",
            4 => $"{q}({Float("0.5")})",
            _ => q,
        };
    }

    private bool Chance(double probability) => _random.NextDouble() < probability;

    private T Pick<T>(params T[] items) => items[_random.Next(items.Length)];
}
