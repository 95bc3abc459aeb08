using System;

namespace NetGen.Benchmarks;

/// <summary>The activations the benchmark networks use.</summary>
public enum Activation { ReLU, Tanh, Sigmoid, Softmax }

/// <summary>
/// What the peers need to rebuild a benchmark network by hand: Linear(Input, Hidden) → HiddenActivation →
/// Linear(Hidden, Output) → OutputActivation, with parameters in PyTorch state_dict order
/// (W1 [Hidden, Input], b1, W2 [Output, Hidden], b2), exactly as the generated <c>Parameters</c>.
/// The loss is BCE on the sigmoid output (Output = 1) or cross-entropy on the softmax output.
/// </summary>
public sealed record MlpSpec(string Name, int Input, int Hidden, int Output, Activation HiddenActivation, Activation OutputActivation)
{
    public static readonly MlpSpec Small = new("small", 4, 8, 1, Activation.ReLU, Activation.Sigmoid);
    public static readonly MlpSpec Mid = new("mid", 64, 32, 10, Activation.Tanh, Activation.Softmax);
    public static readonly MlpSpec Large = new("large", 784, 128, 10, Activation.ReLU, Activation.Softmax);

    public int W1Offset => 0;
    public int B1Offset => Hidden * Input;
    public int W2Offset => B1Offset + Hidden;
    public int B2Offset => W2Offset + Output * Hidden;
    public int ParameterCount => B2Offset + Output;

    /// <summary>True for the BCE (sigmoid) networks: targets are floats; otherwise class labels.</summary>
    public bool IsBinary => OutputActivation == Activation.Sigmoid;

    public void CheckParameters(ReadOnlySpan<float> parameters)
    {
        if (parameters.Length != ParameterCount)
            throw new ArgumentException($"{Name}: expected {ParameterCount} parameters, got {parameters.Length}.");
    }
}
