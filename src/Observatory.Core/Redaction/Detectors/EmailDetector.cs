namespace Observatory.Core.Redaction.Detectors;

/// <summary>
/// E-mail addresses, found from each '@' outwards rather than by regex: a regex over the local part rescans long
/// runs of letters from every start position, and prompts carry long base64 blobs.
/// </summary>
internal sealed class EmailDetector : IPiiDetector
{
    private const int MaxLocalPart = 64;
    private const int MaxDomain = 253;

    public string Name => "email";

    public PiiKind Kind => PiiKind.Email;

    public TextTraits Requires => TextTraits.At;

    public bool MightMatch(ReadOnlySpan<char> text) => text.Contains('@');

    public void Find(string text, int specificity, List<PiiMatch> matches)
    {
        var at = text.IndexOf('@');
        while (at >= 0)
        {
            var next = TryMatchAt(text, at, specificity, matches);
            at = text.IndexOf('@', Math.Max(next, at + 1));
        }
    }

    /// <returns>Where to resume the search.</returns>
    private static int TryMatchAt(string text, int at, int specificity, List<PiiMatch> matches)
    {
        var start = at;
        while (start > 0 && at - start < MaxLocalPart && IsLocalChar(text[start - 1]))
        {
            start--;
        }

        // Longer than any local part: a blob with an '@' in it, not an address.
        if (start > 0 && IsLocalChar(text[start - 1]))
        {
            return at + 1;
        }

        if (start < at && Boundaries.IsEscapeLetter(text, start))
        {
            start++;
        }

        while (start < at && text[start] == '.')
        {
            start++;
        }

        if (start == at || text[at - 1] == '.')
        {
            return at + 1;
        }

        // The domain: dot-separated labels of letters, digits and hyphens, ending in an alphabetic TLD.
        var end = at + 1;
        var lastDot = -1;
        while (end < text.Length && end - at <= MaxDomain && IsDomainChar(text[end]))
        {
            if (text[end] == '.')
            {
                if (text[end - 1] == '.' || text[end - 1] == '@')
                {
                    break;
                }

                lastDot = end;
            }

            end++;
        }

        // A sentence may end right after the address: "write to bob@example.com."
        while (end > at + 1 && (text[end - 1] == '.' || text[end - 1] == '-'))
        {
            end--;
        }

        if (lastDot >= end - 1)
        {
            lastDot = text.AsSpan(at + 1, end - at - 1).LastIndexOf('.');
            lastDot = lastDot < 0 ? -1 : lastDot + at + 1;
        }

        if (lastDot < 0 || !IsTopLevelDomain(text.AsSpan(lastDot + 1, end - lastDot - 1)))
        {
            return at + 1;
        }

        matches.Add(new PiiMatch(start, end - start, PiiKind.Email, specificity));
        return end;
    }

    private static bool IsTopLevelDomain(ReadOnlySpan<char> label)
    {
        if (label.Length is < 2 or > 24)
        {
            return false;
        }

        foreach (var c in label)
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLocalChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '%' or '+' or '-';

    private static bool IsDomainChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.';
}
