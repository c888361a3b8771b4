using Observatory.Core.Ingest;
using Observatory.Core.Sketches;

namespace Observatory.Core.Alerts;

/// <summary>One stored model call as an alert counts it.</summary>
public readonly record struct AlertSample(long Minute, decimal CostUsd, long Tokens, bool IsError, double LatencyMs, double? TtftMs);

/// <summary>The calls of a window added up: counters, and latency and time-to-first-token sketches.</summary>
public sealed class AlertTotals
{
    public long Calls { get; private set; }
    public long Errors { get; private set; }
    public decimal CostUsd { get; private set; }
    public long Tokens { get; private set; }
    public LatencySketch Latency { get; } = new();
    public LatencySketch Ttft { get; } = new();

    /// <summary>Counters without per-call samples (a back-fill that did not read latencies adds these).</summary>
    public void AddCounters(long calls, long errors, decimal costUsd, long tokens)
    {
        Calls += calls;
        Errors += errors;
        CostUsd += costUsd;
        Tokens += tokens;
    }

    public void Add(AlertSample sample)
    {
        AddCounters(1, sample.IsError ? 1 : 0, sample.CostUsd, sample.Tokens);
        Latency.Add(Math.Max(0, sample.LatencyMs));
        if (sample.TtftMs is { } ttft && ttft >= 0 && double.IsFinite(ttft))
        {
            Ttft.Add(ttft);
        }
    }

    public void Merge(AlertTotals other)
    {
        AddCounters(other.Calls, other.Errors, other.CostUsd, other.Tokens);
        Latency.Merge(other.Latency);
        Ttft.Merge(other.Ttft);
    }
}

/// <summary>
/// An alert's calls per minute of call start, in memory: read from the stored spans (a snapshot) on activation and
/// fed with every call ingest stores. A <see cref="SnapshotReconciler{TSample}"/> keeps a snapshot and racing live
/// calls apart, so nothing counts twice and nothing is lost.
/// </summary>
public sealed class AlertWindow
{
    /// <summary>How far back a snapshot lists the spans it counted, and how long those keys are remembered.</summary>
    public static TimeSpan RecentMargin => SnapshotReconciler<AlertSample>.RecentMargin;

    private readonly Dictionary<long, AlertTotals> _minutes = [];
    private readonly SnapshotReconciler<AlertSample> _reconciler = new();

    /// <summary>The earliest minute kept.</summary>
    public long FloorMinute { get; private set; } = long.MinValue;

    /// <summary>When the last snapshot was applied; null before the first.</summary>
    public DateTimeOffset? SnapshotAt => _reconciler.SnapshotAt;

    public void Add(string traceId, string spanId, AlertSample sample, DateTimeOffset now)
    {
        if (_reconciler.Admit(traceId, spanId, sample, now))
        {
            Apply(sample);
        }
    }

    /// <summary>Marks the moment a snapshot is about to be read; returns the ingest time its recent keys must go back to.</summary>
    public DateTimeOffset BeginSnapshot(DateTimeOffset now) => _reconciler.BeginSnapshot(now);

    public void AbandonSnapshot() => _reconciler.AbandonSnapshot();

    /// <summary>Replaces the minutes with a snapshot from <paramref name="fromMinute"/> on; see <see cref="Budgets.BudgetSpend.ApplySnapshot"/>.</summary>
    public void ApplySnapshot(long fromMinute, IReadOnlyDictionary<long, AlertTotals> minutes, IReadOnlyCollection<(string TraceId, string SpanId)> recentKeys, DateTimeOffset now)
    {
        var missed = _reconciler.CompleteSnapshot(recentKeys, now);
        _minutes.Clear();
        FloorMinute = fromMinute;
        foreach (var (minute, totals) in minutes)
        {
            if (minute >= fromMinute)
            {
                _minutes[minute] = totals;
            }
        }

        foreach (var sample in missed)
        {
            Apply(sample);
        }
    }

    /// <summary>
    /// The calls that started in the last <paramref name="windowMinutes"/> minutes up to <paramref name="nowMinute"/>
    /// (the current, partial minute included); older minutes are dropped for good.
    /// </summary>
    public AlertTotals Last(int windowMinutes, long nowMinute)
    {
        var from = nowMinute - windowMinutes + 1;
        if (from > FloorMinute)
        {
            FloorMinute = from;
            foreach (var old in _minutes.Keys.Where(m => m < from).ToList())
            {
                _minutes.Remove(old);
            }
        }

        var totals = new AlertTotals();
        foreach (var (minute, bucket) in _minutes)
        {
            if (minute <= nowMinute)
            {
                totals.Merge(bucket);
            }
        }

        return totals;
    }

    private void Apply(AlertSample sample)
    {
        if (sample.Minute < FloorMinute)
        {
            return;
        }

        if (!_minutes.TryGetValue(sample.Minute, out var bucket))
        {
            _minutes[sample.Minute] = bucket = new AlertTotals();
        }

        bucket.Add(sample);
    }
}
