namespace Observatory.Core.Metrics;

/// <summary>How kinds and temporalities are spelled in storage and in the API (the OTLP/JSON field names, snake_case).</summary>
public static class MetricNames
{
    public static string Kind(MetricKind kind) => kind switch
    {
        MetricKind.Gauge => "gauge",
        MetricKind.Sum => "sum",
        MetricKind.Histogram => "histogram",
        MetricKind.ExponentialHistogram => "exponential_histogram",
        _ => "summary",
    };

    public static string Temporality(MetricTemporality temporality) => temporality switch
    {
        MetricTemporality.Delta => "delta",
        MetricTemporality.Cumulative => "cumulative",
        _ => "unspecified",
    };
}
