using System;
using System.Collections.Generic;

namespace NetGen.Tests.Training;

/// <summary>An <see cref="IProgress{T}"/> that keeps every report and can act on each, in step with training.</summary>
public sealed class ProgressRecorder(Action<TrainingProgress>? onReport = null) : IProgress<TrainingProgress>
{
    public List<TrainingProgress> Reports { get; } = new();

    public void Report(TrainingProgress progress)
    {
        Reports.Add(progress);
        onReport?.Invoke(progress);
    }
}

/// <summary>Calls an action on each report and keeps nothing (for the allocation test).</summary>
public sealed class ProgressCallback(Action<TrainingProgress> onReport) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress progress) => onReport(progress);
}
