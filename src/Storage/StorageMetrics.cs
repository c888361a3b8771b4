using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Observatory.Storage;

/// <summary>
/// The writers' own instruments on the <see cref="MeterName"/> meter (System.Diagnostics.Metrics, in the BCL, so Storage
/// takes no OpenTelemetry dependency; the hosts export this meter on <c>/metrics</c>).
/// </summary>
public static class StorageMetrics
{
    public const string MeterName = "Observatory.Storage";

    private static readonly Meter Meter = new(MeterName);
    private static readonly ConcurrentDictionary<object, Func<int>> QueueDepths = new();
    private static long _spanRetries;
    private static long _spanFailures;
    private static long _logFailures;

    /// <summary>Rows sent in one binary COPY, by <c>table</c> (spans, log_events).</summary>
    public static readonly Histogram<long> CopyBatchRows = Meter.CreateHistogram(
        "observatory.storage.copy.rows", unit: "{row}", description: "Rows per binary COPY batch.",
        advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 10, 50, 100, 250, 500, 1000, 2500, 5000, 10000] });

    /// <summary>From BEGIN to a finished COMMIT of one write transaction, by <c>table</c>.</summary>
    public static readonly Histogram<double> CommitDuration = Meter.CreateHistogram(
        "observatory.storage.commit.duration", unit: "s", description: "Duration of a write transaction, BEGIN to COMMIT.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });

    static StorageMetrics()
    {
        // Observable counters over plain fields: each series is there from the first scrape at 0, so a dashboard's
        // increase() over it reads 0 rather than nothing, and nothing counted before the exporter subscribed is lost.
        Meter.CreateObservableCounter("observatory.storage.write.retries",
            () => new Measurement<long>(Interlocked.Read(ref _spanRetries), Table("spans")),
            unit: "{transaction}", description: "Write transactions retried on a fresh connection (the one retry ingest has).");
        Meter.CreateObservableCounter("observatory.storage.write.failures",
            () => new[]
            {
                new Measurement<long>(Interlocked.Read(ref _spanFailures), Table("spans")),
                new Measurement<long>(Interlocked.Read(ref _logFailures), Table("log_events")),
            },
            unit: "{transaction}", description: "Write transactions that failed for good (their exports were answered 503).");
        Meter.CreateObservableGauge("observatory.storage.span_writer.queued", () => QueueDepths.Values.Sum(depth => depth()),
            unit: "{request}", description: "Ingest requests waiting for a span writer connection.");
    }

    public static KeyValuePair<string, object?> Table(string table) => new("table", table);

    /// <summary>Records one committed transaction that began at <paramref name="started"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public static void Committed(string table, long rows, long started)
    {
        CopyBatchRows.Record(rows, Table(table));
        CommitDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, Table(table));
    }

    /// <summary>A span write transaction is tried again on a fresh connection.</summary>
    public static void SpanWriteRetried() => Interlocked.Increment(ref _spanRetries);

    /// <summary>A write transaction failed after its retry, by table (spans, log_events).</summary>
    public static void WriteFailed(string table) => Interlocked.Increment(ref table == "spans" ? ref _spanFailures : ref _logFailures);

    /// <summary>Counts <paramref name="depth"/> into the queued-requests gauge until <see cref="UntrackQueue"/>.</summary>
    public static void TrackQueue(object owner, Func<int> depth) => QueueDepths[owner] = depth;

    public static void UntrackQueue(object owner) => QueueDepths.TryRemove(owner, out _);
}
