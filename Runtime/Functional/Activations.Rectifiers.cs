using System;
using NetGen.Compute;
using System.Runtime.CompilerServices;

namespace NetGen;

// Piecewise-linear activations: ReLU and its relatives, the clamps and the binary step.
public static partial class Activations
{
    /// <summary>max(0, x), as <c>torch.relu</c> (NaN stays NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ReLU(float x) => x <= 0f ? 0f : x;

    /// <summary>1 where x &gt; 0, else 0 (0 at x = 0, as PyTorch; NaN at NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ReLUDerivative(float x) => x > 0f ? 1f : x <= 0f ? 0f : x;

    /// <summary>ReLU of each value of <paramref name="x"/> (vectorised).</summary>
    public static void ReLU(ReadOnlySpan<float> x, Span<float> y) => Elementwise.Apply(x, y, new ReLUOp());

    /// <summary>ReLU′ of each value of <paramref name="x"/>.</summary>
    public static void ReLUDerivative(ReadOnlySpan<float> x, Span<float> dydx)
    {
        CheckLengths(x, dydx);
        for (int i = 0; i < x.Length; i++) dydx[i] = ReLUDerivative(x[i]);
    }

    /// <summary>x where x &gt; 0, else negativeSlope·x, as <c>F.leaky_relu</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float LeakyReLU(float x, float negativeSlope = 0.01f) => x > 0f ? x : negativeSlope * x;

    /// <summary>1 where x &gt; 0, else the negative slope (also at 0, as PyTorch).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float LeakyReLUDerivative(float x, float negativeSlope = 0.01f) => x > 0f ? 1f : x <= 0f ? negativeSlope : x;

    /// <summary>Leaky ReLU of each value of <paramref name="x"/> (vectorised).</summary>
    public static void LeakyReLU(ReadOnlySpan<float> x, Span<float> y, float negativeSlope = 0.01f) =>
        Elementwise.Apply(x, y, new LeakyReLUOp(negativeSlope));

    /// <summary>Leaky ReLU′ of each value of <paramref name="x"/>.</summary>
    public static void LeakyReLUDerivative(ReadOnlySpan<float> x, Span<float> dydx, float negativeSlope = 0.01f)
    {
        CheckLengths(x, dydx);
        for (int i = 0; i < x.Length; i++) dydx[i] = LeakyReLUDerivative(x[i], negativeSlope);
    }

    /// <summary>x clamped to [minVal, maxVal], as <c>F.hardtanh</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Hardtanh(float x, float minVal = -1f, float maxVal = 1f) =>
        x < minVal ? minVal : x > maxVal ? maxVal : x;

    /// <summary>1 strictly inside (minVal, maxVal), else 0 (PyTorch's choice at the bounds).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float HardtanhDerivative(float x, float minVal = -1f, float maxVal = 1f) =>
        x > minVal && x < maxVal ? 1f : float.IsNaN(x) ? x : 0f;

    /// <summary>Hardtanh of each value of <paramref name="x"/> (vectorised).</summary>
    public static void Hardtanh(ReadOnlySpan<float> x, Span<float> y, float minVal = -1f, float maxVal = 1f) =>
        Elementwise.Apply(x, y, new HardtanhOp(minVal, maxVal));

    /// <summary>Hardtanh′ of each value of <paramref name="x"/>.</summary>
    public static void HardtanhDerivative(ReadOnlySpan<float> x, Span<float> dydx, float minVal = -1f, float maxVal = 1f)
    {
        CheckLengths(x, dydx);
        for (int i = 0; i < x.Length; i++) dydx[i] = HardtanhDerivative(x[i], minVal, maxVal);
    }

    /// <summary>x clamped to [0, 6], as <c>F.relu6</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ReLU6(float x) => Hardtanh(x, 0f, 6f);

    /// <summary>1 strictly inside (0, 6), else 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ReLU6Derivative(float x) => HardtanhDerivative(x, 0f, 6f);

    /// <summary>ReLU6 of each value of <paramref name="x"/>.</summary>
    public static void ReLU6(ReadOnlySpan<float> x, Span<float> y) => Hardtanh(x, y, 0f, 6f);

    /// <summary>ReLU6′ of each value of <paramref name="x"/>.</summary>
    public static void ReLU6Derivative(ReadOnlySpan<float> x, Span<float> dydx) => HardtanhDerivative(x, dydx, 0f, 6f);

    /// <summary>1 where x &gt; 0, else 0 (also at 0; NaN at NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float BinaryStep(float x) => x > 0f ? 1f : x <= 0f ? 0f : x;

    /// <summary>0 everywhere (NaN at NaN): the reason nothing before a binary step can learn.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float BinaryStepDerivative(float x) => float.IsNaN(x) ? x : 0f;

    /// <summary>The binary step of each value of <paramref name="x"/> (vectorised).</summary>
    public static void BinaryStep(ReadOnlySpan<float> x, Span<float> y) => Elementwise.Apply(x, y, new BinaryStepOp());

    /// <summary>Zeros, one for each value of <paramref name="x"/>.</summary>
    public static void BinaryStepDerivative(ReadOnlySpan<float> x, Span<float> dydx)
    {
        CheckLengths(x, dydx);
        dydx.Clear();
    }

    /// <summary>x itself, as <c>nn.Identity</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Identity(float x) => x;

    /// <summary>1 everywhere (NaN at NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float IdentityDerivative(float x) => float.IsNaN(x) ? x : 1f;
}
