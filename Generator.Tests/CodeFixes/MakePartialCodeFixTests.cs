using System.Threading.Tasks;
using NetGen.CodeFixes;
using NetGen.Tests.Infrastructure;
using Xunit;

namespace NetGen.Tests.CodeFixes;

/// <summary>NG0001 and NG0002: the fix adds 'partial' where it is missing, on every declaration, and the network then generates.</summary>
public class MakePartialCodeFixTests
{
    [Fact]
    public Task NetworkClassBecomesPartial() =>
        NetGenCodeFixTest<MakePartialCodeFix>.VerifyAsync(
            """
            using NetGen;

            [Linear(4, 8), ReLU, Linear(8, 1)]
            public sealed class {|NG0001:Net|} { }
            """,
            """
            using NetGen;

            [Linear(4, 8), ReLU, Linear(8, 1)]
            public sealed partial class Net { }
            """);

    [Fact]
    public Task ClassWithoutModifiersKeepsItsIndentationAndComment() =>
        NetGenCodeFixTest<MakePartialCodeFix>.VerifyAsync(
            """
            namespace Models
            {
                [NetGen.Linear(2, 1)]
                // a comment before the keyword
                class {|NG0001:Net|} { }
            }
            """,
            """
            namespace Models
            {
                [NetGen.Linear(2, 1)]
                // a comment before the keyword
                partial class Net { }
            }
            """);

    [Fact]
    public Task EveryDeclarationOfTheClassBecomesPartialAcrossFiles() =>
        NetGenCodeFixTest<MakePartialCodeFix>.VerifyAsync(
            ("Net.cs",
             "[NetGen.Linear(2, 1)]\npublic partial class {|NG0001:Net|} { }\n",
             "[NetGen.Linear(2, 1)]\npublic partial class Net { }\n"),
            ("Net.Members.cs",
             "public class {|CS0260:Net|} { public int Extra => 1; }\n",
             "public partial class Net { public int Extra => 1; }\n"));

    [Fact]
    public Task ContainingTypesBecomePartialAtEveryDepth() =>
        NetGenCodeFixTest<MakePartialCodeFix>.VerifyAsync(
            """
            public static class Outer
            {
                internal class Middle
                {
                    [NetGen.Linear(2, 1)]
                    public partial class {|NG0002:{|NG0002:Net|}|} { }
                }
            }
            """,
            """
            public static partial class Outer
            {
                internal partial class Middle
                {
                    [NetGen.Linear(2, 1)]
                    public partial class Net { }
                }
            }
            """);

    [Fact]
    public Task ARecordThatContainsTheNetworkBecomesPartial() =>
        NetGenCodeFixTest<MakePartialCodeFix>.VerifyAsync(
            "public record Outer\n{\n    [NetGen.Linear(2, 1)]\n    public partial class {|NG0002:Net|} { }\n}\n",
            "public partial record Outer\n{\n    [NetGen.Linear(2, 1)]\n    public partial class Net { }\n}\n");
}
