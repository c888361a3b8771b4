using System.Net;
using System.Net.Sockets;

namespace Observatory.Core.Redaction.Detectors;

/// <summary>
/// IPv6 addresses: full, compressed (<c>::</c>) and IPv4-mapped (<c>::ffff:192.0.2.1</c>). Candidates are runs of hex
/// digits, colons and dots around each colon, validated by <see cref="IPAddress.TryParse(ReadOnlySpan{char}, out IPAddress?)"/>;
/// times (<c>12:30:45</c>), MAC addresses and C++/Rust paths (<c>std::io</c>) are not addresses and are left alone.
/// </summary>
internal sealed class Ipv6Detector : IPiiDetector
{
    // "2001:0db8:0000:0000:0000:ff00:0042:8329" is the longest plain form; an IPv4 tail adds a few characters.
    private const int MaxLength = 45;

    public string Name => "ipv6";

    public PiiKind Kind => PiiKind.IpAddress;

    public TextTraits Requires => TextTraits.Colon;

    public bool MightMatch(ReadOnlySpan<char> text)
    {
        // At least two colons; most text has none or one per line ("role": "user").
        var first = text.IndexOf(':');
        return first >= 0 && text[(first + 1)..].Contains(':');
    }

    public void Find(string text, int specificity, List<PiiMatch> matches)
    {
        var span = text.AsSpan();
        var colon = span.IndexOf(':');
        while (colon >= 0)
        {
            var start = colon;
            while (start > 0 && IsAddressChar(span[start - 1]))
            {
                start--;
            }

            var end = colon + 1;
            while (end < span.Length && IsAddressChar(span[end]))
            {
                end++;
            }

            if (IsAddress(span, ref start, ref end))
            {
                matches.Add(new PiiMatch(start, end - start, PiiKind.IpAddress, specificity));
            }

            var next = span[end..].IndexOf(':');
            colon = next < 0 ? -1 : end + next;
        }
    }

    private static bool IsAddress(ReadOnlySpan<char> text, ref int start, ref int end)
    {
        // A sentence or a label may end right after the address: "from fe80::1:" or "2001:db8::7."
        while (end > start && text[end - 1] == '.')
        {
            end--;
        }

        // "\nfe80::1" inside JSON text: the 'f' after the backslash could be hex, so the escape letter is no part of it.
        if (Boundaries.IsEscapeLetter(text, start))
        {
            start++;
        }

        var length = end - start;
        if (length is < 3 or > MaxLength || !Boundaries.StartsWord(text, start) || (end < text.Length && Boundaries.IsWordChar(text[end])))
        {
            return false;
        }

        // Eight groups (seven colons), six and an IPv4 tail, or a "::" somewhere: "12:30:45" is a time.
        var candidate = text[start..end];
        var colons = candidate.Count(':');
        if (colons < 2 || (colons < 6 && !candidate.Contains("::", StringComparison.Ordinal)) || CountGroups(candidate) < 2)
        {
            return false;
        }

        return IPAddress.TryParse(candidate, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6;
    }

    /// <summary>Non-empty colon-separated groups: "::" alone or "d::" (the end of <c>std::</c>) have fewer than two.</summary>
    private static int CountGroups(ReadOnlySpan<char> candidate)
    {
        var groups = 0;
        foreach (var range in candidate.Split(':'))
        {
            if (range.End.Value > range.Start.Value)
            {
                groups++;
            }
        }

        return groups;
    }

    private static bool IsAddressChar(char c) => char.IsAsciiHexDigit(c) || c is ':' or '.';
}
