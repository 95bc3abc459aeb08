using System;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using NetGen.Benchmarks.Peers.Hand;
using static NetGen.Benchmarks.Peers.Hand.HandSimd;

namespace NetGen.Benchmarks.Designs;

/// <summary>
/// The mid network's first layer, tanh(W·x + b) with W [32, 64], over a batch of 256 (ns per sample): samples across
/// lanes (the hand peer's tile: transpose, 8 outputs × 32 samples), outputs across lanes (Wᵀ packed [64][32]: exactly
/// two vectors; 12 samples × 2 vectors in 24 accumulators, no transpose). Checked against a scalar reference in the
/// setup. (The runtime's old 4 × 4 kernel was measured here too until main removed it: docs/benchmarks.md.)
/// </summary>
[Config(typeof(DesignConfig))]
public unsafe class MidLayer1Designs
{
    private const int In = 64, Out = 32, Batch = Workload.BatchSize, Tile = 32;
    private HandMidNetwork _hand = null!;
    private AlignedBuffer _x = null!, _w = null!, _b = null!, _wT = null!, _rows = null!;
    private float[] _expected = null!;

    [GlobalSetup]
    public void Setup()
    {
        var workload = new Workload(MlpSpec.Mid);
        var net = new MidNet(seed: 1);
        _hand = new HandMidNetwork(net.Parameters);
        _x = Copy(workload.Inputs);
        _w = Copy(net.Parameters.Slice(MlpSpec.Mid.W1Offset, Out * In));
        _b = Copy(net.Parameters.Slice(MlpSpec.Mid.B1Offset, Out));
        _wT = new AlignedBuffer(In * Out);
        for (int o = 0; o < Out; o++)
            for (int k = 0; k < In; k++) _wT.Pointer[k * Out + o] = _w.Pointer[o * In + k];
        _rows = new AlignedBuffer(Batch * Out);
        _expected = new float[Batch * Out];
        for (int s = 0; s < Batch; s++)
            for (int o = 0; o < Out; o++)
            {
                double sum = _b.Pointer[o];
                for (int k = 0; k < In; k++) sum += (double)_w.Pointer[o * In + k] * _x.Pointer[s * In + k];
                _expected[s * Out + o] = (float)Math.Tanh(sum);
            }
        foreach (var (name, run) in new (string, Action)[] { ("OutputsPacked", OutputsPacked_S12xO32) })
        {
            _rows.Span.Clear();
            run();
            for (int i = 0; i < Batch * Out; i++)
                if (!(MathF.Abs(_rows.Pointer[i] - _expected[i]) <= 1e-5f))
                    throw new InvalidOperationException($"{name} disagrees at {i}: {_rows.Pointer[i]} vs {_expected[i]}.");
        }
    }

    private static AlignedBuffer Copy(ReadOnlySpan<float> values)
    {
        var buffer = new AlignedBuffer(values.Length);
        values.CopyTo(buffer.Span);
        return buffer;
    }

    /// <summary>The ceiling: 64·32/16 = 128 FMAs a sample with no loads.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public float Peak() => FmaPeak.Run((long)In * Out / 16 * Batch);

    /// <summary>The hand peer's layer: transpose a 32-sample tile, 8 outputs × 32 samples in 16 accumulators, tanh.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void LanesBroadcast_T32xO8()
    {
        for (int s = 0; s < Batch; s += Tile)
        {
            _hand.TransposeInputs(_x.Pointer + s * In);
            _hand.HiddenTile();
        }
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void OutputsPacked_S12xO32()
    {
        int s = 0;
        for (; s + 12 <= Batch; s += 12)
        {
            float* w = _wT.Pointer, x = _x.Pointer + s * In;
            Vector512<float> b0 = Load(_b.Pointer), b1 = Load(_b.Pointer + 16);
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
            float* h = _rows.Pointer + s * Out;
            Store(h, Tanh(a00)); Store(h + 16, Tanh(a01)); Store(h + 32, Tanh(a10)); Store(h + 48, Tanh(a11));
            Store(h + 64, Tanh(a20)); Store(h + 80, Tanh(a21)); Store(h + 96, Tanh(a30)); Store(h + 112, Tanh(a31));
            Store(h + 128, Tanh(a40)); Store(h + 144, Tanh(a41)); Store(h + 160, Tanh(a50)); Store(h + 176, Tanh(a51));
            Store(h + 192, Tanh(a60)); Store(h + 208, Tanh(a61)); Store(h + 224, Tanh(a70)); Store(h + 240, Tanh(a71));
            Store(h + 256, Tanh(a80)); Store(h + 272, Tanh(a81)); Store(h + 288, Tanh(a90)); Store(h + 304, Tanh(a91));
            Store(h + 320, Tanh(aa0)); Store(h + 336, Tanh(aa1)); Store(h + 352, Tanh(ab0)); Store(h + 368, Tanh(ab1));
        }
        for (; s < Batch; s++) // the last four samples one at a time
        {
            float* w = _wT.Pointer, x = _x.Pointer + s * In;
            Vector512<float> a0 = Load(_b.Pointer), a1 = Load(_b.Pointer + 16);
            for (int k = 0; k < In; k++, w += Out) { Vector512<float> c = Broadcast(x + k); a0 = Fma(c, Load(w), a0); a1 = Fma(c, Load(w + 16), a1); }
            Store(_rows.Pointer + s * Out, Tanh(a0));
            Store(_rows.Pointer + s * Out + 16, Tanh(a1));
        }
    }
}
