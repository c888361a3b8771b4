namespace Observatory.Core.Ingest;

/// <summary>
/// Keeps live increments and re-reads of the stored spans (snapshots) apart, so totals built from both count every
/// stored call exactly once. Budgets and alerts keep their own totals and ask this which increments to apply.
/// </summary>
/// <remarks>
/// An increment arrives after the COMMIT that stored its span, and it is told once (only spans a write stored as new
/// count). A snapshot read after <see cref="BeginSnapshot"/> therefore already holds every increment that arrived before;
/// those are dropped with the old totals. An increment that arrives after that moment may or may not be in the
/// snapshot, so the snapshot also lists the keys of the spans it counted that were stored recently
/// (<see cref="RecentMargin"/> before the snapshot began): an increment whose key is listed was counted by the snapshot
/// and is ignored, every other one is added. Nothing is lost and nothing counts twice, as long as a span's increment
/// arrives within <see cref="RecentMargin"/> of the start of the transaction that stored it (it takes milliseconds).
/// </remarks>
/// <typeparam name="TSample">What one stored call adds to the totals.</typeparam>
public sealed class SnapshotReconciler<TSample>
{
    /// <summary>How far back a snapshot lists the spans it counted, and how long those keys are remembered.</summary>
    public static readonly TimeSpan RecentMargin = TimeSpan.FromMinutes(2);

    private readonly List<(string TraceId, string SpanId, TSample Sample)> _sinceBegin = [];
    private HashSet<(string TraceId, string SpanId)> _inSnapshot = [];
    private DateTimeOffset _inSnapshotUntil = DateTimeOffset.MinValue;
    private DateTimeOffset? _begun;

    /// <summary>When the last snapshot was begun, for the snapshot applied last; null before the first.</summary>
    public DateTimeOffset? SnapshotAt { get; private set; }

    /// <summary>
    /// True when the increment must be applied to the totals now; false when the last snapshot already counted it.
    /// An admitted increment is also remembered while a snapshot is read, in case that snapshot misses it.
    /// </summary>
    public bool Admit(string traceId, string spanId, TSample sample, DateTimeOffset now)
    {
        if (now > _inSnapshotUntil && _inSnapshot.Count > 0)
        {
            _inSnapshot = [];
        }

        if (_inSnapshot.Contains((traceId, spanId)))
        {
            return false;
        }

        if (_begun is not null)
        {
            _sinceBegin.Add((traceId, spanId, sample));
        }

        return true;
    }

    /// <summary>Marks the moment a snapshot is about to be read; returns the ingest time its recent keys must go back to.</summary>
    public DateTimeOffset BeginSnapshot(DateTimeOffset now)
    {
        _begun = now;
        _sinceBegin.Clear();
        return now - RecentMargin;
    }

    /// <summary>A snapshot failed: the totals stay as they are, with the increments already applied.</summary>
    public void AbandonSnapshot()
    {
        _begun = null;
        _sinceBegin.Clear();
    }

    /// <summary>
    /// The snapshot begun last is about to replace the totals; it counted <paramref name="recentKeys"/> among the spans
    /// stored since the moment <see cref="BeginSnapshot"/> returned. Returns the increments admitted since the begin
    /// that it did not count: apply them again on top of the snapshot.
    /// </summary>
    public IReadOnlyList<TSample> CompleteSnapshot(IReadOnlyCollection<(string TraceId, string SpanId)> recentKeys, DateTimeOffset now)
    {
        var begun = _begun ?? throw new InvalidOperationException("A snapshot was applied without BeginSnapshot.");
        _inSnapshot = recentKeys.ToHashSet();
        _inSnapshotUntil = now + RecentMargin;
        var missed = _sinceBegin.Where(added => !_inSnapshot.Contains((added.TraceId, added.SpanId))).Select(added => added.Sample).ToList();
        _begun = null;
        _sinceBegin.Clear();
        SnapshotAt = begun;
        return missed;
    }
}
