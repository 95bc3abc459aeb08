namespace NetGen.Generator.Catalog;

/// <summary>The activations the generator knows; each has one entry in <see cref="ActivationCatalog"/>.</summary>
internal enum ActivationKind
{
    ReLU,
    LeakyReLU,
    Sigmoid,
    Tanh,
    Softmax,
    LogSoftmax,
    BinaryStep,
    GELU,
    GELUTanh,
    SiLU,
    Mish,
    ELU,
    CELU,
    SELU,
    Softplus,
    Hardtanh,
    ReLU6,
    Hardsigmoid,
    Hardswish,
    Softsign,
    LogSigmoid,
    Tanhshrink,
    Identity,
}
