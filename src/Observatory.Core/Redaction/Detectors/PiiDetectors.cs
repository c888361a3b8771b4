namespace Observatory.Core.Redaction.Detectors;

/// <summary>
/// Every detector the redactor runs, most specific first: when two matches of equal length overlap (a JWT that is also
/// the token of a <c>Bearer</c> header), the earlier row names it. A new format is one new row here.
/// </summary>
internal static class PiiDetectors
{
    public static IReadOnlyList<IPiiDetector> All { get; } =
    [
        .. SecretDetectors.All,
        new CreditCardDetector(),
        new EmailDetector(),
        new Ipv6Detector(),
        new Ipv4Detector(),
        new PhoneDetector(),
    ];
}
