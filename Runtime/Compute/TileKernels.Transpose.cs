using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Compute;

public static partial class TileKernels
{
    /// <summary>
    /// Copies <paramref name="rows"/> samples of <paramref name="features"/> values (sample-major, one row a sample, as
    /// users pass batches) into a tile (feature-major), with zeros in the lanes past the last sample.
    /// </summary>
    [MethodImpl(KernelMethod.Options)]
    public static void Load(ReadOnlySpan<float> samples, int rows, int features, Span<float> tile)
    {
        CheckRows(rows);
        if (samples.Length < rows * features) throw new ArgumentException($"samples has {samples.Length} values; expected {rows} × {features}.", nameof(samples));
        CheckTile(tile.Length, features, nameof(tile));
        ref float source = ref MemoryMarshal.GetReference(samples);
        ref float destination = ref MemoryMarshal.GetReference(tile);
        if (rows == Samples && Unzips(features))
        {
            UnzipLoad(ref source, features, ref destination);
            return;
        }
        int f = 0;
        if (rows == Samples && Avx512F.IsSupported)
            for (; f + 16 <= features; f += 16)
            {
                // Two 16 × 16 blocks: samples 0–15 and 16–31 of features f..f+15.
                Transpose16(ref Unsafe.Add(ref source, f), features, ref Unsafe.Add(ref destination, f * Samples), Samples);
                Transpose16(ref Unsafe.Add(ref source, 16 * features + f), features, ref Unsafe.Add(ref destination, f * Samples + 16), Samples);
            }
        if (rows == Samples && f < features && Avx2.IsSupported)
        {
            // The features left (all of them, for a narrow input): each row of the tile is four 8-sample gathers.
            GatherRows(ref source, features, f, ref destination);
            return;
        }
        for (; f < features; f++)
        {
            ref float row = ref Unsafe.Add(ref destination, f * Samples);
            int s = 0;
            for (; s < rows; s++) Unsafe.Add(ref row, s) = Unsafe.Add(ref source, (nint)s * features + f);
            for (; s < Samples; s++) Unsafe.Add(ref row, s) = 0f;
        }
    }

    /// <summary>Rows <paramref name="first"/>.. of a full tile, each gathered from 32 samples <paramref name="features"/> apart.</summary>
    private static unsafe void GatherRows(ref float source, int features, int first, ref float destination)
    {
        Vector256<int> indices = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7) * features;
        fixed (float* samples = &source)
        {
            for (int f = first; f < features; f++)
            {
                ref float row = ref Unsafe.Add(ref destination, f * Samples);
                for (int s = 0; s < Samples; s += 8)
                    Avx2.GatherVector256(samples + s * features + f, indices, 4).StoreUnsafe(ref row, (nuint)s);
            }
        }
    }

    /// <summary>Copies the first <paramref name="rows"/> samples of a tile of <paramref name="features"/> rows out, sample-major.</summary>
    [MethodImpl(KernelMethod.Options)]
    public static void Store(ReadOnlySpan<float> tile, int rows, int features, Span<float> samples)
    {
        CheckRows(rows);
        CheckTile(tile.Length, features, nameof(tile));
        if (samples.Length < rows * features) throw new ArgumentException($"samples has {samples.Length} values; expected {rows} × {features}.", nameof(samples));
        ref float source = ref MemoryMarshal.GetReference(tile);
        ref float destination = ref MemoryMarshal.GetReference(samples);
        if (rows == Samples && Unzips(features))
        {
            ZipStore(ref source, features, ref destination);
            return;
        }
        int f = 0;
        if (rows == Samples && Avx512F.IsSupported)
            for (; f + 16 <= features; f += 16)
            {
                Transpose16(ref Unsafe.Add(ref source, f * Samples), Samples, ref Unsafe.Add(ref destination, f), features);
                Transpose16(ref Unsafe.Add(ref source, f * Samples + 16), Samples, ref Unsafe.Add(ref destination, 16 * features + f), features);
            }
        for (; f < features; f++)
        {
            ref float row = ref Unsafe.Add(ref source, f * Samples);
            for (int s = 0; s < rows; s++) Unsafe.Add(ref destination, (nint)s * features + f) = Unsafe.Add(ref row, s);
        }
    }

    private static void CheckRows(int rows)
    {
        if (rows < 1 || rows > Samples) throw new ArgumentOutOfRangeException(nameof(rows), rows, $"Expected 1 to {Samples} samples.");
    }

    /// <summary>A 16 × 16 block from rows <paramref name="sourceStride"/> apart to rows <paramref name="destinationStride"/> apart, in registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose16(ref float source, int sourceStride, ref float destination, int destinationStride)
    {
        nuint ss = (nuint)sourceStride;
        Vector512<float> r0 = Vector512.LoadUnsafe(ref source), r1 = Vector512.LoadUnsafe(ref source, ss),
            r2 = Vector512.LoadUnsafe(ref source, 2 * ss), r3 = Vector512.LoadUnsafe(ref source, 3 * ss),
            r4 = Vector512.LoadUnsafe(ref source, 4 * ss), r5 = Vector512.LoadUnsafe(ref source, 5 * ss),
            r6 = Vector512.LoadUnsafe(ref source, 6 * ss), r7 = Vector512.LoadUnsafe(ref source, 7 * ss),
            r8 = Vector512.LoadUnsafe(ref source, 8 * ss), r9 = Vector512.LoadUnsafe(ref source, 9 * ss),
            ra = Vector512.LoadUnsafe(ref source, 10 * ss), rb = Vector512.LoadUnsafe(ref source, 11 * ss),
            rc = Vector512.LoadUnsafe(ref source, 12 * ss), rd = Vector512.LoadUnsafe(ref source, 13 * ss),
            re = Vector512.LoadUnsafe(ref source, 14 * ss), rf = Vector512.LoadUnsafe(ref source, 15 * ss);
        // 32-bit interleave of row pairs, then 64-bit interleave, then two rounds over 128-bit lanes.
        Vector512<float> t0 = Avx512F.UnpackLow(r0, r1), t1 = Avx512F.UnpackHigh(r0, r1), t2 = Avx512F.UnpackLow(r2, r3), t3 = Avx512F.UnpackHigh(r2, r3);
        Vector512<float> t4 = Avx512F.UnpackLow(r4, r5), t5 = Avx512F.UnpackHigh(r4, r5), t6 = Avx512F.UnpackLow(r6, r7), t7 = Avx512F.UnpackHigh(r6, r7);
        Vector512<float> t8 = Avx512F.UnpackLow(r8, r9), t9 = Avx512F.UnpackHigh(r8, r9), ta = Avx512F.UnpackLow(ra, rb), tb = Avx512F.UnpackHigh(ra, rb);
        Vector512<float> tc = Avx512F.UnpackLow(rc, rd), td = Avx512F.UnpackHigh(rc, rd), te = Avx512F.UnpackLow(re, rf), tf = Avx512F.UnpackHigh(re, rf);
        r0 = Avx512F.Shuffle(t0, t2, 0x44); r1 = Avx512F.Shuffle(t0, t2, 0xEE); r2 = Avx512F.Shuffle(t1, t3, 0x44); r3 = Avx512F.Shuffle(t1, t3, 0xEE);
        r4 = Avx512F.Shuffle(t4, t6, 0x44); r5 = Avx512F.Shuffle(t4, t6, 0xEE); r6 = Avx512F.Shuffle(t5, t7, 0x44); r7 = Avx512F.Shuffle(t5, t7, 0xEE);
        r8 = Avx512F.Shuffle(t8, ta, 0x44); r9 = Avx512F.Shuffle(t8, ta, 0xEE); ra = Avx512F.Shuffle(t9, tb, 0x44); rb = Avx512F.Shuffle(t9, tb, 0xEE);
        rc = Avx512F.Shuffle(tc, te, 0x44); rd = Avx512F.Shuffle(tc, te, 0xEE); re = Avx512F.Shuffle(td, tf, 0x44); rf = Avx512F.Shuffle(td, tf, 0xEE);
        t0 = Avx512F.Shuffle4x128(r0, r4, 0x88); t1 = Avx512F.Shuffle4x128(r1, r5, 0x88); t2 = Avx512F.Shuffle4x128(r2, r6, 0x88); t3 = Avx512F.Shuffle4x128(r3, r7, 0x88);
        t4 = Avx512F.Shuffle4x128(r0, r4, 0xDD); t5 = Avx512F.Shuffle4x128(r1, r5, 0xDD); t6 = Avx512F.Shuffle4x128(r2, r6, 0xDD); t7 = Avx512F.Shuffle4x128(r3, r7, 0xDD);
        t8 = Avx512F.Shuffle4x128(r8, rc, 0x88); t9 = Avx512F.Shuffle4x128(r9, rd, 0x88); ta = Avx512F.Shuffle4x128(ra, re, 0x88); tb = Avx512F.Shuffle4x128(rb, rf, 0x88);
        tc = Avx512F.Shuffle4x128(r8, rc, 0xDD); td = Avx512F.Shuffle4x128(r9, rd, 0xDD); te = Avx512F.Shuffle4x128(ra, re, 0xDD); tf = Avx512F.Shuffle4x128(rb, rf, 0xDD);
        nuint ds = (nuint)destinationStride;
        Avx512F.Shuffle4x128(t0, t8, 0x88).StoreUnsafe(ref destination);
        Avx512F.Shuffle4x128(t1, t9, 0x88).StoreUnsafe(ref destination, ds);
        Avx512F.Shuffle4x128(t2, ta, 0x88).StoreUnsafe(ref destination, 2 * ds);
        Avx512F.Shuffle4x128(t3, tb, 0x88).StoreUnsafe(ref destination, 3 * ds);
        Avx512F.Shuffle4x128(t4, tc, 0x88).StoreUnsafe(ref destination, 4 * ds);
        Avx512F.Shuffle4x128(t5, td, 0x88).StoreUnsafe(ref destination, 5 * ds);
        Avx512F.Shuffle4x128(t6, te, 0x88).StoreUnsafe(ref destination, 6 * ds);
        Avx512F.Shuffle4x128(t7, tf, 0x88).StoreUnsafe(ref destination, 7 * ds);
        Avx512F.Shuffle4x128(t0, t8, 0xDD).StoreUnsafe(ref destination, 8 * ds);
        Avx512F.Shuffle4x128(t1, t9, 0xDD).StoreUnsafe(ref destination, 9 * ds);
        Avx512F.Shuffle4x128(t2, ta, 0xDD).StoreUnsafe(ref destination, 10 * ds);
        Avx512F.Shuffle4x128(t3, tb, 0xDD).StoreUnsafe(ref destination, 11 * ds);
        Avx512F.Shuffle4x128(t4, tc, 0xDD).StoreUnsafe(ref destination, 12 * ds);
        Avx512F.Shuffle4x128(t5, td, 0xDD).StoreUnsafe(ref destination, 13 * ds);
        Avx512F.Shuffle4x128(t6, te, 0xDD).StoreUnsafe(ref destination, 14 * ds);
        Avx512F.Shuffle4x128(t7, tf, 0xDD).StoreUnsafe(ref destination, 15 * ds);
    }
}
