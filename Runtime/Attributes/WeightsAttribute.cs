using System;

namespace NetGen;

/// <summary>
/// Bakes trained parameters into the network at compile time: the generator reads <see cref="Path"/>, a safetensors
/// file with the network's <c>state_dict</c> names (what <c>safetensors.torch.save_file(model.state_dict(), path)</c>
/// writes, or <see cref="SafeTensorsFile.Save(INetwork, string)"/>), and the parameterless constructor starts from
/// those values, so a shipped model is one assembly with no file to deploy. The file must be given to the compiler:
/// <c>&lt;AdditionalFiles Include="model.safetensors" /&gt;</c> in the project. <c>new Net(seed)</c> still draws fresh
/// parameters, to train from scratch.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class WeightsAttribute : Attribute
{
    /// <summary>Declares the file whose parameters the network is built with.</summary>
    /// <param name="path">The file, as the project's AdditionalFiles item names it (a relative path is matched against the end of each item's path).</param>
    public WeightsAttribute(string path) => Path = path;

    /// <summary>The safetensors file the parameters come from.</summary>
    public string Path { get; }
}
