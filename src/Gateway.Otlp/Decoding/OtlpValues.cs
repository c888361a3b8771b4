using System.Diagnostics.CodeAnalysis;
using Observatory.Core.Spans;

namespace Observatory.Gateway.Otlp.Decoding;

/// <summary>Conversions both wire formats share: enum numbers, unsigned nanosecond timestamps, event names.</summary>
internal static class OtlpValues
{
    /// <summary>Unknown kinds (from an OTLP newer than ours) read as unspecified rather than failing the batch.</summary>
    public static SpanKind ToSpanKind(long value) =>
        value is >= 0 and <= (long)SpanKind.Consumer ? (SpanKind)value : SpanKind.Unspecified;

    public static SpanStatusCode ToStatusCode(long value) =>
        value is >= 0 and <= (long)SpanStatusCode.Error ? (SpanStatusCode)value : SpanStatusCode.Unset;

    /// <summary>The highest SeverityNumber OTLP defines (FATAL4).</summary>
    public const int MaxSeverityNumber = 24;

    /// <summary>Unknown severities (outside 1-24) read as unspecified, like unknown span kinds.</summary>
    public static int ToSeverityNumber(long value) =>
        value is >= 0 and <= MaxSeverityNumber ? (int)value : 0;

    /// <summary>
    /// LogRecord.event_name (OTLP 1.5+), else the <c>event.name</c> attribute that older GenAI semconv and SDKs send.
    /// </summary>
    public static string? ToEventName(string? eventName, IReadOnlyList<KeyValuePair<string, object?>> attributes)
    {
        if (!string.IsNullOrEmpty(eventName))
        {
            return eventName;
        }

        foreach (var (key, value) in attributes)
        {
            if (key == "event.name" && value is string { Length: > 0 } name)
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>OTLP timestamps are fixed64; anything past the year 2262 cannot be a real span time.</summary>
    public static bool TryToUnixNano(ulong value, out long unixNano, [NotNullWhen(false)] out string? problem)
    {
        if (value > long.MaxValue)
        {
            unixNano = 0;
            problem = $"{value} is beyond the largest supported timestamp ({long.MaxValue})";
            return false;
        }

        unixNano = (long)value;
        problem = null;
        return true;
    }

    public static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
