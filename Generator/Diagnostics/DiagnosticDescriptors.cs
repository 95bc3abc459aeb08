using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace NetGen.Generator.Diagnostics;

/// <summary>
/// Every diagnostic the generator reports, in one place. Each message says what is wrong and what to write instead,
/// each description explains it in full, and each help link leads to its section of docs/diagnostics.md; each is
/// tracked in AnalyzerReleases.Unshipped.md.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "NetGen";

    /// <summary>
    /// The repository's address, from the build's RepositoryUrl property (Directory.Build.props), so that a package user's
    /// help link leads to the documentation; null (no link) if the assembly was built without it.
    /// </summary>
    private static readonly string? RepositoryUrl = typeof(DiagnosticDescriptors).Assembly
        .GetCustomAttributes(typeof(AssemblyMetadataAttribute), inherit: false)
        .OfType<AssemblyMetadataAttribute>()
        .FirstOrDefault(attribute => attribute.Key == "RepositoryUrl" && !string.IsNullOrEmpty(attribute.Value))?.Value?.TrimEnd('/');

    /// <summary>The help link of a diagnostic: its anchor in docs/diagnostics.md on the repository's main branch.</summary>
    public static string? HelpLink(string id) =>
        RepositoryUrl is null ? null : $"{RepositoryUrl}/blob/main/docs/diagnostics.md#{id.ToLowerInvariant()}";

    // The description is the full explanation an IDE shows beside the message: what triggers the diagnostic and
    // what to write instead (the same as docs/diagnostics.md, without its examples).
    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity, string description) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, description: description, helpLinkUri: HelpLink(id));

    public static readonly DiagnosticDescriptor ClassNotPartial = Create("NG0001",
        "A network class must be partial",
        "'{0}' declares network layers but is not partial; declare it 'partial' so NetGen can add the generated members",
        DiagnosticSeverity.Error,
        "Reported on the class name when a class carries NetGen layer or loss attributes but one of its declarations lacks 'partial': the generated members go into another part of the class, which C# allows only for a partial class. Write 'partial' on every declaration of the class, as in 'public partial class Net { }'.");

    public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Create("NG0002",
        "A type that contains a network class must be partial",
        "'{0}' contains the network class '{1}' but is not partial; declare '{0}' 'partial' too",
        DiagnosticSeverity.Error,
        "Reported once for each type that contains the network class (at any depth) and has a declaration without 'partial': the generated file has to reopen every enclosing type to add members to the nested class. Write 'partial' on every declaration of each containing type, as in 'public partial class Outer'.");

    public static readonly DiagnosticDescriptor WidthMismatch = Create("NG0003",
        "Consecutive Linear layers disagree on the width",
        "Layer {0}, {1}, takes {2} inputs but the layer before it gives {3}; write {4}",
        DiagnosticSeverity.Error,
        "The width starts at the first Linear's inFeatures; activations keep it; each Linear must take as inputs what the previous Linear gives (its outFeatures). Reported on the Linear that does not fit, with the corrected attribute in the message. Make its inFeatures equal the previous Linear's outFeatures: after Linear(4, 8), write Linear(8, …).");

    public static readonly DiagnosticDescriptor SizeNotPositive = Create("NG0004",
        "A layer size must be positive",
        "Layer {0}, {1}, has a size of {2}; in and out features must be at least 1",
        DiagnosticSeverity.Error,
        "A Linear whose inFeatures or outFeatures is 0 or negative has no weights to compute with. Give both sizes a value of at least 1, as in Linear(4, 8).");

    public static readonly DiagnosticDescriptor NoLinearLayer = Create("NG0005",
        "A network needs a Linear layer",
        "'{0}' has no Linear layer, so its input and output sizes are unknown; add one such as [Linear(inputs, outputs)]",
        DiagnosticSeverity.Error,
        "The class has NetGen attributes but no Linear layer (only activations or a loss), so its input and output sizes are unknown. Not reported when NG0014 or NG0018 already explains a missing layer. Add a layer such as [Linear(inputs, outputs)].");

    public static readonly DiagnosticDescriptor LayersInSeveralDeclarations = Create("NG0006",
        "Layers are spread over several partial declarations",
        "The layers of '{0}' are declared on more than one partial declaration, so their order is undefined; move every layer and loss attribute onto one declaration",
        DiagnosticSeverity.Error,
        "Layer and loss attributes appear on more than one partial declaration of the class. The order of attributes across declarations and files is not defined, and the layer order is the network. Reported on the first attribute found on a second declaration. Move every layer and loss attribute onto one declaration; the other declarations may hold members.");

    public static readonly DiagnosticDescriptor SoftmaxNotLast = Create("NG0007",
        "Softmax is not the last layer",
        "Layer {0}, Softmax, is followed by other layers; Softmax belongs last (its probabilities feed a loss), so move it to the end or remove it",
        DiagnosticSeverity.Warning,
        "A Softmax followed by another layer; Softmax turns the outputs into class probabilities and belongs at the end, where it is fused with CrossEntropyLoss. The code is still generated. Move Softmax to the end of the layers, or remove it.");

    public static readonly DiagnosticDescriptor BinaryStepBlocksLearning = Create("NG0008",
        "BinaryStep stops the gradient",
        "Layer {0}, BinaryStep, has a zero gradient everywhere, so layer {1}, {2}, before it can never learn; use Sigmoid, Tanh or ReLU to train, or keep BinaryStep only for inference",
        DiagnosticSeverity.Warning,
        "A BinaryStep after a Linear: its derivative is 0 everywhere, so that Linear and every layer before it never learn. The code is still generated. Train with Sigmoid, Tanh or ReLU in its place, and keep BinaryStep for networks used only for inference (suppress NG0008 there).");

    public static readonly DiagnosticDescriptor SeveralLosses = Create("NG0009",
        "More than one loss",
        "'{0}' already has the loss {1}; a network takes at most one loss attribute, so remove {2}",
        DiagnosticSeverity.Error,
        "A class takes at most one loss attribute (BCELoss, CrossEntropyLoss, MSELoss); reported on each extra one. Keep one loss and remove the others.");

    public static readonly DiagnosticDescriptor CrossEntropyNeedsClasses = Create("NG0010",
        "CrossEntropyLoss needs at least two outputs",
        "CrossEntropyLoss over {0} output gives a loss of 0 and no gradient; give the last Linear layer one output a class, or use BCELoss after a Sigmoid for a yes/no output",
        DiagnosticSeverity.Error,
        "CrossEntropyLoss on a network whose last Linear has one output: the softmax of one value is 1, so the loss is always 0 and there is no gradient. Give the last Linear one output a class (Linear(4, 2) or more), or for a yes/no output write [Linear(4, 1), Sigmoid] with [BCELoss].");

    public static readonly DiagnosticDescriptor BceOutputNotProbability = Create("NG0011",
        "BCELoss expects probabilities",
        "BCELoss reads the output as a probability, but the last layer, {0}, can give values outside [0, 1]; end the network with Sigmoid (fused with the loss) or use MSELoss",
        DiagnosticSeverity.Warning,
        "BCELoss reads the output as a probability, but the last layer is not Sigmoid, Hardsigmoid, Softmax or BinaryStep, so the output can leave [0, 1] and the loss is undefined there. The code is still generated. End the network with Sigmoid (fused with the loss and stable for any logit), or use MSELoss.");

    public static readonly DiagnosticDescriptor UnsupportedType = Create("NG0012",
        "The network type cannot hold generated members",
        "'{0}' is {1}; declare the network as a non-static partial class",
        DiagnosticSeverity.Error,
        "The type is a struct (also a record struct), an interface, a static class, a file-local ('file') type, or is nested in a file-local type, none of which can take the generated members (a generated file cannot reopen a type local to another file); or a record class, whose 'with' copy would share the parameter and gradient buffers with the original. Declare the network as a non-static partial class, as in 'public partial class Net { }'.");

    public static readonly DiagnosticDescriptor MemberConflict = Create("NG0013",
        "A member has the name of a generated member",
        "'{0}' already declares '{1}', which NetGen generates; rename or remove it",
        DiagnosticSeverity.Error,
        "The class itself declares a member named like one NetGen generates (InputSize, OutputSize, ParameterCount, ParameterLayout, Layers, Loss, Parameters, Gradients, Buffers, BufferLayout, Forward, ForwardBatch, Backward, ComputeGradients and the private helpers), of any kind or signature, or a constructor () or (int), which the generated constructors would duplicate. Rename or remove the member; use the generated constructors new Net() and new Net(seed).");

    public static readonly DiagnosticDescriptor UnreadableArguments = Create("NG0014",
        "The layer's arguments cannot be read",
        "The arguments of {0} cannot be read; write constant arguments such as {1}",
        DiagnosticSeverity.Error,
        "The attribute did not bind to one of its constructors (a missing or extra argument, an argument of the wrong type such as Linear(4.5, 8)), an argument has an error, or a Linear does not have two int arguments. The C# compiler usually reports its own error at the same place. Write constant arguments of the right types, as in Linear(4, 8), LeakyReLU(0.2), GELU(\"tanh\"); constants and constant expressions such as Linear(N, N * 2) are fine.");

    public static readonly DiagnosticDescriptor InvalidArgument = Create("NG0015",
        "A layer argument is out of range",
        "{0}: {1}",
        DiagnosticSeverity.Error,
        "A layer or loss argument outside PyTorch's own limits: LeakyReLU's negativeSlope or ELU's alpha NaN or infinite; CELU's alpha NaN, infinite or 0; Softplus's beta NaN, infinite or 0, or its threshold NaN or infinite; Hardtanh's bounds NaN or infinite, or maxVal not greater than minVal; GELU's approximate other than \"none\" or \"tanh\"; Dropout's p outside [0, 1); LayerNorm's or BatchNorm1d's eps not positive; BatchNorm1d's momentum outside [0, 1]; PReLU's init not finite; SmoothL1Loss's beta negative, HuberLoss's delta not positive; CrossEntropyLoss's labelSmoothing outside [0, 1], or a Weight negative, not finite, or not one an output. Write a finite value in range, as in Hardtanh(-1, 1), Dropout(0.5), GELU(\"tanh\"), CrossEntropyLoss(labelSmoothing: 0.1).");

    public static readonly DiagnosticDescriptor PrimaryConstructor = Create("NG0016",
        "A network class cannot have a primary constructor",
        "'{0}' has a primary constructor, which the generated constructors would have to call; remove the parameter list and declare fields or properties instead",
        DiagnosticSeverity.Error,
        "A declaration of the class or record has a parameter list (a primary constructor), which the generated constructors would have to call with values they do not have. Remove the parameter list and declare fields or properties instead.");

    public static readonly DiagnosticDescriptor NoParameterlessBaseConstructor = Create("NG0017",
        "The base class has no accessible parameterless constructor",
        "'{0}' derives from '{1}', which has no accessible parameterless constructor for the generated constructors to call; add one to '{1}' or derive from another class",
        DiagnosticSeverity.Error,
        "The class derives from a class none of whose constructors is accessible from the network class and callable with no arguments; the generated constructors call base() implicitly. Give the base class an accessible constructor callable without arguments (a protected parameterless one is enough), or derive from another class.");

    public static readonly DiagnosticDescriptor UnknownLayer = Create("NG0018",
        "Unknown layer attribute",
        "{0} is a NetGen layer this version of the generator cannot generate; update the NetGen package or remove the layer",
        DiagnosticSeverity.Error,
        "An attribute that derives from NetGen's LayerAttribute or LossAttribute but that this version of the generator does not know: a layer from a newer runtime, or a user's own subclass. Its place in the layer list is kept, so later indices do not shift. Update the NetGen package (generator and runtime come together in it), or remove the layer.");

    public static readonly DiagnosticDescriptor NetworkTooLarge = Create("NG0019",
        "The network is too large",
        "'{0}' would have {1} parameters; a network holds at most 2,147,483,591 (the longest array .NET allocates), so make the layers smaller",
        DiagnosticSeverity.Error,
        "The weights and biases of every Linear add up to more than 2,147,483,591, the longest array .NET allocates, which holds all the parameters. Make the layers smaller.");

    public static readonly DiagnosticDescriptor ClassNamedLikeMember = Create("NG0020",
        "The class or a type parameter has the name of a generated member",
        "'{0}' is the name of a member that NetGen generates, and a member cannot have the name of {1}; rename {1}",
        DiagnosticSeverity.Error,
        "The class or one of its type parameters has the name of a member NetGen generates (such as Forward or InputSize). A member cannot have the name of its class (CS0542) or of the class's type parameter (CS0102), so the generated member could not compile. Rename the class or the type parameter.");

    public static readonly DiagnosticDescriptor NetworkTooWide = Create("NG0021",
        "The network is too wide for its working memory",
        "'{0}' needs {1} floats of working memory for a batch tile (every layer's values and gradients for 32 samples); at most 2,147,483,591 fit in one array, so make the layers narrower",
        DiagnosticSeverity.Error,
        "The generated code keeps every layer's values and gradients for a tile of 32 samples in one working array (on the stack up to 1 KB, else a per-thread buffer), and the network needs more floats than the longest array .NET allocates, 2,147,483,591. Make the layers narrower.");

    public static readonly DiagnosticDescriptor WeightsFileNotFound = Create("NG0022",
        "The weights file is not an AdditionalFiles item",
        "'{0}' bakes its weights from '{1}', but {2}; add one item <AdditionalFiles Include=\"{1}\" /> to the project",
        DiagnosticSeverity.Error,
        "Reported on [Weights(path)] when the generator cannot find the file among the project's AdditionalFiles items: a generator reads only the files the compiler is given. Add <AdditionalFiles Include=\"model.safetensors\" /> to the project (the path in the attribute is matched against the end of each item's path, so a relative path works), and exactly one item may match.");

    public static readonly DiagnosticDescriptor WeightsFileUnreadable = Create("NG0023",
        "The weights file is not a readable safetensors file",
        "The weights file '{0}' cannot be baked into '{1}': {2}",
        DiagnosticSeverity.Error,
        "Reported on [Weights(path)] when the file is not a safetensors file the generator can read: an 8-byte little-endian header length, a JSON header of tensors (dtype F32, F16, BF16 or F64, a shape and data_offsets inside the file), then the data. Write it with safetensors.torch.save_file(model.state_dict(), path) or NetGen's SafeTensorsFile.Save.");

    public static readonly DiagnosticDescriptor WeightsDoNotFit = Create("NG0024",
        "The weights file does not fit the network",
        "The weights file '{0}' does not fit '{1}': {2}",
        DiagnosticSeverity.Error,
        "Reported on [Weights(path)] when the file's tensors are not exactly the network's parameters: every state_dict name of the network (0.weight [out, in], 0.bias [out], …) must be there with its shape and finite values, and no other tensor, as PyTorch's strict load_state_dict demands. Export the state_dict of the model that matches the declared layers.");

    public static readonly DiagnosticDescriptor NllWithoutLogSoftmax = Create("NG0030",
        "NLLLoss expects log-probabilities",
        "NLLLoss reads the output as log-probabilities, but the last layer, {0}, is not LogSoftmax; end the network with LogSoftmax, or use CrossEntropyLoss on the logits",
        DiagnosticSeverity.Warning,
        "NLLLoss is the negative log-likelihood of log-probabilities: it takes −output[label] as the loss, which is a likelihood only when the output is a LogSoftmax. On any other output the loss is unbounded below and training diverges. The code is still generated. End the network with LogSoftmax, or drop it and use CrossEntropyLoss, which computes the same loss from the logits.");

    public static readonly DiagnosticDescriptor FeatureCountMismatch = Create("NG0031",
        "A layer's size does not match the width before it",
        "Layer {0}, {1}, {2} {3} features but the layer before it gives {4}; write {5}",
        DiagnosticSeverity.Error,
        "LayerNorm's normalizedShape and BatchNorm1d's numFeatures must equal the width of the layer before them (the outFeatures of the last Linear before, or the first Linear's inFeatures when they come first), and PReLU's numParameters must be 1 or that width. Reported on the layer, with the corrected attribute in the message: after Linear(4, 8), write LayerNorm(8), BatchNorm1d(8), PReLU(8) or PReLU().");

    public static readonly DiagnosticDescriptor InternalError = Create("NG0099",
        "NetGen failed",
        "NetGen could not generate this network ({0}); this is a defect in NetGen, please report it with the declaration",
        DiagnosticSeverity.Error,
        "An exception inside the generator, caught and reported instead of the compiler's CS8785. It is always a defect in NetGen. Report it with the declaration that caused it; meanwhile change the declaration, or remove the attributes, to get past it.");

    /// <summary>Every descriptor by its ID, to rebuild a diagnostic from the pipeline's plain data.</summary>
    public static readonly IReadOnlyDictionary<string, DiagnosticDescriptor> ById =
        typeof(DiagnosticDescriptors).GetFields()
            .Where(field => field.FieldType == typeof(DiagnosticDescriptor))
            .Select(field => (DiagnosticDescriptor)field.GetValue(null))
            .ToDictionary(descriptor => descriptor.Id);
}
