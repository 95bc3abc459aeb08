using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Compute;

/// <summary>
/// Batch normalisation of each feature, y = x·a + c with a = w/√(σ² + ε) and c = b − μ·a (PyTorch's CPU kernel folds
/// it so too). Evaluation uses the running statistics, one sample or a tile at a time. Training uses the batch's own
/// statistics, so it works on the whole batch at once: the batch lies in a working buffer as consecutive tiles (one
/// region of <c>tileFloats</c> a tile, the layer's input and output at fixed offsets in each), and each statistic is a
/// sum over every tile's valid lanes, taken in a fixed order so that the bits do not depend on anything but the batch.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class BatchNormKernels
{
    private const int S = TileKernels.Samples;

    /// <summary>Evaluation, one sample: y = (x − running mean)·w/√(running var + ε) + b, folded as the class says.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias,
        ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVar, float eps)
    {
        int features = x.Length;
        Check(features, y.Length, weight.Length, bias.Length, runningMean.Length, runningVar.Length);
        EvaluateCore<ScalarLane>(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y), ref MemoryMarshal.GetReference(weight),
            ref MemoryMarshal.GetReference(bias), ref MemoryMarshal.GetReference(runningMean), ref MemoryMarshal.GetReference(runningVar), features, eps, 1, 1);
    }

    /// <summary>Evaluation, a tile of <paramref name="features"/> rows.</summary>
    public static void ForwardTile(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias,
        ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVar, float eps, int features)
    {
        TileKernels.CheckTile(x.Length, features, nameof(x));
        TileKernels.CheckTile(y.Length, features, nameof(y));
        Check(features, features, weight.Length, bias.Length, runningMean.Length, runningVar.Length);
        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float ry = ref MemoryMarshal.GetReference(y);
        ref float rw = ref MemoryMarshal.GetReference(weight);
        ref float rb = ref MemoryMarshal.GetReference(bias);
        ref float rm = ref MemoryMarshal.GetReference(runningMean);
        ref float rv = ref MemoryMarshal.GetReference(runningVar);
        if (Vector512.IsHardwareAccelerated) EvaluateCore<Simd512>(ref rx, ref ry, ref rw, ref rb, ref rm, ref rv, features, eps, S, S);
        else if (Vector256.IsHardwareAccelerated) EvaluateCore<Simd256>(ref rx, ref ry, ref rw, ref rb, ref rm, ref rv, features, eps, S, S);
        else EvaluateCore<Simd128>(ref rx, ref ry, ref rw, ref rb, ref rm, ref rv, features, eps, S, S);
    }

    /// <summary>
    /// Evaluation, one sample back: dx = g·a (when <paramref name="dx"/> is not empty), dw += g·(x − running mean)/√(running var + ε),
    /// db += g (set instead unless <paramref name="accumulate"/>).
    /// </summary>
    public static void Backward(ReadOnlySpan<float> g, ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> runningMean,
        ReadOnlySpan<float> runningVar, float eps, Span<float> dx, Span<float> weightGradient, Span<float> biasGradient, bool accumulate)
    {
        int features = g.Length;
        Check(features, x.Length, weight.Length, weightGradient.Length, runningMean.Length, runningVar.Length);
        if (biasGradient.Length != features) throw new ArgumentException($"biasGradient has {biasGradient.Length} values; expected {features}.", nameof(biasGradient));
        if (!dx.IsEmpty && dx.Length != features) throw new ArgumentException($"dx has {dx.Length} values; expected {features}.", nameof(dx));
        for (int f = 0; f < features; f++)
        {
            float inverse = 1f / MathF.Sqrt(runningVar[f] + eps);
            float normal = (x[f] - runningMean[f]) * inverse;
            weightGradient[f] = (accumulate ? weightGradient[f] : 0f) + g[f] * normal;
            biasGradient[f] = (accumulate ? biasGradient[f] : 0f) + g[f];
            if (!dx.IsEmpty) dx[f] = g[f] * (weight[f] * inverse);
        }
    }

    private static void Check(int features, int yLength, int weightLength, int biasLength, int meanLength, int varLength)
    {
        if (features < 1) throw new ArgumentException("Expected at least one feature.", "x");
        if (yLength != features) throw new ArgumentException($"Expected {features} values, as x; got {yLength}.", "y");
        if (weightLength != features || biasLength != features || meanLength != features || varLength != features)
            throw new ArgumentException($"Expected weight, bias, running mean and running var of {features} values each; got {weightLength}, {biasLength}, {meanLength} and {varLength}.", "weight");
    }

    [MethodImpl(KernelMethod.Options)]
    internal static void EvaluateCore<TV>(ref float x, ref float y, ref float weight, ref float bias, ref float runningMean, ref float runningVar,
        int features, float eps, nint stride, nint lanes) where TV : struct, ISimd<TV>
    {
        for (int f = 0; f < features; f++)
        {
            float a = Unsafe.Add(ref weight, f) / MathF.Sqrt(Unsafe.Add(ref runningVar, f) + eps);
            TV scale = TV.Create(a), shift = TV.Create(Unsafe.Add(ref bias, f) - Unsafe.Add(ref runningMean, f) * a);
            for (nint lane = 0; lane < lanes; lane += TV.Count)
            {
                nuint at = (nuint)(f * stride + lane);
                TV.Store(TV.MultiplyAdd(TV.Load(ref x, at), scale, shift), ref y, at);
            }
        }
    }

    /// <summary>
    /// Training forward over a batch laid out as tiles in <paramref name="work"/> (tile t at t·<paramref name="tileFloats"/>,
    /// its input at <paramref name="xOffset"/> and output at <paramref name="yOffset"/> within it, <paramref name="features"/>
    /// rows each): the batch's mean μ and biased variance σ² of each feature, y = (x − μ)·w/√(σ² + ε) + b, and the
    /// running statistics moved by <paramref name="momentum"/> towards μ and the unbiased variance σ²·n/(n − 1);
    /// <paramref name="statistics"/> receives μ (first <paramref name="features"/> values) and 1/√(σ² + ε) for the
    /// backward pass. The lanes past the batch's last sample take no part.
    /// </summary>
    /// <exception cref="ArgumentException">The batch has fewer than 2 samples (there is no variance to normalise by).</exception>
    public static void TrainForward(Span<float> work, int tileFloats, int batch, int xOffset, int yOffset, int features,
        ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> runningMean, Span<float> runningVar, float eps, float momentum,
        Span<float> statistics)
    {
        CheckBatch(work.Length, tileFloats, batch, xOffset, yOffset, features);
        Check(features, features, weight.Length, bias.Length, runningMean.Length, runningVar.Length);
        if (statistics.Length < 2 * features) throw new ArgumentException($"statistics has {statistics.Length} values; expected {2 * features}.", nameof(statistics));
        ref float w = ref MemoryMarshal.GetReference(work);
        for (int f = 0; f < features; f++)
        {
            int x = xOffset + f * S;
            float mean = SumCore(ref w, tileFloats, batch, x, 0f, squares: false) / batch;
            float variance = SumCore(ref w, tileFloats, batch, x, mean, squares: true) / batch;
            float inverse = 1f / MathF.Sqrt(variance + eps);
            float a = weight[f] * inverse;
            ScaleCore(ref w, tileFloats, batch, x, yOffset + f * S, a, bias[f] - mean * a);
            statistics[f] = mean;
            statistics[features + f] = inverse;
            runningMean[f] = (1f - momentum) * runningMean[f] + momentum * mean;
            runningVar[f] = (1f - momentum) * runningVar[f] + momentum * (variance * batch / (batch - 1));
        }
    }

    /// <summary>
    /// Training backward over the batch, from dLoss/dy at <paramref name="gOffset"/> in each tile: dw = Σ g·x̂ and db = Σ g
    /// over the batch (set, not added to: a layer's parameters appear once), and, when <paramref name="dxOffset"/> ≥ 0,
    /// dx = w/√(σ² + ε)·(g − mean(g) − x̂·mean(g·x̂)) at that offset, 0 in the lanes past the batch's last sample.
    /// </summary>
    public static void TrainBackward(Span<float> work, int tileFloats, int batch, int gOffset, int xOffset, int dxOffset, int features,
        ReadOnlySpan<float> weight, ReadOnlySpan<float> statistics, Span<float> weightGradient, Span<float> biasGradient)
    {
        CheckBatch(work.Length, tileFloats, batch, xOffset, gOffset, features);
        if (dxOffset >= 0) CheckBatch(work.Length, tileFloats, batch, dxOffset, dxOffset, features);
        if (weight.Length != features || weightGradient.Length != features || biasGradient.Length != features || statistics.Length < 2 * features)
            throw new ArgumentException($"Expected weight, its gradient and the bias gradient of {features} values, and {2 * features} statistics.", nameof(weight));
        ref float w = ref MemoryMarshal.GetReference(work);
        for (int f = 0; f < features; f++)
        {
            float mean = statistics[f], inverse = statistics[features + f];
            GradientSumsCore(ref w, tileFloats, batch, gOffset + f * S, xOffset + f * S, mean, inverse, out float sumG, out float sumGX);
            weightGradient[f] = sumGX;
            biasGradient[f] = sumG;
            if (dxOffset >= 0)
                InputGradientCore(ref w, tileFloats, batch, gOffset + f * S, xOffset + f * S, dxOffset + f * S, mean, inverse,
                    weight[f] * inverse, sumG / batch, sumGX / batch);
        }
    }

    private static void CheckBatch(int workLength, int tileFloats, int batch, int firstOffset, int secondOffset, int features)
    {
        if (batch < 2)
            throw new ArgumentException($"BatchNorm1d in training needs at least 2 samples in a batch to take a variance; got {batch} (as PyTorch refuses it).", "inputs");
        int tiles = (batch + S - 1) / S;
        long needed = (long)(tiles - 1) * tileFloats + Math.Max(firstOffset, secondOffset) + (long)features * S;
        if (firstOffset < 0 || secondOffset < 0 || Math.Max(firstOffset, secondOffset) + (long)features * S > tileFloats || workLength < needed)
            throw new ArgumentException($"work has {workLength} values; expected {tiles} tiles of {tileFloats} holding {features} rows at offsets {firstOffset} and {secondOffset}.", "work");
    }

    /// <summary>Valid lanes of tile t: 1 where the lane holds one of the batch's samples.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Valid<TV>(int lane, int rows) where TV : struct, ISimd<TV> =>
        TV.LessThan(TV.Load(ref MemoryMarshal.GetReference(LaneIndex), (nuint)lane), TV.Create(rows));

    private static ReadOnlySpan<float> LaneIndex => new float[]
    {
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
    };

    // The dispatch for one row of every tile: the widest register the machine accelerates.
    private static float SumCore(ref float work, int tileFloats, int batch, int row, float center, bool squares)
    {
        if (Vector512.IsHardwareAccelerated) return RowSum<Simd512>(ref work, tileFloats, batch, row, center, squares);
        if (Vector256.IsHardwareAccelerated) return RowSum<Simd256>(ref work, tileFloats, batch, row, center, squares);
        return RowSum<Simd128>(ref work, tileFloats, batch, row, center, squares);
    }

    private static void ScaleCore(ref float work, int tileFloats, int batch, int xRow, int yRow, float a, float c)
    {
        if (Vector512.IsHardwareAccelerated) RowScale<Simd512>(ref work, tileFloats, batch, xRow, yRow, a, c);
        else if (Vector256.IsHardwareAccelerated) RowScale<Simd256>(ref work, tileFloats, batch, xRow, yRow, a, c);
        else RowScale<Simd128>(ref work, tileFloats, batch, xRow, yRow, a, c);
    }

    private static void GradientSumsCore(ref float work, int tileFloats, int batch, int gRow, int xRow, float mean, float inverse, out float sumG, out float sumGX)
    {
        if (Vector512.IsHardwareAccelerated) RowGradientSums<Simd512>(ref work, tileFloats, batch, gRow, xRow, mean, inverse, out sumG, out sumGX);
        else if (Vector256.IsHardwareAccelerated) RowGradientSums<Simd256>(ref work, tileFloats, batch, gRow, xRow, mean, inverse, out sumG, out sumGX);
        else RowGradientSums<Simd128>(ref work, tileFloats, batch, gRow, xRow, mean, inverse, out sumG, out sumGX);
    }

    private static void InputGradientCore(ref float work, int tileFloats, int batch, int gRow, int xRow, int dxRow, float mean, float inverse,
        float scale, float meanG, float meanGX)
    {
        if (Vector512.IsHardwareAccelerated) RowInputGradient<Simd512>(ref work, tileFloats, batch, gRow, xRow, dxRow, mean, inverse, scale, meanG, meanGX);
        else if (Vector256.IsHardwareAccelerated) RowInputGradient<Simd256>(ref work, tileFloats, batch, gRow, xRow, dxRow, mean, inverse, scale, meanG, meanGX);
        else RowInputGradient<Simd128>(ref work, tileFloats, batch, gRow, xRow, dxRow, mean, inverse, scale, meanG, meanGX);
    }

    /// <summary>Σ x (or Σ (x − center)² with <paramref name="squares"/>) over one feature row of every tile's valid lanes.</summary>
    [MethodImpl(KernelMethod.Options)]
    internal static float RowSum<TV>(ref float work, int tileFloats, int batch, int row, float center, bool squares) where TV : struct, ISimd<TV>
    {
        TV total = TV.Zero, c = TV.Create(center);
        for (int start = 0, tile = 0; start < batch; start += S, tile++)
        {
            int rows = Math.Min(S, batch - start);
            ref float at = ref Unsafe.Add(ref work, (nint)tile * tileFloats + row);
            for (int lane = 0; lane < S; lane += TV.Count)
            {
                TV v = TV.Load(ref at, (nuint)lane);
                if (squares) v = (v - c) * (v - c);
                total += rows == S ? v : TV.ConditionalSelect(Valid<TV>(lane, rows), v, TV.Zero);
            }
        }
        return TV.Sum(total);
    }

    [MethodImpl(KernelMethod.Options)]
    internal static void RowScale<TV>(ref float work, int tileFloats, int batch, int xRow, int yRow, float a, float c) where TV : struct, ISimd<TV>
    {
        TV scale = TV.Create(a), shift = TV.Create(c);
        for (int start = 0, tile = 0; start < batch; start += S, tile++)
        {
            ref float tileStart = ref Unsafe.Add(ref work, (nint)tile * tileFloats);
            for (int lane = 0; lane < S; lane += TV.Count)
                TV.Store(TV.MultiplyAdd(TV.Load(ref tileStart, (nuint)(xRow + lane)), scale, shift), ref tileStart, (nuint)(yRow + lane));
        }
    }

    [MethodImpl(KernelMethod.Options)]
    internal static void RowGradientSums<TV>(ref float work, int tileFloats, int batch, int gRow, int xRow, float mean, float inverse,
        out float sumG, out float sumGX) where TV : struct, ISimd<TV>
    {
        TV g = TV.Zero, gx = TV.Zero, m = TV.Create(mean), r = TV.Create(inverse);
        for (int start = 0, tile = 0; start < batch; start += S, tile++)
        {
            int rows = Math.Min(S, batch - start);
            ref float tileStart = ref Unsafe.Add(ref work, (nint)tile * tileFloats);
            for (int lane = 0; lane < S; lane += TV.Count)
            {
                TV gv = TV.Load(ref tileStart, (nuint)(gRow + lane));
                TV normal = (TV.Load(ref tileStart, (nuint)(xRow + lane)) - m) * r;
                if (rows < S)
                {
                    TV valid = Valid<TV>(lane, rows);
                    gv = TV.ConditionalSelect(valid, gv, TV.Zero);
                    normal = TV.ConditionalSelect(valid, normal, TV.Zero);
                }
                g += gv;
                gx = TV.MultiplyAdd(gv, normal, gx);
            }
        }
        sumG = TV.Sum(g);
        sumGX = TV.Sum(gx);
    }

    [MethodImpl(KernelMethod.Options)]
    internal static void RowInputGradient<TV>(ref float work, int tileFloats, int batch, int gRow, int xRow, int dxRow, float mean, float inverse,
        float scale, float meanG, float meanGX) where TV : struct, ISimd<TV>
    {
        TV m = TV.Create(mean), r = TV.Create(inverse), k = TV.Create(scale), mg = TV.Create(meanG), mgx = TV.Create(meanGX);
        for (int start = 0, tile = 0; start < batch; start += S, tile++)
        {
            int rows = Math.Min(S, batch - start);
            ref float tileStart = ref Unsafe.Add(ref work, (nint)tile * tileFloats);
            for (int lane = 0; lane < S; lane += TV.Count)
            {
                TV normal = (TV.Load(ref tileStart, (nuint)(xRow + lane)) - m) * r;
                TV dx = k * (TV.Load(ref tileStart, (nuint)(gRow + lane)) - mg - normal * mgx);
                if (rows < S) dx = TV.ConditionalSelect(Valid<TV>(lane, rows), dx, TV.Zero);
                TV.Store(dx, ref tileStart, (nuint)(dxRow + lane));
            }
        }
    }
}
