using System;

namespace NetGen.Sample;

/// <summary>Looks inside a 2 → 16 → 1 network's hidden layer with the functional primitives.</summary>
public static class HiddenUnits
{
    /// <summary>
    /// Units whose pre-activation is ≤ 0 for every sample. For ReLU such a unit outputs 0 and has slope 0 everywhere
    /// on the data, so no gradient reaches its weights: it is dead. Leaky ReLU's slope there is 0.01, so it can recover.
    /// </summary>
    public static int CountNeverPositive(INetwork network, Dataset data)
    {
        var layout = network.ParameterLayout;
        Span<float> parameters = network.Parameters;
        int units = layout[1].Length;
        Span<float> preActivation = stackalloc float[units];
        Span<bool> everPositive = stackalloc bool[units];
        for (int s = 0; s < data.Count; s++)
        {
            Functional.Linear(data.FeaturesOf(s), layout[0].Slice(parameters), layout[1].Slice(parameters), preActivation);
            for (int u = 0; u < units; u++) everPositive[u] |= preActivation[u] > 0f;
        }
        int never = 0;
        foreach (bool positive in everPositive) if (!positive) never++;
        return never;
    }

    /// <summary>Units whose first-layer weights and bias are bit-for-bit what they were in <paramref name="earlier"/>.</summary>
    public static int CountUnchanged(INetwork network, ReadOnlySpan<float> earlier)
    {
        var layout = network.ParameterLayout;
        Span<float> parameters = network.Parameters;
        int units = layout[1].Length, inputs = layout[0].Length / units, unchanged = 0;
        for (int u = 0; u < units; u++)
        {
            bool same = parameters[layout[1].Offset + u] == earlier[layout[1].Offset + u];
            for (int i = 0; i < inputs; i++)
                same &= parameters[layout[0].Offset + u * inputs + i] == earlier[layout[0].Offset + u * inputs + i];
            if (same) unchanged++;
        }
        return unchanged;
    }

    /// <summary>How far the first layer's weights and bias moved from <paramref name="start"/> (Euclidean distance).</summary>
    public static float FirstLayerMovement(INetwork network, ReadOnlySpan<float> start)
    {
        var layout = network.ParameterLayout;
        Span<float> parameters = network.Parameters;
        double sum = 0;
        for (int i = 0; i < layout[0].Length + layout[1].Length; i++)
        {
            double d = parameters[layout[0].Offset + i] - start[layout[0].Offset + i];
            sum += d * d;
        }
        return (float)Math.Sqrt(sum);
    }
}
