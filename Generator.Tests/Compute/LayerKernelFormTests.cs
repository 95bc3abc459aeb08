using System;
using System.Linq;
using NetGen.Compute;
using Xunit;

namespace NetGen.Tests.Compute;

/// <summary>
/// The kernels of Dropout, LayerNorm, BatchNorm1d, PReLU and the piecewise regression losses, each in every register
/// width (Simd512, Simd256, Simd128, ScalarLane) against a reference in double, as <see cref="KernelFormTests"/> does
/// for the others. Tolerance: 1e-5 relative to the magnitude of the terms (float32 sums of a few dozen values, taken in
/// another order than the reference; the normalisations divide by √(σ² + ε), which rounds once more).
/// </summary>
public class LayerKernelFormTests
{
    private const int S = TileKernels.Samples;

    private static float[] Random(int count, int seed, float scale = 1f, float shift = 0f)
    {
        var random = new SeededRandom(seed);
        return Enumerable.Range(0, count).Select(_ => shift + scale * (2f * random.NextSingle() - 1f)).ToArray();
    }

    private static void Close(double expected, float actual, double magnitude, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-5 * Math.Max(magnitude, 1e-3), $"{what}: expected {expected}, got {actual}");

    // ---- LayerNorm: a tile (stride 32, every lane) in each width, and one sample (stride 1, one lane) in ScalarLane.

    [Theory]
    [InlineData(1, true)]
    [InlineData(5, true)]
    [InlineData(33, false)]
    public void LayerNormInEveryWidth(int features, bool affine)
    {
        CheckLayerNorm<Simd512>(features, affine, S, S);
        CheckLayerNorm<Simd256>(features, affine, S, S);
        CheckLayerNorm<Simd128>(features, affine, S, S);
        CheckLayerNorm<ScalarLane>(features, affine, S, S);
        CheckLayerNorm<ScalarLane>(features, affine, 1, 1);
    }

    private static void CheckLayerNorm<TV>(int features, bool affine, int stride, int lanes) where TV : struct, ISimd<TV>
    {
        const float Eps = 1e-5f;
        float[] x = Random(features * stride, 1, 3f, 0.5f), w = Random(features, 2, 1f, 1f), b = Random(features, 3), g = Random(features * stride, 4);
        float[] y = new float[features * stride], statistics = new float[2 * stride], dx = new float[features * stride];
        float[] dw = Random(features, 5), db = Random(features, 6);
        float[] dw0 = (float[])dw.Clone(), db0 = (float[])db.Clone();
        LayerNormKernels.ForwardCore<TV>(ref x[0], ref y[0], ref statistics[0], ref w[0], ref b[0], affine, features, Eps, stride, lanes);
        LayerNormKernels.BackwardCore<TV>(ref g[0], ref x[0], ref statistics[0], ref w[0], affine, ref dx[0], true, ref dw[0], ref db[0], affine, features, stride, lanes);
        double[] dwSum = new double[features], dbSum = new double[features];
        for (int s = 0; s < lanes; s++)
        {
            double mean = Enumerable.Range(0, features).Average(f => (double)x[f * stride + s]);
            double variance = Enumerable.Range(0, features).Average(f => Math.Pow(x[f * stride + s] - mean, 2));
            double r = 1 / Math.Sqrt(variance + Eps);
            double[] normal = Enumerable.Range(0, features).Select(f => (x[f * stride + s] - mean) * r).ToArray();
            double[] gw = Enumerable.Range(0, features).Select(f => g[f * stride + s] * (affine ? w[f] : 1.0)).ToArray();
            double meanG = gw.Average(), meanGX = gw.Zip(normal, (a, c) => a * c).Average();
            Close(mean, statistics[s], Math.Abs(mean) + 3, $"{typeof(TV).Name} mean[{s}]");
            for (int f = 0; f < features; f++)
            {
                int at = f * stride + s;
                double expected = affine ? normal[f] * w[f] + b[f] : normal[f];
                Close(expected, y[at], 1 + Math.Abs(expected), $"{typeof(TV).Name} y[{f},{s}]");
                double expectedDx = r * (gw[f] - meanG - normal[f] * meanGX);
                Close(expectedDx, dx[at], r * (Math.Abs(gw[f]) + Math.Abs(meanG) + Math.Abs(normal[f] * meanGX)) + 1, $"{typeof(TV).Name} dx[{f},{s}]");
                dwSum[f] += g[at] * normal[f];
                dbSum[f] += g[at];
            }
        }
        if (!affine) return;
        for (int f = 0; f < features; f++)
        {
            Close(dw0[f] + dwSum[f], dw[f], lanes * 3, $"{typeof(TV).Name} dw[{f}]");
            Close(db0[f] + dbSum[f], db[f], lanes, $"{typeof(TV).Name} db[{f}]");
        }
    }

    // ---- BatchNorm1d: evaluation per tile and sample; training over a batch of tiles (a partial last tile).

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public void BatchNormEvaluationInEveryWidth(int features)
    {
        CheckBatchNormEvaluation<Simd512>(features, S, S);
        CheckBatchNormEvaluation<Simd256>(features, S, S);
        CheckBatchNormEvaluation<Simd128>(features, S, S);
        CheckBatchNormEvaluation<ScalarLane>(features, 1, 1);
    }

    private static void CheckBatchNormEvaluation<TV>(int features, int stride, int lanes) where TV : struct, ISimd<TV>
    {
        const float Eps = 1e-5f;
        float[] x = Random(features * stride, 7, 2f), y = new float[features * stride];
        float[] w = Random(features, 8, 1f, 1f), b = Random(features, 9), mean = Random(features, 10), variance = Random(features, 11, 0.5f, 1f);
        BatchNormKernels.EvaluateCore<TV>(ref x[0], ref y[0], ref w[0], ref b[0], ref mean[0], ref variance[0], features, Eps, stride, lanes);
        for (int f = 0; f < features; f++)
            for (int s = 0; s < lanes; s++)
            {
                double expected = (x[f * stride + s] - mean[f]) / Math.Sqrt(variance[f] + Eps) * w[f] + b[f];
                Close(expected, y[f * stride + s], 4, $"{typeof(TV).Name} y[{f},{s}]");
            }
    }

    [Theory]
    [InlineData(2, 2)]     // the smallest batch, one partial tile
    [InlineData(45, 3)]    // a full tile and a partial one
    [InlineData(64, 1)]    // two full tiles
    public void BatchNormTrainingRowsInEveryWidth(int batch, int features)
    {
        CheckBatchNormRows<Simd512>(batch, features);
        CheckBatchNormRows<Simd256>(batch, features);
        CheckBatchNormRows<Simd128>(batch, features);
        CheckBatchNormRows<ScalarLane>(batch, features);
    }

    private static void CheckBatchNormRows<TV>(int batch, int features) where TV : struct, ISimd<TV>
    {
        // Tiles of 3 rows a feature (x, y, g) plus a row of dx, 4·S floats a feature, in a region of a tile each.
        int tiles = (batch + S - 1) / S, region = 4 * features * S;
        float[] work = Random(tiles * region, 12, 2f, 0.3f);
        for (int f = 0; f < features; f++)
        {
            int x = f * S, y = (features + f) * S, g = (2 * features + f) * S, dx = (3 * features + f) * S;
            double[] values = Enumerable.Range(0, batch).Select(n => (double)work[n / S * region + x + n % S]).ToArray();
            double mean = values.Average(), variance = values.Average(v => (v - mean) * (v - mean));
            Close(mean * batch, BatchNormKernels.RowSum<TV>(ref work[0], region, batch, x, 0f, squares: false), values.Sum(Math.Abs),
                $"{typeof(TV).Name} Σx");
            Close(variance * batch, BatchNormKernels.RowSum<TV>(ref work[0], region, batch, x, (float)mean, squares: true), variance * batch + 1,
                $"{typeof(TV).Name} Σ(x − μ)²");
            float inverse = (float)(1 / Math.Sqrt(variance + 1e-5));
            BatchNormKernels.RowScale<TV>(ref work[0], region, batch, x, y, 2f * inverse, 0.5f - (float)mean * 2f * inverse);
            BatchNormKernels.RowGradientSums<TV>(ref work[0], region, batch, g, x, (float)mean, inverse, out float sumG, out float sumGX);
            double expectedG = 0, expectedGX = 0;
            for (int n = 0; n < batch; n++)
            {
                int tile = n / S * region, lane = n % S;
                double normal = (work[tile + x + lane] - mean) * inverse;
                Close(2 * normal + 0.5, work[tile + y + lane], 8, $"{typeof(TV).Name} y of sample {n}");
                expectedG += work[tile + g + lane];
                expectedGX += work[tile + g + lane] * normal;
            }
            Close(expectedG, sumG, batch * 3, $"{typeof(TV).Name} Σg");
            Close(expectedGX, sumGX, batch * 6, $"{typeof(TV).Name} Σg·x̂");
            BatchNormKernels.RowInputGradient<TV>(ref work[0], region, batch, g, x, dx, (float)mean, inverse, 2f * inverse, sumG / batch, sumGX / batch);
            for (int tile = 0; tile < tiles; tile++)
                for (int lane = 0; lane < S; lane++)
                {
                    int n = tile * S + lane, at = tile * region;
                    double normal = (work[at + x + lane] - mean) * inverse;
                    double expected = n < batch ? 2 * inverse * (work[at + g + lane] - expectedG / batch - normal * expectedGX / batch) : 0;
                    Close(expected, work[at + dx + lane], 2 * inverse * 8, $"{typeof(TV).Name} dx of lane {n}");
                }
        }
    }

    // ---- PReLU: one slope or one a feature.

    [Theory]
    [InlineData(1, false)]
    [InlineData(6, true)]
    [InlineData(6, false)]
    public void PReLUInEveryWidth(int features, bool perFeature)
    {
        CheckPReLU<Simd512>(features, perFeature, S, S);
        CheckPReLU<Simd256>(features, perFeature, S, S);
        CheckPReLU<Simd128>(features, perFeature, S, S);
        CheckPReLU<ScalarLane>(features, perFeature, S, S);
        CheckPReLU<ScalarLane>(features, perFeature, 1, 1);
    }

    private static void CheckPReLU<TV>(int features, bool perFeature, int stride, int lanes) where TV : struct, ISimd<TV>
    {
        float[] x = Random(features * stride, 13), g = Random(features * stride, 14), w = Random(perFeature ? features : 1, 15, 0.3f, 0.2f);
        x[0] = 0f; // at 0: the value 0, the input gradient a·g and no slope gradient, as PyTorch's
        float[] y = new float[x.Length], dx = new float[x.Length], dw = new float[w.Length];
        PReLUKernels.ForwardCore<TV>(ref x[0], ref y[0], ref w[0], perFeature, features, stride, lanes);
        PReLUKernels.BackwardCore<TV>(ref g[0], ref x[0], ref w[0], perFeature, ref dx[0], true, ref dw[0], features, stride, lanes);
        double[] expectedDw = new double[w.Length];
        for (int f = 0; f < features; f++)
            for (int s = 0; s < lanes; s++)
            {
                int at = f * stride + s;
                float a = w[perFeature ? f : 0];
                Assert.Equal(x[at] > 0 ? x[at] : a * x[at], y[at]);
                Assert.Equal(x[at] > 0 ? g[at] : a * g[at], dx[at]);
                if (x[at] <= 0) expectedDw[perFeature ? f : 0] += g[at] * x[at];
            }
        for (int k = 0; k < w.Length; k++) Close(expectedDw[k], dw[k], lanes * features, $"{typeof(TV).Name} da[{k}]");
    }

    // ---- Dropout: the mask multiply, and the mask itself.

    [Fact]
    public void DropoutMultiplyInEveryWidth()
    {
        float[] a = Random(37, 16), b = Random(37, 17);
        foreach (Func<float[], int> form in new Func<float[], int>[]
                 {
                     r => DropoutKernels.MultiplyCore<Simd512>(ref a[0], ref b[0], ref r[0], a.Length),
                     r => DropoutKernels.MultiplyCore<Simd256>(ref a[0], ref b[0], ref r[0], a.Length),
                     r => DropoutKernels.MultiplyCore<Simd128>(ref a[0], ref b[0], ref r[0], a.Length),
                     r => DropoutKernels.MultiplyCore<ScalarLane>(ref a[0], ref b[0], ref r[0], a.Length),
                 })
        {
            float[] result = new float[a.Length];
            int done = form(result);
            Assert.True(done > 0 && done <= a.Length);
            for (int i = 0; i < done; i++) Assert.Equal(a[i] * b[i], result[i]);
        }
    }

    /// <summary>
    /// The generator keeps about 1 − p of the units (10,000 draws: within 4 standard deviations), a tile's lane s draws
    /// what one sample of index firstSample + s draws, and each of the key's parts changes the mask.
    /// </summary>
    [Fact]
    public void DropoutMasksKeepOneMinusPAndDependOnlyOnTheirKey()
    {
        const float P = 0.3f;
        ulong stream = DropoutKernels.Stream(seed: 5, step: 2, layer: 3);
        int kept = 0;
        for (int sample = 0; sample < 100; sample++)
        {
            float[] x = Enumerable.Repeat(1f, 100).ToArray(), y = new float[100], mask = new float[100];
            DropoutKernels.Forward(x, y, mask, P, stream, sample);
            kept += mask.Count(m => m != 0f);
            Assert.All(mask, m => Assert.True(m == 0f || m == 1f / (1f - P)));
        }
        double sigma = Math.Sqrt(10_000 * P * (1 - P));
        Assert.InRange(kept, 10_000 * (1 - P) - 4 * sigma, 10_000 * (1 - P) + 4 * sigma);

        const int Features = 5, Rows = 20, First = 40;
        float[] tileX = Random(Features * S, 18), tileY = new float[Features * S], tileMask = new float[Features * S];
        DropoutKernels.ForwardTile(tileX, tileY, tileMask, Features, Rows, P, stream, First);
        for (int s = 0; s < S; s++)
        {
            float[] sampleX = Enumerable.Range(0, Features).Select(f => tileX[f * S + s]).ToArray();
            float[] sampleY = new float[Features], sampleMask = new float[Features];
            DropoutKernels.Forward(sampleX, sampleY, sampleMask, P, stream, First + s);
            for (int f = 0; f < Features; f++)
            {
                Assert.Equal(s < Rows ? sampleMask[f] : 0f, tileMask[f * S + s]); // past the last row: 0
                Assert.Equal(tileX[f * S + s] * tileMask[f * S + s], tileY[f * S + s]);
            }
        }

        uint bits = DropoutKernels.Bits(stream, 7, 9);
        Assert.NotEqual(bits, DropoutKernels.Bits(DropoutKernels.Stream(6, 2, 3), 7, 9));
        Assert.NotEqual(bits, DropoutKernels.Bits(DropoutKernels.Stream(5, 3, 3), 7, 9));
        Assert.NotEqual(bits, DropoutKernels.Bits(DropoutKernels.Stream(5, 2, 4), 7, 9));
        Assert.NotEqual(bits, DropoutKernels.Bits(stream, 8, 9));
        Assert.NotEqual(bits, DropoutKernels.Bits(stream, 7, 10));
    }

    // ---- L1, SmoothL1 and Huber on a tile.

    [Theory]
    [InlineData(0, 0f)]
    [InlineData(1, 0.5f)]
    [InlineData(2, 0.7f)]
    public void RobustLossesInEveryWidth(int kind, float threshold)
    {
        CheckRobust<Simd512>((TileLosses.Robust)kind, threshold);
        CheckRobust<Simd256>((TileLosses.Robust)kind, threshold);
        CheckRobust<Simd128>((TileLosses.Robust)kind, threshold);
        CheckRobust<ScalarLane>((TileLosses.Robust)kind, threshold);
    }

    private static void CheckRobust<TV>(TileLosses.Robust kind, float threshold) where TV : struct, ISimd<TV>
    {
        const int Features = 3, Rows = 29;
        const float Scale = 0.25f;
        float[] y = Random(Features * S, 19, 2f), t = Random(Features * S, 20, 2f), g = new float[Features * S];
        y[0] = t[0]; // d = 0: gradient 0, as PyTorch's
        float loss = TileLosses.RobustCore<TV>(ref y[0], ref t[0], ref g[0], Rows, Features, Scale, kind, threshold);
        double expectedLoss = 0;
        for (int f = 0; f < Features; f++)
            for (int s = 0; s < S; s++)
            {
                int at = f * S + s;
                float d = y[at] - t[at], slope;
                float value = kind switch
                {
                    TileLosses.Robust.L1 => NetGen.Losses.AbsoluteError(y[at], t[at], out slope),
                    TileLosses.Robust.SmoothL1 => NetGen.Losses.SmoothL1(y[at], t[at], threshold, out slope),
                    _ => NetGen.Losses.Huber(y[at], t[at], threshold, out slope),
                };
                if (s < Rows) expectedLoss += value;
                Close(s < Rows ? slope * Scale : 0, g[at], 1, $"{typeof(TV).Name} {kind} gradient[{f},{s}] (d = {d})");
            }
        Close(expectedLoss, loss, Features * Rows * 4, $"{typeof(TV).Name} {kind} loss");
    }
}
