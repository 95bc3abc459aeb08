using System;
using System.ComponentModel;

namespace NetGen.Compute;

/// <summary>
/// A network whose layers compute differently in training and evaluation (Dropout, BatchNorm1d): its loss in
/// evaluation — Dropout the identity, BatchNorm1d's running statistics — with nothing changed, as PyTorch's
/// <c>model.eval()</c> then the loss of <c>model(x)</c>. The trainer reports validation losses with it (ComputeGradients
/// would train: draw Dropout masks and move the running statistics).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IEvaluatingNetwork
{
    /// <summary>The mean loss of the batch in evaluation (as ComputeGradients averages it); writes no gradient and no buffer.</summary>
    float EvaluationLoss(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets);

    /// <summary>As above, with class indices (a network without a class-index loss throws <see cref="NotSupportedException"/>).</summary>
    float EvaluationLoss(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels);
}
