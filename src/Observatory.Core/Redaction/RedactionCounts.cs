namespace Observatory.Core.Redaction;

/// <summary>
/// How many values of each kind were redacted, accumulated over a text, a span or a batch (for metrics and tests).
/// Not thread-safe: one per batch or per thread.
/// </summary>
public sealed class RedactionCounts
{
    private readonly int[] counts = new int[PiiKinds.All.Count];

    public int this[PiiKind kind] => counts[(int)kind];

    public int Total => counts.Sum();

    public void Add(PiiKind kind, int count = 1) => counts[(int)kind] += count;

    public void Add(RedactionCounts other)
    {
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] += other.counts[i];
        }
    }

    /// <summary>The kinds with a non-zero count, by stable name (<c>email</c>, <c>credit_card</c>, …).</summary>
    public IReadOnlyDictionary<string, int> ToDictionary() =>
        PiiKinds.All.Where(kind => counts[(int)kind] > 0).ToDictionary(kind => kind.Name(), kind => counts[(int)kind]);

    public override string ToString() => string.Join(", ", ToDictionary().Select(c => $"{c.Key}={c.Value}"));
}
