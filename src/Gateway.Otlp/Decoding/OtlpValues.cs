using System.Diagnostics.CodeAnalysis;
using Observatory.Core.Spans;

namespace Observatory.Gateway.Otlp.Decoding;

/// <summary>Conversions both wire formats share: enum numbers and unsigned nanosecond timestamps.</summary>
internal static class OtlpValues
{
    /// <summary>Unknown kinds (from an OTLP newer than ours) read as unspecified rather than failing the batch.</summary>
    public static SpanKind ToSpanKind(long value) =>
        value is >= 0 and <= (long)SpanKind.Consumer ? (SpanKind)value : SpanKind.Unspecified;

    public static SpanStatusCode ToStatusCode(long value) =>
        value is >= 0 and <= (long)SpanStatusCode.Error ? (SpanStatusCode)value : SpanStatusCode.Unset;

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
