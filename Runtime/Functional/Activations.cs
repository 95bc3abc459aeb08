using System;
using System.Runtime.CompilerServices;

namespace NetGen;

/// <summary>
/// The activation functions and their derivatives, usable directly as PyTorch's functional API is
/// (<c>torch.relu</c>, <c>torch.sigmoid</c>, <c>F.leaky_relu</c>, …): a scalar form, a span form, and the derivative
/// with respect to the input in both forms. Generated networks call the same scalar functions, so the two ways of
/// using an activation compute the same numbers.
/// </summary>
/// <remarks>
/// Conventions are PyTorch's: ReLU′(0) = 0, LeakyReLU′(0) = its negative slope, the binary step is 0 at 0 and its
/// derivative is 0 everywhere. Span forms require <c>x</c> and the destination to have the same length.
/// </remarks>
public static partial class Activations
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckLengths(ReadOnlySpan<float> x, Span<float> destination) =>
        CheckLength(x.Length, destination.Length, nameof(destination));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckLength(int expected, int actual, string parameterName)
    {
        if (expected != actual) ThrowLengthMismatch(expected, actual, parameterName);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowLengthMismatch(int expected, int actual, string parameterName) =>
        throw new ArgumentException(
            $"{parameterName} has length {actual}; expected {expected}, the length of the input.", parameterName);
}
