using System.Globalization;

namespace Observatory.Gateway.Api.Hosting;

/// <summary>Parses query-string values, producing an error message that names the parameter when one is malformed.</summary>
public static class QueryParameters
{
    public static bool TryParseTime(string? text, string name, out DateTime? value, out string? error)
    {
        value = null;
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            value = parsed.UtcDateTime;
            return true;
        }

        error = $"'{name}' must be an ISO-8601 date-time (e.g. 2026-11-26T15:00:00Z), got '{text}'.";
        return false;
    }

    public static bool TryParseLimit(string? text, int fallback, int max, out int value, out string? error)
    {
        error = null;
        value = fallback;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 1 && value <= max)
        {
            return true;
        }

        error = $"'limit' must be an integer between 1 and {max}, got '{text}'.";
        return false;
    }

    /// <summary>A trace id as 32 hex characters, returned lowercase (the stored form).</summary>
    public static bool TryParseTraceId(string text, out string traceId)
    {
        traceId = text.ToLowerInvariant();
        return text.Length == 32 && text.All(char.IsAsciiHexDigit);
    }
}
