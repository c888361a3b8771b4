namespace Observatory.Core.Budgets;

/// <summary>
/// A budget's spend per minute of call start, in memory: a cache of what the stored spans say, kept exact while
/// increments (calls stored after a snapshot) race with re-reads of the spans (snapshots).
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
public sealed class BudgetSpend
{
    /// <summary>How far back a snapshot lists the spans it counted, and how long those keys are remembered.</summary>
    public static readonly TimeSpan RecentMargin = TimeSpan.FromMinutes(2);

    private readonly Dictionary<long, SpendTotals> _minutes = [];
    private readonly List<(string TraceId, string SpanId, long Minute, decimal CostUsd, long Tokens)> _sinceBegin = [];
    private HashSet<(string TraceId, string SpanId)> _inSnapshot = [];
    private DateTimeOffset _inSnapshotUntil = DateTimeOffset.MinValue;
    private BudgetWindow? _window;
    private SpendTotals _inWindow;
    private DateTimeOffset? _begun;

    /// <summary>The earliest minute kept; older ones can no longer be in any window of this budget.</summary>
    public long FloorMinute { get; private set; } = long.MinValue;

    /// <summary>When the last snapshot was applied; null before the first (the spend is not known yet).</summary>
    public DateTimeOffset? SnapshotAt { get; private set; }

    /// <summary>Adds one stored call's spend (already matched to this budget's scope).</summary>
    public void Add(string traceId, string spanId, long minute, decimal costUsd, long tokens, DateTimeOffset now)
    {
        if (now > _inSnapshotUntil && _inSnapshot.Count > 0)
        {
            _inSnapshot = [];
        }

        if (_inSnapshot.Contains((traceId, spanId)))
        {
            return;
        }

        if (_begun is not null)
        {
            _sinceBegin.Add((traceId, spanId, minute, costUsd, tokens));
        }

        Apply(minute, costUsd, tokens);
    }

    /// <summary>Marks the moment a snapshot is about to be read; returns the ingest time its recent keys must go back to.</summary>
    public DateTimeOffset BeginSnapshot(DateTimeOffset now)
    {
        _begun = now;
        _sinceBegin.Clear();
        return now - RecentMargin;
    }

    /// <summary>A snapshot failed: keep the totals as they are and the increments already added.</summary>
    public void AbandonSnapshot()
    {
        _begun = null;
        _sinceBegin.Clear();
    }

    /// <summary>
    /// Replaces the totals with a snapshot read after <see cref="BeginSnapshot"/>: per minute from
    /// <paramref name="fromMinute"/> on, plus the keys of the spans it counted that were stored since the moment
    /// <see cref="BeginSnapshot"/> returned. Increments added since the begin that the snapshot did not count are kept.
    /// </summary>
    public void ApplySnapshot(long fromMinute, IReadOnlyDictionary<long, SpendTotals> minutes, IReadOnlyCollection<(string TraceId, string SpanId)> recentKeys, DateTimeOffset now)
    {
        var begun = _begun ?? throw new InvalidOperationException("ApplySnapshot without BeginSnapshot.");
        _minutes.Clear();
        FloorMinute = fromMinute;
        foreach (var (minute, totals) in minutes)
        {
            if (minute >= fromMinute)
            {
                _minutes[minute] = totals;
            }
        }

        _inSnapshot = recentKeys.ToHashSet();
        _inSnapshotUntil = now + RecentMargin;
        foreach (var added in _sinceBegin)
        {
            if (!_inSnapshot.Contains((added.TraceId, added.SpanId)) && added.Minute >= fromMinute)
            {
                var totals = _minutes.GetValueOrDefault(added.Minute);
                _minutes[added.Minute] = totals + new SpendTotals(added.CostUsd, added.Tokens, 1);
            }
        }

        _begun = null;
        _sinceBegin.Clear();
        _window = null;
        SnapshotAt = begun;
    }

    /// <summary>The spend in <paramref name="window"/>; minutes before its start are dropped for good.</summary>
    public SpendTotals In(BudgetWindow window)
    {
        if (_window != window)
        {
            _window = window;
            if (window.StartMinute > FloorMinute)
            {
                FloorMinute = window.StartMinute;
                foreach (var old in _minutes.Keys.Where(m => m < FloorMinute).ToList())
                {
                    _minutes.Remove(old);
                }
            }

            _inWindow = default;
            foreach (var (minute, totals) in _minutes)
            {
                if (window.Contains(minute))
                {
                    _inWindow += totals;
                }
            }
        }

        return _inWindow;
    }

    private void Apply(long minute, decimal costUsd, long tokens)
    {
        if (minute < FloorMinute)
        {
            return;
        }

        var added = new SpendTotals(costUsd, tokens, 1);
        _minutes[minute] = _minutes.GetValueOrDefault(minute) + added;
        if (_window is { } window && window.Contains(minute))
        {
            _inWindow += added;
        }
    }
}

/// <summary>Cost, tokens and calls added up.</summary>
public readonly record struct SpendTotals(decimal CostUsd, long Tokens, long Calls)
{
    public static SpendTotals operator +(SpendTotals a, SpendTotals b) => new(a.CostUsd + b.CostUsd, a.Tokens + b.Tokens, a.Calls + b.Calls);
}
