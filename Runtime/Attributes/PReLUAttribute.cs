using System;

namespace NetGen;

/// <summary>
/// <c>nn.PReLU(num_parameters=1, init=0.25)</c>: x where x &gt; 0, else a·x (the slope also at 0, as PyTorch's gradient), with a learnt slope a — one for every
/// feature (<paramref name="numParameters"/> = the width) or one shared by all (1). Its parameter is
/// <c>{index}.weight</c>, <c>[numParameters]</c>, starting at <paramref name="init"/>.
/// </summary>
/// <param name="numParameters">1, or the width of the layer before it.</param>
/// <param name="init">The slopes' starting value.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class PReLUAttribute(int numParameters = 1, double init = 0.25) : LayerAttribute
{
    /// <summary>The number of slopes: 1 or the width.</summary>
    public int NumParameters { get; } = numParameters;

    /// <summary>The slopes' starting value.</summary>
    public float Init { get; } = (float)init;
}
