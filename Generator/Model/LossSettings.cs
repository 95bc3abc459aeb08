using NetGen.Generator.Helpers;

namespace NetGen.Generator.Model;

/// <summary>The loss's arguments, each read only by the loss that has it (the defaults are PyTorch's).</summary>
/// <param name="Beta">SmoothL1Loss's beta.</param>
/// <param name="Delta">HuberLoss's delta.</param>
/// <param name="LabelSmoothing">CrossEntropyLoss's label_smoothing.</param>
/// <param name="Weight">CrossEntropyLoss's class weights, one an output, or empty for none.</param>
internal sealed record LossSettings(float Beta, float Delta, float LabelSmoothing, EquatableArray<float> Weight)
{
    public static LossSettings Default { get; } = new(1f, 1f, 0f, EquatableArray<float>.Empty);

    /// <summary>Whether a cross-entropy takes its general form (label smoothing or class weights).</summary>
    public bool HasCrossEntropyOptions => LabelSmoothing != 0f || !Weight.IsEmpty;
}
