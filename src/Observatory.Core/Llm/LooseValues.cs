using System.Globalization;
using System.Text.Json;

namespace Observatory.Core.Llm;

/// <summary>
/// Reads attribute values that arrive with loose types: counts as long, double or numeric string,
/// lists as arrays, single strings or JSON-encoded strings (Microsoft.Extensions.AI).
/// </summary>
public static class LooseValues
{
    /// <summary>A whole token count from 0 to <see cref="FactLimits.MaxTokens"/>, or null when the value is absent or not one.</summary>
    public static long? ReadCount(object? value) => value switch
    {
        long l => IsCount(l) ? l : null,
        double d when IsWholeCount(d) => (long)d,
        string s when long.TryParse(s.AsSpan().Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => IsCount(l) ? l : null,
        string s when double.TryParse(s.AsSpan().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && IsWholeCount(d) => (long)d,
        _ => null,
    };

    /// <summary>A finite number, or null.</summary>
    public static double? ReadNumber(object? value) => value switch
    {
        long l => l,
        double d when double.IsFinite(d) => d,
        string s when double.TryParse(s.AsSpan().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) => d,
        _ => null,
    };

    /// <summary>An amount of money from 0 to <see cref="FactLimits.MaxCostUsd"/>, exact when it arrived as text.</summary>
    public static decimal? ReadAmount(object? value)
    {
        decimal? amount = value switch
        {
            long l => l,
            // decimal's conversion keeps 15 significant digits, so 0.1 stays 0.1 rather than 0.1000000000000000055…
            double d when double.IsFinite(d) && Math.Abs(d) < 1e15 => (decimal)d,
            string s when decimal.TryParse(s.AsSpan().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var m) => m,
            _ => null,
        };
        return amount is >= 0 and <= FactLimits.MaxCostUsd ? amount : null;
    }

    /// <summary>Non-blank text; numbers count as text because ids sometimes arrive as integers.</summary>
    public static string? ReadText(object? value) => value switch
    {
        string s => string.IsNullOrWhiteSpace(s) ? null : s.Trim(),
        long l => l.ToString(CultureInfo.InvariantCulture),
        _ => null,
    };

    /// <summary>A string array, a single string, or a string holding a JSON array of strings.</summary>
    public static IReadOnlyList<string> ReadTextList(object? value)
    {
        switch (value)
        {
            case IReadOnlyList<object?> items:
                return items.Select(ReadText).OfType<string>().ToArray();
            case string s when s.AsSpan().TrimStart().StartsWith("["):
                return TryReadJsonTextArray(s) ?? [s.Trim()];
            default:
                return ReadText(value) is { } single ? [single] : [];
        }
    }

    private static bool IsCount(long l) => l is >= 0 and <= FactLimits.MaxTokens;

    private static bool IsWholeCount(double d) => d >= 0 && d <= FactLimits.MaxTokens && Math.Floor(d) == d;

    private static string[]? TryReadJsonTextArray(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var texts = new List<string>(document.RootElement.GetArrayLength());
            foreach (var element in document.RootElement.EnumerateArray())
            {
                var text = element.ValueKind switch
                {
                    JsonValueKind.String => element.GetString(),
                    JsonValueKind.Number => element.GetRawText(),
                    _ => null,
                };
                if (!string.IsNullOrWhiteSpace(text))
                {
                    texts.Add(text.Trim());
                }
            }

            return texts.ToArray();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
