using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static NetGen.Benchmarks.Peers.Hand.HandSimd;

namespace NetGen.Benchmarks.Peers.Hand;

/// <summary>
/// Linear(64, 32) → Tanh → Linear(32, 10) → Softmax with CrossEntropyLoss, written by hand for AVX-512 (designs and
/// their measurements: /work/notes/bench-findings.md and docs/benchmarks.md).
/// <list type="bullet">
/// <item>Batches: tiles of 32 samples in feature-major layout (one Vector512 holds one feature of 16 samples), as the
/// large network: inputs transposed once, layer 1 as 8 outputs × 32 samples in 16 accumulators with weights broadcast
/// from [out, in], tanh on the accumulators, layer 2, softmax and loss across the ten output vectors, outputs
/// transposed back once.</item>
/// <item>Weight gradient of layer 1: 4 outputs × all 64 inputs (4 vectors) in 16 accumulators over the tile's 32
/// samples, inputs read row-major as given, the first tile writing. Layer 2's gradients: per-lane partial sums over
/// the batch, reduced once.</item>
/// <item>One sample: the input's four vectors stay in registers; sixteen weight rows at a time, their sums reduced by
/// one tree; softmax across the lanes of one vector.</item>
/// </list>
/// Batches that are not a multiple of 32 finish with the one-sample path.
/// </summary>
[SkipLocalsInit] // scratch is written before it is read
public sealed unsafe class HandMidNetwork : IHandNetwork
{
    private const int In = 64, Hidden = 32, Out = 10, Tile = 32;
    private const int W1 = 0, B1 = Hidden * In, W2 = B1 + Hidden, B2 = W2 + Out * Hidden, Count = B2 + Out;

    private readonly AlignedBuffer _parameters = new(Count), _gradients = new(Count);
    // One tile, feature-major: row f is feature f of the tile's 32 samples.
    private readonly AlignedBuffer _xT = new(In * Tile), _hT = new(Hidden * Tile), _g0T = new(Hidden * Tile), _g2T = new(Out * Tile);
    private readonly AlignedBuffer _w1T = new(In * Hidden); // W1ᵀ [64][32], repacked from the parameters every call
    private readonly AlignedBuffer _block = new(16 * 16); // 16 features × 16 samples on their way out
    // Per-lane partial sums over the batch, reduced once at its end: dW2 [10][32][16], db1 [32][16], db2 [10][16].
    private readonly AlignedBuffer _dW2Lanes = new(Out * Hidden * 16), _db1Lanes = new(Hidden * 16), _db2Lanes = new(Out * 16);

    public HandMidNetwork(ReadOnlySpan<float> parameters)
    {
        if (!IsSupported) throw new PlatformNotSupportedException("The hand-optimised peers need AVX-512F.");
        MlpSpec.Mid.CheckParameters(parameters);
        parameters.CopyTo(_parameters.Span);
    }

    public ReadOnlySpan<float> Gradients => _gradients.Span;

    public void Forward(ReadOnlySpan<float> input, Span<float> output)
    {
        if (input.Length != In || output.Length != Out) throw new ArgumentException($"Expected {In} inputs and {Out} outputs.");
        fixed (float* x = input, y = output) ForwardOne(x, y);
    }

    public void ForwardBatch(ReadOnlySpan<float> inputs, Span<float> outputs)
    {
        int batch = inputs.Length / In;
        if (batch * In != inputs.Length || outputs.Length != batch * Out) throw new ArgumentException($"Expected whole rows of {In} inputs and {Out} outputs.");
        fixed (float* x = inputs, y = outputs)
        {
            int s = 0;
            for (; s + Tile <= batch; s += Tile)
            {
                TransposeInputs(x + s * In);
                HiddenTile();
                OutputHalf(0, y + s * Out);
                OutputHalf(1, y + (s + 16) * Out);
            }
            for (; s < batch; s++) ForwardOne(x + s * In, y + s * Out);
        }
    }

    public float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels)
    {
        int batch = labels.Length;
        if (batch == 0 || inputs.Length != batch * In) throw new ArgumentException($"Expected {In} inputs a label.");
        foreach (int label in labels)
            if ((uint)label >= Out) throw new ArgumentOutOfRangeException(nameof(labels), label, $"A class index must be in [0, {Out}).");
        float scale = 1f / batch;
        double loss = 0;
        fixed (float* x = inputs)
        fixed (int* l = labels)
        {
            int s = 0;
            if (batch >= Tile)
            {
                _dW2Lanes.Span.Clear();
                _db1Lanes.Span.Clear();
                _db2Lanes.Span.Clear();
                Vector512<float> tileLoss = Vector512<float>.Zero;
                for (; s + Tile <= batch; s += Tile) tileLoss += TrainTile(x + s * In, l + s, scale, writeFirst: s == 0);
                for (int i = 0; i < 16; i++) loss += tileLoss[i];
                ReduceLanes();
            }
            for (; s < batch; s++) loss += TrainOne(x + s * In, l[s], scale, accumulate: s > 0); // the first sample writes
        }
        return (float)(loss / batch);
    }

    // ---------------------------------------------------------------- tiles of 32 samples

    /// <summary>The tile's 32 input rows into _xT, [64][32].</summary>
    internal void TransposeInputs(float* x)
    {
        for (int k = 0; k < In; k += 16)
        {
            Transpose16x16(x + k, In, _xT.Pointer + k * Tile, Tile);
            Transpose16x16(x + 16 * In + k, In, _xT.Pointer + k * Tile + 16, Tile);
        }
    }

    /// <summary>_hT = tanh(W1·x + b1) for the tile, [32][32]: 8 outputs × 32 samples at a time, in 16 accumulators.</summary>
    internal void HiddenTile()
    {
        for (int ob = 0; ob < Hidden; ob += 8)
        {
            float* w = _parameters.Pointer + W1 + ob * In, b = _parameters.Pointer + B1 + ob, x = _xT.Pointer;
            Vector512<float> a00 = Broadcast(b), a01 = a00, a10 = Broadcast(b + 1), a11 = a10, a20 = Broadcast(b + 2), a21 = a20, a30 = Broadcast(b + 3), a31 = a30;
            Vector512<float> a40 = Broadcast(b + 4), a41 = a40, a50 = Broadcast(b + 5), a51 = a50, a60 = Broadcast(b + 6), a61 = a60, a70 = Broadcast(b + 7), a71 = a70;
            for (int k = 0; k < In; k++, x += Tile, w++)
            {
                Vector512<float> x0 = Load(x), x1 = Load(x + 16), c;
                c = Broadcast(w); a00 = Fma(c, x0, a00); a01 = Fma(c, x1, a01);
                c = Broadcast(w + In); a10 = Fma(c, x0, a10); a11 = Fma(c, x1, a11);
                c = Broadcast(w + 2 * In); a20 = Fma(c, x0, a20); a21 = Fma(c, x1, a21);
                c = Broadcast(w + 3 * In); a30 = Fma(c, x0, a30); a31 = Fma(c, x1, a31);
                c = Broadcast(w + 4 * In); a40 = Fma(c, x0, a40); a41 = Fma(c, x1, a41);
                c = Broadcast(w + 5 * In); a50 = Fma(c, x0, a50); a51 = Fma(c, x1, a51);
                c = Broadcast(w + 6 * In); a60 = Fma(c, x0, a60); a61 = Fma(c, x1, a61);
                c = Broadcast(w + 7 * In); a70 = Fma(c, x0, a70); a71 = Fma(c, x1, a71);
            }
            float* h = _hT.Pointer + ob * Tile;
            Store(h, Tanh(a00)); Store(h + 16, Tanh(a01)); Store(h + 32, Tanh(a10)); Store(h + 48, Tanh(a11));
            Store(h + 64, Tanh(a20)); Store(h + 80, Tanh(a21)); Store(h + 96, Tanh(a30)); Store(h + 112, Tanh(a31));
            Store(h + 128, Tanh(a40)); Store(h + 144, Tanh(a41)); Store(h + 160, Tanh(a50)); Store(h + 176, Tanh(a51));
            Store(h + 192, Tanh(a60)); Store(h + 208, Tanh(a61)); Store(h + 224, Tanh(a70)); Store(h + 240, Tanh(a71));
        }
    }

    /// <summary>W1ᵀ [64][32] into _w1T from the parameters: eight 16 × 16 transposes, cheap enough to redo every call.</summary>
    internal void PackW1()
    {
        for (int ob = 0; ob < Hidden; ob += 16)
            for (int k = 0; k < In; k += 16)
                Transpose16x16(_parameters.Pointer + W1 + ob * In + k, In, _w1T.Pointer + k * Hidden + ob, Hidden);
    }

    /// <summary>
    /// The alternative layer 1: outputs across lanes on the packed W1ᵀ (32 outputs = exactly two vectors), 8 samples ×
    /// 2 vectors in 16 accumulators, straight from the row-major inputs (no input transpose); tanh; then the hidden
    /// rows transposed into _hT for layer 2 (2 transposes per 16 samples instead of 4 for the inputs).
    /// </summary>
    internal void HiddenTilePacked(float* x)
    {
        float* rows = _xT.Pointer; // free in this variant: 32 rows of 32 hidden values
        Vector512<float> b0 = Load(_parameters.Pointer + B1), b1 = Load(_parameters.Pointer + B1 + 16);
        for (int s = 0; s < Tile; s += 8)
        {
            float* w = _w1T.Pointer, xs = x + s * In;
            Vector512<float> a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1, a30 = b0, a31 = b1;
            Vector512<float> a40 = b0, a41 = b1, a50 = b0, a51 = b1, a60 = b0, a61 = b1, a70 = b0, a71 = b1;
            for (int k = 0; k < In; k++, w += Hidden, xs++)
            {
                Vector512<float> w0 = Load(w), w1 = Load(w + 16), c;
                c = Broadcast(xs); a00 = Fma(c, w0, a00); a01 = Fma(c, w1, a01);
                c = Broadcast(xs + In); a10 = Fma(c, w0, a10); a11 = Fma(c, w1, a11);
                c = Broadcast(xs + 2 * In); a20 = Fma(c, w0, a20); a21 = Fma(c, w1, a21);
                c = Broadcast(xs + 3 * In); a30 = Fma(c, w0, a30); a31 = Fma(c, w1, a31);
                c = Broadcast(xs + 4 * In); a40 = Fma(c, w0, a40); a41 = Fma(c, w1, a41);
                c = Broadcast(xs + 5 * In); a50 = Fma(c, w0, a50); a51 = Fma(c, w1, a51);
                c = Broadcast(xs + 6 * In); a60 = Fma(c, w0, a60); a61 = Fma(c, w1, a61);
                c = Broadcast(xs + 7 * In); a70 = Fma(c, w0, a70); a71 = Fma(c, w1, a71);
            }
            float* h = rows + s * Hidden;
            Store(h, Tanh(a00)); Store(h + 16, Tanh(a01)); Store(h + 32, Tanh(a10)); Store(h + 48, Tanh(a11));
            Store(h + 64, Tanh(a20)); Store(h + 80, Tanh(a21)); Store(h + 96, Tanh(a30)); Store(h + 112, Tanh(a31));
            Store(h + 128, Tanh(a40)); Store(h + 144, Tanh(a41)); Store(h + 160, Tanh(a50)); Store(h + 176, Tanh(a51));
            Store(h + 192, Tanh(a60)); Store(h + 208, Tanh(a61)); Store(h + 224, Tanh(a70)); Store(h + 240, Tanh(a71));
        }
        for (int sb = 0; sb < Tile; sb += 16)
            for (int k = 0; k < Hidden; k += 16)
                Transpose16x16(rows + sb * Hidden + k, Hidden, _hT.Pointer + k * Tile + sb, Tile);
    }

    /// <summary>The ten logits of half v of the tile (16 samples), one vector each, into _block rows 0..9.</summary>
    private void LogitsHalf(int v)
    {
        float* w = _parameters.Pointer + W2, b = _parameters.Pointer + B2, h = _hT.Pointer + 16 * v;
        Vector512<float> z0 = Broadcast(b), z1 = Broadcast(b + 1), z2 = Broadcast(b + 2), z3 = Broadcast(b + 3), z4 = Broadcast(b + 4);
        Vector512<float> z5 = Broadcast(b + 5), z6 = Broadcast(b + 6), z7 = Broadcast(b + 7), z8 = Broadcast(b + 8), z9 = Broadcast(b + 9);
        for (int k = 0; k < Hidden; k++, h += Tile, w++)
        {
            Vector512<float> hv = Load(h);
            z0 = Fma(Broadcast(w), hv, z0); z1 = Fma(Broadcast(w + Hidden), hv, z1);
            z2 = Fma(Broadcast(w + 2 * Hidden), hv, z2); z3 = Fma(Broadcast(w + 3 * Hidden), hv, z3);
            z4 = Fma(Broadcast(w + 4 * Hidden), hv, z4); z5 = Fma(Broadcast(w + 5 * Hidden), hv, z5);
            z6 = Fma(Broadcast(w + 6 * Hidden), hv, z6); z7 = Fma(Broadcast(w + 7 * Hidden), hv, z7);
            z8 = Fma(Broadcast(w + 8 * Hidden), hv, z8); z9 = Fma(Broadcast(w + 9 * Hidden), hv, z9);
        }
        float* z = _block.Pointer;
        Store(z, z0); Store(z + 16, z1); Store(z + 32, z2); Store(z + 48, z3); Store(z + 64, z4);
        Store(z + 80, z5); Store(z + 96, z6); Store(z + 112, z7); Store(z + 128, z8); Store(z + 144, z9);
    }

    /// <summary>Softmax of half v of the tile, written to its 16 output rows.</summary>
    internal void OutputHalf(int v, float* y)
    {
        LogitsHalf(v);
        float* z = _block.Pointer;
        // Across the ten vectors, lane by lane: every sample's softmax at once, no horizontal work.
        Vector512<float> max = Load(z);
        for (int o = 1; o < Out; o++) max = Avx512F.Max(max, Load(z + 16 * o));
        Vector512<float> sum = Vector512<float>.Zero;
        for (int o = 0; o < Out; o++)
        {
            Vector512<float> e = Exp(Load(z + 16 * o) - max);
            Store(z + 16 * o, e);
            sum += e;
        }
        Vector512<float> inverse = Vector512<float>.One / sum;
        for (int o = 0; o < Out; o++) Store(z + 16 * o, Load(z + 16 * o) * inverse);
        Transpose16x16(z, 16, y, Out, Out);
    }

    /// <summary>Forward and backward of one tile; adds to the gradients (or writes dW1 when writeFirst); returns the
    /// tile's per-lane loss sums.</summary>
    internal Vector512<float> TrainTile(float* x, int* labels, float scale, bool writeFirst)
    {
        TransposeInputs(x);
        HiddenTile();
        Vector512<float> loss = LossHalf(0, labels, scale) + LossHalf(1, labels + 16, scale);
        HiddenGradientTile();
        InputWeightGradient(x, writeFirst);
        return loss;
    }

    /// <summary>
    /// Cross-entropy of half v from its logits: per-lane loss log Σe^z + max − z[label]; g2 = (softmax − onehot)·scale
    /// into _g2T, and into the db2 partial sums.
    /// </summary>
    internal Vector512<float> LossHalf(int v, int* labels, float scale)
    {
        LogitsHalf(v);
        float* z = _block.Pointer;
        Vector512<int> label = Vector512.Load(labels);
        Vector512<float> max = Load(z);
        for (int o = 1; o < Out; o++) max = Avx512F.Max(max, Load(z + 16 * o));
        Vector512<float> sum = Vector512<float>.Zero, picked = Vector512<float>.Zero;
        for (int o = 0; o < Out; o++)
        {
            Vector512<float> zo = Load(z + 16 * o);
            Vector512<float> e = Exp(zo - max);
            Store(z + 16 * o, e);
            sum += e;
            picked += zo & Vector512.Equals(label, Vector512.Create(o)).AsSingle();
        }
        Vector512<float> inverse = Vector512.Create(scale) / sum, vScale = Vector512.Create(scale);
        for (int o = 0; o < Out; o++)
        {
            Vector512<float> hit = Vector512.Equals(label, Vector512.Create(o)).AsSingle() & vScale;
            Vector512<float> g = Load(z + 16 * o) * inverse - hit;
            Store(_g2T.Pointer + o * Tile + 16 * v, g);
            Store(_db2Lanes.Pointer + 16 * o, Load(_db2Lanes.Pointer + 16 * o) + g);
        }
        return Log(sum) + max - picked;
    }

    /// <summary>
    /// Layer 2 backward over the tile, one hidden unit k at a time: dW2[o, k] partials += g2[o]·h[k] (lanes = samples),
    /// dh[k] = Σ_o W2[o, k]·g2[o], g0 = dh·(1 − h²) (tanh′ from its output), into _g0T and the db1 partials.
    /// </summary>
    internal void HiddenGradientTile()
    {
        float* g = _g2T.Pointer, w = _parameters.Pointer + W2;
        Vector512<float> g00 = Load(g), g01 = Load(g + 16), g10 = Load(g + 32), g11 = Load(g + 48), g20 = Load(g + 64), g21 = Load(g + 80);
        Vector512<float> g30 = Load(g + 96), g31 = Load(g + 112), g40 = Load(g + 128), g41 = Load(g + 144), g50 = Load(g + 160), g51 = Load(g + 176);
        Vector512<float> g60 = Load(g + 192), g61 = Load(g + 208), g70 = Load(g + 224), g71 = Load(g + 240), g80 = Load(g + 256), g81 = Load(g + 272);
        Vector512<float> g90 = Load(g + 288), g91 = Load(g + 304);
        for (int k = 0; k < Hidden; k++)
        {
            float* h = _hT.Pointer + k * Tile, part = _dW2Lanes.Pointer + k * 16, wk = w + k;
            Vector512<float> h0 = Load(h), h1 = Load(h + 16), d0 = Vector512<float>.Zero, d1 = d0;
            const int Row = Hidden * 16; // from dW2 partial [o][k] to [o + 1][k]
            Step(part, g00, g01, h0, h1, wk, ref d0, ref d1);
            Step(part + Row, g10, g11, h0, h1, wk + Hidden, ref d0, ref d1);
            Step(part + 2 * Row, g20, g21, h0, h1, wk + 2 * Hidden, ref d0, ref d1);
            Step(part + 3 * Row, g30, g31, h0, h1, wk + 3 * Hidden, ref d0, ref d1);
            Step(part + 4 * Row, g40, g41, h0, h1, wk + 4 * Hidden, ref d0, ref d1);
            Step(part + 5 * Row, g50, g51, h0, h1, wk + 5 * Hidden, ref d0, ref d1);
            Step(part + 6 * Row, g60, g61, h0, h1, wk + 6 * Hidden, ref d0, ref d1);
            Step(part + 7 * Row, g70, g71, h0, h1, wk + 7 * Hidden, ref d0, ref d1);
            Step(part + 8 * Row, g80, g81, h0, h1, wk + 8 * Hidden, ref d0, ref d1);
            Step(part + 9 * Row, g90, g91, h0, h1, wk + 9 * Hidden, ref d0, ref d1);
            d0 *= Vector512<float>.One - h0 * h0;
            d1 *= Vector512<float>.One - h1 * h1;
            float* g0 = _g0T.Pointer + k * Tile;
            Store(g0, d0);
            Store(g0 + 16, d1);
            float* db = _db1Lanes.Pointer + k * 16;
            Store(db, Load(db) + d0 + d1);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step(float* part, Vector512<float> g0, Vector512<float> g1, Vector512<float> h0, Vector512<float> h1, float* w,
        ref Vector512<float> d0, ref Vector512<float> d1)
    {
        Store(part, Fma(g1, h1, Fma(g0, h0, Load(part))));
        Vector512<float> c = Broadcast(w);
        d0 = Fma(c, g0, d0);
        d1 = Fma(c, g1, d1);
    }

    /// <summary>
    /// dW1[o, k] (+)= Σ_s g0[o, s]·x[s, k] over the tile: inputs across lanes from the row-major rows, g0 broadcast from
    /// _g0T; 4 outputs × the 4 input vectors in 16 accumulators.
    /// </summary>
    internal void InputWeightGradient(float* x, bool write)
    {
        for (int ob = 0; ob < Hidden; ob += 4)
        {
            float* dw = _gradients.Pointer + W1 + ob * In, g = _g0T.Pointer + ob * Tile, xs = x;
            Vector512<float> a00, a01, a02, a03, a10, a11, a12, a13, a20, a21, a22, a23, a30, a31, a32, a33;
            if (write)
            {
                a00 = a01 = a02 = a03 = a10 = a11 = a12 = a13 = Vector512<float>.Zero;
                a20 = a21 = a22 = a23 = a30 = a31 = a32 = a33 = Vector512<float>.Zero;
            }
            else
            {
                a00 = Load(dw); a01 = Load(dw + 16); a02 = Load(dw + 32); a03 = Load(dw + 48);
                a10 = Load(dw + In); a11 = Load(dw + In + 16); a12 = Load(dw + In + 32); a13 = Load(dw + In + 48);
                a20 = Load(dw + 2 * In); a21 = Load(dw + 2 * In + 16); a22 = Load(dw + 2 * In + 32); a23 = Load(dw + 2 * In + 48);
                a30 = Load(dw + 3 * In); a31 = Load(dw + 3 * In + 16); a32 = Load(dw + 3 * In + 32); a33 = Load(dw + 3 * In + 48);
            }
            for (int s = 0; s < Tile; s++, xs += In, g++)
            {
                Vector512<float> x0 = Load(xs), x1 = Load(xs + 16), x2 = Load(xs + 32), x3 = Load(xs + 48), c;
                c = Broadcast(g); a00 = Fma(c, x0, a00); a01 = Fma(c, x1, a01); a02 = Fma(c, x2, a02); a03 = Fma(c, x3, a03);
                c = Broadcast(g + Tile); a10 = Fma(c, x0, a10); a11 = Fma(c, x1, a11); a12 = Fma(c, x2, a12); a13 = Fma(c, x3, a13);
                c = Broadcast(g + 2 * Tile); a20 = Fma(c, x0, a20); a21 = Fma(c, x1, a21); a22 = Fma(c, x2, a22); a23 = Fma(c, x3, a23);
                c = Broadcast(g + 3 * Tile); a30 = Fma(c, x0, a30); a31 = Fma(c, x1, a31); a32 = Fma(c, x2, a32); a33 = Fma(c, x3, a33);
            }
            Store(dw, a00); Store(dw + 16, a01); Store(dw + 32, a02); Store(dw + 48, a03);
            Store(dw + In, a10); Store(dw + In + 16, a11); Store(dw + In + 32, a12); Store(dw + In + 48, a13);
            Store(dw + 2 * In, a20); Store(dw + 2 * In + 16, a21); Store(dw + 2 * In + 32, a22); Store(dw + 2 * In + 48, a23);
            Store(dw + 3 * In, a30); Store(dw + 3 * In + 16, a31); Store(dw + 3 * In + 32, a32); Store(dw + 3 * In + 48, a33);
        }
    }

    /// <summary>Writes the lane partial sums of dW2, db1 and db2 into the gradients (16 sums per tree).</summary>
    private void ReduceLanes()
    {
        float* grad = _gradients.Pointer;
        for (int o = 0; o < Out; o++)
            for (int kb = 0; kb < Hidden; kb += 16)
                Store(grad + W2 + o * Hidden + kb, Sum16(_dW2Lanes.Pointer + (o * Hidden + kb) * 16));
        for (int kb = 0; kb < Hidden; kb += 16) Store(grad + B1 + kb, Sum16(_db1Lanes.Pointer + kb * 16));
        float* db2 = _db2Lanes.Pointer;
        Vector512<float> z = Vector512<float>.Zero;
        Vector512<float> sums = HandSimd.Sum16(Load(db2), Load(db2 + 16), Load(db2 + 32), Load(db2 + 48), Load(db2 + 64), Load(db2 + 80),
            Load(db2 + 96), Load(db2 + 112), Load(db2 + 128), Load(db2 + 144), z, z, z, z, z, z);
        Avx512F.MaskStore(grad + B2, FirstLanes(Out), sums);
    }

    private static Vector512<float> Sum16(float* p) => HandSimd.Sum16(Load(p), Load(p + 16), Load(p + 32), Load(p + 48), Load(p + 64), Load(p + 80),
        Load(p + 96), Load(p + 112), Load(p + 128), Load(p + 144), Load(p + 160), Load(p + 176), Load(p + 192), Load(p + 208), Load(p + 224), Load(p + 240));

    // ---------------------------------------------------------------- one sample

    /// <summary>tanh(W1[ob..ob+16]·x + b1[ob..ob+16]) with the input's four vectors in registers, one tree for the sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector512<float> Hidden16(Vector512<float> x0, Vector512<float> x1, Vector512<float> x2, Vector512<float> x3, int ob)
    {
        float* w = _parameters.Pointer + W1 + ob * In;
        return Tanh(HandSimd.Sum16(
            Row(w, x0, x1, x2, x3), Row(w + In, x0, x1, x2, x3), Row(w + 2 * In, x0, x1, x2, x3), Row(w + 3 * In, x0, x1, x2, x3),
            Row(w + 4 * In, x0, x1, x2, x3), Row(w + 5 * In, x0, x1, x2, x3), Row(w + 6 * In, x0, x1, x2, x3), Row(w + 7 * In, x0, x1, x2, x3),
            Row(w + 8 * In, x0, x1, x2, x3), Row(w + 9 * In, x0, x1, x2, x3), Row(w + 10 * In, x0, x1, x2, x3), Row(w + 11 * In, x0, x1, x2, x3),
            Row(w + 12 * In, x0, x1, x2, x3), Row(w + 13 * In, x0, x1, x2, x3), Row(w + 14 * In, x0, x1, x2, x3), Row(w + 15 * In, x0, x1, x2, x3))
            + Load(_parameters.Pointer + B1 + ob));
    }

    /// <summary>The lanes of one 64-weight row times the input (two chains of two, summed).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Row(float* w, Vector512<float> x0, Vector512<float> x1, Vector512<float> x2, Vector512<float> x3) =>
        Fma(Load(w + 16), x1, Load(w) * x0) + Fma(Load(w + 48), x3, Load(w + 32) * x2);

    /// <summary>The ten logits of one sample in lanes 0..9 (lanes 10..15: −∞), from its hidden vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector512<float> Logits(Vector512<float> h0, Vector512<float> h1)
    {
        float* w = _parameters.Pointer + W2;
        Vector512<float> z = Vector512<float>.Zero;
        Vector512<float> logits = HandSimd.Sum16(
            Fma(Load(w + 16), h1, Load(w) * h0), Fma(Load(w + 48), h1, Load(w + 32) * h0), Fma(Load(w + 80), h1, Load(w + 64) * h0),
            Fma(Load(w + 112), h1, Load(w + 96) * h0), Fma(Load(w + 144), h1, Load(w + 128) * h0), Fma(Load(w + 176), h1, Load(w + 160) * h0),
            Fma(Load(w + 208), h1, Load(w + 192) * h0), Fma(Load(w + 240), h1, Load(w + 224) * h0), Fma(Load(w + 272), h1, Load(w + 256) * h0),
            Fma(Load(w + 304), h1, Load(w + 288) * h0), z, z, z, z, z, z) + Load(_parameters.Pointer + B2);
        return Vector512.ConditionalSelect(FirstLanes(Out), logits, Vector512.Create(float.NegativeInfinity));
    }

    private void ForwardOne(float* x, float* y)
    {
        Vector512<float> x0 = Load(x), x1 = Load(x + 16), x2 = Load(x + 32), x3 = Load(x + 48);
        Vector512<float> z = Logits(Hidden16(x0, x1, x2, x3, 0), Hidden16(x0, x1, x2, x3, 16));
        Vector512<float> e = Exp(z - MaxAcross(z));
        Avx512F.MaskStore(y, FirstLanes(Out), e / SumAcross(e));
    }

    /// <summary>Forward and backward of one sample: writes (or adds, when accumulate) its gradient times scale; returns its loss.</summary>
    private float TrainOne(float* x, int label, float scale, bool accumulate)
    {
        Vector512<float> x0 = Load(x), x1 = Load(x + 16), x2 = Load(x + 32), x3 = Load(x + 48);
        Vector512<float> h0 = Hidden16(x0, x1, x2, x3, 0), h1 = Hidden16(x0, x1, x2, x3, 16);
        Vector512<float> z = Logits(h0, h1), max = MaxAcross(z);
        Vector512<float> e = Exp(z - max), sum = SumAcross(e);
        Vector512<float> hit = Vector512.Equals(Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), Vector512.Create(label)).AsSingle();
        // log Σe^(z − max) + max − z[label], all in registers (a MathF.Log call would spill every live vector).
        float loss = (Log(sum) + max - SumAcross(z & hit)).ToScalar();
        Vector512<float> g = (e / sum - (hit & Vector512<float>.One)) * Vector512.Create(scale); // 0 in lanes 10..15

        float* grad = _gradients.Pointer, w2 = _parameters.Pointer + W2;
        Avx512F.MaskStore(grad + B2, FirstLanes(Out), accumulate ? Load(grad + B2) + g : g);
        Vector512<float> d0 = Vector512<float>.Zero, d1 = d0;
        for (int o = 0; o < Out; o++)
        {
            Vector512<float> c = Avx512F.PermuteVar16x32(g, Vector512.Create(o)); // lane o everywhere, from the register
            float* dw = grad + W2 + o * Hidden;
            Store(dw, accumulate ? Fma(c, h0, Load(dw)) : c * h0);
            Store(dw + 16, accumulate ? Fma(c, h1, Load(dw + 16)) : c * h1);
            d0 = Fma(c, Load(w2 + o * Hidden), d0);
            d1 = Fma(c, Load(w2 + o * Hidden + 16), d1);
        }
        d0 *= Vector512<float>.One - h0 * h0; // tanh′ from its output
        d1 *= Vector512<float>.One - h1 * h1;
        Store(grad + B1, accumulate ? Load(grad + B1) + d0 : d0);
        Store(grad + B1 + 16, accumulate ? Load(grad + B1 + 16) + d1 : d1);
        for (int o = 0; o < Hidden; o++)
        {
            Vector512<float> c = Avx512F.PermuteVar16x32(o < 16 ? d0 : d1, Vector512.Create(o & 15));
            float* dw = grad + W1 + o * In;
            if (accumulate)
            {
                Store(dw, Fma(c, x0, Load(dw))); Store(dw + 16, Fma(c, x1, Load(dw + 16)));
                Store(dw + 32, Fma(c, x2, Load(dw + 32))); Store(dw + 48, Fma(c, x3, Load(dw + 48)));
            }
            else
            {
                Store(dw, c * x0); Store(dw + 16, c * x1); Store(dw + 32, c * x2); Store(dw + 48, c * x3);
            }
        }
        return loss;
    }
}
