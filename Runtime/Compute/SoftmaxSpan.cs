using System;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Compute;

/// <summary>
/// The exponentials of a softmax over one vector (one sample's logits): e^(x − max) with the kernels' vector
/// exponential, so that Forward, the batch passes and the functional API agree, and no scalar MathF.Exp call is made
/// a value (a library call each, and the largest cost of a one-sample softmax).
/// </summary>
internal static class SoftmaxSpan
{
    /// <summary>Writes e^(x − max x) into <paramref name="exponentials"/>; returns their sum (at least 1, or NaN).</summary>
    [MethodImpl(KernelMethod.Options)]
    public static float Exponentials(ReadOnlySpan<float> x, Span<float> exponentials, out float max)
    {
        max = TensorPrimitives.Max(x); // NaN if any value is NaN
        ref float source = ref MemoryMarshal.GetReference(x);
        ref float destination = ref MemoryMarshal.GetReference(exponentials);
        int i = 0;
        float sum = 0f;
        if (Vector512.IsHardwareAccelerated) sum += Core<Simd512>(ref source, ref destination, x.Length, max, ref i);
        else if (Vector256.IsHardwareAccelerated) sum += Core<Simd256>(ref source, ref destination, x.Length, max, ref i);
        sum += Core<Simd128>(ref source, ref destination, x.Length, max, ref i);
        int rest = x.Length - i;
        if (rest > 0 && x.Length >= 4)
        {
            // The last x.Length mod 4 values: one more register ending at the last value. It recomputes a few values
            // already written, to the same bits; only its new lanes join the sum. (A scalar tail is a long chain of
            // dependent operations: 10 logits took 26 ns with it.)
            int start = x.Length - 4;
            Vector128<float> e = VectorMath.Exp(Simd128.Load(ref source, (nuint)start) - Simd128.Create(max)).Value;
            e.StoreUnsafe(ref destination, (nuint)start);
            Vector128<float> fresh = Vector128.GreaterThanOrEqual(Vector128.Create(0, 1, 2, 3), Vector128.Create(4 - rest)).AsSingle();
            return sum + Vector128.Sum(e & fresh);
        }
        sum += Core<ScalarLane>(ref source, ref destination, x.Length, max, ref i);
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Core<TV>(ref float x, ref float y, int length, float max, ref int i) where TV : struct, ISimd<TV>
    {
        TV sum = TV.Zero, shift = TV.Create(max);
        for (; i + TV.Count <= length; i += TV.Count)
        {
            TV e = VectorMath.Exp(TV.Load(ref x, (nuint)i) - shift);
            TV.Store(e, ref y, (nuint)i);
            sum += e;
        }
        return TV.Sum(sum);
    }
}
