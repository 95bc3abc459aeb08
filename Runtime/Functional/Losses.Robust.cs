using System;
using System.Runtime.CompilerServices;

namespace NetGen;

// The regression losses that grow linearly far from the target (L1, smooth L1, Huber) and the negative log-likelihood,
// each of one value or one sample with its gradient, and their means as the functional API (F.l1_loss, …).
public static partial class Losses
{
    /// <summary>|output − target|, with gradient sign(output − target) (0 where they are equal, as PyTorch's).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float AbsoluteError(float output, float target, out float gradient)
    {
        float difference = output - target;
        gradient = difference > 0f ? 1f : difference < 0f ? -1f : difference; // NaN stays NaN
        return MathF.Abs(difference);
    }

    /// <summary>
    /// <c>SmoothL1Loss(beta)</c> of one value: 0.5·d²/beta where |d| &lt; beta, else |d| − 0.5·beta (d = output − target);
    /// gradient d/beta, or sign(d). beta = 0 is the absolute error.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SmoothL1(float output, float target, float beta, out float gradient)
    {
        float difference = output - target, magnitude = MathF.Abs(difference);
        if (magnitude < beta)
        {
            gradient = difference / beta;
            return 0.5f * difference * difference / beta;
        }
        gradient = difference > 0f ? 1f : difference < 0f ? -1f : difference;
        return magnitude - 0.5f * beta;
    }

    /// <summary>
    /// <c>HuberLoss(delta)</c> of one value: 0.5·d² where |d| &lt; delta, else delta·(|d| − 0.5·delta) (d = output − target);
    /// gradient d, or delta·sign(d).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Huber(float output, float target, float delta, out float gradient)
    {
        float difference = output - target, magnitude = MathF.Abs(difference);
        if (magnitude < delta)
        {
            gradient = difference;
            return 0.5f * difference * difference;
        }
        gradient = difference > 0f ? delta : difference < 0f ? -delta : difference;
        return delta * (magnitude - 0.5f * delta);
    }

    /// <summary>
    /// −logProbabilities[label], as <c>NLLLoss</c> with a class index; writes the gradient −onehot(label) into
    /// <paramref name="gradient"/>.
    /// </summary>
    public static float NegativeLogLikelihood(ReadOnlySpan<float> logProbabilities, int label, Span<float> gradient)
    {
        if ((uint)label >= (uint)logProbabilities.Length)
            throw new ArgumentOutOfRangeException(nameof(label), label,
                $"A class index must be in [0, {logProbabilities.Length - 1}] for {logProbabilities.Length} classes.");
        CheckGradient(logProbabilities.Length, gradient.Length);
        gradient.Clear();
        gradient[label] = -1f;
        return -logProbabilities[label];
    }

    /// <summary>−Σ t·logProbabilities with class probabilities t as the target; writes the gradient −t.</summary>
    public static float NegativeLogLikelihood(ReadOnlySpan<float> logProbabilities, ReadOnlySpan<float> targetProbabilities, Span<float> gradient)
    {
        if (targetProbabilities.Length != logProbabilities.Length)
            throw new ArgumentException(
                $"targetProbabilities has length {targetProbabilities.Length}; expected {logProbabilities.Length}.", nameof(targetProbabilities));
        CheckGradient(logProbabilities.Length, gradient.Length);
        float loss = 0f;
        for (int i = 0; i < logProbabilities.Length; i++)
        {
            loss -= targetProbabilities[i] * logProbabilities[i];
            gradient[i] = -targetProbabilities[i];
        }
        return loss;
    }

    /// <summary>
    /// <c>CrossEntropyLoss(weight, label_smoothing)</c> of one sample's logits against a class index, before the mean:
    /// (1 − ε)·w[label]·(−log p[label]) + ε/C·Σ w[c]·(−log p[c]) with p = softmax(logits) and w all 1 when
    /// <paramref name="weights"/> is empty; writes its gradient p·((1 − ε)·w[label] + ε/C·Σw) − (1 − ε)·w[label]·onehot − ε/C·w.
    /// The mean divides the batch's sum by Σ w[label] over its samples (the batch size without weights), as PyTorch's.
    /// </summary>
    public static float CrossEntropyWithLogits(ReadOnlySpan<float> logits, int label, Span<float> gradient, float labelSmoothing, ReadOnlySpan<float> weights)
    {
        int classes = logits.Length;
        if ((uint)label >= (uint)classes)
            throw new ArgumentOutOfRangeException(nameof(label), label, $"A class index must be in [0, {classes - 1}] for {classes} classes.");
        CheckGradient(classes, gradient.Length);
        CheckWeights(classes, weights.Length);
        float sum = Compute.SoftmaxSpan.Exponentials(logits, gradient, out float max);
        float logSum = MathF.Log(sum), inverseSum = 1f / sum, share = labelSmoothing / classes;
        float labelWeight = Weight(weights, label), weightSum = 0f, smoothed = 0f;
        for (int c = 0; c < classes; c++)
        {
            float w = Weight(weights, c);
            weightSum += w;
            smoothed += w * (logSum - (logits[c] - max));
        }
        float total = (1f - labelSmoothing) * labelWeight + share * weightSum;
        for (int c = 0; c < classes; c++) gradient[c] = gradient[c] * inverseSum * total - share * Weight(weights, c);
        gradient[label] -= (1f - labelSmoothing) * labelWeight;
        return (1f - labelSmoothing) * labelWeight * (logSum - (logits[label] - max)) + share * smoothed;
    }

    /// <summary>
    /// <c>CrossEntropyLoss(weight, label_smoothing)</c> of one sample's logits against class probabilities t, smoothed to
    /// t' = (1 − ε)·t + ε/C: −Σ w·t'·log p; writes its gradient p·Σ w·t' − w·t'. The mean divides by the batch size.
    /// </summary>
    public static float CrossEntropyWithLogits(ReadOnlySpan<float> logits, ReadOnlySpan<float> targetProbabilities, Span<float> gradient,
        float labelSmoothing, ReadOnlySpan<float> weights)
    {
        int classes = logits.Length;
        if (targetProbabilities.Length != classes)
            throw new ArgumentException($"targetProbabilities has length {targetProbabilities.Length}; expected {classes}.", nameof(targetProbabilities));
        CheckGradient(classes, gradient.Length);
        CheckWeights(classes, weights.Length);
        float sum = Compute.SoftmaxSpan.Exponentials(logits, gradient, out float max);
        float logSum = MathF.Log(sum), inverseSum = 1f / sum, share = labelSmoothing / classes;
        float total = 0f, loss = 0f;
        for (int c = 0; c < classes; c++)
        {
            float weighted = Weight(weights, c) * ((1f - labelSmoothing) * targetProbabilities[c] + share);
            total += weighted;
            loss += weighted * (logSum - (logits[c] - max));
        }
        for (int c = 0; c < classes; c++)
            gradient[c] = gradient[c] * inverseSum * total - Weight(weights, c) * ((1f - labelSmoothing) * targetProbabilities[c] + share);
        return loss;
    }

    /// <summary>The mean absolute error over all values, as <c>F.l1_loss</c>.</summary>
    public static float MeanAbsoluteError(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets)
    {
        CheckSameLength(outputs, targets);
        double sum = 0;
        for (int i = 0; i < outputs.Length; i++) sum += AbsoluteError(outputs[i], targets[i], out _);
        return (float)(sum / outputs.Length);
    }

    /// <summary>The mean smooth L1 loss over all values, as <c>F.smooth_l1_loss(beta=…)</c>.</summary>
    public static float SmoothL1(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, float beta = 1f)
    {
        CheckSameLength(outputs, targets);
        if (!(beta >= 0f) || float.IsInfinity(beta)) throw new ArgumentOutOfRangeException(nameof(beta), beta, "Expected a finite beta ≥ 0.");
        double sum = 0;
        for (int i = 0; i < outputs.Length; i++) sum += SmoothL1(outputs[i], targets[i], beta, out _);
        return (float)(sum / outputs.Length);
    }

    /// <summary>The mean Huber loss over all values, as <c>F.huber_loss(delta=…)</c>.</summary>
    public static float Huber(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, float delta = 1f)
    {
        CheckSameLength(outputs, targets);
        if (!(delta > 0f) || float.IsInfinity(delta)) throw new ArgumentOutOfRangeException(nameof(delta), delta, "Expected a finite delta > 0.");
        double sum = 0;
        for (int i = 0; i < outputs.Length; i++) sum += Huber(outputs[i], targets[i], delta, out _);
        return (float)(sum / outputs.Length);
    }

    /// <summary>The mean negative log-likelihood of rows of log-probabilities against class indices, as <c>F.nll_loss</c>.</summary>
    public static float NegativeLogLikelihood(ReadOnlySpan<float> logProbabilities, ReadOnlySpan<int> labels)
    {
        if (labels.IsEmpty || logProbabilities.Length % labels.Length != 0)
            throw new ArgumentException(
                $"logProbabilities has length {logProbabilities.Length}; expected labels.Length ({labels.Length}) × the number of classes.", nameof(logProbabilities));
        int classes = logProbabilities.Length / labels.Length;
        double sum = 0;
        for (int s = 0; s < labels.Length; s++)
        {
            if ((uint)labels[s] >= (uint)classes)
                throw new ArgumentOutOfRangeException(nameof(labels), labels[s], $"labels[{s}] is {labels[s]}; expected a class index in [0, {classes - 1}].");
            sum -= logProbabilities[s * classes + labels[s]];
        }
        return (float)(sum / labels.Length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Weight(ReadOnlySpan<float> weights, int c) => weights.IsEmpty ? 1f : weights[c];

    private static void CheckGradient(int classes, int gradientLength)
    {
        if (gradientLength != classes) throw new ArgumentException($"gradient has length {gradientLength}; expected {classes}.", "gradient");
    }

    private static void CheckWeights(int classes, int weightsLength)
    {
        if (weightsLength != 0 && weightsLength != classes)
            throw new ArgumentException($"weights has length {weightsLength}; expected one a class ({classes}) or none.", "weights");
    }
}
