using System.Runtime.Intrinsics;
using static NetGen.Benchmarks.Peers.Hand.HandSimd;

namespace NetGen.Benchmarks.Designs;

/// <summary>
/// The machine's ceiling for a design row: the same number of 16-lane FMAs as the design, on twelve independent
/// register chains (more than latency × 2 pipes), with no loads at all. A design at this time is FMA-bound.
/// </summary>
internal static class FmaPeak
{
    public static float Run(long vectorFmas)
    {
        Vector512<float> a0 = Vector512.Create(1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        Vector512<float> m = Vector512.Create(0.999999f), c = Vector512.Create(1e-7f);
        for (long i = 0; i < vectorFmas; i += 12)
        {
            a0 = Fma(a0, m, c); a1 = Fma(a1, m, c); a2 = Fma(a2, m, c); a3 = Fma(a3, m, c);
            a4 = Fma(a4, m, c); a5 = Fma(a5, m, c); a6 = Fma(a6, m, c); a7 = Fma(a7, m, c);
            a8 = Fma(a8, m, c); a9 = Fma(a9, m, c); a10 = Fma(a10, m, c); a11 = Fma(a11, m, c);
        }
        return (a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11).ToScalar();
    }
}
