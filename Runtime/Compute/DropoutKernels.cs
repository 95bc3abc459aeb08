using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Compute;

/// <summary>
/// Dropout in training: a mask of 0 and 1/(1 − p) multiplies the values, and the same mask multiplies the gradient on
/// the way back. The mask is drawn by a counter-based generator (<see cref="Bits"/>), a hash of the network's seed, the
/// training step, the layer, the sample's index in the batch and the unit: no state is carried from one value to the
/// next, so any sample can be drawn anywhere (a tile, a shard on another thread) and gets the same mask.
/// </summary>
/// <remarks>
/// The generator, written out so that another implementation (the reference script) can repeat it: with SplitMix64's
/// finaliser <c>mix(z)</c> and γ = 0x9E3779B97F4A7C15, all in 64-bit unsigned arithmetic,
/// <c>stream = mix(mix(mix(seed + γ) + step + γ) + layer + γ)</c>, <c>row = mix(stream + sample + γ)</c>,
/// <c>bits = mix(row + unit + γ) &gt;&gt; 40</c> (24 bits); the unit is kept when bits ≥ p·2²⁴. The seed is the
/// network's, as an unsigned 32-bit value.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class DropoutKernels
{
    private const ulong Gamma = 0x9E3779B97F4A7C15;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    /// <summary>The key of one layer's masks in one training step: every sample's row of the mask derives from it.</summary>
    public static ulong Stream(int seed, long step, int layer) =>
        Mix(Mix(Mix((uint)seed + Gamma) + (ulong)step + Gamma) + (ulong)(uint)layer + Gamma);

    /// <summary>The 24 random bits of one unit of one sample (the generator's output).</summary>
    public static uint Bits(ulong stream, int sample, int unit) => (uint)(Mix(Mix(stream + (ulong)(uint)sample + Gamma) + (ulong)(uint)unit + Gamma) >> 40);

    /// <summary>
    /// Fills one sample's mask (<paramref name="mask"/>.Length units) with 1/(1 − p) for the units kept and 0 for the
    /// others, and writes y = x ⊙ mask.
    /// </summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, Span<float> mask, float p, ulong stream, int sample)
    {
        int n = x.Length;
        if (y.Length != n || mask.Length != n)
            throw new ArgumentException($"Expected x, y and mask of one length; got {n}, {y.Length} and {mask.Length}.", nameof(mask));
        FillRow(ref MemoryMarshal.GetReference(mask), 1, n, p, Mix(stream + (ulong)(uint)sample + Gamma));
        Multiply(x, mask, y);
    }

    /// <summary>
    /// Dropout on a tile of <paramref name="features"/> rows: lane s is sample <paramref name="firstSample"/> + s; lanes
    /// from <paramref name="rows"/> on (past the last sample) get a mask of 0.
    /// </summary>
    public static void ForwardTile(ReadOnlySpan<float> x, Span<float> y, Span<float> mask, int features, int rows, float p, ulong stream, int firstSample)
    {
        TileKernels.CheckTile(x.Length, features, nameof(x));
        TileKernels.CheckTile(y.Length, features, nameof(y));
        TileKernels.CheckTile(mask.Length, features, nameof(mask));
        if (rows < 1 || rows > TileKernels.Samples) throw new ArgumentOutOfRangeException(nameof(rows), rows, $"Expected 1 to {TileKernels.Samples} samples.");
        int length = features * TileKernels.Samples;
        ref float m = ref MemoryMarshal.GetReference(mask);
        if (Avx512DQ.IsSupported) FillTile(ref m, features, rows, p, stream, firstSample);
        else
            for (int s = 0; s < TileKernels.Samples; s++)
            {
                if (s < rows) FillRow(ref Unsafe.Add(ref m, s), TileKernels.Samples, features, p, Mix(stream + (ulong)(uint)(firstSample + s) + Gamma));
                else
                    for (int f = 0; f < features; f++) Unsafe.Add(ref m, f * TileKernels.Samples + s) = 0f;
            }
        Multiply(x.Slice(0, length), mask.Slice(0, length), y.Slice(0, length));
    }

    /// <summary>dx = g ⊙ mask: the gradient through the units the forward pass kept (one sample or a tile alike).</summary>
    public static void Backward(ReadOnlySpan<float> g, ReadOnlySpan<float> mask, Span<float> dx)
    {
        if (mask.Length < g.Length || dx.Length < g.Length)
            throw new ArgumentException($"Expected mask and dx of at least {g.Length} values; got {mask.Length} and {dx.Length}.", nameof(dx));
        Multiply(g, mask.Slice(0, g.Length), dx.Slice(0, g.Length));
    }

    // Each unit of one sample's row: 1/(1 − p) where its 24 bits reach p·2²⁴, else 0. The units of one sample are
    // consecutive (stride 1): sixteen hashed at once where AVX-512 multiplies 64-bit lanes.
    private static void FillRow(ref float mask, int stride, int units, float p, ulong row)
    {
        float threshold = p * 16777216f, scale = 1f / (1f - p);
        int unit = 0;
        if (stride == 1 && Avx512DQ.IsSupported)
        {
            Vector512<ulong> first = Vector512.Create(0ul, 1, 2, 3, 4, 5, 6, 7), second = first + Vector512.Create(8ul);
            for (; unit + 16 <= units; unit += 16)
            {
                Vector512<ulong> key = Vector512.Create(row + (ulong)(uint)unit + Gamma);
                Keep16(key + first, key + second, threshold, scale).StoreUnsafe(ref mask, (nuint)unit);
            }
        }
        for (; unit < units; unit++)
        {
            uint bits = (uint)(Mix(row + (ulong)(uint)unit + Gamma) >> 40);
            Unsafe.Add(ref mask, unit * stride) = bits >= threshold ? scale : 0f;
        }
    }

    /// <summary>
    /// A tile's mask row by row where AVX-512 multiplies 64-bit lanes: for each unit, its sixteen samples at once (the
    /// row hashes in two registers), stored as sixteen consecutive floats of the feature-major tile.
    /// </summary>
    private static void FillTile(ref float mask, int features, int rows, float p, ulong stream, int firstSample)
    {
        float threshold = p * 16777216f, scale = 1f / (1f - p);
        Span<ulong> row = stackalloc ulong[TileKernels.Samples];
        for (int s = 0; s < TileKernels.Samples; s++) row[s] = Mix(stream + (ulong)(uint)(firstSample + s) + Gamma) + Gamma;
        ref ulong rows0 = ref MemoryMarshal.GetReference(row);
        for (int half = 0; half < TileKernels.Samples; half += 16)
        {
            Vector512<ulong> a = Vector512.LoadUnsafe(ref rows0, (nuint)half), b = Vector512.LoadUnsafe(ref rows0, (nuint)(half + 8));
            // Lanes past the last sample keep a mask of 0.
            Vector512<float> valid = Vector512.LessThan(Vector512.Create(0f, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15) + Vector512.Create((float)half),
                Vector512.Create((float)rows));
            for (int f = 0; f < features; f++)
            {
                Vector512<ulong> unit = Vector512.Create((ulong)(uint)f);
                Vector512<float> keep = Keep16(a + unit, b + unit, threshold, scale) & valid;
                keep.StoreUnsafe(ref mask, (nuint)(f * TileKernels.Samples + half));
            }
        }
    }

    /// <summary>1/(1 − p) or 0 for sixteen keys (row + unit + γ): the 24 bits of mix(key) against p·2²⁴.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Keep16(Vector512<ulong> low, Vector512<ulong> high, float threshold, float scale)
    {
        Vector512<uint> bits = Vector512.Narrow(Vector512.ShiftRightLogical(Mix(low), 40), Vector512.ShiftRightLogical(Mix(high), 40));
        Vector512<float> kept = Vector512.GreaterThanOrEqual(Vector512.ConvertToSingle(bits.AsInt32()), Vector512.Create(threshold));
        return kept & Vector512.Create(scale);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Mix(Vector512<ulong> z)
    {
        z = (z ^ Vector512.ShiftRightLogical(z, 30)) * Vector512.Create(0xBF58476D1CE4E5B9ul);
        z = (z ^ Vector512.ShiftRightLogical(z, 27)) * Vector512.Create(0x94D049BB133111EBul);
        return z ^ Vector512.ShiftRightLogical(z, 31);
    }

    private static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> result)
    {
        ref float ra = ref MemoryMarshal.GetReference(a);
        ref float rb = ref MemoryMarshal.GetReference(b);
        ref float rr = ref MemoryMarshal.GetReference(result);
        int n = a.Length, i = 0;
        if (Vector512.IsHardwareAccelerated) i = MultiplyCore<Simd512>(ref ra, ref rb, ref rr, n);
        else if (Vector256.IsHardwareAccelerated) i = MultiplyCore<Simd256>(ref ra, ref rb, ref rr, n);
        i += MultiplyCore<Simd128>(ref Unsafe.Add(ref ra, i), ref Unsafe.Add(ref rb, i), ref Unsafe.Add(ref rr, i), n - i);
        MultiplyCore<ScalarLane>(ref Unsafe.Add(ref ra, i), ref Unsafe.Add(ref rb, i), ref Unsafe.Add(ref rr, i), n - i);
    }

    /// <summary>result = a ⊙ b in whole registers; returns how many values were done.</summary>
    [MethodImpl(KernelMethod.Options)]
    internal static int MultiplyCore<TV>(ref float a, ref float b, ref float result, int length) where TV : struct, ISimd<TV>
    {
        int i = 0;
        for (; i + TV.Count <= length; i += TV.Count) TV.Store(TV.Load(ref a, (nuint)i) * TV.Load(ref b, (nuint)i), ref result, (nuint)i);
        return i;
    }
}
