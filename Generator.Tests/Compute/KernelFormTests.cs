using System;
using System.Linq;
using NetGen.Compute;
using Xunit;

namespace NetGen.Tests.Compute;

/// <summary>
/// Every kernel in every register width (Simd512, Simd256, Simd128 and the one-lane ScalarLane) against a reference
/// computed in double, whatever width this machine dispatches to: a width the CPU lacks runs in .NET's software form,
/// slowly but with the same results, so each form is checked everywhere. Tolerance: float32 sums of up to a few
/// hundred products, in another order than the reference, with FMA: 1e-5 relative to the sum of |terms| (~100 ulps).
/// </summary>
public class KernelFormTests
{
    private const int S = TileKernels.Samples;

    private static float[] Random(int count, int seed, float scale = 1f)
    {
        var random = new SeededRandom(seed);
        return Enumerable.Range(0, count).Select(_ => scale * (2f * random.NextSingle() - 1f)).ToArray();
    }

    private static void Close(double expected, float actual, double magnitude, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-5 * Math.Max(magnitude, 1e-3), $"{what}: expected {expected}, got {actual}");

    // (in, out) pairs cover every block path: 8-row blocks, 4-row blocks, single rows, and inputs shorter than a register.
    public static TheoryData<int, int> Shapes => new() { { 1, 1 }, { 3, 5 }, { 16, 8 }, { 17, 13 }, { 33, 4 }, { 8, 19 } };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void TileLinearInEveryWidth(int inFeatures, int outFeatures)
    {
        CheckTileLinear<Simd512>(inFeatures, outFeatures);
        CheckTileLinear<Simd256>(inFeatures, outFeatures);
        CheckTileLinear<Simd128>(inFeatures, outFeatures);
        CheckTileLinear<ScalarLane>(inFeatures, outFeatures);
    }

    private static void CheckTileLinear<TV>(int inFeatures, int outFeatures) where TV : struct, ISimd<TV>
    {
        float[] w = Random(inFeatures * outFeatures, 1), b = Random(outFeatures, 2), x = Random(inFeatures * S, 3);
        float[] y = new float[outFeatures * S], pre = new float[outFeatures * S];
        var rows = new LinearRows<TanhOp>(ref w[0], ref b[0], true, ref x[0], ref y[0], ref pre[0], true, inFeatures, new TanhOp());
        TileKernels.LinearCore<TV, TanhOp>(ref rows, outFeatures);
        for (int o = 0; o < outFeatures; o++)
            for (int s = 0; s < S; s++)
            {
                double sum = b[o], magnitude = Math.Abs(b[o]);
                for (int i = 0; i < inFeatures; i++)
                {
                    sum += (double)w[o * inFeatures + i] * x[i * S + s];
                    magnitude += Math.Abs(w[o * inFeatures + i] * x[i * S + s]);
                }
                Close(sum, pre[o * S + s], magnitude, $"{typeof(TV).Name} pre[{o},{s}]");
                Close(Math.Tanh(sum), y[o * S + s], magnitude, $"{typeof(TV).Name} y[{o},{s}]");
            }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void TileInputGradientInEveryWidth(int inFeatures, int outFeatures)
    {
        CheckInputGradient<Simd512>(inFeatures, outFeatures);
        CheckInputGradient<Simd256>(inFeatures, outFeatures);
        CheckInputGradient<Simd128>(inFeatures, outFeatures);
        CheckInputGradient<ScalarLane>(inFeatures, outFeatures);
    }

    private static void CheckInputGradient<TV>(int inFeatures, int outFeatures) where TV : struct, ISimd<TV>
    {
        float[] w = Random(inFeatures * outFeatures, 4), g = Random(outFeatures * S, 5), z = Random(inFeatures * S, 6);
        float[] y = z.Select(v => v > 0 ? v : 0.1f * v).ToArray(), dx = new float[inFeatures * S];
        var op = new LeakyReLUOp(0.1f);
        var rows = new InputGradientRows<LeakyReLUOp>(ref w[0], ref g[0], ref dx[0], ref z[0], ref y[0], inFeatures, outFeatures, op);
        TileKernels.InputGradientCore<TV, LeakyReLUOp>(ref rows, inFeatures);
        for (int i = 0; i < inFeatures; i++)
            for (int s = 0; s < S; s++)
            {
                double sum = 0, magnitude = 0;
                for (int o = 0; o < outFeatures; o++)
                {
                    sum += (double)w[o * inFeatures + i] * g[o * S + s];
                    magnitude += Math.Abs(w[o * inFeatures + i] * g[o * S + s]);
                }
                double slope = z[i * S + s] > 0 ? 1 : 0.1;
                Close(sum * slope, dx[i * S + s], magnitude, $"{typeof(TV).Name} dx[{i},{s}]");
            }
    }

    [Theory]
    [InlineData(1, 1, 32)]
    [InlineData(5, 3, 32)]
    [InlineData(70, 6, 32)]   // 4 registers of 16 and a tail
    [InlineData(9, 9, 7)]     // a partial tile
    public void TileWeightGradientInEveryWidth(int inFeatures, int outFeatures, int rows)
    {
        foreach (bool accumulate in new[] { false, true })
        {
            CheckWeightGradient<Simd512>(inFeatures, outFeatures, rows, accumulate);
            CheckWeightGradient<Simd256>(inFeatures, outFeatures, rows, accumulate);
            CheckWeightGradient<Simd128>(inFeatures, outFeatures, rows, accumulate);
            CheckWeightGradient<ScalarLane>(inFeatures, outFeatures, rows, accumulate);
        }
    }

    private static void CheckWeightGradient<TV>(int inFeatures, int outFeatures, int rows, bool accumulate) where TV : struct, ISimd<TV>
    {
        float[] g = Random(outFeatures * S, 7), x = Random(rows * inFeatures, 8), start = Random(inFeatures * outFeatures, 9);
        for (int o = 0; o < outFeatures; o++)
            for (int s = rows; s < S; s++) g[o * S + s] = 0f; // the losses give padding lanes no gradient
        float[] dw = (float[])start.Clone();
        TileKernels.WeightGradientCore<TV>(ref g[0], ref x[0], rows, ref dw[0], inFeatures, outFeatures, accumulate);
        for (int o = 0; o < outFeatures; o++)
            for (int i = 0; i < inFeatures; i++)
            {
                double sum = accumulate ? start[o * inFeatures + i] : 0, magnitude = Math.Abs(sum);
                for (int s = 0; s < rows; s++)
                {
                    sum += (double)g[o * S + s] * x[s * inFeatures + i];
                    magnitude += Math.Abs(g[o * S + s] * x[s * inFeatures + i]);
                }
                Close(sum, dw[o * inFeatures + i], magnitude, $"{typeof(TV).Name} dW[{o},{i}] accumulate={accumulate}");
            }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(10)]
    public void TileSoftmaxAndItsBackwardInEveryWidth(int features)
    {
        CheckSoftmax<Simd512>(features);
        CheckSoftmax<Simd256>(features);
        CheckSoftmax<Simd128>(features);
        CheckSoftmax<ScalarLane>(features);
    }

    private static void CheckSoftmax<TV>(int features) where TV : struct, ISimd<TV>
    {
        float[] x = Random(features * S, 10, 30f), g = Random(features * S, 11), y = new float[features * S], logY = new float[features * S];
        float[] dx = new float[features * S], logDx = new float[features * S];
        TileKernels.SoftmaxCore<TV>(ref x[0], ref y[0], features, log: false);
        TileKernels.SoftmaxCore<TV>(ref x[0], ref logY[0], features, log: true);
        TileKernels.SoftmaxBackwardCore<TV>(ref y[0], ref g[0], ref dx[0], features, log: false);
        TileKernels.SoftmaxBackwardCore<TV>(ref logY[0], ref g[0], ref logDx[0], features, log: true);
        for (int s = 0; s < S; s++)
        {
            double max = Enumerable.Range(0, features).Max(f => (double)x[f * S + s]);
            double sum = Enumerable.Range(0, features).Sum(f => Math.Exp(x[f * S + s] - max));
            double dot = Enumerable.Range(0, features).Sum(f => g[f * S + s] * Math.Exp(x[f * S + s] - max) / sum);
            double gSum = Enumerable.Range(0, features).Sum(f => (double)g[f * S + s]);
            for (int f = 0; f < features; f++)
            {
                int at = f * S + s;
                double p = Math.Exp(x[at] - max) / sum;
                Close(p, y[at], 1, $"{typeof(TV).Name} softmax");
                Close(x[at] - max - Math.Log(sum), logY[at], Math.Abs(x[at] - max) + 1, $"{typeof(TV).Name} log-softmax");
                Close(p * (g[at] - dot), dx[at], 1, $"{typeof(TV).Name} softmax backward");
                Close(g[at] - p * gSum, logDx[at], 1 + Math.Abs(gSum), $"{typeof(TV).Name} log-softmax backward");
            }
        }
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(5, 8)]
    [InlineData(20, 37)]
    [InlineData(64, 10)]
    [InlineData(64, 32)]      // two 16-row blocks (AVX-512), no input tail
    [InlineData(16, 16)]      // one 16-row block of one register
    public void SampleLinearAndBackwardInEveryWidth(int inFeatures, int outFeatures)
    {
        CheckSample<Simd512>(inFeatures, outFeatures);
        CheckSample<Simd256>(inFeatures, outFeatures);
        CheckSample<Simd128>(inFeatures, outFeatures);
        CheckSample<ScalarLane>(inFeatures, outFeatures);
    }

    private static void CheckSample<TV>(int inFeatures, int outFeatures) where TV : struct, ISimd<TV>
    {
        float[] w = Random(inFeatures * outFeatures, 12), b = Random(outFeatures, 13), x = Random(inFeatures, 14), y = new float[outFeatures];
        float[] pre = new float[outFeatures];
        var rows = new SampleRows<SigmoidOp>(ref w[0], ref b[0], true, ref x[0], ref y[0], ref pre[0], true, inFeatures, new SigmoidOp());
        SampleKernels.LinearCore<TV, SigmoidOp>(ref rows, outFeatures);
        for (int o = 0; o < outFeatures; o++)
        {
            double sum = b[o] + Enumerable.Range(0, inFeatures).Sum(i => (double)w[o * inFeatures + i] * x[i]);
            double magnitude = Math.Abs(b[o]) + Enumerable.Range(0, inFeatures).Sum(i => Math.Abs(w[o * inFeatures + i] * x[i]));
            Close(sum, pre[o], magnitude, $"{typeof(TV).Name} pre[{o}]");
            Close(1 / (1 + Math.Exp(-sum)), y[o], magnitude, $"{typeof(TV).Name} y[{o}]");
        }

        float[] g = Random(outFeatures, 15), start = Random(inFeatures * outFeatures, 16), dw = (float[])start.Clone(), dx = new float[inFeatures];
        SampleKernels.BackwardCore<TV>(ref w[0], ref x[0], ref g[0], ref dw[0], ref dx[0], inFeatures, outFeatures, weights: true, inputs: true, accumulate: true);
        for (int i = 0; i < inFeatures; i++)
        {
            double sum = Enumerable.Range(0, outFeatures).Sum(o => (double)w[o * inFeatures + i] * g[o]);
            Close(sum, dx[i], Enumerable.Range(0, outFeatures).Sum(o => Math.Abs(w[o * inFeatures + i] * g[o])), $"{typeof(TV).Name} dx[{i}]");
            for (int o = 0; o < outFeatures; o++)
                Close(start[o * inFeatures + i] + (double)g[o] * x[i], dw[o * inFeatures + i], 1, $"{typeof(TV).Name} dW[{o},{i}]");
        }

        // Set instead of added to (a batch's first sample), and dx left alone when not asked for.
        float[] set = (float[])start.Clone(), untouched = Random(inFeatures, 17);
        float[] before = (float[])untouched.Clone();
        SampleKernels.BackwardCore<TV>(ref w[0], ref x[0], ref g[0], ref set[0], ref untouched[0], inFeatures, outFeatures, weights: true, inputs: false, accumulate: false);
        for (int o = 0; o < outFeatures; o++)
            for (int i = 0; i < inFeatures; i++)
                Close((double)g[o] * x[i], set[o * inFeatures + i], 1, $"{typeof(TV).Name} set dW[{o},{i}]");
        Assert.Equal(before, untouched);
    }

    [Fact]
    public void TileLossesInEveryWidth()
    {
        CheckLosses<Simd512>();
        CheckLosses<Simd256>();
        CheckLosses<Simd128>();
        CheckLosses<ScalarLane>();
    }

    private static void CheckLosses<TV>() where TV : struct, ISimd<TV>
    {
        const int Features = 3, Rows = 21;
        float[] z = Random(Features * S, 17, 8f), t = Random(Features * S, 18).Select(v => (v + 1) / 2).ToArray();
        float[] g = new float[Features * S];
        float loss = TileLosses.BceWithLogitsCore<TV>(ref z[0], ref t[0], ref g[0], Rows, Features, 0.5f);
        double expected = 0;
        for (int f = 0; f < Features; f++)
            for (int s = 0; s < S; s++)
            {
                int at = f * S + s;
                double logit = z[at], target = t[at];
                if (s >= Rows)
                {
                    Assert.Equal(0f, g[at]); // padding lanes give no gradient
                    continue;
                }
                expected += Math.Max(logit, 0) - logit * target + Math.Log(1 + Math.Exp(-Math.Abs(logit)));
                Close(0.5 * (1 / (1 + Math.Exp(-logit)) - target), g[at], 1, $"{typeof(TV).Name} BCE gradient");
            }
        Close(expected, loss, expected, $"{typeof(TV).Name} BCE loss");

        float[] y = Random(Features * S, 19);
        loss = TileLosses.SquaredErrorCore<TV>(ref y[0], ref t[0], ref g[0], Rows, Features, 0.25f);
        expected = 0;
        for (int f = 0; f < Features; f++)
            for (int s = 0; s < Rows; s++)
            {
                int at = f * S + s;
                expected += (y[at] - (double)t[at]) * (y[at] - t[at]);
                Close(0.25 * 2 * (y[at] - (double)t[at]), g[at], 1, $"{typeof(TV).Name} MSE gradient");
            }
        Close(expected, loss, expected, $"{typeof(TV).Name} MSE loss");
    }

    [Fact]
    public void TransposesKeepEverySampleAndPadWithZeros()
    {
        foreach (int features in new[] { 1, 2, 3, 4, 8, 16, 21, 40 }) // 1, 2, 4 and 8: the permutes (AVX-512), 3 and 21: gathers
            foreach (int rows in new[] { 32, 13, 1 })
            {
                float[] samples = Random(rows * features, features * 100 + rows), tile = Enumerable.Repeat(float.NaN, features * S).ToArray();
                TileKernels.Load(samples, rows, features, tile);
                for (int f = 0; f < features; f++)
                    for (int s = 0; s < S; s++)
                        Assert.Equal(s < rows ? samples[s * features + f] : 0f, tile[f * S + s]);
                float[] back = new float[rows * features];
                TileKernels.Store(tile, rows, features, back);
                Assert.Equal(samples, back);
            }
    }

    [Fact]
    public void LanePartialsReduceToTheirSums()
    {
        foreach (int width in new[] { 16, 8, 4, 1 })
        {
            float[] partials = Random(5 * width, width), original = Random(5, 99), added = (float[])original.Clone();
            float[] set = Enumerable.Repeat(123f, 5).ToArray();
            float[] sums = Enumerable.Range(0, 5).Select(k => partials.Skip(k * width).Take(width).Sum()).ToArray();
            Lanes.Reduce(partials, width, added, accumulate: true);
            Lanes.Reduce(partials, width, set, accumulate: false);
            for (int k = 0; k < 5; k++)
            {
                Assert.Equal(original[k] + sums[k], added[k], 1e-6f);
                Assert.Equal(sums[k], set[k], 1e-6f);
            }
        }
    }
}
