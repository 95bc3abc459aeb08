using Xunit;
using Xunit.Abstractions;

namespace NetGen.Tests.Training;

/// <summary>A NaN or infinite loss stops training with the epoch and batch named, before it reaches the parameters.</summary>
public class DivergenceTests(ITestOutputHelper output)
{
    // Plain SGD at rate 5 on a regression overshoots further at every step, until the loss overflows.
    private static readonly Dataset Data = TrainingData.Regression(64, seed: 1);
    private static TrainingOptions Options => new() { Epochs = 50, BatchSize = 16, Seed = 2 };

    [Fact]
    public void ANonFiniteLossThrowsNamingEpochAndBatchWithTheParametersOfTheLastStep()
    {
        var net = new SmallRegression(seed: 1);
        var sgd = new Sgd(SmallRegression.ParameterCount, 5f);
        float[] afterLastStep = net.Parameters.ToArray();
        var progress = new ProgressRecorder(p => { if (p.Report is null) afterLastStep = net.Parameters.ToArray(); });

        var error = Assert.Throws<TrainingDivergedException>(() => Trainer.Train(net, sgd, Data, Options, progress));

        output.WriteLine(error.Message);
        Assert.Contains($"epoch {error.Epoch}, batch {error.Batch} of 4", error.Message);
        Assert.False(float.IsFinite(error.Loss));
        Assert.Equal(error.Epoch - 1, error.History.Count);
        Assert.Equal((error.Epoch - 1) * 4 + error.Batch - 1, sgd.StepCount); // the diverged batch took no step
        Assert.Equal(afterLastStep, net.Parameters.ToArray());
        Assert.All(afterLastStep, p => Assert.True(float.IsFinite(p)));
    }

    [Fact]
    public void OptingOutTrainsOnAsPyTorchWould()
    {
        var history = Trainer.Train(new SmallRegression(seed: 1), new Sgd(SmallRegression.ParameterCount, 5f), Data,
            Options with { ThrowOnNonFiniteLoss = false });
        Assert.Equal(50, history.Count);
        Assert.False(float.IsFinite(history[^1].Loss));
    }
}
