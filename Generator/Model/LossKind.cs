namespace NetGen.Generator.Model;

/// <summary>The loss a network was declared with, if any.</summary>
internal enum LossKind
{
    None,
    BCE,
    CrossEntropy,
    MSE,
}
