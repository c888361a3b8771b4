using System.Text.RegularExpressions;

namespace Observatory.Core.Redaction.Detectors;

/// <summary>
/// The redactor's own output, <c>[REDACTED:email]</c> and <c>[email:hmac:0123456789abcdef]</c>. Found first and kept as
/// it is, so redacting redacted text changes nothing (the 16 hex digits of a hash could otherwise pass for a card).
/// </summary>
internal static partial class RedactionMarkers
{
    public const string MaskPrefix = "[REDACTED:";
    public const string HashInfix = ":hmac:";
    public const int HashHexDigits = 16;

    public static void Find(string text, List<PiiMatch> matches)
    {
        if (!text.Contains('['))
        {
            return;
        }

        foreach (var match in Pattern().EnumerateMatches(text))
        {
            matches.Add(new PiiMatch(match.Index, match.Length, PiiKind.Secret, Specificity: -1, IsMarker: true));
        }
    }

    /// <summary>True when the whole value is a marker (an attribute redacted whole on an earlier pass).</summary>
    public static bool IsMarker(string value)
    {
        if (value.Length is < 10 or > 48 || value[0] != '[' || value[^1] != ']')
        {
            return false;
        }

        foreach (var match in Pattern().EnumerateMatches(value))
        {
            return match.Index == 0 && match.Length == value.Length;
        }

        return false;
    }

    [GeneratedRegex(@"\[(?:REDACTED:[a-z_]{1,20}|[a-z_]{1,20}:hmac:[0-9a-f]{16})\]", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
