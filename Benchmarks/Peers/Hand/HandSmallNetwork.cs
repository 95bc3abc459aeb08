using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static NetGen.Benchmarks.Peers.Hand.HandSimd;

namespace NetGen.Benchmarks.Peers.Hand;

/// <summary>
/// Linear(4, 8) → ReLU → Linear(8, 1) → Sigmoid with BCELoss (from the logit, as BCEWithLogitsLoss), written by hand
/// for AVX-512 (designs and measurements: /work/notes/bench-findings.md and docs/benchmarks.md).
/// <list type="bullet">
/// <item>One sample: the 8 hidden units are one Vector256; h = relu(b1 + Σ_k x_k·W1[:, k]) is four FMAs on the columns
/// of W1 (packed at construction for inference; for training transposed in registers from the [out, in] parameters),
/// the logit one horizontal sum.</item>
/// <item>Batches: 16 samples a vector. Their 4 × 16 inputs are de-interleaved by 8 two-source permutes into four
/// feature vectors; the 40 weights are broadcast; the 16 outputs are contiguous (one output a sample), so no
/// transpose back. Training keeps a 16-lane partial sum for each of the 49 parameters and reduces once.</item>
/// </list>
/// </summary>
[SkipLocalsInit] // scratch is written before it is read
public sealed unsafe class HandSmallNetwork : IHandNetwork
{
    private const int In = 4, Hidden = 8, Group = 16;
    private const int W1 = 0, B1 = Hidden * In, W2 = B1 + Hidden, B2 = W2 + Hidden, Count = B2 + 1;

    private readonly AlignedBuffer _parameters = new(Count), _gradients = new(Count);
    private readonly AlignedBuffer _columns = new(In * Hidden); // W1ᵀ [4][8], packed at construction for inference
    private readonly AlignedBuffer _lanes = new(Count * 16);    // per-lane partial gradient sums, [49][16]

    public HandSmallNetwork(ReadOnlySpan<float> parameters)
    {
        if (!IsSupported) throw new PlatformNotSupportedException("The hand-optimised peers need AVX-512F.");
        MlpSpec.Small.CheckParameters(parameters);
        parameters.CopyTo(_parameters.Span);
        for (int j = 0; j < Hidden; j++)
            for (int k = 0; k < In; k++) _columns.Pointer[k * Hidden + j] = _parameters.Pointer[W1 + j * In + k];
    }

    public ReadOnlySpan<float> Gradients => _gradients.Span;

    public void Forward(ReadOnlySpan<float> input, Span<float> output)
    {
        if (input.Length != In || output.Length != 1) throw new ArgumentException($"Expected {In} inputs and 1 output.");
        fixed (float* x = input, y = output) *y = Sigmoid(Logit(x, Columns(), out _));
    }

    public void ForwardBatch(ReadOnlySpan<float> inputs, Span<float> outputs)
    {
        int batch = inputs.Length / In;
        if (batch * In != inputs.Length || outputs.Length != batch) throw new ArgumentException($"Expected whole rows of {In} inputs and 1 output.");
        fixed (float* x = inputs, y = outputs)
        {
            int s = 0;
            float* p = _parameters.Pointer;
            for (; s + Group <= batch; s += Group)
            {
                Features(x + s * In, out Vector512<float> x0, out Vector512<float> x1, out Vector512<float> x2, out Vector512<float> x3);
                Vector512<float> z = Broadcast(p + B2);
                for (int j = 0; j < Hidden; j++)
                {
                    float* w = p + W1 + j * In;
                    Vector512<float> a = Fma(Broadcast(w + 3), x3, Fma(Broadcast(w + 2), x2, Fma(Broadcast(w + 1), x1, Fma(Broadcast(w), x0, Broadcast(p + B1 + j)))));
                    z = Fma(Broadcast(p + W2 + j), Relu(a), z);
                }
                Store(y + s, HandSimd.Sigmoid(z));
            }
            for (; s < batch; s++) y[s] = Sigmoid(Logit(x + s * In, Columns(), out _));
        }
    }

    public float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels)
    {
        int batch = labels.Length;
        if (batch == 0 || inputs.Length != batch * In) throw new ArgumentException($"Expected {In} inputs a label.");
        foreach (int label in labels)
            if ((uint)label > 1) throw new ArgumentOutOfRangeException(nameof(labels), label, "A binary label must be 0 or 1.");
        float scale = 1f / batch;
        double loss = 0;
        fixed (float* x = inputs)
        fixed (int* l = labels)
        {
            int s = 0;
            if (batch >= Group)
            {
                _lanes.Span.Clear();
                Vector512<float> groupLoss = Vector512<float>.Zero;
                for (; s + Group <= batch; s += Group) groupLoss += TrainGroup(x + s * In, l + s, scale);
                for (int i = 0; i < 16; i++) loss += groupLoss[i];
                ReduceLanes();
            }
            for (; s < batch; s++) loss += TrainOne(x + s * In, l[s], scale, accumulate: s > 0); // the first sample writes
        }
        return (float)(loss / batch);
    }

    // ---------------------------------------------------------------- sixteen samples a vector

    /// <summary>
    /// The 4 inputs of 16 samples (64 floats, row-major) as four feature vectors: pairs of features of 8 samples from
    /// two rows of four vectors, then even and odd elements of those pairs (8 two-source permutes).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Features(float* x, out Vector512<float> x0, out Vector512<float> x1, out Vector512<float> x2, out Vector512<float> x3)
    {
        Vector512<float> v0 = Load(x), v1 = Load(x + 16), v2 = Load(x + 32), v3 = Load(x + 48);
        // Position i of a pair vector: sample i / 2 (of 8), feature (i % 2) + offset; source index as vpermt2ps counts it.
        Vector512<int> pairs01 = Vector512.Create(0, 1, 4, 5, 8, 9, 12, 13, 16, 17, 20, 21, 24, 25, 28, 29);
        Vector512<int> pairs23 = pairs01 + Vector512.Create(2);
        Vector512<float> a = Avx512F.PermuteVar16x32x2(v0, pairs01, v1), b = Avx512F.PermuteVar16x32x2(v0, pairs23, v1); // samples 0..7
        Vector512<float> c = Avx512F.PermuteVar16x32x2(v2, pairs01, v3), d = Avx512F.PermuteVar16x32x2(v2, pairs23, v3); // samples 8..15
        Vector512<int> even = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
        Vector512<int> odd = even + Vector512<int>.One;
        x0 = Avx512F.PermuteVar16x32x2(a, even, c);
        x1 = Avx512F.PermuteVar16x32x2(a, odd, c);
        x2 = Avx512F.PermuteVar16x32x2(b, even, d);
        x3 = Avx512F.PermuteVar16x32x2(b, odd, d);
    }

    /// <summary>Forward and backward of 16 samples into the 49 lane partial sums; returns the per-lane losses.</summary>
    private Vector512<float> TrainGroup(float* x, int* labels, float scale)
    {
        float* p = _parameters.Pointer, lanes = _lanes.Pointer;
        Features(x, out Vector512<float> x0, out Vector512<float> x1, out Vector512<float> x2, out Vector512<float> x3);
        Vector512<float> h0 = HiddenUnit(p, 0, x0, x1, x2, x3), h1 = HiddenUnit(p, 1, x0, x1, x2, x3);
        Vector512<float> h2 = HiddenUnit(p, 2, x0, x1, x2, x3), h3 = HiddenUnit(p, 3, x0, x1, x2, x3);
        Vector512<float> h4 = HiddenUnit(p, 4, x0, x1, x2, x3), h5 = HiddenUnit(p, 5, x0, x1, x2, x3);
        Vector512<float> h6 = HiddenUnit(p, 6, x0, x1, x2, x3), h7 = HiddenUnit(p, 7, x0, x1, x2, x3);
        Vector512<float> z = Broadcast(p + B2);
        z = Fma(Broadcast(p + W2), h0, z); z = Fma(Broadcast(p + W2 + 1), h1, z); z = Fma(Broadcast(p + W2 + 2), h2, z); z = Fma(Broadcast(p + W2 + 3), h3, z);
        z = Fma(Broadcast(p + W2 + 4), h4, z); z = Fma(Broadcast(p + W2 + 5), h5, z); z = Fma(Broadcast(p + W2 + 6), h6, z); z = Fma(Broadcast(p + W2 + 7), h7, z);

        // BCE from the logit: max(z, 0) − z·t + log(1 + e^−|z|); dLoss/dz = σ(z) − t. One exponential serves both.
        Vector512<float> t = Vector512.ConvertToSingle(Vector512.Load(labels));
        Vector512<float> e = Exp(-Vector512.Abs(z)), onePlusE = Vector512<float>.One + e;
        Vector512<float> sigmoid = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(z, Vector512<float>.Zero), Vector512<float>.One, e) / onePlusE;
        Vector512<float> loss = Relu(z) - z * t + Log(onePlusE);
        Vector512<float> g = (sigmoid - t) * Vector512.Create(scale);

        Add(lanes + 16 * B2, g);
        Unit(p, lanes, 0, g, h0, x0, x1, x2, x3); Unit(p, lanes, 1, g, h1, x0, x1, x2, x3);
        Unit(p, lanes, 2, g, h2, x0, x1, x2, x3); Unit(p, lanes, 3, g, h3, x0, x1, x2, x3);
        Unit(p, lanes, 4, g, h4, x0, x1, x2, x3); Unit(p, lanes, 5, g, h5, x0, x1, x2, x3);
        Unit(p, lanes, 6, g, h6, x0, x1, x2, x3); Unit(p, lanes, 7, g, h7, x0, x1, x2, x3);
        return loss;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> HiddenUnit(float* p, int j, Vector512<float> x0, Vector512<float> x1, Vector512<float> x2, Vector512<float> x3)
    {
        float* w = p + W1 + j * In;
        return Relu(Fma(Broadcast(w + 3), x3, Fma(Broadcast(w + 2), x2, Fma(Broadcast(w + 1), x1, Fma(Broadcast(w), x0, Broadcast(p + B1 + j))))));
    }

    /// <summary>Hidden unit j's share of the backward pass: dW2[j] += g·h, dh = g·W2[j]·ReLU′, db1[j] += dh, dW1[j, k] += dh·x_k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Unit(float* p, float* lanes, int j, Vector512<float> g, Vector512<float> h,
        Vector512<float> x0, Vector512<float> x1, Vector512<float> x2, Vector512<float> x3)
    {
        AddProduct(lanes + 16 * (W2 + j), g, h);
        Vector512<float> dh = (g * Broadcast(p + W2 + j)) & Vector512.GreaterThan(h, Vector512<float>.Zero);
        Add(lanes + 16 * (B1 + j), dh);
        float* dw = lanes + 16 * (W1 + j * In);
        AddProduct(dw, dh, x0);
        AddProduct(dw + 16, dh, x1);
        AddProduct(dw + 32, dh, x2);
        AddProduct(dw + 48, dh, x3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(float* partial, Vector512<float> v) => Store(partial, Load(partial) + v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddProduct(float* partial, Vector512<float> a, Vector512<float> b) => Store(partial, Fma(a, b, Load(partial)));

    /// <summary>Writes the 49 lane partial sums into the gradients: three trees of 16 (they are laid out as the parameters) and one sum.</summary>
    private void ReduceLanes()
    {
        float* lanes = _lanes.Pointer, grad = _gradients.Pointer;
        for (int i = 0; i < 48; i += 16)
        {
            float* q = lanes + 16 * i;
            Store(grad + i, HandSimd.Sum16(Load(q), Load(q + 16), Load(q + 32), Load(q + 48), Load(q + 64), Load(q + 80), Load(q + 96), Load(q + 112),
                Load(q + 128), Load(q + 144), Load(q + 160), Load(q + 176), Load(q + 192), Load(q + 208), Load(q + 224), Load(q + 240)));
        }
        grad[B2] = SumAcross(Load(lanes + 16 * B2)).ToScalar();
    }

    // ---------------------------------------------------------------- one sample

    /// <summary>The packed columns of W1 (inference).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Columns4 Columns()
    {
        float* c = _columns.Pointer;
        return new Columns4(Vector256.Load(c), Vector256.Load(c + 8), Vector256.Load(c + 16), Vector256.Load(c + 24));
    }

    /// <summary>The columns of W1 transposed in registers from the [8, 4] parameters (training: always current).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Columns4 ColumnsFromParameters()
    {
        float* w = _parameters.Pointer + W1;
        // Row j in the 128-bit half j / 4 of vector j % 4: then a 4 × 4 transpose inside each half gives the columns.
        Vector256<float> r0 = Vector256.Create(Vector128.Load(w), Vector128.Load(w + 16)), r1 = Vector256.Create(Vector128.Load(w + 4), Vector128.Load(w + 20));
        Vector256<float> r2 = Vector256.Create(Vector128.Load(w + 8), Vector128.Load(w + 24)), r3 = Vector256.Create(Vector128.Load(w + 12), Vector128.Load(w + 28));
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1), t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        return new Columns4(Avx.Shuffle(t0, t2, 0x44), Avx.Shuffle(t0, t2, 0xEE), Avx.Shuffle(t1, t3, 0x44), Avx.Shuffle(t1, t3, 0xEE));
    }

    private readonly struct Columns4(Vector256<float> c0, Vector256<float> c1, Vector256<float> c2, Vector256<float> c3)
    {
        public readonly Vector256<float> C0 = c0, C1 = c1, C2 = c2, C3 = c3;
    }

    /// <summary>The logit of one sample; h receives the 8 hidden values (after ReLU).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private float Logit(float* x, Columns4 w, out Vector256<float> h)
    {
        float* p = _parameters.Pointer;
        Vector256<float> a = Avx.LoadVector256(p + B1);
        a = System.Runtime.Intrinsics.X86.Fma.MultiplyAdd(Vector256.Create(x[0]), w.C0, a);
        a = System.Runtime.Intrinsics.X86.Fma.MultiplyAdd(Vector256.Create(x[1]), w.C1, a);
        a = System.Runtime.Intrinsics.X86.Fma.MultiplyAdd(Vector256.Create(x[2]), w.C2, a);
        a = System.Runtime.Intrinsics.X86.Fma.MultiplyAdd(Vector256.Create(x[3]), w.C3, a);
        h = Avx.Max(Vector256<float>.Zero, a);
        return Vector256.Sum(h * Avx.LoadVector256(p + W2)) + p[B2];
    }

    private static float Sigmoid(float z) => HandSimd.Sigmoid(Vector512.CreateScalar(z)).ToScalar();

    /// <summary>Forward and backward of one sample: writes (or adds, when accumulate) its gradient times scale; returns its loss.</summary>
    private float TrainOne(float* x, int label, float scale, bool accumulate)
    {
        float z = Logit(x, ColumnsFromParameters(), out Vector256<float> h);
        float t = label;
        Vector512<float> zv = Vector512.CreateScalar(z);
        Vector512<float> e = Exp(-Vector512.Abs(zv)), onePlusE = Vector512<float>.One + e;
        float sigmoid = ((z >= 0 ? Vector512<float>.One : e) / onePlusE).ToScalar();
        float loss = MathF.Max(z, 0) - z * t + Log(onePlusE).ToScalar();
        float g = (sigmoid - t) * scale;

        float* p = _parameters.Pointer, grad = _gradients.Pointer;
        Vector256<float> gv = Vector256.Create(g);
        Vector256<float> dW2 = gv * h;
        Vector256<float> dh = (gv * Avx.LoadVector256(p + W2)) & Avx.CompareGreaterThan(h, Vector256<float>.Zero);
        // dW1 [8, 4] = dh ⊗ x: rows 0..3 and 4..7, each dh_j repeated over the four inputs.
        Vector512<float> dh512 = Vector512.Create(dh, dh), xs = Vector512.Create(Vector256.Create(Vector128.Load(x), Vector128.Load(x)), Vector256.Create(Vector128.Load(x), Vector128.Load(x)));
        Vector512<float> dW1Low = Avx512F.PermuteVar16x32(dh512, Vector512.Create(0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3)) * xs;
        Vector512<float> dW1High = Avx512F.PermuteVar16x32(dh512, Vector512.Create(4, 4, 4, 4, 5, 5, 5, 5, 6, 6, 6, 6, 7, 7, 7, 7)) * xs;
        if (accumulate)
        {
            Store(grad + W1, Load(grad + W1) + dW1Low);
            Store(grad + W1 + 16, Load(grad + W1 + 16) + dW1High);
            Avx.Store(grad + B1, Avx.LoadVector256(grad + B1) + dh);
            Avx.Store(grad + W2, Avx.LoadVector256(grad + W2) + dW2);
            grad[B2] += g;
        }
        else
        {
            Store(grad + W1, dW1Low);
            Store(grad + W1 + 16, dW1High);
            Avx.Store(grad + B1, dh);
            Avx.Store(grad + W2, dW2);
            grad[B2] = g;
        }
        return loss;
    }
}
