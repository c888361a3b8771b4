using Observatory.Core.Metrics;

namespace Observatory.Gateway.Otlp.Hosting;

/// <summary>Configuration section <c>Otlp:Metrics</c> (environment: <c>Otlp__Metrics__StoredInstruments</c>).</summary>
public sealed class OtlpMetricsOptions
{
    public const string SectionName = "Otlp:Metrics";

    /// <summary>
    /// Comma-separated instrument names to store, exact or a prefix ending in <c>*</c>; <c>*</c> stores everything.
    /// Other metrics are accepted (the exporter gets OK) and dropped.
    /// </summary>
    public string StoredInstruments { get; set; } = MetricInstrumentFilter.DefaultPatterns;
}
