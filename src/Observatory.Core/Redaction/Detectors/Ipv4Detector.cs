using System.Text.RegularExpressions;

namespace Observatory.Core.Redaction.Detectors;

/// <summary>
/// IPv4 addresses in dotted-quad form with valid octets (0–255, no leading zeros). Not part of a longer dotted number:
/// <c>1.2.3.4.5</c> and <c>v1.2.3.4</c> are versions, <c>256.1.1.1</c> is no address.
/// </summary>
internal sealed partial class Ipv4Detector : IPiiDetector
{
    public string Name => "ipv4";

    public PiiKind Kind => PiiKind.IpAddress;

    public TextTraits Requires => TextTraits.Digit;

    // The digit trait gates it; the region scan in Find is the real pre-check.
    public bool MightMatch(ReadOnlySpan<char> text) => true;

    public void Find(string text, int specificity, List<PiiMatch> matches) =>
        NumberRegions.FindMatches(
            text, NumberRegions.Ipv4, static r => r.Count('.') >= 3,
            Pattern(), static _ => true, PiiKind.IpAddress, specificity, matches);

    [GeneratedRegex(
        @"(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)" +
        @"(?![0-9]|\.\d)",
        RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
