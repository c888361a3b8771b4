namespace Observatory.Core.Redaction.Detectors;

/// <summary>A detected value: where it is, what kind it is, and how specific the detector that found it is.</summary>
/// <param name="Specificity">Lower is more specific; breaks ties between overlapping matches of equal length.</param>
/// <param name="IsMarker">The text is already a redaction marker: it wins every overlap and is left as it is.</param>
internal readonly record struct PiiMatch(int Start, int Length, PiiKind Kind, int Specificity, bool IsMarker = false)
{
    public int End => Start + Length;

    public bool Overlaps(PiiMatch other) => Start < other.End && other.Start < End;
}
