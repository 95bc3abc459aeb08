using System;
using Xunit;

namespace NetGen.Tests.Files;

/// <summary>A tensor description whose length would overflow is refused with a clear exception instead of wrapping.</summary>
public class ParameterTensorTests
{
    [Fact]
    public void AShapeWhoseProductOverflowsIsRefusedNotWrappedToZero()
    {
        // 65536 × 65536 = 2^32 wrapped to 0 in int arithmetic before.
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ParameterTensor("w", 0, 65536, 65536));
        Assert.Contains("'w' with shape [65536, 65536]", error.Message);
        Assert.Contains($"expected offset + length ≤ {Array.MaxLength}", error.Message);
    }

    [Theory]
    [InlineData(0, new[] { 46341, 46341 })]          // 2,147,488,281 values: just over Array.MaxLength
    [InlineData(int.MaxValue - 10, new[] { 100 })]   // the end overflows, not the length
    public void ATensorThatDoesNotFitInAnArrayIsRefused(int offset, int[] shape)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ParameterTensor("w", offset, shape));
    }

    [Fact]
    public void NegativeDimensionsAndOffsetsAndNullsAreRefused()
    {
        Assert.Contains("expected dimensions ≥ 0", Assert.Throws<ArgumentOutOfRangeException>(() => new ParameterTensor("w", 0, 4, -1)).Message);
        Assert.Contains("expected an offset ≥ 0", Assert.Throws<ArgumentOutOfRangeException>(() => new ParameterTensor("w", -1, 4)).Message);
        Assert.Throws<ArgumentNullException>(() => new ParameterTensor(null!, 0, 4));
        Assert.Throws<ArgumentNullException>(() => new ParameterTensor("w", 0, null!));
    }

    [Fact]
    public void LengthIsTheProductOfTheShape()
    {
        Assert.Equal(32, new ParameterTensor("0.weight", 7, 8, 4).Length);
        Assert.Equal(0, new ParameterTensor("empty", 0, 65536, 65536, 0).Length); // a zero dimension: empty, not too big
        Assert.Equal(1, new ParameterTensor("scalar", 0).Length);
        Assert.Equal(Array.MaxLength, new ParameterTensor("largest", 0, Array.MaxLength).Length);
    }
}
