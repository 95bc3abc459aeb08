namespace NetGen;

/// <summary>
/// A trainable network with Dropout: its masks are drawn from its seed and the number of <c>ComputeGradients</c> calls
/// before the current one. <see cref="CheckpointFile"/> saves and restores both, so that a run stopped and resumed
/// draws the masks the uninterrupted run would have drawn. Generated networks implement it explicitly.
/// </summary>
public interface IDropoutNetwork : ITrainableNetwork
{
    /// <summary>The seed Dropout's masks are drawn from (the constructor's seed).</summary>
    int DropoutSeed { get; set; }

    /// <summary>How many <c>ComputeGradients</c> calls have completed: the next call's masks are keyed by it.</summary>
    long DropoutStep { get; set; }
}
