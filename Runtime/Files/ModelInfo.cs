using System.Collections.Generic;

namespace NetGen;

/// <summary>What a <see cref="ModelFile"/> holds besides the weights: the preprocessing and the names of the classes.</summary>
public sealed class ModelInfo
{
    /// <summary>Wraps what a model file held.</summary>
    public ModelInfo(Standardizer? standardizer, IReadOnlyList<string>? classNames)
    {
        Standardizer = standardizer;
        ClassNames = classNames;
    }

    /// <summary>The standardizer to apply to each sample before <c>Forward</c>, or null when the model was saved without one.</summary>
    public Standardizer? Standardizer { get; }

    /// <summary>The class of each output (two for a single-output binary classifier), or null when the model was saved without names.</summary>
    public IReadOnlyList<string>? ClassNames { get; }
}
