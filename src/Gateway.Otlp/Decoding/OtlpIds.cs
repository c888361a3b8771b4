using System.Diagnostics.CodeAnalysis;

namespace Observatory.Gateway.Otlp.Decoding;

/// <summary>
/// Trace and span id rules shared by both wire formats: binary ids on protobuf, hex strings on OTLP/JSON,
/// always lowercase hex in <see cref="Observatory.Core.Spans.SpanData"/> and <see cref="Observatory.Core.Logs.LogRecordData"/>. Each method returns the problem
/// instead of throwing, so callers add their own field path.
/// </summary>
internal static class OtlpIds
{
    public const int TraceIdBytes = 16;
    public const int SpanIdBytes = 8;

    /// <summary>A required id from protobuf bytes.</summary>
    public static bool TryFromBytes(ReadOnlySpan<byte> id, int expectedBytes,
        [NotNullWhen(true)] out string? hex, [NotNullWhen(false)] out string? problem)
    {
        hex = null;
        problem = id.Length != expectedBytes ? $"expected {expectedBytes} bytes, got {id.Length}"
            : !id.ContainsAnyExcept((byte)0) ? "must not be all zeros"
            : null;
        if (problem is not null)
        {
            return false;
        }

        hex = Convert.ToHexStringLower(id);
        return true;
    }

    /// <summary>
    /// An optional id from protobuf bytes (a span's parent, a log record's trace and span): empty or all zeros means
    /// none (null); any other length is an error.
    /// </summary>
    public static bool TryOptionalFromBytes(ReadOnlySpan<byte> id, int expectedBytes, out string? hex, [NotNullWhen(false)] out string? problem)
    {
        hex = null;
        problem = null;
        if (id.Length != 0 && id.Length != expectedBytes)
        {
            problem = $"expected {expectedBytes} bytes or none, got {id.Length}";
            return false;
        }

        if (id.ContainsAnyExcept((byte)0))
        {
            hex = Convert.ToHexStringLower(id);
        }

        return true;
    }

    /// <summary>A required id from an OTLP/JSON hex string (either case).</summary>
    public static bool TryFromHex(string text, int expectedBytes,
        [NotNullWhen(true)] out string? hex, [NotNullWhen(false)] out string? problem)
    {
        hex = null;
        var expectedChars = expectedBytes * 2;
        if (text.Length != expectedChars)
        {
            problem = $"expected {expectedChars} hex characters, got {text.Length}";
            return false;
        }

        if (!TryLowerHex(text, out hex, out problem))
        {
            return false;
        }

        if (!hex.AsSpan().ContainsAnyExcept('0'))
        {
            hex = null;
            problem = "must not be all zeros";
            return false;
        }

        return true;
    }

    /// <summary>An optional id from an OTLP/JSON hex string: empty or all zeros means none (null).</summary>
    public static bool TryOptionalFromHex(string text, int expectedBytes, out string? hex, [NotNullWhen(false)] out string? problem)
    {
        hex = null;
        problem = null;
        if (text.Length == 0)
        {
            return true;
        }

        var expectedChars = expectedBytes * 2;
        if (text.Length != expectedChars)
        {
            problem = $"expected {expectedChars} hex characters or an empty string, got {text.Length}";
            return false;
        }

        if (!TryLowerHex(text, out var lower, out problem))
        {
            return false;
        }

        hex = lower.AsSpan().ContainsAnyExcept('0') ? lower : null;
        return true;
    }

    private static bool TryLowerHex(string text, [NotNullWhen(true)] out string? lower, [NotNullWhen(false)] out string? problem)
    {
        var bad = text.AsSpan().IndexOfAnyExcept("0123456789abcdefABCDEF");
        if (bad >= 0)
        {
            lower = null;
            problem = $"'{text[bad]}' at position {bad} is not a hex character";
            return false;
        }

        lower = text.AsSpan().ContainsAny("ABCDEF") ? text.ToLowerInvariant() : text;
        problem = null;
        return true;
    }
}
