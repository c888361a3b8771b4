using System.Buffers;
using System.Text.RegularExpressions;

namespace Observatory.Core.Redaction.Detectors;

/// <summary>
/// A detector made of a cheap pre-check, a source-generated regex and an optional validator (Luhn, digit counts,
/// "looks random"). <paramref name="notAfter"/> lists the characters that may not precede a match (see <see cref="Boundaries"/>). When <paramref name="valueGroup"/> is set only that group is redacted (the token after
/// <c>Bearer</c>, the value of <c>password=</c>), so the surrounding text stays readable.
/// </summary>
internal sealed class RegexDetector(
    string name,
    PiiKind kind,
    TextTraits requires,
    Regex regex,
    Func<ReadOnlySpan<char>, bool> mightMatch,
    SearchValues<char>? notAfter = null,
    Func<ReadOnlySpan<char>, bool>? accept = null,
    string? valueGroup = null) : IPiiDetector
{
    public string Name { get; } = name;

    public PiiKind Kind { get; } = kind;

    public TextTraits Requires { get; } = requires;

    public bool MightMatch(ReadOnlySpan<char> text) => mightMatch(text);

    public void Find(string text, int specificity, List<PiiMatch> matches)
    {
        if (valueGroup is null)
        {
            // EnumerateMatches allocates nothing: no Match objects on the hot path.
            foreach (var match in regex.EnumerateMatches(text))
            {
                if ((notAfter is null || Boundaries.StartsAt(text, match.Index, notAfter))
                    && (accept is null || accept(text.AsSpan(match.Index, match.Length))))
                {
                    matches.Add(new PiiMatch(match.Index, match.Length, Kind, specificity));
                }
            }

            return;
        }

        for (var match = regex.Match(text); match.Success; match = match.NextMatch())
        {
            var value = match.Groups[valueGroup];
            if (value.Success
                && (notAfter is null || Boundaries.StartsAt(text, match.Index, notAfter))
                && (accept is null || accept(text.AsSpan(value.Index, value.Length))))
            {
                matches.Add(new PiiMatch(value.Index, value.Length, Kind, specificity));
            }
        }
    }
}
