namespace NetGen.Generator.Catalog;

/// <summary>The loss a network was declared with, if any; each has one entry in <see cref="LossCatalog"/>.</summary>
internal enum LossKind
{
    None,
    BCE,
    CrossEntropy,
    MSE,
}
