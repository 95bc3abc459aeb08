using System.ComponentModel;

namespace NetGen.Compute;

/// <summary>
/// An activation as the kernels apply it: its value and its derivative for one float and for a register of floats.
/// Each layer kind has a struct (<see cref="ReLUOp"/>, <see cref="LeakyReLUOp"/>, …) holding the layer's arguments;
/// generated code passes one to a kernel, whose struct type argument makes the JIT compile the activation into the
/// kernel's epilogue, applied to the accumulators in registers.
/// </summary>
/// <remarks>
/// The float forms are the functional API's (<see cref="Activations"/>), so a network and <c>Activations.X</c> agree.
/// The register forms agree with them within float rounding, and propagate NaN as they do; an activation without a
/// vectorised form applies its float form to each lane (<see cref="Lanes"/>).
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IActivationOp
{
    /// <summary>Whether <see cref="Derivative(float, float)"/> reads only the output y (true) or needs the input x.</summary>
    bool DerivativeFromOutput { get; }

    /// <summary>The activation of one value.</summary>
    float Value(float x);

    /// <summary>dy/dx at input <paramref name="x"/> with output <paramref name="y"/> (one may be unused, see <see cref="DerivativeFromOutput"/>).</summary>
    float Derivative(float x, float y);

    /// <summary>The activation of every lane.</summary>
    TV Value<TV>(TV x) where TV : struct, ISimd<TV>;

    /// <summary>dy/dx of every lane.</summary>
    TV Derivative<TV>(TV x, TV y) where TV : struct, ISimd<TV>;
}
