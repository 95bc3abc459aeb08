using System;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using static NetGen.Benchmarks.Peers.Hand.HandSimd;

namespace NetGen.Benchmarks.Designs;

/// <summary>
/// The large network's first weight gradient over a batch of 256, dW[o, k] = Σ_s g[s, o]·x[s, k] with W [128, 784]
/// (ns per sample), given what the forward pass left: the inputs row-major (the user's batch), their feature-major
/// tiles, and the hidden gradient g both feature-major (tiles of 32) and row-major. Designs: inputs across lanes with
/// g broadcast (Hand's) and samples across lanes with a horizontal sum per weight per tile (the runtime's old
/// Kernels.LinearBackwardBatch was measured here too until main removed it: docs/benchmarks.md). Checked against a
/// double-precision reference.
/// </summary>
[Config(typeof(DesignConfig))]
public unsafe class LargeWeightGradientDesigns
{
    private const int In = 784, Out = 128, Batch = Workload.BatchSize, Tile = 32;
    private AlignedBuffer _x = null!, _xT = null!, _gRows = null!, _gT = null!, _dW = null!, _db = null!;
    private float[] _expected = null!;

    [GlobalSetup]
    public void Setup()
    {
        var workload = new Workload(MlpSpec.Large);
        _x = new AlignedBuffer(Batch * In);
        workload.Inputs.CopyTo(_x.Span);
        // A hidden gradient as ReLU leaves it: about half the units zero, the rest small.
        var random = new Random(7);
        _gRows = new AlignedBuffer(Batch * Out);
        for (int i = 0; i < Batch * Out; i++) _gRows.Pointer[i] = random.NextDouble() < 0.5 ? 0f : (float)(random.NextDouble() - 0.5) * 0.01f;
        // Feature-major tiles of both, as the forward pass keeps them: tile t at t·32·features, row f = feature f.
        _xT = new AlignedBuffer(Batch * In);
        _gT = new AlignedBuffer(Batch * Out);
        for (int t = 0; t < Batch; t += Tile)
            for (int s = 0; s < Tile; s++)
            {
                for (int k = 0; k < In; k++) _xT.Pointer[t * In + k * Tile + s] = _x.Pointer[(t + s) * In + k];
                for (int o = 0; o < Out; o++) _gT.Pointer[t * Out + o * Tile + s] = _gRows.Pointer[(t + s) * Out + o];
            }
        _dW = new AlignedBuffer(Out * In);
        _db = new AlignedBuffer(Out);
        _expected = new float[Out * In];
        for (int o = 0; o < Out; o++)
            for (int k = 0; k < In; k++)
            {
                double sum = 0;
                for (int s = 0; s < Batch; s++) sum += (double)_gRows.Pointer[s * Out + o] * _x.Pointer[s * In + k];
                _expected[o * In + k] = (float)sum;
            }
        foreach (var (name, run) in new (string, Action)[] { ("InputsAcrossLanes", InputsAcrossLanes_8x3), ("SamplesAcrossLanes", SamplesAcrossLanes_Sum16) })
        {
            _dW.Span.Clear();
            run();
            for (int i = 0; i < Out * In; i++)
                if (!(MathF.Abs(_dW.Pointer[i] - _expected[i]) <= 1e-5f))
                    throw new InvalidOperationException($"{name} disagrees at {i}: {_dW.Pointer[i]} vs {_expected[i]}.");
        }
    }

    /// <summary>The ceiling: 784·128/16 = 6,272 FMAs a sample, no loads.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public float Peak() => FmaPeak.Run((long)In * Out / 16 * Batch);

    /// <summary>
    /// Hand's design: dW[o, k..k+16] += g[s, o]·x[s, k..k+16] — inputs across lanes straight from the row-major batch,
    /// g broadcast from the feature-major tile; 8 outputs × 3 input vectors in 24 accumulators over a tile's 32 samples;
    /// the first tile writes. No horizontal sums.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void InputsAcrossLanes_8x3()
    {
        for (int t = 0; t < Batch; t += Tile)
        {
            float* x = _x.Pointer + t * In, g = _gT.Pointer + t * Out;
            for (int kb = 0; kb < 48 * 16; kb += 48)
                for (int ob = 0; ob < Out; ob += 8)
                    Block8x3(x + kb, g + ob * Tile, _dW.Pointer + ob * In + kb, write: t == 0);
            for (int ob = 0; ob < Out; ob += 8)
                Block8x1(x + 48 * 16, g + ob * Tile, _dW.Pointer + ob * In + 48 * 16, write: t == 0);
        }
    }

    private static void Block8x3(float* x, float* g, float* dw, bool write)
    {
        Vector512<float> a00, a01, a02, a10, a11, a12, a20, a21, a22, a30, a31, a32, a40, a41, a42, a50, a51, a52, a60, a61, a62, a70, a71, a72;
        if (write)
        {
            a00 = a01 = a02 = a10 = a11 = a12 = a20 = a21 = a22 = a30 = a31 = a32 = Vector512<float>.Zero;
            a40 = a41 = a42 = a50 = a51 = a52 = a60 = a61 = a62 = a70 = a71 = a72 = Vector512<float>.Zero;
        }
        else
        {
            a00 = Load(dw); a01 = Load(dw + 16); a02 = Load(dw + 32);
            a10 = Load(dw + In); a11 = Load(dw + In + 16); a12 = Load(dw + In + 32);
            a20 = Load(dw + 2 * In); a21 = Load(dw + 2 * In + 16); a22 = Load(dw + 2 * In + 32);
            a30 = Load(dw + 3 * In); a31 = Load(dw + 3 * In + 16); a32 = Load(dw + 3 * In + 32);
            a40 = Load(dw + 4 * In); a41 = Load(dw + 4 * In + 16); a42 = Load(dw + 4 * In + 32);
            a50 = Load(dw + 5 * In); a51 = Load(dw + 5 * In + 16); a52 = Load(dw + 5 * In + 32);
            a60 = Load(dw + 6 * In); a61 = Load(dw + 6 * In + 16); a62 = Load(dw + 6 * In + 32);
            a70 = Load(dw + 7 * In); a71 = Load(dw + 7 * In + 16); a72 = Load(dw + 7 * In + 32);
        }
        for (int s = 0; s < Tile; s++, x += In, g++)
        {
            Vector512<float> x0 = Load(x), x1 = Load(x + 16), x2 = Load(x + 32), c;
            c = Broadcast(g); a00 = Fma(c, x0, a00); a01 = Fma(c, x1, a01); a02 = Fma(c, x2, a02);
            c = Broadcast(g + Tile); a10 = Fma(c, x0, a10); a11 = Fma(c, x1, a11); a12 = Fma(c, x2, a12);
            c = Broadcast(g + 2 * Tile); a20 = Fma(c, x0, a20); a21 = Fma(c, x1, a21); a22 = Fma(c, x2, a22);
            c = Broadcast(g + 3 * Tile); a30 = Fma(c, x0, a30); a31 = Fma(c, x1, a31); a32 = Fma(c, x2, a32);
            c = Broadcast(g + 4 * Tile); a40 = Fma(c, x0, a40); a41 = Fma(c, x1, a41); a42 = Fma(c, x2, a42);
            c = Broadcast(g + 5 * Tile); a50 = Fma(c, x0, a50); a51 = Fma(c, x1, a51); a52 = Fma(c, x2, a52);
            c = Broadcast(g + 6 * Tile); a60 = Fma(c, x0, a60); a61 = Fma(c, x1, a61); a62 = Fma(c, x2, a62);
            c = Broadcast(g + 7 * Tile); a70 = Fma(c, x0, a70); a71 = Fma(c, x1, a71); a72 = Fma(c, x2, a72);
        }
        Store(dw, a00); Store(dw + 16, a01); Store(dw + 32, a02);
        Store(dw + In, a10); Store(dw + In + 16, a11); Store(dw + In + 32, a12);
        Store(dw + 2 * In, a20); Store(dw + 2 * In + 16, a21); Store(dw + 2 * In + 32, a22);
        Store(dw + 3 * In, a30); Store(dw + 3 * In + 16, a31); Store(dw + 3 * In + 32, a32);
        Store(dw + 4 * In, a40); Store(dw + 4 * In + 16, a41); Store(dw + 4 * In + 32, a42);
        Store(dw + 5 * In, a50); Store(dw + 5 * In + 16, a51); Store(dw + 5 * In + 32, a52);
        Store(dw + 6 * In, a60); Store(dw + 6 * In + 16, a61); Store(dw + 6 * In + 32, a62);
        Store(dw + 7 * In, a70); Store(dw + 7 * In + 16, a71); Store(dw + 7 * In + 32, a72);
    }

    private static void Block8x1(float* x, float* g, float* dw, bool write)
    {
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        if (!write)
        {
            a0 = Load(dw); a1 = Load(dw + In); a2 = Load(dw + 2 * In); a3 = Load(dw + 3 * In);
            a4 = Load(dw + 4 * In); a5 = Load(dw + 5 * In); a6 = Load(dw + 6 * In); a7 = Load(dw + 7 * In);
        }
        for (int s = 0; s < Tile; s++, x += In, g++)
        {
            Vector512<float> x0 = Load(x);
            a0 = Fma(Broadcast(g), x0, a0); a1 = Fma(Broadcast(g + Tile), x0, a1);
            a2 = Fma(Broadcast(g + 2 * Tile), x0, a2); a3 = Fma(Broadcast(g + 3 * Tile), x0, a3);
            a4 = Fma(Broadcast(g + 4 * Tile), x0, a4); a5 = Fma(Broadcast(g + 5 * Tile), x0, a5);
            a6 = Fma(Broadcast(g + 6 * Tile), x0, a6); a7 = Fma(Broadcast(g + 7 * Tile), x0, a7);
        }
        Store(dw, a0); Store(dw + In, a1); Store(dw + 2 * In, a2); Store(dw + 3 * In, a3);
        Store(dw + 4 * In, a4); Store(dw + 5 * In, a5); Store(dw + 6 * In, a6); Store(dw + 7 * In, a7);
    }

    /// <summary>
    /// Samples across lanes for dW too: with x and g both feature-major, dW[o, k] is a dot product across the tile's
    /// samples (2 FMAs for 32 samples), so every weight needs a horizontal sum every tile: 16 weights at a time, one
    /// Sum16 tree, added to dW.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void SamplesAcrossLanes_Sum16()
    {
        for (int t = 0; t < Batch; t += Tile)
        {
            float* xT = _xT.Pointer + t * In, gT = _gT.Pointer + t * Out;
            for (int o = 0; o < Out; o++)
            {
                Vector512<float> g0 = Load(gT + o * Tile), g1 = Load(gT + o * Tile + 16);
                float* dw = _dW.Pointer + o * In;
                for (int k = 0; k < In; k += 16)
                {
                    float* x = xT + k * Tile;
                    Vector512<float> sums = Sum16(
                        Dot(g0, g1, x), Dot(g0, g1, x + Tile), Dot(g0, g1, x + 2 * Tile), Dot(g0, g1, x + 3 * Tile),
                        Dot(g0, g1, x + 4 * Tile), Dot(g0, g1, x + 5 * Tile), Dot(g0, g1, x + 6 * Tile), Dot(g0, g1, x + 7 * Tile),
                        Dot(g0, g1, x + 8 * Tile), Dot(g0, g1, x + 9 * Tile), Dot(g0, g1, x + 10 * Tile), Dot(g0, g1, x + 11 * Tile),
                        Dot(g0, g1, x + 12 * Tile), Dot(g0, g1, x + 13 * Tile), Dot(g0, g1, x + 14 * Tile), Dot(g0, g1, x + 15 * Tile));
                    Store(dw + k, t == 0 ? sums : Load(dw + k) + sums);
                }
            }
        }
    }

    private static Vector512<float> Dot(Vector512<float> g0, Vector512<float> g1, float* x) => Fma(g1, Load(x + 16), g0 * Load(x));
}
