using System;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using static NetGen.Benchmarks.Peers.Hand.HandSimd;

namespace NetGen.Benchmarks.Designs;

/// <summary>
/// One sample through the large network's first layer, relu(W·x + b), W [128, 784] (401 KB: every weight is read once,
/// so this is a memory stream, not arithmetic): dot products across inputs on W as it is, 16 or 8 rows at a time, vs
/// outputs across lanes on a packed Wᵀ (one contiguous stream, no horizontal sums). ns per sample.
/// </summary>
[Config(typeof(DesignConfig))]
public unsafe class LargeForward1Designs
{
    private const int In = 784, Out = 128;
    private AlignedBuffer _x = null!, _w = null!, _b = null!, _wT = null!, _h = null!;
    private float[] _expected = null!;

    [GlobalSetup]
    public void Setup()
    {
        var workload = new Workload(MlpSpec.Large);
        var net = new LargeNet(seed: 1);
        _x = Copy(workload.Sample(0));
        _w = Copy(net.Parameters.Slice(MlpSpec.Large.W1Offset, Out * In));
        _b = Copy(net.Parameters.Slice(MlpSpec.Large.B1Offset, Out));
        _wT = new AlignedBuffer(In * Out);
        for (int o = 0; o < Out; o++)
            for (int k = 0; k < In; k++) _wT.Pointer[k * Out + o] = _w.Pointer[o * In + k];
        _h = new AlignedBuffer(Out);
        _expected = new float[Out];
        for (int o = 0; o < Out; o++)
        {
            double sum = _b.Pointer[o];
            for (int k = 0; k < In; k++) sum += (double)_w.Pointer[o * In + k] * _x.Pointer[k];
            _expected[o] = MathF.Max((float)sum, 0);
        }
        foreach (var (name, run) in new (string, Action)[] { ("Dots16", Dots16Rows), ("Dots8", Dots8Rows), ("PackedT", PackedOutputsAcrossLanes), ("RowByRow", DotsRowByRow) })
        {
            _h.Span.Clear();
            run();
            for (int o = 0; o < Out; o++)
                if (!(MathF.Abs(_h.Pointer[o] - _expected[o]) <= 1e-4f))
                    throw new InvalidOperationException($"{name} disagrees at {o}: {_h.Pointer[o]} vs {_expected[o]}.");
        }
    }

    private static AlignedBuffer Copy(ReadOnlySpan<float> values)
    {
        var buffer = new AlignedBuffer(values.Length);
        values.CopyTo(buffer.Span);
        return buffer;
    }

    [Benchmark]
    public float Peak() => FmaPeak.Run(In * Out / 16);

    [Benchmark]
    public void Dots16Rows()
    {
        for (int ob = 0; ob < Out; ob += 16)
        {
            float* w = _w.Pointer + ob * In, x = _x.Pointer;
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
            Vector512<float> a8 = default, a9 = default, a10 = default, a11 = default, a12 = default, a13 = default, a14 = default, a15 = default;
            for (int k = 0; k < In; k += 16)
            {
                Vector512<float> xv = Load(x + k);
                a0 = Fma(Load(w + k), xv, a0); a1 = Fma(Load(w + In + k), xv, a1);
                a2 = Fma(Load(w + 2 * In + k), xv, a2); a3 = Fma(Load(w + 3 * In + k), xv, a3);
                a4 = Fma(Load(w + 4 * In + k), xv, a4); a5 = Fma(Load(w + 5 * In + k), xv, a5);
                a6 = Fma(Load(w + 6 * In + k), xv, a6); a7 = Fma(Load(w + 7 * In + k), xv, a7);
                a8 = Fma(Load(w + 8 * In + k), xv, a8); a9 = Fma(Load(w + 9 * In + k), xv, a9);
                a10 = Fma(Load(w + 10 * In + k), xv, a10); a11 = Fma(Load(w + 11 * In + k), xv, a11);
                a12 = Fma(Load(w + 12 * In + k), xv, a12); a13 = Fma(Load(w + 13 * In + k), xv, a13);
                a14 = Fma(Load(w + 14 * In + k), xv, a14); a15 = Fma(Load(w + 15 * In + k), xv, a15);
            }
            Store(_h.Pointer + ob, Relu(Sum16(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15) + Load(_b.Pointer + ob)));
        }
    }

    [Benchmark]
    public void Dots8Rows()
    {
        for (int ob = 0; ob < Out; ob += 16)
        {
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
            Vector512<float> a8 = default, a9 = default, a10 = default, a11 = default, a12 = default, a13 = default, a14 = default, a15 = default;
            float* w = _w.Pointer + ob * In, x = _x.Pointer;
            for (int k = 0; k < In; k += 16)
            {
                Vector512<float> xv = Load(x + k);
                a0 = Fma(Load(w + k), xv, a0); a1 = Fma(Load(w + In + k), xv, a1);
                a2 = Fma(Load(w + 2 * In + k), xv, a2); a3 = Fma(Load(w + 3 * In + k), xv, a3);
                a4 = Fma(Load(w + 4 * In + k), xv, a4); a5 = Fma(Load(w + 5 * In + k), xv, a5);
                a6 = Fma(Load(w + 6 * In + k), xv, a6); a7 = Fma(Load(w + 7 * In + k), xv, a7);
            }
            w += 8 * In;
            for (int k = 0; k < In; k += 16)
            {
                Vector512<float> xv = Load(x + k);
                a8 = Fma(Load(w + k), xv, a8); a9 = Fma(Load(w + In + k), xv, a9);
                a10 = Fma(Load(w + 2 * In + k), xv, a10); a11 = Fma(Load(w + 3 * In + k), xv, a11);
                a12 = Fma(Load(w + 4 * In + k), xv, a12); a13 = Fma(Load(w + 5 * In + k), xv, a13);
                a14 = Fma(Load(w + 6 * In + k), xv, a14); a15 = Fma(Load(w + 7 * In + k), xv, a15);
            }
            Store(_h.Pointer + ob, Relu(Sum16(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15) + Load(_b.Pointer + ob)));
        }
    }

    /// <summary>W as it is, one row at a time (one memory stream), four chains a row, sixteen rows to a tree of sums.</summary>
    [Benchmark]
    public void DotsRowByRow()
    {
        Vector512<float>* rows = stackalloc Vector512<float>[16];
        for (int ob = 0; ob < Out; ob += 16)
        {
            for (int j = 0; j < 16; j++)
            {
                float* w = _w.Pointer + (ob + j) * In, x = _x.Pointer;
                Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default;
                int k = 0;
                for (; k + 64 <= In; k += 64)
                {
                    c0 = Fma(Load(w + k), Load(x + k), c0);
                    c1 = Fma(Load(w + k + 16), Load(x + k + 16), c1);
                    c2 = Fma(Load(w + k + 32), Load(x + k + 32), c2);
                    c3 = Fma(Load(w + k + 48), Load(x + k + 48), c3);
                }
                c0 = Fma(Load(w + k), Load(x + k), c0); // 784 = 12·64 + 16
                rows[j] = (c0 + c1) + (c2 + c3);
            }
            Store(_h.Pointer + ob, Relu(Sum16(rows[0], rows[1], rows[2], rows[3], rows[4], rows[5], rows[6], rows[7],
                rows[8], rows[9], rows[10], rows[11], rows[12], rows[13], rows[14], rows[15]) + Load(_b.Pointer + ob)));
        }
    }

    /// <summary>Wᵀ packed [784][128]: each input broadcast against its 128 weights; eight accumulators hold all outputs.</summary>
    [Benchmark]
    public void PackedOutputsAcrossLanes()
    {
        float* w = _wT.Pointer, x = _x.Pointer, b = _b.Pointer;
        Vector512<float> a0 = Load(b), a1 = Load(b + 16), a2 = Load(b + 32), a3 = Load(b + 48);
        Vector512<float> a4 = Load(b + 64), a5 = Load(b + 80), a6 = Load(b + 96), a7 = Load(b + 112);
        for (int k = 0; k < In; k++, w += Out)
        {
            Vector512<float> c = Broadcast(x + k);
            a0 = Fma(c, Load(w), a0); a1 = Fma(c, Load(w + 16), a1); a2 = Fma(c, Load(w + 32), a2); a3 = Fma(c, Load(w + 48), a3);
            a4 = Fma(c, Load(w + 64), a4); a5 = Fma(c, Load(w + 80), a5); a6 = Fma(c, Load(w + 96), a6); a7 = Fma(c, Load(w + 112), a7);
        }
        float* h = _h.Pointer;
        Store(h, Relu(a0)); Store(h + 16, Relu(a1)); Store(h + 32, Relu(a2)); Store(h + 48, Relu(a3));
        Store(h + 64, Relu(a4)); Store(h + 80, Relu(a5)); Store(h + 96, Relu(a6)); Store(h + 112, Relu(a7));
    }
}
