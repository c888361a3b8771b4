using System.Buffers;

namespace Observatory.Core.Redaction.Detectors;

/// <summary>
/// What a text contains at all, found by four vectorised scans before any detector runs: most span text (model names,
/// prose without contact details, JSON without secrets) lacks what every detector needs and is returned untouched.
/// </summary>
[Flags]
internal enum TextTraits
{
    None = 0,
    Digit = 1,
    At = 2,
    Colon = 4,

    /// <summary>One of the literal prefixes or keywords some secret format starts with.</summary>
    SecretHint = 8,
}

internal static class TextTraitsScanner
{
    // A superset, case-insensitive, of every secret detector's own pre-check.
    private static readonly SearchValues<string> SecretHints = SearchValues.Create(
        [
            "-----BEGIN", "eyJ", "sk-", "sk_", "rk_", "AKIA", "ASIA", "ABIA", "ACCA", "ghp_", "gho_", "ghu_", "ghs_", "ghr_",
            "github_pat_", "AIza", "xox", "bearer", "basic", "key", "secret", "password", "passwd", "passphrase", "token",
        ],
        StringComparison.OrdinalIgnoreCase);

    public static TextTraits Of(ReadOnlySpan<char> text)
    {
        var traits = TextTraits.None;
        if (text.IndexOfAnyInRange('0', '9') >= 0)
        {
            traits |= TextTraits.Digit;
        }

        if (text.Contains('@'))
        {
            traits |= TextTraits.At;
        }

        if (text.Contains(':'))
        {
            traits |= TextTraits.Colon;
        }

        if (text.IndexOfAny(SecretHints) >= 0)
        {
            traits |= TextTraits.SecretHint;
        }

        return traits;
    }
}
