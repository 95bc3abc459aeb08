using System;
using System.Collections.Generic;
using System.Globalization;

namespace NetGen;

/// <summary>
/// A batch's loss was NaN or infinite, so <see cref="Trainer.Train"/> stopped before that batch's step: the network
/// holds the parameters of the last completed step (the ones that produced this loss). Turn it off with
/// <see cref="TrainingOptions.ThrowOnNonFiniteLoss"/>.
/// </summary>
public sealed class TrainingDivergedException : ArithmeticException
{
    /// <summary>Describes the batch whose loss was not finite.</summary>
    public TrainingDivergedException(int epoch, int batch, int batches, float loss, IReadOnlyList<EpochReport> history)
        : base($"The training loss became {loss.ToString(CultureInfo.InvariantCulture)} at epoch {epoch}, batch {batch} of {batches}; training stopped before that " +
               "batch's step, so the parameters are those of the step before. Lower the learning rate, clip the gradients " +
               "(TrainingOptions.MaxGradientNorm), or check the data for extreme values; set " +
               "TrainingOptions.ThrowOnNonFiniteLoss = false to train on regardless.")
    {
        Epoch = epoch;
        Batch = batch;
        Loss = loss;
        History = history;
    }

    /// <summary>The epoch of the batch, from 1.</summary>
    public int Epoch { get; }

    /// <summary>The batch within the epoch, from 1.</summary>
    public int Batch { get; }

    /// <summary>The batch's loss: NaN or ±∞.</summary>
    public float Loss { get; }

    /// <summary>The reports of the epochs completed before this one.</summary>
    public IReadOnlyList<EpochReport> History { get; }
}
