using System;

namespace NetGen.Sample;

/// <summary>Calls an action with each epoch's report, in step with training (for code that reads the network then).</summary>
public sealed class EpochCallback(Action<EpochReport> onEpoch) : IProgress<TrainingProgress>
{
    /// <summary>Called by the trainer after every batch and epoch; passes on the epochs.</summary>
    public void Report(TrainingProgress progress)
    {
        if (progress.Report is not null) onEpoch(progress.Report);
    }
}
