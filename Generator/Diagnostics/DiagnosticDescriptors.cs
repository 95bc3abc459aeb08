using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace NetGen.Generator.Diagnostics;

/// <summary>
/// Every diagnostic the generator reports, in one place. Each message says what is wrong and what to write instead;
/// each is documented in docs/diagnostics.md and tracked in AnalyzerReleases.Unshipped.md.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "NetGen";

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true,
            helpLinkUri: $"docs/diagnostics.md#{id.ToLowerInvariant()}");

    public static readonly DiagnosticDescriptor ClassNotPartial = Create("NG0001",
        "A network class must be partial",
        "'{0}' declares network layers but is not partial; declare it 'partial' so NetGen can add the generated members",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Create("NG0002",
        "A type that contains a network class must be partial",
        "'{0}' contains the network class '{1}' but is not partial; declare '{0}' 'partial' too",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor WidthMismatch = Create("NG0003",
        "Consecutive Linear layers disagree on the width",
        "Layer {0}, {1}, takes {2} inputs but the layer before it gives {3}; write {4}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor SizeNotPositive = Create("NG0004",
        "A layer size must be positive",
        "Layer {0}, {1}, has a size of {2}; in and out features must be at least 1",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NoLinearLayer = Create("NG0005",
        "A network needs a Linear layer",
        "'{0}' has no Linear layer, so its input and output sizes are unknown; add one such as [Linear(inputs, outputs)]",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor LayersInSeveralDeclarations = Create("NG0006",
        "Layers are spread over several partial declarations",
        "The layers of '{0}' are declared on more than one partial declaration, so their order is undefined; move every layer and loss attribute onto one declaration",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor SoftmaxNotLast = Create("NG0007",
        "Softmax is not the last layer",
        "Layer {0}, Softmax, is followed by other layers; Softmax belongs last (its probabilities feed a loss), so move it to the end or remove it",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor BinaryStepBlocksLearning = Create("NG0008",
        "BinaryStep stops the gradient",
        "Layer {0}, BinaryStep, has a zero gradient everywhere, so layer {1}, {2}, before it can never learn; use Sigmoid, Tanh or ReLU to train, or keep BinaryStep only for inference",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SeveralLosses = Create("NG0009",
        "More than one loss",
        "'{0}' already has the loss {1}; a network takes at most one loss attribute, so remove {2}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor CrossEntropyNeedsClasses = Create("NG0010",
        "CrossEntropyLoss needs at least two outputs",
        "CrossEntropyLoss over {0} output gives a loss of 0 and no gradient; give the last Linear layer one output a class, or use BCELoss after a Sigmoid for a yes/no output",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor BceOutputNotProbability = Create("NG0011",
        "BCELoss expects probabilities",
        "BCELoss reads the output as a probability, but the last layer, {0}, can give values outside [0, 1]; end the network with Sigmoid (fused with the loss) or use MSELoss",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UnsupportedType = Create("NG0012",
        "The network type cannot hold generated members",
        "'{0}' is {1}; declare the network as a non-static partial class",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor MemberConflict = Create("NG0013",
        "A member has the name of a generated member",
        "'{0}' already declares '{1}', which NetGen generates; rename or remove it",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnreadableArguments = Create("NG0014",
        "The layer's arguments cannot be read",
        "The arguments of {0} cannot be read; write constant arguments such as {1}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidArgument = Create("NG0015",
        "A layer argument is out of range",
        "{0}: {1}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor PrimaryConstructor = Create("NG0016",
        "A network class cannot have a primary constructor",
        "'{0}' has a primary constructor, which the generated constructors would have to call; remove the parameter list and declare fields or properties instead",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NoParameterlessBaseConstructor = Create("NG0017",
        "The base class has no accessible parameterless constructor",
        "'{0}' derives from '{1}', which has no accessible parameterless constructor for the generated constructors to call; add one to '{1}' or derive from another class",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnknownLayer = Create("NG0018",
        "Unknown layer attribute",
        "{0} is a NetGen layer this version of the generator cannot generate; update the NetGen package or remove the layer",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NetworkTooLarge = Create("NG0019",
        "The network is too large",
        "'{0}' would have {1} parameters; a network holds at most 2,147,483,591 (the longest array .NET allocates), so make the layers smaller",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ClassNamedLikeMember = Create("NG0020",
        "The class or a type parameter has the name of a generated member",
        "'{0}' is the name of a member that NetGen generates, and a member cannot have the name of {1}; rename {1}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NetworkTooWide = Create("NG0021",
        "The network is too wide for its working memory",
        "'{0}' needs {1} floats of working memory for a batch tile (every layer's values and gradients for 32 samples); at most 2,147,483,591 fit in one array, so make the layers narrower",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InternalError = Create("NG0099",
        "NetGen failed",
        "NetGen could not generate this network ({0}); this is a defect in NetGen, please report it with the declaration",
        DiagnosticSeverity.Error);

    /// <summary>Every descriptor by its ID, to rebuild a diagnostic from the pipeline's plain data.</summary>
    public static readonly IReadOnlyDictionary<string, DiagnosticDescriptor> ById =
        typeof(DiagnosticDescriptors).GetFields()
            .Where(field => field.FieldType == typeof(DiagnosticDescriptor))
            .Select(field => (DiagnosticDescriptor)field.GetValue(null))
            .ToDictionary(descriptor => descriptor.Id);
}
