using System;

namespace NetGen;

/// <summary>
/// Base of every layer attribute. Layers are read in declaration order, as <c>nn.Sequential</c> holds them,
/// and the index of a layer is its position in that list (it names the parameters: <c>0.weight</c>, <c>2.bias</c>, …).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public abstract class LayerAttribute : Attribute
{
}

/// <summary>
/// Base of the activation attributes: layers that apply a function to each value (or, for
/// <see cref="SoftmaxAttribute"/> and <see cref="LogSoftmaxAttribute"/>, to the whole vector) and hold no parameters.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public abstract class ActivationAttribute : LayerAttribute
{
}

/// <summary>Base of the loss attributes; a network has at most one.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public abstract class LossAttribute : Attribute
{
}
