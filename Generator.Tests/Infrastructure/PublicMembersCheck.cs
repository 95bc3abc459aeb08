using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using NetGen.Generator.Catalog;
using NetGen.Generator.Model;
using Xunit;

namespace NetGen.Tests.Infrastructure;

/// <summary>
/// The public members DESIGN.md promises on an emitted class, read by reflection and compared with its model:
/// the size constants, the state_dict layout, the declared layers and loss, the interfaces, and the constructors
/// (seeded as torch.nn.Linear, or the baked parameters), and the length checks of the passes.
/// </summary>
internal static class PublicMembersCheck
{
    public static void Check(Type type, NetworkSpec network)
    {
        Assert.Equal(network.InputSize, Constant(type, "InputSize"));
        Assert.Equal(network.OutputSize, Constant(type, "OutputSize"));
        Assert.Equal(network.ParameterCount, Constant(type, "ParameterCount"));

        var layout = (IReadOnlyList<ParameterTensor>)Static(type, "ParameterLayout")!;
        Assert.Equal(ExpectedLayout(network), layout.Select(tensor => tensor.ToString()));

        var layers = (IReadOnlyList<LayerAttribute>)Static(type, "Layers")!;
        Assert.Equal(network.Layers.Count, layers.Count);
        for (int k = 0; k < layers.Count; k++)
        {
            switch (network.Layers[k])
            {
                case LinearSpec linear:
                    var attribute = Assert.IsType<LinearAttribute>(layers[k]);
                    Assert.Equal((linear.InFeatures, linear.OutFeatures, linear.HasBias), (attribute.InFeatures, attribute.OutFeatures, attribute.Bias));
                    break;
                case ActivationSpec activation:
                    Assert.Equal(activation.Entry.Name + "Attribute", layers[k].GetType().Name);
                    break;
            }
        }

        var loss = (LossAttribute?)Static(type, "Loss");
        Assert.Equal(network.LossEntry is { } entry ? entry.Name + "Attribute" : null, loss?.GetType().Name);

        Assert.True(typeof(INetwork).IsAssignableFrom(type), $"{type.Name} is not an INetwork");
        Assert.Equal(network.Loss != LossKind.None, typeof(ITrainableNetwork).IsAssignableFrom(type));
        Assert.Equal(network.LossEntry?.TakesLabels == true, typeof(IClassifierNetwork).IsAssignableFrom(type));

        CheckConstructors(type, network);
        CheckLengthGuards(Create(type, 7), network);
    }

    /// <summary>A span of the wrong length gets an ArgumentException naming the expected size, and nothing is written.</summary>
    private static void CheckLengthGuards(INetwork instance, NetworkSpec network)
    {
        var output = Enumerable.Repeat(-7f, network.OutputSize).ToArray();
        var error = Assert.ThrowsAny<ArgumentException>(() => instance.Forward(new float[network.InputSize + 1], output));
        Assert.Contains($"expected {network.InputSize}", error.Message);
        Assert.All(output, value => Assert.Equal(-7f, value));

        var inputGradient = Enumerable.Repeat(-7f, network.InputSize).ToArray();
        float[] gradients = instance.Gradients.ToArray();
        error = Assert.ThrowsAny<ArgumentException>(() => instance.Backward(new float[network.InputSize], new float[network.OutputSize + 1], inputGradient));
        Assert.Contains($"expected {network.OutputSize}", error.Message);
        Assert.All(inputGradient, value => Assert.Equal(-7f, value));
        Assert.Equal(gradients, instance.Gradients.ToArray());

        var outputs = Enumerable.Repeat(-7f, 2 * network.OutputSize).ToArray();
        error = Assert.ThrowsAny<ArgumentException>(() => instance.ForwardBatch(ReadOnlySpan<float>.Empty, outputs));
        Assert.Contains($"InputSize ({network.InputSize})", error.Message);
        Assert.All(outputs, value => Assert.Equal(-7f, value));

        if (instance is not ITrainableNetwork trainable) return;
        error = Assert.ThrowsAny<ArgumentException>(() => trainable.ComputeGradients(new float[2 * network.InputSize], new float[2 * network.OutputSize + 1]));
        Assert.Contains($"expected {2 * network.OutputSize}", error.Message);
        Assert.Equal(gradients, instance.Gradients.ToArray());
    }

    private static void CheckConstructors(Type type, NetworkSpec network)
    {
        INetwork first = Create(type, 7), again = Create(type, 7), other = Create(type, 8);
        Assert.Equal(network.ParameterCount, first.Parameters.Length);
        Assert.Equal(network.ParameterCount, first.Gradients.Length);
        Assert.Equal(first.Parameters.ToArray(), again.Parameters.ToArray());
        Assert.NotEqual(first.Parameters.ToArray(), other.Parameters.ToArray());
        foreach (LinearSpec linear in network.Layers.OfType<LinearSpec>())
        {
            // torch.nn.Linear: weight and bias uniform in ±1/√in_features.
            float bound = (float)(1 / Math.Sqrt(linear.InFeatures));
            float[] values = first.Parameters.Slice(linear.WeightOffset, linear.WeightCount).ToArray();
            if (linear.HasBias) values = values.Concat(first.Parameters.Slice(linear.BiasOffset, linear.OutFeatures).ToArray()).ToArray();
            Assert.All(values, value => Assert.InRange(value, -bound, bound));
            Assert.Contains(values, value => value != 0);
        }

        if (!network.BakedParameters.IsEmpty)
        {
            var baked = (INetwork)Activator.CreateInstance(type)!;
            Assert.Equal(network.BakedParameters.ToArray(), baked.Parameters.ToArray());
        }
    }

    private static IEnumerable<string> ExpectedLayout(NetworkSpec network)
    {
        foreach (LinearSpec linear in network.Layers.OfType<LinearSpec>())
        {
            yield return new ParameterTensor($"{linear.Index}.weight", linear.WeightOffset, linear.OutFeatures, linear.InFeatures).ToString();
            if (linear.HasBias) yield return new ParameterTensor($"{linear.Index}.bias", linear.BiasOffset, linear.OutFeatures).ToString();
        }
    }

    private static INetwork Create(Type type, int seed) => (INetwork)Activator.CreateInstance(type, seed)!;

    private static int Constant(Type type, string name)
    {
        FieldInfo field = type.GetField(name, BindingFlags.Public | BindingFlags.Static)
                          ?? throw new Xunit.Sdk.XunitException($"{type.Name} has no public constant {name}");
        Assert.True(field.IsLiteral, $"{type.Name}.{name} is not a const");
        return (int)field.GetRawConstantValue()!;
    }

    private static object? Static(Type type, string name) =>
        (type.GetProperty(name, BindingFlags.Public | BindingFlags.Static)
         ?? throw new Xunit.Sdk.XunitException($"{type.Name} has no public static {name}")).GetValue(null);
}
