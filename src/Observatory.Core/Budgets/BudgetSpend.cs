using Observatory.Core.Ingest;

namespace Observatory.Core.Budgets;

/// <summary>
/// A budget's spend per minute of call start, in memory: a cache of what the stored spans say, kept exact while
/// increments (calls stored after a snapshot) race with re-reads of the spans (snapshots); the race is settled by a
/// <see cref="SnapshotReconciler{TSample}"/>.
/// </summary>
public sealed class BudgetSpend
{
    /// <summary>How far back a snapshot lists the spans it counted, and how long those keys are remembered.</summary>
    public static TimeSpan RecentMargin => SnapshotReconciler<StoredSpend>.RecentMargin;

    private readonly Dictionary<long, SpendTotals> _minutes = [];
    private readonly SnapshotReconciler<StoredSpend> _reconciler = new();
    private BudgetWindow? _window;
    private SpendTotals _inWindow;

    /// <summary>The earliest minute kept; older ones can no longer be in any window of this budget.</summary>
    public long FloorMinute { get; private set; } = long.MinValue;

    /// <summary>When the last snapshot was applied; null before the first (the spend is not known yet).</summary>
    public DateTimeOffset? SnapshotAt => _reconciler.SnapshotAt;

    /// <summary>Adds one stored call's spend (already matched to this budget's scope).</summary>
    public void Add(string traceId, string spanId, long minute, decimal costUsd, long tokens, DateTimeOffset now)
    {
        var spend = new StoredSpend(minute, costUsd, tokens);
        if (_reconciler.Admit(traceId, spanId, spend, now))
        {
            Apply(spend);
        }
    }

    /// <summary>Marks the moment a snapshot is about to be read; returns the ingest time its recent keys must go back to.</summary>
    public DateTimeOffset BeginSnapshot(DateTimeOffset now) => _reconciler.BeginSnapshot(now);

    /// <summary>A snapshot failed: keep the totals as they are and the increments already added.</summary>
    public void AbandonSnapshot() => _reconciler.AbandonSnapshot();

    /// <summary>
    /// Replaces the totals with a snapshot read after <see cref="BeginSnapshot"/>: per minute from
    /// <paramref name="fromMinute"/> on, plus the keys of the spans it counted that were stored since the moment
    /// <see cref="BeginSnapshot"/> returned. Increments added since the begin that the snapshot did not count are kept.
    /// </summary>
    public void ApplySnapshot(long fromMinute, IReadOnlyDictionary<long, SpendTotals> minutes, IReadOnlyCollection<(string TraceId, string SpanId)> recentKeys, DateTimeOffset now)
    {
        var missed = _reconciler.CompleteSnapshot(recentKeys, now);
        _minutes.Clear();
        _window = null;
        FloorMinute = fromMinute;
        foreach (var (minute, totals) in minutes)
        {
            if (minute >= fromMinute)
            {
                _minutes[minute] = totals;
            }
        }

        foreach (var spend in missed)
        {
            Apply(spend);
        }
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

    private void Apply(StoredSpend spend)
    {
        if (spend.Minute < FloorMinute)
        {
            return;
        }

        var added = new SpendTotals(spend.CostUsd, spend.Tokens, 1);
        _minutes[spend.Minute] = _minutes.GetValueOrDefault(spend.Minute) + added;
        if (_window is { } window && window.Contains(spend.Minute))
        {
            _inWindow += added;
        }
    }

    private readonly record struct StoredSpend(long Minute, decimal CostUsd, long Tokens);
}

/// <summary>Cost, tokens and calls added up.</summary>
public readonly record struct SpendTotals(decimal CostUsd, long Tokens, long Calls)
{
    public static SpendTotals operator +(SpendTotals a, SpendTotals b) => new(a.CostUsd + b.CostUsd, a.Tokens + b.Tokens, a.Calls + b.Calls);
}
