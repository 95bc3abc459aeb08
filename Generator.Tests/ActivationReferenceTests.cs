using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Tests.Infrastructure;
using Xunit;

namespace NetGen.Tests;

/// <summary>The functional primitives against PyTorch's values, including 0, ±1e-8 and ±1e4.</summary>
public class ActivationReferenceTests
{
    // Below float's smallest normal number (1.2e-38) results are denormals, which keep only absolute accuracy.
    private const double DenormalAbsolute = 1e-37;

    private static readonly Dictionary<string, (Func<float, float> Function, Func<float, float> Derivative)> Functions = new()
    {
        ["ReLU"] = (Activations.ReLU, Activations.ReLUDerivative),
        ["Sigmoid"] = (Activations.Sigmoid, Activations.SigmoidDerivative),
        ["Tanh"] = (Activations.Tanh, Activations.TanhDerivative),
        ["LeakyReLU(0.01)"] = (x => Activations.LeakyReLU(x), x => Activations.LeakyReLUDerivative(x)),
        ["LeakyReLU(0.2)"] = (x => Activations.LeakyReLU(x, 0.2f), x => Activations.LeakyReLUDerivative(x, 0.2f)),
        ["BinaryStep"] = (Activations.BinaryStep, Activations.BinaryStepDerivative),
        ["GELU"] = (Activations.GELU, Activations.GELUDerivative),
        ["GELU(tanh)"] = (Activations.GELUTanh, Activations.GELUTanhDerivative),
        ["SiLU"] = (Activations.SiLU, Activations.SiLUDerivative),
        ["ELU(1.0)"] = (x => Activations.ELU(x, 1f), x => Activations.ELUDerivative(x, 1f)),
        ["Softplus(1,20)"] = (x => Activations.Softplus(x, 1f, 20f), x => Activations.SoftplusDerivative(x, 1f, 20f)),
        ["Hardtanh(-1,1)"] = (x => Activations.Hardtanh(x, -1f, 1f), x => Activations.HardtanhDerivative(x, -1f, 1f)),
    };

    public static IEnumerable<object[]> Cases => ReferenceData.Activations.Select(a => new object[] { a.Name });

    [Fact]
    public void EveryReferenceActivationIsCovered() =>
        Assert.Empty(ReferenceData.Activations.Select(a => a.Name).Except(Functions.Keys));

    [Theory]
    [MemberData(nameof(Cases))]
    public void ScalarFunctionAndDerivativeMatchPyTorch(string name)
    {
        ActivationReference reference = ReferenceData.Activations.Single(a => a.Name == name);
        var (function, derivative) = Functions[name];
        for (int i = 0; i < reference.X.Length; i++)
        {
            float x = (float)reference.X[i];
            Tolerance.Equal(reference.Y[i], function(x), $"{name}({x})", absolute: DenormalAbsolute);
            Tolerance.Equal(reference.Derivative[i], derivative(x), $"{name}′({x})", absolute: DenormalAbsolute);
        }
    }

    [Theory]
    [InlineData("ReLU")]
    [InlineData("Sigmoid")]
    [InlineData("Tanh")]
    [InlineData("LeakyReLU(0.01)")]
    [InlineData("BinaryStep")]
    [InlineData("Hardtanh(-1,1)")]
    public void SpanFormsMatchPyTorch(string name)
    {
        ActivationReference reference = ReferenceData.Activations.Single(a => a.Name == name);
        float[] x = reference.X.Select(v => (float)v).ToArray();
        float[] y = new float[x.Length], dydx = new float[x.Length];
        switch (name)
        {
            case "ReLU": Activations.ReLU(x, y); Activations.ReLUDerivative(x, dydx); break;
            case "Sigmoid": Activations.Sigmoid(x, y); Activations.SigmoidDerivative(x, dydx); break;
            case "Tanh": Activations.Tanh(x, y); Activations.TanhDerivative(x, dydx); break;
            case "LeakyReLU(0.01)": Activations.LeakyReLU(x, y); Activations.LeakyReLUDerivative(x, dydx); break;
            case "BinaryStep": Activations.BinaryStep(x, y); Activations.BinaryStepDerivative(x, dydx); break;
            case "Hardtanh(-1,1)": Activations.Hardtanh(x, y); Activations.HardtanhDerivative(x, dydx); break;
        }
        // Span forms may be vectorised (other rounding, flushing the far tail to 0): held to PyTorch's values instead.
        for (int i = 0; i < x.Length; i++)
        {
            Tolerance.Equal(reference.Y[i], y[i], $"span {name}({x[i]})", absolute: 1e-30);
            Tolerance.Equal(reference.Derivative[i], dydx[i], $"span {name}′({x[i]})", absolute: 1e-30);
        }
    }

    [Fact]
    public void VectorisedTanhHoldsItsRelativeAccuracyEverywhereAndInPlace()
    {
        float[] x = Enumerable.Range(0, 200_001).Select(i => -20f + 40f * i / 200_000).Append(0f).Append(-1e-8f).Append(1e-30f).ToArray();
        float[] y = new float[x.Length];
        Activations.Tanh(x, y);
        for (int i = 0; i < x.Length; i++) Tolerance.Equal(Math.Tanh(x[i]), y[i], $"tanh({x[i]})", relative: 1e-6, absolute: 0);
        float[] inPlace = (float[])x.Clone();
        Activations.Tanh(inPlace, inPlace);
        Assert.Equal(y, inPlace); // in place: the same values, bit for bit
    }

    [Theory]
    [InlineData("GELU")]
    [InlineData("GELU(tanh)")]
    [InlineData("SiLU")]
    [InlineData("ELU(1.0)")]
    [InlineData("Softplus(1,20)")]
    public void SpanFormsOfTheOtherActivationsMatchPyTorch(string name)
    {
        ActivationReference reference = ReferenceData.Activations.Single(a => a.Name == name);
        float[] x = reference.X.Select(v => (float)v).ToArray();
        float[] y = new float[x.Length], dydx = new float[x.Length];
        switch (name)
        {
            case "GELU": Activations.GELU(x, y); Activations.GELUDerivative(x, dydx); break;
            case "GELU(tanh)": Activations.GELUTanh(x, y); Activations.GELUTanhDerivative(x, dydx); break;
            case "SiLU": Activations.SiLU(x, y); Activations.SiLUDerivative(x, dydx); break;
            case "ELU(1.0)": Activations.ELU(x, y, 1f); Activations.ELUDerivative(x, dydx, 1f); break;
            case "Softplus(1,20)": Activations.Softplus(x, y, 1f, 20f); Activations.SoftplusDerivative(x, dydx, 1f, 20f); break;
        }
        for (int i = 0; i < x.Length; i++)
        {
            Tolerance.Equal(reference.Y[i], y[i], $"span {name}({x[i]})", absolute: DenormalAbsolute);
            Tolerance.Equal(reference.Derivative[i], dydx[i], $"span {name}′({x[i]})", absolute: DenormalAbsolute);
        }
    }

    [Fact]
    public void SpanFormRejectsADestinationOfAnotherLength()
    {
        var error = Assert.Throws<ArgumentException>(() => Activations.ReLU(new float[3], new float[2]));
        Assert.Contains("expected 3", error.Message);
    }

    [Fact]
    public void SoftmaxLogSoftmaxAndTheirGradientsMatchPyTorch()
    {
        foreach (SoftmaxReference reference in ReferenceData.Softmax)
        {
            float[] x = reference.X.Select(v => (float)v).ToArray();
            float[] y = new float[x.Length], logY = new float[x.Length], dx = new float[x.Length];
            Activations.Softmax(x, y);
            Activations.LogSoftmax(x, logY);
            Activations.SoftmaxBackward(y, reference.Upstream.Select(v => (float)v).ToArray(), dx);
            string what = $"softmax([{string.Join(", ", reference.X)}])";
            Tolerance.Equal(reference.Softmax, y, what);
            Tolerance.Equal(reference.LogSoftmax, logY, "log_" + what);
            Tolerance.Equal(reference.InputGradient, dx, "d" + what);
            Assert.Equal(1.0, y.Sum(), 5);
        }
    }

    [Fact]
    public void SoftmaxOfEachRowEqualsSoftmaxOfThatRow()
    {
        float[][] cases = ReferenceData.Softmax.Where(c => c.X.Length == 3).Select(c => c.X.Select(v => (float)v).ToArray()).ToArray();
        float[] matrix = cases.SelectMany(c => c).ToArray(), rows = new float[matrix.Length], one = new float[3];
        Activations.SoftmaxRows(matrix, rows, 3);
        for (int r = 0; r < cases.Length; r++)
        {
            Activations.Softmax(cases[r], one);
            for (int i = 0; i < 3; i++) Assert.Equal(one[i], rows[3 * r + i], 1e-6f);
        }
        Assert.Throws<ArgumentException>(() => Activations.SoftmaxRows(new float[7], new float[7], 3));
    }

    [Theory]
    [InlineData(1e30f)]
    [InlineData(-1e30f)]
    [InlineData(1000f)]
    public void SoftmaxNeverOverflowsOrGivesNaN(float scale)
    {
        float[] x = { scale, 0f, -scale, scale * 0.5f };
        float[] y = new float[4];
        Activations.Softmax(x, y);
        Assert.All(y, v => Assert.True(float.IsFinite(v) && v >= 0f && v <= 1f));
        Assert.Equal(1.0, y.Sum(), 5);
    }

    [Fact]
    public void SoftmaxOfEveryLengthMatchesADoubleReferenceAndKeepsNaN()
    {
        // Every length from 1 to 40 crosses each register width's whole part and each tail (the last register may
        // overlap values already written). Tolerance: a few float32 roundings of values in [0, 1], 1e-6.
        var random = new SeededRandom(21);
        for (int length = 1; length <= 40; length++)
        {
            float[] x = Enumerable.Range(0, length).Select(_ => 8f * random.NextSingle() - 4f).ToArray(), y = new float[length];
            Activations.Softmax(x, y);
            double max = x.Max(), sum = x.Sum(v => Math.Exp(v - max));
            for (int i = 0; i < length; i++) Assert.Equal(Math.Exp(x[i] - max) / sum, y[i], 1e-6);

            x[length - 1] = float.NaN; // a NaN anywhere, the tail included, makes every output NaN as in PyTorch
            Activations.Softmax(x, y);
            Assert.All(y, v => Assert.True(float.IsNaN(v), $"length {length}: {v} instead of NaN"));
        }
    }
}
