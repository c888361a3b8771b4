namespace Observatory.Core.Metrics;

/// <summary>
/// A data point ready to store: its series (instrument, kind, unit, resource, scope and attributes, hashed into
/// <see cref="SeriesKey"/>) with the attributes as JSON, and its numbers as sent. Whether the numbers are a delta, a
/// running total or a level is the <see cref="Temporality"/>'s; the writer turns running totals into deltas.
/// </summary>
public sealed record MetricPointRecord
{
    public required string SeriesKey { get; init; }
    public required string Instrument { get; init; }
    public MetricKind Kind { get; init; }
    public string Unit { get; init; } = "";
    public MetricTemporality Temporality { get; init; }
    public bool IsMonotonic { get; init; }
    public string? ServiceName { get; init; }
    public string? ScopeName { get; init; }
    public string? ScopeVersion { get; init; }
    public string AttributesJson { get; init; } = "{}";
    public string ResourceAttributesJson { get; init; } = "{}";
    public long StartTimeUnixNano { get; init; }
    public long TimeUnixNano { get; init; }
    public required MetricValue Value { get; init; }
}
