using System.Buffers;
using System.Text.RegularExpressions;

namespace Observatory.Core.Redaction.Detectors;

/// <summary>
/// Runs a number detector's regex only over the regions that could hold a match: maximal runs of digits and the
/// detector's separators holding enough digits. Prompts are full of short numbers (token counts, dates, versions,
/// hex ids); the regexes never see them, and the cost is proportional to the numeric part of a text, not its length.
/// </summary>
internal static class NumberRegions
{
    /// <summary>Card separators: digits may be grouped by spaces or dashes.</summary>
    public static readonly SearchValues<char> Card = SearchValues.Create("0123456789 -");

    /// <summary>Phone characters: separators, the parentheses of an area code, the '+' of a country code.</summary>
    public static readonly SearchValues<char> Phone = SearchValues.Create("0123456789 -.()+");

    /// <summary>Dotted-quad characters.</summary>
    public static readonly SearchValues<char> Ipv4 = SearchValues.Create("0123456789.");

    /// <summary>
    /// Adds the matches of <paramref name="regex"/> inside every region of <paramref name="regionChars"/> that
    /// <paramref name="qualifies"/>, keeping those that start and end on a number boundary and pass <paramref name="accept"/>.
    /// </summary>
    public static void FindMatches(
        string text,
        SearchValues<char> regionChars,
        Func<ReadOnlySpan<char>, bool> qualifies,
        Regex regex,
        Func<ReadOnlySpan<char>, bool> accept,
        PiiKind kind,
        int specificity,
        List<PiiMatch> matches)
    {
        var span = text.AsSpan();
        var digit = span.IndexOfAnyInRange('0', '9');
        while (digit >= 0)
        {
            var start = digit;
            while (start > 0 && regionChars.Contains(span[start - 1]))
            {
                start--;
            }

            var end = digit + 1;
            while (end < span.Length && regionChars.Contains(span[end]))
            {
                end++;
            }

            var region = span[start..end];
            if (qualifies(region))
            {
                foreach (var match in regex.EnumerateMatches(region))
                {
                    var index = start + match.Index;
                    if (Boundaries.StartsAt(span, index, Boundaries.Number)
                        && EndsNumber(span, index + match.Length)
                        && accept(span.Slice(index, match.Length)))
                    {
                        matches.Add(new PiiMatch(index, match.Length, kind, specificity));
                    }
                }
            }

            var next = end < span.Length ? span[end..].IndexOfAnyInRange('0', '9') : -1;
            digit = next < 0 ? -1 : end + next;
        }
    }

    /// <summary>At least <paramref name="minimum"/> digits.</summary>
    public static bool HasDigits(ReadOnlySpan<char> region, int minimum)
    {
        var digits = 0;
        foreach (var c in region)
        {
            if (char.IsAsciiDigit(c) && ++digits >= minimum)
            {
                return true;
            }
        }

        return false;
    }

    // Not followed by a letter, digit, '_' or '-', nor by ".5" (a longer dotted number); a sentence's full stop is fine.
    private static bool EndsNumber(ReadOnlySpan<char> text, int end) =>
        end >= text.Length
        || (!Boundaries.IsWordChar(text[end]) && text[end] != '-'
            && !(text[end] == '.' && end + 1 < text.Length && char.IsAsciiDigit(text[end + 1])));
}
