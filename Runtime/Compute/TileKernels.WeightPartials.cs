using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Compute;

public static partial class TileKernels
{
    /// <summary>
    /// Adds a tile's contribution to a Linear layer's lane-partial gradients: for every lane (sample) s,
    /// <c>weightPartials[(o·in + i)·32 + s] += g[o, s]·x[i, s]</c> and <c>biasPartials[o·32 + s] += g[o, s]</c>; a batch's
    /// partials are summed once at its end (<see cref="Lanes.Reduce"/> with width 32). For layers with few inputs: the
    /// tiles stay feature-major (no transpose), where <see cref="WeightGradient"/>'s registers across inputs would be
    /// mostly empty. Padding lanes carry zero gradient, so they add nothing.
    /// </summary>
    public static void WeightPartials(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> weightPartials, Span<float> biasPartials,
        int inFeatures, int outFeatures)
    {
        CheckTile(g.Length, outFeatures, nameof(g));
        CheckTile(x.Length, inFeatures, nameof(x));
        CheckTile(weightPartials.Length, inFeatures * outFeatures, nameof(weightPartials));
        if (!biasPartials.IsEmpty) CheckTile(biasPartials.Length, outFeatures, nameof(biasPartials));
        ref float rg = ref MemoryMarshal.GetReference(g);
        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float rw = ref MemoryMarshal.GetReference(weightPartials);
        ref float rb = ref MemoryMarshal.GetReference(biasPartials);
        bool bias = !biasPartials.IsEmpty;
        if (Vector512.IsHardwareAccelerated) WeightPartialsCore<Simd512>(ref rg, ref rx, ref rw, ref rb, bias, inFeatures, outFeatures);
        else if (Vector256.IsHardwareAccelerated) WeightPartialsCore<Simd256>(ref rg, ref rx, ref rw, ref rb, bias, inFeatures, outFeatures);
        else WeightPartialsCore<Simd128>(ref rg, ref rx, ref rw, ref rb, bias, inFeatures, outFeatures);
    }

    [MethodImpl(KernelMethod.Options)]
    internal static void WeightPartialsCore<TV>(ref float g, ref float x, ref float weights, ref float bias, bool hasBias, int inFeatures, int outFeatures)
        where TV : struct, ISimd<TV>
    {
        for (int o = 0; o < outFeatures; o++)
        {
            ref float partials = ref Unsafe.Add(ref weights, (nint)o * inFeatures * Samples);
            for (int lane = 0; lane < Samples; lane += TV.Count)
            {
                TV go = TV.Load(ref g, (nuint)(o * Samples + lane));
                if (hasBias) TV.Store(TV.Load(ref bias, (nuint)(o * Samples + lane)) + go, ref bias, (nuint)(o * Samples + lane));
                for (int i = 0; i < inFeatures; i++)
                {
                    nuint at = (nuint)(i * Samples + lane);
                    TV.Store(TV.MultiplyAdd(go, TV.Load(ref x, at), TV.Load(ref partials, at)), ref partials, at);
                }
            }
        }
    }
}
