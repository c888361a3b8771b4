using System.Text.RegularExpressions;

namespace Observatory.Core.Redaction.Detectors;

/// <summary>
/// Payment card numbers: 13–19 digits, bare or grouped by spaces or dashes (4-4-4-4, Amex 4-6-5), starting with a
/// card-network digit (2–6) and passing the Luhn check. A 16-digit id that fails Luhn is not a card.
/// </summary>
internal sealed partial class CreditCardDetector : IPiiDetector
{
    public string Name => "credit_card";

    public PiiKind Kind => PiiKind.CreditCard;

    public TextTraits Requires => TextTraits.Digit;

    // The digit trait gates it; the region scan in Find is the real pre-check.
    public bool MightMatch(ReadOnlySpan<char> text) => true;

    public void Find(string text, int specificity, List<PiiMatch> matches) =>
        NumberRegions.FindMatches(
            text, NumberRegions.Card, static r => NumberRegions.HasDigits(r, 13),
            Pattern(), IsCardNumber, PiiKind.CreditCard, specificity, matches);

    /// <summary>Issuer digit and Luhn checksum over the digits, ignoring separators.</summary>
    public static bool IsCardNumber(ReadOnlySpan<char> candidate)
    {
        if (candidate[0] is < '2' or > '6')
        {
            return false;
        }

        var sum = 0;
        var digits = 0;
        for (var i = candidate.Length - 1; i >= 0; i--)
        {
            var c = candidate[i];
            if (!char.IsAsciiDigit(c))
            {
                continue;
            }

            var d = c - '0';
            if (digits % 2 == 1)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            digits++;
        }

        return digits is >= 13 and <= 19 && sum % 10 == 0;
    }

    [GeneratedRegex(
        @"(?:" +
        @"\d{13,19}" +
        @"|\d{4}(?<sep>[ \-])\d{4}\k<sep>\d{4}\k<sep>\d{1,4}(?:\k<sep>\d{3})?" + // 4111 1111 1111 1111
        @"|\d{4}[ \-]\d{6}[ \-]\d{4,5}" + // Amex 3782 822463 10005, Diners 3056 930902 5904
        @")(?![0-9\-])",
        RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
