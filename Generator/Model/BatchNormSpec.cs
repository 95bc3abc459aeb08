namespace NetGen.Generator.Model;

/// <summary>
/// A <c>BatchNorm1d(numFeatures, eps, momentum)</c> layer: parameters <c>{Index}.weight</c> and <c>{Index}.bias</c>, and
/// three buffers in the network's Buffers, in <c>state_dict</c> order: <c>running_mean</c>, <c>running_var</c>,
/// <c>num_batches_tracked</c>.
/// </summary>
/// <param name="Width">The number of features (numFeatures), its input and output.</param>
/// <param name="Eps">Added to the variance.</param>
/// <param name="Momentum">How far the running statistics move towards each training batch's.</param>
/// <param name="WeightOffset">Where <c>{Index}.weight</c> starts in Parameters (the bias follows it).</param>
/// <param name="BufferOffset">Where <c>{Index}.running_mean</c> starts in Buffers (running_var and the count follow it).</param>
internal sealed record BatchNormSpec(int Index, int Width, float Eps, float Momentum, int WeightOffset, int BufferOffset)
    : LayerSpec(Index, Width, Width)
{
    public int BiasOffset => WeightOffset + Width;

    public int RunningMeanOffset => BufferOffset;

    public int RunningVarOffset => BufferOffset + Width;

    public int CountOffset => BufferOffset + 2 * Width;

    /// <summary>The buffers' floats: the two running statistics and the count.</summary>
    public int BufferCount => 2 * Width + 1;
}
