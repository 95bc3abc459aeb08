using System;
using System.Globalization;

namespace NetGen;

/// <summary>How the CSV loaders read a feature: a finite float in the invariant culture, or a reason why not.</summary>
internal static class CsvNumber
{
    /// <summary>
    /// Parses <paramref name="text"/> as a finite float; otherwise returns false with what is wrong and what was expected.
    /// float.Parse turns "1e39" into ∞ and accepts "NaN": both are refused here, as the weight files refuse them.
    /// </summary>
    public static bool TryParseFinite(ReadOnlySpan<char> text, out float value, out string problem)
    {
        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            problem = $"'{Shorten(text)}' is not a number; expected a number such as 5.1 or -2e-3";
            return false;
        }
        if (float.IsNaN(value) || IsInfinityLiteral(text))
        {
            problem = $"'{Shorten(text)}' is not a finite number; expected a number (NaN and infinity are refused)";
            return false;
        }
        if (float.IsInfinity(value))
        {
            problem = $"'{Shorten(text)}' is outside float's range; expected a number within ±{float.MaxValue.ToString("G9", CultureInfo.InvariantCulture)}";
            return false;
        }
        problem = "";
        return true;
    }

    private static bool IsInfinityLiteral(ReadOnlySpan<char> text)
    {
        ReadOnlySpan<char> magnitude = text.Trim().TrimStart("+-");
        return magnitude.Equals("Infinity", StringComparison.OrdinalIgnoreCase) || magnitude.SequenceEqual("∞");
    }

    /// <summary>A cell as quoted in a message: long cells (a hostile file's) are cut, so the message stays readable.</summary>
    public static string Shorten(ReadOnlySpan<char> text) => text.Length <= 40 ? text.ToString() : string.Concat(text[..40], "…");
}
