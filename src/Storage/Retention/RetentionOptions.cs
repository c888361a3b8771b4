namespace Observatory.Storage.Retention;

/// <summary>
/// How long each kind of data is kept (configuration section <c>Retention</c>). Every kind expires by its own time
/// column and its own setting; derived rows (trace summaries, rollups) are never recomputed when spans expire, which is
/// why they may be kept longer than the spans they were summed from.
/// </summary>
public sealed class RetentionOptions
{
    /// <summary>Spans, by <c>start_time</c>.</summary>
    public TimeSpan Spans { get; set; } = TimeSpan.FromDays(30);

    /// <summary>GenAI log events, by their record time.</summary>
    public TimeSpan Logs { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Trace summaries (and their key rows), by <c>start_time</c>, the time TimescaleDB partitions them by.</summary>
    public TimeSpan Traces { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Per-minute model rollups, by bucket start.</summary>
    public TimeSpan RollupsMinute { get; set; } = TimeSpan.FromDays(400);

    /// <summary>Hourly model rollups, by bucket start.</summary>
    public TimeSpan RollupsHourly { get; set; } = TimeSpan.FromDays(400);

    /// <summary>Daily model rollups, by bucket start.</summary>
    public TimeSpan RollupsDaily { get; set; } = TimeSpan.FromDays(400);

    /// <summary>OTLP metric data points, by their time: already aggregated by the exporter, so kept like rollups.</summary>
    public TimeSpan Metrics { get; set; } = TimeSpan.FromDays(400);

    /// <summary>The webhook delivery log of alerts, by when the notification was made; kept like spans.</summary>
    public TimeSpan AlertDeliveries { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Evaluation results and posted scores, by score time; kept like spans.</summary>
    public TimeSpan Scores { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// TimescaleDB only: compress chunks of spans, log events, trace summaries and minute rollups once they are this old; zero (the
    /// default) adds no policy. Compressed data is ~10x smaller, but lookups by trace id and full-text search in it are
    /// much slower (bench/README.md), so set it only past the age at which traces are still written to and searched.
    /// </summary>
    public TimeSpan CompressAfter { get; set; } = TimeSpan.Zero;

    /// <summary>How often the silo enforces retention; zero or less turns it off.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows per DELETE on plain PostgreSQL: short transactions that never hold locks for long.</summary>
    public int DeleteBatchSize { get; set; } = 10_000;
}
