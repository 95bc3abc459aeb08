using System;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using static NetGen.Benchmarks.Peers.Hand.HandSimd;

namespace NetGen.Benchmarks.Designs;

/// <summary>
/// Ways to compute the first layer of the large network, relu(W·x + b) with W [128, 784], over a batch of 256:
/// samples across lanes (a feature-major tile, weights broadcast), outputs across lanes (weights packed k-major,
/// inputs broadcast), and dot products across inputs (4 × 4 register tile, then horizontal sums). ns per sample;
/// each design is checked against a scalar reference in the setup. Findings in docs/benchmarks.md (which also gives
/// the runtime's old Kernels.LinearForwardBatch, measured here until main removed it).
/// </summary>
[Config(typeof(DesignConfig))]
public unsafe class LargeLayer1Designs
{
    private const int In = 784, Out = 128, Batch = Workload.BatchSize;
    private AlignedBuffer _x = null!, _w = null!, _b = null!, _packed8 = null!, _packedK = null!, _xT = null!, _h = null!, _rowMajor = null!;
    private float[] _expected = null!;

    [GlobalSetup]
    public void Setup()
    {
        var workload = new Workload(MlpSpec.Large);
        var net = new LargeNet(seed: 1);
        _x = Aligned(workload.Inputs);
        _w = Aligned(net.Parameters.Slice(MlpSpec.Large.W1Offset, Out * In));
        _b = Aligned(net.Parameters.Slice(MlpSpec.Large.B1Offset, Out));
        _packed8 = new AlignedBuffer(Out * In);
        _packedK = new AlignedBuffer(Out * In);
        PackBlocksOf8();
        PackKMajor();
        _xT = new AlignedBuffer(In * 48);
        _h = new AlignedBuffer(Out * 48);
        _rowMajor = new AlignedBuffer(Batch * Out);

        _expected = new float[Batch * Out];
        for (int s = 0; s < Batch; s++)
            for (int o = 0; o < Out; o++)
            {
                double sum = _b.Pointer[o];
                for (int k = 0; k < In; k++) sum += (double)_w.Pointer[o * In + k] * _x.Pointer[s * In + k];
                _expected[s * Out + o] = MathF.Max((float)sum, 0);
            }
        Check(nameof(LanesBroadcast_T16xO16), () => LanesBroadcast_T16xO16(), 16);
        Check(nameof(LanesBroadcast_T32xO8), () => LanesBroadcast_T32xO8(), 32);
        Check(nameof(LanesBroadcast_T48xO8), () => LanesBroadcast_T48xO8(), 48);
        Check(nameof(LanesPacked_T32xO8), () => LanesPacked_T32xO8(), 32);
        Check(nameof(LanesPacked_T48xO8), () => LanesPacked_T48xO8(), 48);
        Check(nameof(OutputsPacked_S4xO64), () => OutputsPacked_S4xO64(), 0);
        Check(nameof(OutputsPacked_S12xO32), () => OutputsPacked_S12xO32(), 0);
        Check(nameof(Dots_4x4_Sum16), () => Dots_4x4_Sum16(), 0);
    }

    private static AlignedBuffer Aligned(ReadOnlySpan<float> values)
    {
        var buffer = new AlignedBuffer(values.Length);
        values.CopyTo(buffer.Span);
        return buffer;
    }

    /// <summary>[16 blocks][784][8]: the eight weights a step of the 8-output block broadcasts, side by side.</summary>
    private void PackBlocksOf8()
    {
        for (int ob = 0; ob < Out; ob += 8)
            for (int k = 0; k < In; k++)
                for (int j = 0; j < 8; j++)
                    _packed8.Pointer[ob * In + k * 8 + j] = _w.Pointer[(ob + j) * In + k];
    }

    /// <summary>Wᵀ, [784][128]: one input's weights to every output, contiguous.</summary>
    private void PackKMajor()
    {
        for (int o = 0; o < Out; o++)
            for (int k = 0; k < In; k++)
                _packedK.Pointer[k * Out + o] = _w.Pointer[o * In + k];
    }

    // Layouts of the results: tileSamples > 0: the last tile, feature-major in _h ([128][tileSamples]) — every tile
    // is checked by running the design tile by tile below; 0: row-major [256][128] in _rowMajor.
    private void Check(string name, Action run, int tileSamples)
    {
        run();
        if (tileSamples > 0)
        {
            // Recompute tile by tile and compare each (the benchmark overwrites _h per tile).
            _checkTile = (tile, rows, stride) =>
            {
                for (int s = 0; s < rows; s++)
                    for (int o = 0; o < Out; o++)
                        Compare(name, (tile + s) * Out + o, _h.Pointer[o * stride + s]);
            };
            run();
            _checkTile = null;
        }
        else
        {
            for (int i = 0; i < Batch * Out; i++) Compare(name, i, _rowMajor.Pointer[i]);
        }
    }

    private Action<int, int, int>? _checkTile;

    private void Compare(string name, int index, float actual)
    {
        if (!(MathF.Abs(actual - _expected[index]) <= 1e-4f))
            throw new InvalidOperationException($"{name} disagrees at {index}: {actual} vs {_expected[index]}.");
    }

    /// <summary>Transposes samples [first, first + 16·vectors) into _xT as [784][16·vectors].</summary>
    private void TransposeTile(int first, int vectors)
    {
        int stride = 16 * vectors;
        for (int v = 0; v < vectors; v++)
            for (int kb = 0; kb < In; kb += 16)
                Transpose16x16(_x.Pointer + (first + 16 * v) * In + kb, In, _xT.Pointer + kb * stride + 16 * v, stride);
    }

    /// <summary>The ceiling: 784·128/16 = 6,272 FMAs a sample with no loads (FmaPeak).</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public float Peak() => FmaPeak.Run((long)In * Out / 16 * Batch);

    // ---- Samples across lanes: acc[o] += broadcast(W[o, k]) · xT[k], tile of 16 / 32 / 48 samples.

    [Benchmark(OperationsPerInvoke = Batch)]
    public void LanesBroadcast_T16xO16()
    {
        for (int first = 0; first < Batch; first += 16)
        {
            TransposeTile(first, 1);
            for (int ob = 0; ob < Out; ob += 16)
            {
                float* w = _w.Pointer + ob * In, b = _b.Pointer + ob, x = _xT.Pointer;
                Vector512<float> a0 = Broadcast(b), a1 = Broadcast(b + 1), a2 = Broadcast(b + 2), a3 = Broadcast(b + 3);
                Vector512<float> a4 = Broadcast(b + 4), a5 = Broadcast(b + 5), a6 = Broadcast(b + 6), a7 = Broadcast(b + 7);
                Vector512<float> a8 = Broadcast(b + 8), a9 = Broadcast(b + 9), a10 = Broadcast(b + 10), a11 = Broadcast(b + 11);
                Vector512<float> a12 = Broadcast(b + 12), a13 = Broadcast(b + 13), a14 = Broadcast(b + 14), a15 = Broadcast(b + 15);
                for (int k = 0; k < In; k++, x += 16, w++)
                {
                    Vector512<float> xv = Load(x);
                    a0 = Fma(Broadcast(w), xv, a0); a1 = Fma(Broadcast(w + In), xv, a1);
                    a2 = Fma(Broadcast(w + 2 * In), xv, a2); a3 = Fma(Broadcast(w + 3 * In), xv, a3);
                    a4 = Fma(Broadcast(w + 4 * In), xv, a4); a5 = Fma(Broadcast(w + 5 * In), xv, a5);
                    a6 = Fma(Broadcast(w + 6 * In), xv, a6); a7 = Fma(Broadcast(w + 7 * In), xv, a7);
                    a8 = Fma(Broadcast(w + 8 * In), xv, a8); a9 = Fma(Broadcast(w + 9 * In), xv, a9);
                    a10 = Fma(Broadcast(w + 10 * In), xv, a10); a11 = Fma(Broadcast(w + 11 * In), xv, a11);
                    a12 = Fma(Broadcast(w + 12 * In), xv, a12); a13 = Fma(Broadcast(w + 13 * In), xv, a13);
                    a14 = Fma(Broadcast(w + 14 * In), xv, a14); a15 = Fma(Broadcast(w + 15 * In), xv, a15);
                }
                float* h = _h.Pointer + ob * 16;
                Vector512<float> z = Vector512<float>.Zero;
                Store(h, Vector512.Max(a0, z)); Store(h + 16, Vector512.Max(a1, z)); Store(h + 32, Vector512.Max(a2, z)); Store(h + 48, Vector512.Max(a3, z));
                Store(h + 64, Vector512.Max(a4, z)); Store(h + 80, Vector512.Max(a5, z)); Store(h + 96, Vector512.Max(a6, z)); Store(h + 112, Vector512.Max(a7, z));
                Store(h + 128, Vector512.Max(a8, z)); Store(h + 144, Vector512.Max(a9, z)); Store(h + 160, Vector512.Max(a10, z)); Store(h + 176, Vector512.Max(a11, z));
                Store(h + 192, Vector512.Max(a12, z)); Store(h + 208, Vector512.Max(a13, z)); Store(h + 224, Vector512.Max(a14, z)); Store(h + 240, Vector512.Max(a15, z));
            }
            _checkTile?.Invoke(first, 16, 16);
        }
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void LanesBroadcast_T32xO8()
    {
        for (int first = 0; first < Batch; first += 32)
        {
            TransposeTile(first, 2);
            for (int ob = 0; ob < Out; ob += 8)
                Lanes32x8(_w.Pointer + ob * In, In, 1, _b.Pointer + ob, _h.Pointer + ob * 32);
            _checkTile?.Invoke(first, 32, 32);
        }
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void LanesPacked_T32xO8()
    {
        for (int first = 0; first < Batch; first += 32)
        {
            TransposeTile(first, 2);
            for (int ob = 0; ob < Out; ob += 8)
                Lanes32x8(_packed8.Pointer + ob * In, 1, 8, _b.Pointer + ob, _h.Pointer + ob * 32);
            _checkTile?.Invoke(first, 32, 32);
        }
    }

    /// <summary>Eight outputs of a 32-sample tile: weight j of step k at w[j·jStride + k·kStride].</summary>
    private void Lanes32x8(float* w, int jStride, int kStride, float* b, float* h)
    {
        float* x = _xT.Pointer;
        Vector512<float> a00 = Broadcast(b), a01 = a00, a10 = Broadcast(b + 1), a11 = a10, a20 = Broadcast(b + 2), a21 = a20, a30 = Broadcast(b + 3), a31 = a30;
        Vector512<float> a40 = Broadcast(b + 4), a41 = a40, a50 = Broadcast(b + 5), a51 = a50, a60 = Broadcast(b + 6), a61 = a60, a70 = Broadcast(b + 7), a71 = a70;
        for (int k = 0; k < In; k++, x += 32, w += kStride)
        {
            Vector512<float> x0 = Load(x), x1 = Load(x + 16), c;
            c = Broadcast(w); a00 = Fma(c, x0, a00); a01 = Fma(c, x1, a01);
            c = Broadcast(w + jStride); a10 = Fma(c, x0, a10); a11 = Fma(c, x1, a11);
            c = Broadcast(w + 2 * jStride); a20 = Fma(c, x0, a20); a21 = Fma(c, x1, a21);
            c = Broadcast(w + 3 * jStride); a30 = Fma(c, x0, a30); a31 = Fma(c, x1, a31);
            c = Broadcast(w + 4 * jStride); a40 = Fma(c, x0, a40); a41 = Fma(c, x1, a41);
            c = Broadcast(w + 5 * jStride); a50 = Fma(c, x0, a50); a51 = Fma(c, x1, a51);
            c = Broadcast(w + 6 * jStride); a60 = Fma(c, x0, a60); a61 = Fma(c, x1, a61);
            c = Broadcast(w + 7 * jStride); a70 = Fma(c, x0, a70); a71 = Fma(c, x1, a71);
        }
        Vector512<float> z = Vector512<float>.Zero;
        Store(h, Vector512.Max(a00, z)); Store(h + 16, Vector512.Max(a01, z));
        Store(h + 32, Vector512.Max(a10, z)); Store(h + 48, Vector512.Max(a11, z));
        Store(h + 64, Vector512.Max(a20, z)); Store(h + 80, Vector512.Max(a21, z));
        Store(h + 96, Vector512.Max(a30, z)); Store(h + 112, Vector512.Max(a31, z));
        Store(h + 128, Vector512.Max(a40, z)); Store(h + 144, Vector512.Max(a41, z));
        Store(h + 160, Vector512.Max(a50, z)); Store(h + 176, Vector512.Max(a51, z));
        Store(h + 192, Vector512.Max(a60, z)); Store(h + 208, Vector512.Max(a61, z));
        Store(h + 224, Vector512.Max(a70, z)); Store(h + 240, Vector512.Max(a71, z));
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void LanesBroadcast_T48xO8()
    {
        for (int first = 0; first < Batch; first += 48)
        {
            int vectors = Math.Min(3, (Batch - first) / 16);
            TransposeTile(first, vectors);
            for (int ob = 0; ob < Out; ob += 8)
            {
                if (vectors == 3) Lanes48x8(_w.Pointer + ob * In, In, 1, _b.Pointer + ob, _h.Pointer + ob * 48);
                else Lanes16x8(_w.Pointer + ob * In, In, 1, _b.Pointer + ob, _h.Pointer + ob * 16);
            }
            _checkTile?.Invoke(first, 16 * vectors, 16 * vectors);
        }
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void LanesPacked_T48xO8()
    {
        for (int first = 0; first < Batch; first += 48)
        {
            int vectors = Math.Min(3, (Batch - first) / 16);
            TransposeTile(first, vectors);
            for (int ob = 0; ob < Out; ob += 8)
            {
                if (vectors == 3) Lanes48x8(_packed8.Pointer + ob * In, 1, 8, _b.Pointer + ob, _h.Pointer + ob * 48);
                else Lanes16x8(_packed8.Pointer + ob * In, 1, 8, _b.Pointer + ob, _h.Pointer + ob * 16);
            }
            _checkTile?.Invoke(first, 16 * vectors, 16 * vectors);
        }
    }

    private void Lanes48x8(float* w, int jStride, int kStride, float* b, float* h)
    {
        float* x = _xT.Pointer;
        Vector512<float> a00 = Broadcast(b), a01 = a00, a02 = a00, a10 = Broadcast(b + 1), a11 = a10, a12 = a10;
        Vector512<float> a20 = Broadcast(b + 2), a21 = a20, a22 = a20, a30 = Broadcast(b + 3), a31 = a30, a32 = a30;
        Vector512<float> a40 = Broadcast(b + 4), a41 = a40, a42 = a40, a50 = Broadcast(b + 5), a51 = a50, a52 = a50;
        Vector512<float> a60 = Broadcast(b + 6), a61 = a60, a62 = a60, a70 = Broadcast(b + 7), a71 = a70, a72 = a70;
        for (int k = 0; k < In; k++, x += 48, w += kStride)
        {
            Vector512<float> x0 = Load(x), x1 = Load(x + 16), x2 = Load(x + 32), c;
            c = Broadcast(w); a00 = Fma(c, x0, a00); a01 = Fma(c, x1, a01); a02 = Fma(c, x2, a02);
            c = Broadcast(w + jStride); a10 = Fma(c, x0, a10); a11 = Fma(c, x1, a11); a12 = Fma(c, x2, a12);
            c = Broadcast(w + 2 * jStride); a20 = Fma(c, x0, a20); a21 = Fma(c, x1, a21); a22 = Fma(c, x2, a22);
            c = Broadcast(w + 3 * jStride); a30 = Fma(c, x0, a30); a31 = Fma(c, x1, a31); a32 = Fma(c, x2, a32);
            c = Broadcast(w + 4 * jStride); a40 = Fma(c, x0, a40); a41 = Fma(c, x1, a41); a42 = Fma(c, x2, a42);
            c = Broadcast(w + 5 * jStride); a50 = Fma(c, x0, a50); a51 = Fma(c, x1, a51); a52 = Fma(c, x2, a52);
            c = Broadcast(w + 6 * jStride); a60 = Fma(c, x0, a60); a61 = Fma(c, x1, a61); a62 = Fma(c, x2, a62);
            c = Broadcast(w + 7 * jStride); a70 = Fma(c, x0, a70); a71 = Fma(c, x1, a71); a72 = Fma(c, x2, a72);
        }
        Vector512<float> z = Vector512<float>.Zero;
        Store(h, Vector512.Max(a00, z)); Store(h + 16, Vector512.Max(a01, z)); Store(h + 32, Vector512.Max(a02, z));
        Store(h + 48, Vector512.Max(a10, z)); Store(h + 64, Vector512.Max(a11, z)); Store(h + 80, Vector512.Max(a12, z));
        Store(h + 96, Vector512.Max(a20, z)); Store(h + 112, Vector512.Max(a21, z)); Store(h + 128, Vector512.Max(a22, z));
        Store(h + 144, Vector512.Max(a30, z)); Store(h + 160, Vector512.Max(a31, z)); Store(h + 176, Vector512.Max(a32, z));
        Store(h + 192, Vector512.Max(a40, z)); Store(h + 208, Vector512.Max(a41, z)); Store(h + 224, Vector512.Max(a42, z));
        Store(h + 240, Vector512.Max(a50, z)); Store(h + 256, Vector512.Max(a51, z)); Store(h + 272, Vector512.Max(a52, z));
        Store(h + 288, Vector512.Max(a60, z)); Store(h + 304, Vector512.Max(a61, z)); Store(h + 320, Vector512.Max(a62, z));
        Store(h + 336, Vector512.Max(a70, z)); Store(h + 352, Vector512.Max(a71, z)); Store(h + 368, Vector512.Max(a72, z));
    }

    private void Lanes16x8(float* w, int jStride, int kStride, float* b, float* h)
    {
        float* x = _xT.Pointer;
        Vector512<float> a0 = Broadcast(b), a1 = Broadcast(b + 1), a2 = Broadcast(b + 2), a3 = Broadcast(b + 3);
        Vector512<float> a4 = Broadcast(b + 4), a5 = Broadcast(b + 5), a6 = Broadcast(b + 6), a7 = Broadcast(b + 7);
        for (int k = 0; k < In; k++, x += 16, w += kStride)
        {
            Vector512<float> x0 = Load(x);
            a0 = Fma(Broadcast(w), x0, a0); a1 = Fma(Broadcast(w + jStride), x0, a1);
            a2 = Fma(Broadcast(w + 2 * jStride), x0, a2); a3 = Fma(Broadcast(w + 3 * jStride), x0, a3);
            a4 = Fma(Broadcast(w + 4 * jStride), x0, a4); a5 = Fma(Broadcast(w + 5 * jStride), x0, a5);
            a6 = Fma(Broadcast(w + 6 * jStride), x0, a6); a7 = Fma(Broadcast(w + 7 * jStride), x0, a7);
        }
        Vector512<float> z = Vector512<float>.Zero;
        Store(h, Vector512.Max(a0, z)); Store(h + 16, Vector512.Max(a1, z)); Store(h + 32, Vector512.Max(a2, z)); Store(h + 48, Vector512.Max(a3, z));
        Store(h + 64, Vector512.Max(a4, z)); Store(h + 80, Vector512.Max(a5, z)); Store(h + 96, Vector512.Max(a6, z)); Store(h + 112, Vector512.Max(a7, z));
    }

    // ---- Outputs across lanes: acc[s] += broadcast(x[s, k]) · Wᵀ[k, block], results row-major.

    [Benchmark(OperationsPerInvoke = Batch)]
    public void OutputsPacked_S4xO64()
    {
        for (int s = 0; s < Batch; s += 4)
            for (int ob = 0; ob < Out; ob += 64)
            {
                float* w = _packedK.Pointer + ob, x = _x.Pointer + s * In, b = _b.Pointer + ob;
                Vector512<float> b0 = Load(b), b1 = Load(b + 16), b2 = Load(b + 32), b3 = Load(b + 48);
                Vector512<float> a00 = b0, a01 = b1, a02 = b2, a03 = b3, a10 = b0, a11 = b1, a12 = b2, a13 = b3;
                Vector512<float> a20 = b0, a21 = b1, a22 = b2, a23 = b3, a30 = b0, a31 = b1, a32 = b2, a33 = b3;
                for (int k = 0; k < In; k++, w += Out, x++)
                {
                    Vector512<float> w0 = Load(w), w1 = Load(w + 16), w2 = Load(w + 32), w3 = Load(w + 48), c;
                    c = Broadcast(x); a00 = Fma(c, w0, a00); a01 = Fma(c, w1, a01); a02 = Fma(c, w2, a02); a03 = Fma(c, w3, a03);
                    c = Broadcast(x + In); a10 = Fma(c, w0, a10); a11 = Fma(c, w1, a11); a12 = Fma(c, w2, a12); a13 = Fma(c, w3, a13);
                    c = Broadcast(x + 2 * In); a20 = Fma(c, w0, a20); a21 = Fma(c, w1, a21); a22 = Fma(c, w2, a22); a23 = Fma(c, w3, a23);
                    c = Broadcast(x + 3 * In); a30 = Fma(c, w0, a30); a31 = Fma(c, w1, a31); a32 = Fma(c, w2, a32); a33 = Fma(c, w3, a33);
                }
                float* h = _rowMajor.Pointer + s * Out + ob;
                Vector512<float> z = Vector512<float>.Zero;
                Store(h, Vector512.Max(a00, z)); Store(h + 16, Vector512.Max(a01, z)); Store(h + 32, Vector512.Max(a02, z)); Store(h + 48, Vector512.Max(a03, z));
                h += Out;
                Store(h, Vector512.Max(a10, z)); Store(h + 16, Vector512.Max(a11, z)); Store(h + 32, Vector512.Max(a12, z)); Store(h + 48, Vector512.Max(a13, z));
                h += Out;
                Store(h, Vector512.Max(a20, z)); Store(h + 16, Vector512.Max(a21, z)); Store(h + 32, Vector512.Max(a22, z)); Store(h + 48, Vector512.Max(a23, z));
                h += Out;
                Store(h, Vector512.Max(a30, z)); Store(h + 16, Vector512.Max(a31, z)); Store(h + 32, Vector512.Max(a32, z)); Store(h + 48, Vector512.Max(a33, z));
            }
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void OutputsPacked_S12xO32()
    {
        int s = 0;
        for (; s + 12 <= Batch; s += 12)
            for (int ob = 0; ob < Out; ob += 32)
            {
                float* w = _packedK.Pointer + ob, x = _x.Pointer + s * In, b = _b.Pointer + ob;
                Vector512<float> b0 = Load(b), b1 = Load(b + 16);
                Vector512<float> a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1, a30 = b0, a31 = b1;
                Vector512<float> a40 = b0, a41 = b1, a50 = b0, a51 = b1, a60 = b0, a61 = b1, a70 = b0, a71 = b1;
                Vector512<float> a80 = b0, a81 = b1, a90 = b0, a91 = b1, aa0 = b0, aa1 = b1, ab0 = b0, ab1 = b1;
                for (int k = 0; k < In; k++, w += Out, x++)
                {
                    Vector512<float> w0 = Load(w), w1 = Load(w + 16), c;
                    c = Broadcast(x); a00 = Fma(c, w0, a00); a01 = Fma(c, w1, a01);
                    c = Broadcast(x + In); a10 = Fma(c, w0, a10); a11 = Fma(c, w1, a11);
                    c = Broadcast(x + 2 * In); a20 = Fma(c, w0, a20); a21 = Fma(c, w1, a21);
                    c = Broadcast(x + 3 * In); a30 = Fma(c, w0, a30); a31 = Fma(c, w1, a31);
                    c = Broadcast(x + 4 * In); a40 = Fma(c, w0, a40); a41 = Fma(c, w1, a41);
                    c = Broadcast(x + 5 * In); a50 = Fma(c, w0, a50); a51 = Fma(c, w1, a51);
                    c = Broadcast(x + 6 * In); a60 = Fma(c, w0, a60); a61 = Fma(c, w1, a61);
                    c = Broadcast(x + 7 * In); a70 = Fma(c, w0, a70); a71 = Fma(c, w1, a71);
                    c = Broadcast(x + 8 * In); a80 = Fma(c, w0, a80); a81 = Fma(c, w1, a81);
                    c = Broadcast(x + 9 * In); a90 = Fma(c, w0, a90); a91 = Fma(c, w1, a91);
                    c = Broadcast(x + 10 * In); aa0 = Fma(c, w0, aa0); aa1 = Fma(c, w1, aa1);
                    c = Broadcast(x + 11 * In); ab0 = Fma(c, w0, ab0); ab1 = Fma(c, w1, ab1);
                }
                float* h = _rowMajor.Pointer + s * Out + ob;
                Vector512<float> z = Vector512<float>.Zero;
                Store(h, Vector512.Max(a00, z)); Store(h + 16, Vector512.Max(a01, z)); h += Out;
                Store(h, Vector512.Max(a10, z)); Store(h + 16, Vector512.Max(a11, z)); h += Out;
                Store(h, Vector512.Max(a20, z)); Store(h + 16, Vector512.Max(a21, z)); h += Out;
                Store(h, Vector512.Max(a30, z)); Store(h + 16, Vector512.Max(a31, z)); h += Out;
                Store(h, Vector512.Max(a40, z)); Store(h + 16, Vector512.Max(a41, z)); h += Out;
                Store(h, Vector512.Max(a50, z)); Store(h + 16, Vector512.Max(a51, z)); h += Out;
                Store(h, Vector512.Max(a60, z)); Store(h + 16, Vector512.Max(a61, z)); h += Out;
                Store(h, Vector512.Max(a70, z)); Store(h + 16, Vector512.Max(a71, z)); h += Out;
                Store(h, Vector512.Max(a80, z)); Store(h + 16, Vector512.Max(a81, z)); h += Out;
                Store(h, Vector512.Max(a90, z)); Store(h + 16, Vector512.Max(a91, z)); h += Out;
                Store(h, Vector512.Max(aa0, z)); Store(h + 16, Vector512.Max(aa1, z)); h += Out;
                Store(h, Vector512.Max(ab0, z)); Store(h + 16, Vector512.Max(ab1, z));
            }
        for (; s < Batch; s++) // the last four samples: all 128 outputs of one sample at a time
        {
            float* w = _packedK.Pointer, x = _x.Pointer + s * In, b = _b.Pointer;
            Vector512<float> a0 = Load(b), a1 = Load(b + 16), a2 = Load(b + 32), a3 = Load(b + 48);
            Vector512<float> a4 = Load(b + 64), a5 = Load(b + 80), a6 = Load(b + 96), a7 = Load(b + 112);
            for (int k = 0; k < In; k++, w += Out, x++)
            {
                Vector512<float> c = Broadcast(x);
                a0 = Fma(c, Load(w), a0); a1 = Fma(c, Load(w + 16), a1); a2 = Fma(c, Load(w + 32), a2); a3 = Fma(c, Load(w + 48), a3);
                a4 = Fma(c, Load(w + 64), a4); a5 = Fma(c, Load(w + 80), a5); a6 = Fma(c, Load(w + 96), a6); a7 = Fma(c, Load(w + 112), a7);
            }
            float* h = _rowMajor.Pointer + s * Out;
            Vector512<float> z = Vector512<float>.Zero;
            Store(h, Vector512.Max(a0, z)); Store(h + 16, Vector512.Max(a1, z)); Store(h + 32, Vector512.Max(a2, z)); Store(h + 48, Vector512.Max(a3, z));
            Store(h + 64, Vector512.Max(a4, z)); Store(h + 80, Vector512.Max(a5, z)); Store(h + 96, Vector512.Max(a6, z)); Store(h + 112, Vector512.Max(a7, z));
        }
    }

    // ---- Dot products across inputs: 4 weight rows × 4 samples, sixteen accumulators, then horizontal sums.

    [Benchmark(OperationsPerInvoke = Batch)]
    public void Dots_4x4_Sum16()
    {
        for (int s = 0; s < Batch; s += 4)
            for (int o = 0; o < Out; o += 4)
            {
                float* w = _w.Pointer + o * In, x = _x.Pointer + s * In;
                Vector512<float> a00 = default, a01 = default, a02 = default, a03 = default, a10 = default, a11 = default, a12 = default, a13 = default;
                Vector512<float> a20 = default, a21 = default, a22 = default, a23 = default, a30 = default, a31 = default, a32 = default, a33 = default;
                for (int k = 0; k < In; k += 16)
                {
                    Vector512<float> w0 = Load(w + k), w1 = Load(w + In + k), w2 = Load(w + 2 * In + k), w3 = Load(w + 3 * In + k);
                    Vector512<float> x0 = Load(x + k), x1 = Load(x + In + k), x2 = Load(x + 2 * In + k), x3 = Load(x + 3 * In + k);
                    a00 = Fma(w0, x0, a00); a01 = Fma(w1, x0, a01); a02 = Fma(w2, x0, a02); a03 = Fma(w3, x0, a03);
                    a10 = Fma(w0, x1, a10); a11 = Fma(w1, x1, a11); a12 = Fma(w2, x1, a12); a13 = Fma(w3, x1, a13);
                    a20 = Fma(w0, x2, a20); a21 = Fma(w1, x2, a21); a22 = Fma(w2, x2, a22); a23 = Fma(w3, x2, a23);
                    a30 = Fma(w0, x3, a30); a31 = Fma(w1, x3, a31); a32 = Fma(w2, x3, a32); a33 = Fma(w3, x3, a33);
                }
                // Lane 4r + j: sample r, output j.
                Vector512<float> sums = Sum16(a00, a01, a02, a03, a10, a11, a12, a13, a20, a21, a22, a23, a30, a31, a32, a33);
                Vector128<float> b4 = Vector128.Load(_b.Pointer + o);
                Vector512<float> bias = Vector512.Create(Vector256.Create(b4, b4), Vector256.Create(b4, b4)); // b[o..o+4] in every 128-bit lane
                Vector512<float> y = Vector512.Max(sums + bias, Vector512<float>.Zero);
                float* h = _rowMajor.Pointer + s * Out + o;
                y.GetLower().GetLower().Store(h);
                y.GetLower().GetUpper().Store(h + Out);
                y.GetUpper().GetLower().Store(h + 2 * Out);
                y.GetUpper().GetUpper().Store(h + 3 * Out);
            }
    }
}
