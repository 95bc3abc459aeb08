using System.Threading.Tasks;
using Xunit;
using Harness = NetGen.Tests.Infrastructure.NetGenCodeFixTest<NetGen.CodeFixes.FixAttributeLiteralCodeFix>;

namespace NetGen.Tests.CodeFixes;

/// <summary>
/// NG0014: a literal of the wrong type is rewritten when its meaning is plain (a whole real or a number in a string for
/// an int, a decimal or a string for a double); nothing is offered when the value would have to be guessed.
/// </summary>
public class FixAttributeLiteralCodeFixTests
{
    [Fact]
    public Task WholeRealsAndNumericStringsBecomeInts() =>
        Harness.VerifyAsync(
            """
            using NetGen;

            [{|NG0014:Linear(4.0, "8")|}, ReLU, Linear(8, 1)]
            public partial class Net { }
            """,
            """
            using NetGen;

            [Linear(4, 8), ReLU, Linear(8, 1)]
            public partial class Net { }
            """,
            1,
            Harness.CompilerError("CS1503", 3, 9, 12),
            Harness.CompilerError("CS1503", 3, 14, 17));

    [Fact]
    public Task DecimalsAndNumericStringsBecomeDoubles() =>
        Harness.VerifyAsync(
            """
            using NetGen;

            [Linear(4, 4), {|NG0014:LeakyReLU(0.2m)|}, {|NG0014:Hardtanh("-2", 2)|}]
            public partial class Net { }
            """,
            """
            using NetGen;

            [Linear(4, 4), LeakyReLU(0.2), Hardtanh(-2, 2)]
            public partial class Net { }
            """,
            2,
            Harness.CompilerError("CS1503", 3, 26, 30),
            Harness.CompilerError("CS1503", 3, 42, 46));

    [Fact]
    public Task NothingIsOfferedWhenTheValueWouldBeAGuess() =>
        Harness.VerifyNoFixAsync(
            """
            using NetGen;

            [{|NG0014:Linear(4.5, 8)|}, {|NG0014:Linear(8)|}]
            public partial class Net { }
            """,
            Harness.CompilerError("CS1503", 3, 9, 12),
            Harness.CompilerError("CS7036", 3, 18, 27));
}
