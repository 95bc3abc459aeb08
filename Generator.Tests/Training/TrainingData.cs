using System;

namespace NetGen.Tests.Training;

/// <summary>Synthetic data sets for the trainer's tests, the same for a seed on every machine.</summary>
public static class TrainingData
{
    /// <summary>Three overlapping Gaussian blobs in four dimensions, labelled 0–2 (for <see cref="BlobClassifier"/>).</summary>
    public static Dataset Blobs(int count, int seed)
    {
        var random = new SeededRandom(seed);
        var features = new float[count * 4];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = i % 3;
            for (int f = 0; f < 4; f++) features[i * 4 + f] = Normal(random) + (f == labels[i] ? 1.5f : 0f);
        }
        return new Dataset(features, 4, labels, 3);
    }

    /// <summary>Two classes as 0/1 targets of one output (for <see cref="BinaryNet"/>): the sign of a noisy linear score.</summary>
    public static Dataset Binary(int count, int seed)
    {
        var random = new SeededRandom(seed);
        var features = new float[count * 4];
        var targets = new float[count];
        for (int i = 0; i < count; i++)
        {
            float score = 0;
            for (int f = 0; f < 4; f++) score += (features[i * 4 + f] = Normal(random)) * (f - 1.5f);
            targets[i] = score + 0.5f * Normal(random) > 0 ? 1f : 0f;
        }
        return new Dataset(features, 4, targets, 1);
    }

    /// <summary>Two smooth functions of three inputs, with noise (for <see cref="SmallRegression"/>).</summary>
    public static Dataset Regression(int count, int seed)
    {
        var random = new SeededRandom(seed);
        var features = new float[count * 3];
        var targets = new float[count * 2];
        for (int i = 0; i < count; i++)
        {
            float a = Normal(random), b = Normal(random), c = Normal(random);
            features[i * 3] = a;
            features[i * 3 + 1] = b;
            features[i * 3 + 2] = c;
            targets[i * 2] = MathF.Sin(a) + 0.5f * b + 0.1f * Normal(random);
            targets[i * 2 + 1] = a * c - 0.3f + 0.1f * Normal(random);
        }
        return new Dataset(features, 3, targets, 2);
    }

    /// <summary>A standard normal value (Box–Muller).</summary>
    private static float Normal(SeededRandom random)
    {
        float u = 1f - random.NextSingle(), v = random.NextSingle();
        return MathF.Sqrt(-2f * MathF.Log(u)) * MathF.Cos(2f * MathF.PI * v);
    }
}
