using System.Text.RegularExpressions;

namespace Observatory.Core.Redaction.Detectors;

/// <summary>
/// Phone numbers with a phone-like shape: international (<c>+44 20 7946 0958</c>, <c>+1 (415) 555-2671</c>,
/// <c>+14155552671</c>), North American (<c>(415) 555-2671</c>, <c>415-555-2671</c>, <c>415.555.2671</c>) and national
/// trunk-0 numbers with separators (<c>020 7946 0958</c>, <c>06 12 34 56 78</c>). Bare digit runs (ids, timestamps,
/// token counts), dates and versions have no such shape and are left alone.
/// </summary>
internal sealed partial class PhoneDetector : IPiiDetector
{
    public string Name => "phone";

    public PiiKind Kind => PiiKind.Phone;

    public TextTraits Requires => TextTraits.Digit;

    // The digit trait gates it; the region scan in Find is the real pre-check.
    public bool MightMatch(ReadOnlySpan<char> text) => true;

    public void Find(string text, int specificity, List<PiiMatch> matches) =>
        NumberRegions.FindMatches(
            text, NumberRegions.Phone, static r => NumberRegions.HasDigits(r, r.Contains('+') ? 8 : 9),
            Pattern(), HasPhoneDigits, PiiKind.Phone, specificity, matches);

    /// <summary>E.164 allows at most 15 digits; national numbers with a trunk 0 have 9 to 12 and one kind of separator.</summary>
    private static bool HasPhoneDigits(ReadOnlySpan<char> candidate)
    {
        var digits = 0;
        var separator = '\0';
        var mixedSeparators = false;
        foreach (var c in candidate)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c is ' ' or '-' or '.')
            {
                mixedSeparators |= separator != '\0' && separator != c;
                separator = c;
            }
        }

        return candidate[0] switch
        {
            '+' => digits is >= 8 and <= 15,
            '0' => digits is >= 9 and <= 12 && !mixedSeparators,
            _ => digits is 10 or 11,
        };
    }

    [GeneratedRegex(
        @"(?:" +
        @"\+\d{1,3}(?:[ .\-]?\(\d{1,4}\))?(?:[ .\-]\d{1,10}){1,6}" + // +44 20 7946 0958, +1 (415) 555-2671
        @"|\+\d{8,15}" + // +14155552671
        @"|(?:1[ .\-])?(?:\(\d{3}\) ?|\d{3}[.\-])\d{3}[.\-]\d{4}" + // (415) 555-2671, 1-800-555-0199
        @"|0\d{1,4}(?:[ \-.]\d{2,8}){1,4}" + // 020 7946 0958, 030 12345678, 06 12 34 56 78
        @")(?![0-9\-]|\.\d)",
        RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
