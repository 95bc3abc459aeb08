using System;
using System.Runtime.Intrinsics;

namespace NetGen.Benchmarks.Peers.Hand;

/// <summary>
/// Checks the building blocks of <see cref="HandSimd"/> against double-precision results before any peer uses them:
/// the peers' agreement with the generated networks would catch a wrong function too, but not say which one.
/// </summary>
internal static unsafe class HandSimdChecks
{
    /// <summary>Throws, naming the function, the input and both values, if any block is off; returns the worst errors.</summary>
    public static string Run()
    {
        double exp = Worst("Exp", -87f, 88f, HandSimd.Exp, Math.Exp, relative: true, 4e-7);
        double log = Worst("Log", 1e-6f, 1e6f, HandSimd.Log, Math.Log, relative: true, 3e-7, logarithmic: true);
        double logNear1 = Worst("Log", 0.5f, 2f, HandSimd.Log, Math.Log, relative: false, 2e-7);
        double tanh = Worst("Tanh", -12f, 12f, HandSimd.Tanh, Math.Tanh, relative: false, 4e-7);
        double sigmoid = Worst("Sigmoid", -30f, 30f, HandSimd.Sigmoid, x => 1 / (1 + Math.Exp(-x)), relative: false, 3e-7);
        CheckTranspose();
        CheckSum16();
        return $"exp {exp:E1} (relative, normal range), log {log:E1} (relative), log near 1 {logNear1:E1}, tanh {tanh:E1}, sigmoid {sigmoid:E1} (absolute)";
    }

    private static double Worst(string name, float from, float to, Func<Vector512<float>, Vector512<float>> vector, Func<double, double> exact,
        bool relative, double tolerance, bool logarithmic = false)
    {
        const int Count = 1 << 16;
        double worst = 0;
        float* values = stackalloc float[16];
        for (int i = 0; i < Count; i += 16)
        {
            for (int j = 0; j < 16; j++)
            {
                double t = (i + j) / (double)(Count - 1);
                values[j] = (float)(logarithmic ? from * Math.Pow(to / from, t) : from + (to - from) * t);
            }
            Vector512<float> y = vector(Vector512.Load(values));
            for (int j = 0; j < 16; j++)
            {
                double expected = exact(values[j]), actual = y[j];
                double error = Math.Abs(actual - expected) / (relative ? Math.Max(Math.Abs(expected), double.Epsilon) : 1);
                if (!(error <= tolerance))
                    throw new InvalidOperationException($"HandSimd.{name}({values[j]}) = {actual}, expected {expected} (error {error:E2} > {tolerance:E1}).");
                worst = Math.Max(worst, error);
            }
        }
        return worst;
    }

    private static void CheckTranspose()
    {
        float* source = stackalloc float[16 * 20], target = stackalloc float[16 * 24];
        for (int i = 0; i < 16 * 20; i++) source[i] = i;
        HandSimd.Transpose16x16(source, 20, target, 24);
        for (int r = 0; r < 16; r++)
            for (int c = 0; c < 16; c++)
                if (target[c * 24 + r] != source[r * 20 + c])
                    throw new InvalidOperationException($"HandSimd.Transpose16x16: [{c}, {r}] is {target[c * 24 + r]}, expected {source[r * 20 + c]}.");
    }

    private static void CheckSum16()
    {
        var v = new Vector512<float>[16];
        for (int i = 0; i < 16; i++) v[i] = Vector512.Create((float)i) + Vector512.Create(0f, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15) * 16;
        Vector512<float> sums = HandSimd.Sum16(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15]);
        for (int i = 0; i < 16; i++)
        {
            float expected = Vector512.Sum(v[i]);
            if (sums[i] != expected) throw new InvalidOperationException($"HandSimd.Sum16: lane {i} is {sums[i]}, expected {expected}.");
        }
    }
}
