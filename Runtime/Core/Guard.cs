using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace NetGen;

/// <summary>
/// Argument checks for generated code: each throws an <see cref="ArgumentException"/> that names the expected size,
/// before anything is written.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Guard
{
    /// <summary>Throws unless <paramref name="actual"/> is exactly <paramref name="expected"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Length(int actual, int expected, string parameterName)
    {
        if (actual != expected) ThrowLength(actual, expected, parameterName);
    }

    /// <summary>
    /// The number of samples in a batch of <paramref name="inputLength"/> values, <paramref name="inputSize"/> a sample;
    /// throws unless the batch is whole, not empty, and <paramref name="targetLength"/> is batch × <paramref name="targetSize"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // inlined, the sizes are constants and the division a multiply
    public static int BatchSize(int inputLength, int inputSize, int targetLength, int targetSize, string inputName, string targetName)
    {
        int batch = inputLength / inputSize;
        if (inputLength == 0 || batch * inputSize != inputLength || targetLength != batch * targetSize)
            ThrowBatch(inputLength, inputSize, targetLength, targetSize, inputName, targetName);
        return batch;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowBatch(int inputLength, int inputSize, int targetLength, int targetSize, string inputName, string targetName)
    {
        if (inputLength == 0 || inputLength % inputSize != 0)
            throw new ArgumentException(
                $"{inputName} has length {inputLength}; expected a whole, non-empty batch: batch × InputSize ({inputSize}).", inputName);
        int batch = inputLength / inputSize;
        throw new ArgumentException(
            $"{targetName} has length {targetLength}; expected {batch * targetSize}: batch ({batch}) × {targetSize}.", targetName);
    }

    /// <summary>Throws unless every class index is in [0, <paramref name="classes"/>).</summary>
    public static void ClassIndices(ReadOnlySpan<int> labels, int classes, string parameterName)
    {
        for (int i = 0; i < labels.Length; i++)
            if ((uint)labels[i] >= (uint)classes)
                throw new ArgumentOutOfRangeException(parameterName, labels[i],
                    $"{parameterName}[{i}] is {labels[i]}; expected a class index in [0, {classes - 1}].");
    }

    /// <summary>Throws unless <paramref name="threads"/> is at least 1.</summary>
    public static void Threads(int threads, string parameterName)
    {
        if (threads < 1)
            throw new ArgumentOutOfRangeException(parameterName, threads, $"{parameterName} is {threads}; expected at least 1 thread.");
    }

    /// <summary>
    /// Marks a network's gradient buffer as in use by <paramref name="method"/>, or throws if another thread is using it:
    /// ComputeGradients and Backward write one buffer, so two calls at once on one instance would mix their sums.
    /// The caller resets the flag to 0 when it is done.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void EnterGradients(ref int inUse, string method)
    {
        if (System.Threading.Interlocked.Exchange(ref inUse, 1) != 0) ThrowGradientsInUse(method);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowGradientsInUse(string method) =>
        throw new InvalidOperationException(
            $"{method} was called while ComputeGradients or Backward was running on this network on another thread. Both write the " +
            "network's one Gradients buffer, so calls must not overlap: call them from one thread, or give each thread its own network.");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowLength(int actual, int expected, string parameterName) =>
        throw new ArgumentException($"{parameterName} has length {actual}; expected {expected}.", parameterName);
}
