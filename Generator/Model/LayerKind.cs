namespace NetGen.Generator.Model;

/// <summary>The layers the generator knows, one for each layer attribute in the runtime (GELU has two forms).</summary>
internal enum LayerKind
{
    Linear,
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
