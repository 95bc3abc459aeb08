using System;
using System.Runtime.CompilerServices;

namespace NetGen;

/// <summary>
/// The losses of one output or one sample, each with its gradient with respect to the value the network computed.
/// Generated <c>ComputeGradients</c> sums these over the batch and scales them for PyTorch's <c>reduction='mean'</c>;
/// the mean forms (<see cref="MeanSquaredError(ReadOnlySpan{float}, ReadOnlySpan{float})"/>, …) are the functional API.
/// </summary>
public static class Losses
{
    /// <summary>PyTorch clamps each log term of the binary cross-entropy at −100 so that a 0 or 1 gives a finite loss.</summary>
    private const float LogClamp = -100f;

    /// <summary>PyTorch's lower bound on y·(1 − y) in the binary cross-entropy's gradient.</summary>
    private const float GradientEpsilon = 1e-12f;

    /// <summary>(output − target)², with gradient 2·(output − target).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SquaredError(float output, float target, out float gradient)
    {
        float difference = output - target;
        gradient = 2f * difference;
        return difference * difference;
    }

    /// <summary>
    /// −(t·log y + (1 − t)·log(1 − y)) for a probability y, each log clamped at −100 as PyTorch's <c>BCELoss</c>;
    /// gradient (y − t) / max(y·(1 − y), 1e-12).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float BinaryCrossEntropy(float probability, float target, out float gradient)
    {
        float logY = MathF.Max(MathF.Log(probability), LogClamp);
        float logOneMinusY = MathF.Max(MathF.Log(1f - probability), LogClamp);
        gradient = (probability - target) / MathF.Max(probability * (1f - probability), GradientEpsilon);
        return -(target * logY + (1f - target) * logOneMinusY);
    }

    /// <summary>
    /// The binary cross-entropy of sigmoid(logit), as <c>BCEWithLogitsLoss</c>: max(z, 0) − z·t + log(1 + e^−|z|),
    /// exact for any logit; gradient sigmoid(z) − t.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float BinaryCrossEntropyWithLogits(float logit, float target, out float gradient)
    {
        // One exponential serves both: e = e^−|z| never overflows, sigmoid(z) is 1/(1 + e) or e/(1 + e).
        float e = MathF.Exp(-MathF.Abs(logit));
        float onePlusE = 1f + e;
        gradient = (logit >= 0f ? 1f : e) / onePlusE - target;
        // log(1 + e) with e ≤ 1: below 1e-4 the series keeps the digits that 1 + e would round away.
        float log1PlusE = e < 1e-4f ? e * (1f - 0.5f * e) : MathF.Log(onePlusE);
        return MathF.Max(logit, 0f) - logit * target + log1PlusE;
    }

    /// <summary>
    /// −log softmax(logits)[label], as <c>CrossEntropyLoss</c> with a class index; writes the gradient
    /// softmax(logits) − onehot(label) into <paramref name="gradient"/>.
    /// </summary>
    public static float CrossEntropyWithLogits(ReadOnlySpan<float> logits, int label, Span<float> gradient)
    {
        if ((uint)label >= (uint)logits.Length)
            throw new ArgumentOutOfRangeException(nameof(label), label,
                $"A class index must be in [0, {logits.Length - 1}] for {logits.Length} classes.");
        if (gradient.Length != logits.Length)
            throw new ArgumentException($"gradient has length {gradient.Length}; expected {logits.Length}.", nameof(gradient));
        float sum = Compute.SoftmaxSpan.Exponentials(logits, gradient, out float max); // each e^(z − max) once
        float inverseSum = 1f / sum;
        for (int i = 0; i < logits.Length; i++) gradient[i] *= inverseSum;
        gradient[label] -= 1f;
        // log Σ e^z − z[label], written around the maximum so that large logits lose no digits.
        return MathF.Log(sum) - (logits[label] - max);
    }

    /// <summary>
    /// −Σ t·log softmax(logits), as <c>CrossEntropyLoss</c> with class probabilities as the target; writes the
    /// gradient softmax(logits)·Σt − t into <paramref name="gradient"/>.
    /// </summary>
    public static float CrossEntropyWithLogits(ReadOnlySpan<float> logits, ReadOnlySpan<float> targetProbabilities, Span<float> gradient)
    {
        if (targetProbabilities.Length != logits.Length)
            throw new ArgumentException(
                $"targetProbabilities has length {targetProbabilities.Length}; expected {logits.Length}.", nameof(targetProbabilities));
        if (gradient.Length != logits.Length)
            throw new ArgumentException($"gradient has length {gradient.Length}; expected {logits.Length}.", nameof(gradient));
        float sum = Compute.SoftmaxSpan.Exponentials(logits, gradient, out float max); // each e^(z − max) once
        float logSum = MathF.Log(sum), inverseSum = 1f / sum;
        float targetSum = 0f, loss = 0f;
        for (int i = 0; i < logits.Length; i++)
        {
            targetSum += targetProbabilities[i];
            loss += targetProbabilities[i] * (logSum - (logits[i] - max));
        }
        for (int i = 0; i < logits.Length; i++) gradient[i] = gradient[i] * inverseSum * targetSum - targetProbabilities[i];
        return loss;
    }

    /// <summary>The mean squared error over all values, as <c>F.mse_loss</c>.</summary>
    public static float MeanSquaredError(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets)
    {
        CheckSameLength(outputs, targets);
        double sum = 0;
        for (int i = 0; i < outputs.Length; i++) sum += SquaredError(outputs[i], targets[i], out _);
        return (float)(sum / outputs.Length);
    }

    /// <summary>The mean binary cross-entropy of probabilities, as <c>F.binary_cross_entropy</c>.</summary>
    public static float BinaryCrossEntropy(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> targets)
    {
        CheckSameLength(probabilities, targets);
        double sum = 0;
        for (int i = 0; i < probabilities.Length; i++) sum += BinaryCrossEntropy(probabilities[i], targets[i], out _);
        return (float)(sum / probabilities.Length);
    }

    /// <summary>The mean cross-entropy of rows of logits against class indices, as <c>F.cross_entropy</c>.</summary>
    public static float CrossEntropy(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels)
    {
        if (labels.IsEmpty || logits.Length % labels.Length != 0)
            throw new ArgumentException(
                $"logits has length {logits.Length}; expected labels.Length ({labels.Length}) × the number of classes.", nameof(logits));
        int classes = logits.Length / labels.Length;
        Span<float> unused = classes <= 256 ? stackalloc float[classes] : new float[classes];
        double sum = 0;
        for (int s = 0; s < labels.Length; s++)
            sum += CrossEntropyWithLogits(logits.Slice(s * classes, classes), labels[s], unused);
        return (float)(sum / labels.Length);
    }

    private static void CheckSameLength(ReadOnlySpan<float> values, ReadOnlySpan<float> targets)
    {
        if (values.IsEmpty || values.Length != targets.Length)
            throw new ArgumentException(
                $"targets has length {targets.Length}; expected {values.Length}, one target for each value (at least one).", nameof(targets));
    }
}
