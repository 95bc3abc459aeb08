namespace NetGen.Sample;

/// <summary>
/// The task no linear model can learn: points in the square [−1, 1]², labelled 1 where x and y have the same sign.
/// A line can only cut the square in two, and the two classes sit in opposite corners.
/// </summary>
public static class XorData
{
    public static Dataset Create(int count, int seed)
    {
        var random = new SeededRandom(seed);
        var features = new float[count * 2];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            float x, y;
            do
            {
                x = 2f * random.NextSingle() - 1f;
                y = 2f * random.NextSingle() - 1f;
            } while (System.MathF.Abs(x) < 0.05f || System.MathF.Abs(y) < 0.05f); // a small margin around the axes
            features[2 * i] = x;
            features[2 * i + 1] = y;
            labels[i] = x * y > 0 ? 1 : 0;
        }
        return new Dataset(features, 2, labels, 2, new[] { "different signs", "same sign" }).WithBinaryTargets();
    }
}
