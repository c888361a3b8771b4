using Observatory.Storage.Analytics;

namespace Observatory.Gateway.Api.Analytics;

/// <summary><c>GET /api/v1/metrics</c>: one series per group (group null when ungrouped or the value is unknown).</summary>
public sealed record MetricsDto<TPoint>(string Metric, string Interval, string? GroupBy, DateTime From, DateTime To, IReadOnlyList<MetricSeriesDto<TPoint>> Series);

/// <summary>The points of one group, oldest first.</summary>
public sealed record MetricSeriesDto<TPoint>(string? Group, IReadOnlyList<TPoint> Points);

/// <summary>A counter in one bin (requests, errors or cost in USD).</summary>
public sealed record ValuePointDto(DateTime Time, decimal Value);

/// <summary>
/// Tokens in one bin: <see cref="Value"/> = input + output (as before the kinds were added), then the five kinds. Input
/// includes the cache reads and writes and output the reasoning, as the OTel GenAI conventions count them.
/// </summary>
public sealed record TokenPointDto(DateTime Time, decimal Value, long Input, long Output, long CacheRead, long CacheWrite, long Reasoning)
{
    public static TokenPointDto From(DateTime time, TokenCounts t) =>
        new(time, t.Input + t.Output, t.Input, t.Output, t.CacheRead, t.CacheWrite, t.Reasoning);
}

/// <summary>Latency or time to first token in one bin: percentiles in milliseconds (±1%) over <see cref="Count"/> calls.</summary>
public sealed record PercentilePointDto(DateTime Time, double P50, double P95, double P99, long Count);
