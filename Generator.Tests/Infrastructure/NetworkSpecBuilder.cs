using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Catalog;
using NetGen.Generator.Helpers;
using NetGen.Generator.Model;

namespace NetGen.Tests.Infrastructure;

/// <summary>
/// Builds a <see cref="NetworkSpec"/> by hand, as the parser would from <c>[Linear(5, 8), ReLU, …]</c>, without any C#:
/// layer indices in declaration order, activation widths from the layer before, parameter offsets in PyTorch
/// <c>state_dict</c> order (each Linear's weight, then its bias). The class goes into <see cref="Namespace"/>.
/// </summary>
internal sealed class NetworkSpecBuilder
{
    public const string Namespace = "EmitterTests";

    private readonly string _name;
    private readonly List<LayerSpec> _layers = new();
    private int _width;
    private int _parameters;
    private LossKind _loss;
    private float[]? _baked;

    private NetworkSpecBuilder(string name, int inputSize)
    {
        _name = name;
        _width = inputSize;
    }

    /// <summary>A network named <paramref name="name"/> whose input has <paramref name="inputSize"/> features.</summary>
    public static NetworkSpecBuilder Network(string name, int inputSize) => new(name, inputSize);

    public NetworkSpecBuilder Linear(int outFeatures, bool bias = true)
    {
        int weightOffset = _parameters;
        _parameters += _width * outFeatures;
        int biasOffset = bias ? _parameters : -1;
        if (bias) _parameters += outFeatures;
        _layers.Add(new LinearSpec(_layers.Count, _width, outFeatures, bias, weightOffset, biasOffset));
        _width = outFeatures;
        return this;
    }

    /// <summary>An activation with <paramref name="arguments"/> in its catalog entry's parameter order (defaults when none are given).</summary>
    public NetworkSpecBuilder Activation(ActivationKind kind, params float[] arguments)
    {
        ActivationEntry entry = ActivationCatalog.Get(kind);
        float[] values = arguments.Length > 0 ? arguments : entry.Parameters.Select(p => p.Default).ToArray();
        if (values.Length != entry.Parameters.Count)
            throw new ArgumentException($"{entry.Name} takes {entry.Parameters.Count} arguments; got {values.Length}.", nameof(arguments));
        if (entry.Check(values) is { } problem)
            throw new ArgumentException($"{entry.Name}: {problem}", nameof(arguments));
        _layers.Add(new ActivationSpec(_layers.Count, _width, kind, values.ToEquatableArray()));
        return this;
    }

    public NetworkSpecBuilder Loss(LossKind loss)
    {
        _loss = loss;
        return this;
    }

    /// <summary>Parameters baked in as a [Weights] file would give them (the parameterless constructor loads them).</summary>
    public NetworkSpecBuilder Baked(float[] parameters)
    {
        _baked = parameters;
        return this;
    }

    public NetworkSpec Build()
    {
        if (!_layers.OfType<LinearSpec>().Any()) throw new InvalidOperationException($"{_name} needs a Linear layer (the parser refuses one without).");
        if (_baked is not null && _baked.Length != _parameters)
            throw new InvalidOperationException($"{_name} has {_parameters} parameters; {_baked.Length} were baked.");
        var type = new TypeHierarchy(Namespace, EquatableArray<TypeDeclaration>.Empty, new TypeDeclaration("class", _name),
            $"{Namespace}.{_name}.g.cs");
        return new NetworkSpec(type, _layers.ToEquatableArray(), _loss, _layers[0].InFeatures, _width, _parameters, EquatableArray<string>.Empty)
        {
            BakedParameters = (_baked ?? Array.Empty<float>()).ToEquatableArray(),
        };
    }
}
