using System;
using System.Linq;
using System.Text.Json;
using NetGen.Tests.Infrastructure;
using Xunit;

namespace NetGen.Tests.Data;

/// <summary>Standardizer: exact statistics where a one-pass float computation failed, and refusals instead of silent NaN.</summary>
public class StandardizerTests
{
    [Fact]
    public void ASmallSpreadOnALargeMeanGivesItsTrueDeviation()
    {
        // 1.7e9 and 1.7e9 + 256 are exact floats; one pass of E[x²] − E[x]² in float gave 476.8.
        var scaler = Standardizer.Fit(new[] { 1.7e9f, 1.7e9f + 256f }, featureCount: 1);
        Assert.Equal(1_700_000_128.0, scaler.Mean[0]);
        Assert.Equal(128.0, scaler.Scale[0]);
    }

    [Fact]
    public void NeighboursAt2To24StandardiseToMinusOneAndOne()
    {
        // Their mean, 16777217, is not a float: a float mean standardised them to [0, 2].
        float[] values = { 16777216f, 16777218f };
        var scaler = Standardizer.Fit(values, featureCount: 1);
        scaler.TransformBatch(values, featureCount: 1);
        Assert.Equal(new[] { -1f, 1f }, values);
    }

    [Fact]
    public void TenThousandRowsKeepTheirVariance()
    {
        // 10,000 alternating rows collapsed the variance to 0 with a float accumulator.
        float[] values = Enumerable.Range(0, 10_000).Select(i => i % 2 == 0 ? 16777216f : 16777218f).ToArray();
        var scaler = Standardizer.Fit(values, featureCount: 1);
        Assert.Equal(16777217.0, scaler.Mean[0]);
        Assert.Equal(1.0, scaler.Scale[0]);
        scaler.TransformBatch(values, featureCount: 1);
        Assert.All(values.Select((v, i) => (v, i)), p => Assert.Equal(p.i % 2 == 0 ? -1f : 1f, p.v));
    }

    [Theory]
    [InlineData("iris", 4)]
    [InlineData("breast_cancer", 30)]
    public void StatisticsMatchNumpysStandardScalerComputation(string name, int features)
    {
        using var reference = JsonDocument.Parse(System.IO.File.ReadAllText(TestPaths.Output("Data", "Fixtures", "standardizer_reference.json")));
        double[] mean = reference.RootElement.GetProperty(name).GetProperty("mean").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        double[] scale = reference.RootElement.GetProperty(name).GetProperty("scale").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var scaler = Standardizer.Fit(Dataset.LoadCsv(TestPaths.Output("data", name + ".csv")));
        Assert.Equal(features, scaler.FeatureCount);
        // Both sides sum the same float32 values in double (numpy pairwise, here in order): the rounding differs by at
        // most n·ε ≈ 569 × 1.1e-16 ≈ 6e-14 relative, so 1e-12 is loose for that and tight against any float-precision step.
        for (int f = 0; f < features; f++)
        {
            Assert.True(Math.Abs(scaler.Mean[f] - mean[f]) <= 1e-12 * Math.Abs(mean[f]), $"mean[{f}] {scaler.Mean[f]:R} vs numpy {mean[f]:R}");
            Assert.True(Math.Abs(scaler.Scale[f] - scale[f]) <= 1e-12 * scale[f], $"scale[{f}] {scaler.Scale[f]:R} vs numpy {scale[f]:R}");
        }
    }

    [Fact]
    public void AConstantFeatureIsOnlyCentred()
    {
        var scaler = Standardizer.Fit(new[] { 0.1f, 5f, 0.1f, 7f, 0.1f, 9f }, featureCount: 2);
        Assert.Equal(0.1f, (float)scaler.Mean[0]);
        Assert.Equal(1.0, scaler.Scale[0]);
        float[] sample = { 0.1f, 7f };
        scaler.Transform(sample);
        Assert.Equal(0f, sample[0]);
        Assert.Equal(0f, sample[1]);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void FitRefusesANonFiniteValueNamingItsSampleAndFeature(float bad)
    {
        float[] values = { 1, 2, 3, 4, 5, bad };
        var error = Assert.Throws<ArgumentException>(() => Standardizer.Fit(values, featureCount: 2));
        Assert.Contains("sample 2, feature 1", error.Message);
        Assert.Contains("expected finite values", error.Message);

        var data = new Dataset(values, featureCount: 2, labels: new[] { 0, 1, 0 }, classCount: 2);
        Assert.Contains("sample 2, feature 1", Assert.Throws<ArgumentException>(() => Standardizer.Fit(data)).Message);
    }

    [Fact]
    public void FitOnNoSamplesIsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => Standardizer.Fit(ReadOnlySpan<float>.Empty, featureCount: 3));
        Assert.Contains("expected at least one whole row of 3", error.Message);
        var empty = new Dataset(Array.Empty<float>(), featureCount: 3, labels: Array.Empty<int>(), classCount: 2);
        Assert.Throws<ArgumentException>(() => Standardizer.Fit(empty));
        Assert.Throws<ArgumentException>(() => Standardizer.Fit(new float[5], featureCount: 2)); // not whole rows
    }

    [Fact]
    public void DataOfAnotherWidthIsRefusedNotReinterpreted()
    {
        var scaler = Standardizer.Fit(new float[] { 0, 10, 2, 30 }, featureCount: 2);
        float[] fourFeatures = { 1, 20, 1, 20 };
        float[] before = (float[])fourFeatures.Clone();

        var one = Assert.Throws<ArgumentException>(() => scaler.Transform(fourFeatures));
        Assert.Contains("expected one sample of 2 features", one.Message);
        var batch = Assert.Throws<ArgumentException>(() => scaler.TransformBatch(fourFeatures, featureCount: 4));
        Assert.Contains("expected 2", batch.Message);
        Assert.Throws<ArgumentException>(() => scaler.Transform(fourFeatures, new float[4]));
        Assert.Throws<ArgumentException>(() => scaler.TransformBatch(new float[5], featureCount: 2));
        Assert.Equal(before, fourFeatures);

        var data = new Dataset(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }, featureCount: 4, labels: new[] { 0, 1 }, classCount: 2);
        Assert.Throws<ArgumentException>(() => data.Standardize(scaler));
    }

    [Fact]
    public void AResultBeyondFloatIsRefusedNamingTheFeatureAndNothingIsWritten()
    {
        var scaler = new Standardizer(new[] { 0.0, 0.0 }, new[] { 1.0, 1e-10 });
        float[] samples = { 1f, 2f, 3f, 1e30f }; // 1e30 / 1e-10 = 1e40 > float.MaxValue
        var error = Assert.Throws<ArgumentException>(() => scaler.TransformBatch(samples, featureCount: 2));
        Assert.Contains("sample 1, feature 1", error.Message);
        Assert.Contains("fits in a float", error.Message);
        Assert.Equal(new[] { 1f, 2f, 3f, 1e30f }, samples);

        float[] destination = { 7f, 7f };
        Assert.Throws<ArgumentException>(() => scaler.Transform(new[] { 1f, 1e30f }, destination));
        Assert.Equal(new[] { 7f, 7f }, destination);
    }

    [Fact]
    public void NaNInputPropagatesAsNaNRatherThanBeingRefused()
    {
        // Transform is the deployment path: a NaN feature gives a NaN output (as PyTorch would), not an exception.
        var scaler = new Standardizer(new[] { 1f }, new[] { 2f });
        float[] sample = { float.NaN };
        scaler.Transform(sample);
        Assert.True(float.IsNaN(sample[0]));
    }

    [Fact]
    public void TheFloatAndDoubleConstructorsAndEveryTransformAgree()
    {
        var fromFloats = new Standardizer(new[] { 1.5f, -2f }, new[] { 0.5f, 4f });
        var fromDoubles = new Standardizer(new[] { 1.5, -2.0 }, new[] { 0.5, 4.0 });
        float[] sample = { 2.5f, 6f }, copy = new float[2];
        fromFloats.Transform(sample, copy);
        fromDoubles.Transform(sample);
        Assert.Equal(new[] { 2f, 2f }, copy);
        Assert.Equal(copy, sample);
    }

    [Fact]
    public void TheConstructorRefusesStatisticsItCannotUse()
    {
        Assert.Throws<ArgumentException>(() => new Standardizer(new[] { 1.0 }, new[] { 0.0 }));
        Assert.Throws<ArgumentException>(() => new Standardizer(new[] { double.NaN }, new[] { 1.0 }));
        Assert.Throws<ArgumentException>(() => new Standardizer(new[] { 1f, 2f }, new[] { 1f }));
        Assert.Throws<ArgumentException>(() => new Standardizer(ReadOnlySpan<double>.Empty, ReadOnlySpan<double>.Empty));
    }
}
