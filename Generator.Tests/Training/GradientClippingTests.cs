using System;
using System.Linq;
using NetGen.Tests.Infrastructure;
using Xunit;

namespace NetGen.Tests.Training;

/// <summary>
/// ClipNorm and ClipValue against torch.nn.utils.clip_grad_norm_ and clip_grad_value_. Clipping by value is exact.
/// Clipping by norm: NetGen sums the squares in double, PyTorch in float32 (per tensor, then over the tensors' norms),
/// so the norms agree to float32 summation error: relative 1e-5 (the shared default) covers a thousand terms with room.
/// </summary>
public class GradientClippingTests
{
    public static TheoryData<string> NormCases => new(TrainingReference.ClipNorm.Where(c => c.Norm is not null).Select(c => c.Name));
    public static TheoryData<string> ValueCases => new(TrainingReference.ClipValue.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(NormCases))]
    public void ClipNormMatchesClipGradNorm(string name)
    {
        ClippingReference reference = TrainingReference.ClipNorm.Single(c => c.Name == name);
        float[] gradients = reference.Gradients.ToArray();
        float norm = GradientClipping.ClipNorm(gradients, reference.Limit);
        Tolerance.Equal(reference.Norm!.Value, norm, $"{name}: norm");
        for (int i = 0; i < gradients.Length; i++) Tolerance.Equal(reference.Clipped[i], gradients[i], $"{name}: gradient {i}");
    }

    [Fact]
    public void ClipNormStaysExactWherePyTorchsFloat32NormOverflows()
    {
        ClippingReference reference = TrainingReference.ClipNorm.Single(c => c.Name == "values whose squares overflow float32");
        Assert.Equal("inf", reference.NormText); // PyTorch: the squares overflow, the norm is ∞ and the gradients become 0
        float[] gradients = reference.Gradients.ToArray();
        double trueNorm = Math.Sqrt(reference.Gradients.Sum(g => (double)g * g));

        float norm = GradientClipping.ClipNorm(gradients, reference.Limit);

        Tolerance.Equal(trueNorm, norm, "norm");
        for (int i = 0; i < gradients.Length; i++)
            Tolerance.Equal(reference.Gradients[i] * reference.Limit / trueNorm, gradients[i], $"gradient {i}");
    }

    [Theory]
    [MemberData(nameof(ValueCases))]
    public void ClipValueMatchesClipGradValue(string name)
    {
        ClippingReference reference = TrainingReference.ClipValue.Single(c => c.Name == name);
        float[] gradients = reference.Gradients.ToArray();
        GradientClipping.ClipValue(gradients, reference.Limit);
        Assert.Equal(reference.Clipped, gradients);
    }

    [Fact]
    public void NaNStaysNaNAsInPyTorch()
    {
        float[] values = [1f, float.NaN, -3f];
        GradientClipping.ClipValue(values, 2f);
        Assert.Equal([1f, float.NaN, -2f], values);

        float[] gradients = [3f, float.NaN, 4f];
        Assert.True(float.IsNaN(GradientClipping.ClipNorm(gradients, 1f)));
        Assert.All(gradients, g => Assert.True(float.IsNaN(g)));
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-1f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void ALimitThatIsNotAPositiveNumberIsRefusedAndNothingChanges(float limit)
    {
        float[] gradients = [5f, -5f];
        Assert.Contains("maxNorm", Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipNorm(gradients, limit)).Message);
        Assert.Contains("clipValue", Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipValue(gradients, limit)).Message);
        Assert.Equal([5f, -5f], gradients);
    }
}
