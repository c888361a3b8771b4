namespace Observatory.Core.Redaction.Detectors;

/// <summary>Finds one shape of personal or secret data in text.</summary>
internal interface IPiiDetector
{
    /// <summary>A short name for diagnostics and tests (e.g. <c>openai_api_key</c>).</summary>
    string Name { get; }

    PiiKind Kind { get; }

    /// <summary>What a text must contain for this detector to run at all.</summary>
    TextTraits Requires { get; }

    /// <summary>
    /// A cheap, vectorised test (a character or a few literal prefixes): false means the text cannot contain a match,
    /// so the detector's real search is skipped. Most spans' text fails every pre-check.
    /// </summary>
    bool MightMatch(ReadOnlySpan<char> text);

    /// <summary>Adds every match in <paramref name="text"/> to <paramref name="matches"/>, tagged with <paramref name="specificity"/>.</summary>
    void Find(string text, int specificity, List<PiiMatch> matches);
}
