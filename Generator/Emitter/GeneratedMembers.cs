using System.Linq;

namespace NetGen.Generator.Emitter;

/// <summary>
/// The names the emitter gives the members it writes, in one place: the parser refuses a user member or type with
/// one of them (NG0013, NG0020), and adds <c>new</c> where a generated member hides a base class's (a network derived
/// from another network).
/// </summary>
internal static class GeneratedMembers
{
    private const string Floats = "global::System.ReadOnlySpan<float>", Span = "global::System.Span<float>", Labels = "global::System.ReadOnlySpan<int>";

    /// <summary>The public members, whose names users see and a base network also has.</summary>
    public static readonly string[] Public =
    {
        "InputSize", "OutputSize", "ParameterCount", "ParameterLayout", "Layers", "Loss", "Parameters", "Gradients",
        "Forward", "ForwardBatch", "Backward", "ComputeGradients", "Buffers", "BufferLayout",
    };

    /// <summary>The private members (the passes and their buffers).</summary>
    public static readonly string[] Private =
    {
        "ForwardSample", "BackwardSample", "ForwardTile", "BackwardTile",
        "ForwardSampleTraining", "BackwardSampleTraining", "ForwardTileTraining", "TileLoss", "EvaluationTileLoss", "ClassWeights",
        "_parameters", "_gradients", "_gradientsInUse", "_sharded", "_buffers", "_dropoutSeed", "_trainingStep", "BakedParameterData", "BakedBufferData",
    };

    /// <summary>
    /// Private methods numbered a register segment or a stage of a batch with BatchNorm1d: ForwardRegisters0,
    /// BackwardTrainingRegisters1, ForwardStage0, ….
    /// </summary>
    private static readonly string[] NumberedPrefixes =
    {
        "ForwardRegisters", "BackwardRegisters", "ForwardTrainingRegisters", "BackwardTrainingRegisters", "ForwardStage", "BackwardStage",
    };

    public static bool IsGenerated(string name) =>
        Public.Contains(name) || Private.Contains(name)
        || NumberedPrefixes.Any(prefix => name.Length > prefix.Length && name.StartsWith(prefix, System.StringComparison.Ordinal)
                                          && name.Substring(prefix.Length).All(char.IsDigit));

    // Keys of the public methods, as the parser writes a base method's: name(fully qualified parameter types).
    public static readonly string Forward = $"Forward({Floats},{Span})";
    public static readonly string ForwardBatch = $"ForwardBatch({Floats},{Span})";
    public static readonly string Backward = $"Backward({Floats},{Floats},{Span})";

    public static string ComputeGradients(bool labels, bool threaded) =>
        $"ComputeGradients({Floats},{(labels ? Labels : Floats)}{(threaded ? ",int" : "")})";
}
