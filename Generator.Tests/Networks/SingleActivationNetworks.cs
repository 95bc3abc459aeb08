using System;
using System.Collections.Generic;

namespace NetGen.Tests.Networks;

// One network a form of activation, each with its default arguments, between a Linear with a bias and one without:
// [Linear(4, 4), activation, Linear(4, 4, Bias = false)]. With both weights set to the identity (and the bias to 0)
// the network's output is the activation itself, value for value, which lets a test probe any input, tails included.

#pragma warning disable NG0007 // Softmax not last: on purpose, the second Linear follows every activation alike
#pragma warning disable NG0008 // nothing before a BinaryStep learns: these networks are only run forward

[Linear(4, 4), ReLU, Linear(4, 4, Bias = false)] public partial class ReLUOnly { }
[Linear(4, 4), LeakyReLU, Linear(4, 4, Bias = false)] public partial class LeakyReLUOnly { }
[Linear(4, 4), Sigmoid, Linear(4, 4, Bias = false)] public partial class SigmoidOnly { }
[Linear(4, 4), Tanh, Linear(4, 4, Bias = false)] public partial class TanhOnly { }
[Linear(4, 4), Softmax, Linear(4, 4, Bias = false)] public partial class SoftmaxOnly { }
[Linear(4, 4), LogSoftmax, Linear(4, 4, Bias = false)] public partial class LogSoftmaxOnly { }
[Linear(4, 4), BinaryStep, Linear(4, 4, Bias = false)] public partial class BinaryStepOnly { }
[Linear(4, 4), GELU, Linear(4, 4, Bias = false)] public partial class GELUOnly { }
[Linear(4, 4), GELU("tanh"), Linear(4, 4, Bias = false)] public partial class GELUTanhOnly { }
[Linear(4, 4), SiLU, Linear(4, 4, Bias = false)] public partial class SiLUOnly { }
[Linear(4, 4), Mish, Linear(4, 4, Bias = false)] public partial class MishOnly { }
[Linear(4, 4), ELU, Linear(4, 4, Bias = false)] public partial class ELUOnly { }
[Linear(4, 4), CELU, Linear(4, 4, Bias = false)] public partial class CELUOnly { }
[Linear(4, 4), SELU, Linear(4, 4, Bias = false)] public partial class SELUOnly { }
[Linear(4, 4), Softplus, Linear(4, 4, Bias = false)] public partial class SoftplusOnly { }
[Linear(4, 4), Hardtanh, Linear(4, 4, Bias = false)] public partial class HardtanhOnly { }
[Linear(4, 4), ReLU6, Linear(4, 4, Bias = false)] public partial class ReLU6Only { }
[Linear(4, 4), Hardsigmoid, Linear(4, 4, Bias = false)] public partial class HardsigmoidOnly { }
[Linear(4, 4), Hardswish, Linear(4, 4, Bias = false)] public partial class HardswishOnly { }
[Linear(4, 4), Softsign, Linear(4, 4, Bias = false)] public partial class SoftsignOnly { }
[Linear(4, 4), LogSigmoid, Linear(4, 4, Bias = false)] public partial class LogSigmoidOnly { }
[Linear(4, 4), Tanhshrink, Linear(4, 4, Bias = false)] public partial class TanhshrinkOnly { }
[Linear(4, 4), Identity, Linear(4, 4, Bias = false)] public partial class IdentityOnly { }

#pragma warning restore NG0008
#pragma warning restore NG0007

// Two activations in a row at the start, two in the middle, with arguments that are not the defaults.
[ELU(0.5), Softplus(0.5, 3), Linear(3, 6, Bias = false), GELU("tanh"), Hardswish, Linear(6, 5), Hardtanh(-2, 2), LeakyReLU(0.2), Linear(5, 3), LogSoftmax]
public partial class TwoActivationsInARowNet { }

/// <summary>Every form of activation the generator supports, each in its own network (23 forms).</summary>
public static class SingleActivationNetworks
{
    public static readonly IReadOnlyDictionary<string, Func<int, INetwork>> ByActivation = new Dictionary<string, Func<int, INetwork>>
    {
        ["ReLU"] = seed => new ReLUOnly(seed),
        ["LeakyReLU"] = seed => new LeakyReLUOnly(seed),
        ["Sigmoid"] = seed => new SigmoidOnly(seed),
        ["Tanh"] = seed => new TanhOnly(seed),
        ["Softmax"] = seed => new SoftmaxOnly(seed),
        ["LogSoftmax"] = seed => new LogSoftmaxOnly(seed),
        ["BinaryStep"] = seed => new BinaryStepOnly(seed),
        ["GELU"] = seed => new GELUOnly(seed),
        ["GELU(\"tanh\")"] = seed => new GELUTanhOnly(seed),
        ["SiLU"] = seed => new SiLUOnly(seed),
        ["Mish"] = seed => new MishOnly(seed),
        ["ELU"] = seed => new ELUOnly(seed),
        ["CELU"] = seed => new CELUOnly(seed),
        ["SELU"] = seed => new SELUOnly(seed),
        ["Softplus"] = seed => new SoftplusOnly(seed),
        ["Hardtanh"] = seed => new HardtanhOnly(seed),
        ["ReLU6"] = seed => new ReLU6Only(seed),
        ["Hardsigmoid"] = seed => new HardsigmoidOnly(seed),
        ["Hardswish"] = seed => new HardswishOnly(seed),
        ["Softsign"] = seed => new SoftsignOnly(seed),
        ["LogSigmoid"] = seed => new LogSigmoidOnly(seed),
        ["Tanhshrink"] = seed => new TanhshrinkOnly(seed),
        ["Identity"] = seed => new IdentityOnly(seed),
    };
}
