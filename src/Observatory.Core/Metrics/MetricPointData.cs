namespace Observatory.Core.Metrics;

/// <summary>The OTLP metric data types we keep. Summary points keep their count and sum only.</summary>
public enum MetricKind
{
    Gauge,
    Sum,
    Histogram,
    ExponentialHistogram,
    Summary,
}

/// <summary>OTLP's AggregationTemporality, with the same numbers.</summary>
public enum MetricTemporality
{
    Unspecified = 0,
    Delta = 1,
    Cumulative = 2,
}

/// <summary>
/// One OTLP metric data point as decoded, independent of the wire format, carrying its metric's name, type and
/// temporality and the resource and scope it was sent under. Attribute values use the representation of
/// <see cref="Spans.SpanData"/>.
/// </summary>
public sealed class MetricPointData
{
    public required string Instrument { get; init; }
    public string Unit { get; init; } = "";
    public MetricKind Kind { get; init; }
    public MetricTemporality Temporality { get; init; }

    /// <summary>A Sum's is_monotonic; false for every other kind.</summary>
    public bool IsMonotonic { get; init; }

    public long StartTimeUnixNano { get; init; }
    public long TimeUnixNano { get; init; }

    /// <summary>The point's flags say it holds no value (a series that went stale); it is skipped, not stored.</summary>
    public bool NoRecordedValue { get; init; }

    public required MetricValue Value { get; init; }
    public IReadOnlyList<KeyValuePair<string, object?>> Attributes { get; init; } = [];
    public IReadOnlyList<KeyValuePair<string, object?>> ResourceAttributes { get; init; } = [];
    public string? ScopeName { get; init; }
    public string? ScopeVersion { get; init; }
}
