using System.Threading.Tasks;
using NetGen.CodeFixes;
using NetGen.Tests.Infrastructure;
using Xunit;

namespace NetGen.Tests.CodeFixes;

/// <summary>NG0003: the fix gives a Linear the width the layer before it outputs, and the network then generates.</summary>
public class FixLinearWidthCodeFixTests
{
    [Fact]
    public Task InFeaturesBecomesThePreviousLinearsOutFeatures() =>
        NetGenCodeFixTest<FixLinearWidthCodeFix>.VerifyAsync(
            """
            using NetGen;

            [Linear(4, 8), ReLU, {|NG0003:Linear(9, 1)|}, Sigmoid]
            public partial class Net { }
            """,
            """
            using NetGen;

            [Linear(4, 8), ReLU, Linear(8, 1), Sigmoid]
            public partial class Net { }
            """);

    [Fact]
    public Task EveryMismatchIsFixedAndNamedArgumentsAndConstantsAreKept() =>
        NetGenCodeFixTest<FixLinearWidthCodeFix>.VerifyAsync(
            """
            using NetGen;

            public partial class Net
            {
                private const int Hidden = 16;
            }

            [Linear(3, Net.Hidden)]
            [Tanh]
            [{|NG0003:Linear(outFeatures: 5, inFeatures: 15)|}]
            [{|NG0003:Linear(2, 2, Bias = false)|}]
            public partial class Net { }
            """,
            """
            using NetGen;

            public partial class Net
            {
                private const int Hidden = 16;
            }

            [Linear(3, Net.Hidden)]
            [Tanh]
            [Linear(outFeatures: 5, inFeatures: 16)]
            [Linear(5, 2, Bias = false)]
            public partial class Net { }
            """,
            iterations: 2);
}
