using System;
using Xunit;

namespace NetGen.Tests.Training;

/// <summary>The learning rate set after construction (by a schedule, by the user) is held to the constructor's rule.</summary>
public class OptimizerLearningRateTests
{
    public static TheoryData<string> Optimizers => new() { "Sgd", "Adam", "AdamW" };

    private static IOptimizer Create(string name) => name switch
    {
        "Sgd" => new Sgd(4, 0.1f),
        "Adam" => new Adam(4, 0.1f),
        _ => new AdamW(4, 0.1f),
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void NaNNegativeAndInfiniteRatesAreRefusedAndTheRateStays(string name)
    {
        IOptimizer optimizer = Create(name);
        foreach (float bad in new[] { float.NaN, -1f, float.PositiveInfinity, float.NegativeInfinity, -float.Epsilon })
        {
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => optimizer.LearningRate = bad);
            Assert.Contains("Expected LearningRate to be a finite number ≥ 0", error.Message);
            Assert.Equal(0.1f, optimizer.LearningRate);
        }
        optimizer.LearningRate = 0f; // a rate of 0 is allowed, as in the constructor (a frozen step)
        Assert.Equal(0f, optimizer.LearningRate);
    }
}
