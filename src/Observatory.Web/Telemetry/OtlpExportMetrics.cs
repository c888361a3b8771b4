using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http;

namespace Observatory.Web.Telemetry;

/// <summary>
/// What the OTLP edge did with each export, on the <see cref="ObservatoryMetrics"/> meter: items (spans or log records)
/// by outcome and the export's latency. Both transports record through <see cref="Measure"/>, so HTTP and gRPC count alike.
/// </summary>
public static class OtlpExportMetrics
{
    /// <summary>Answered OK: the items are durable.</summary>
    public const string Accepted = "accepted";

    /// <summary>Bad input (HTTP 4xx, gRPC INVALID_ARGUMENT): the exporter must not retry. Items are counted when they decoded.</summary>
    public const string Rejected = "rejected";

    /// <summary>The store could not take the items (503 / UNAVAILABLE, or an unexpected error): the exporter retries.</summary>
    public const string Failed = "failed";

    /// <summary>Spans, log records or metric data points by <c>signal</c> (spans, logs, metrics), <c>transport</c> (http, grpc) and <c>outcome</c>.</summary>
    public static readonly Counter<long> Items = ObservatoryMetrics.Meter.CreateCounter<long>(
        "observatory.otlp.items", unit: "{item}", description: "Spans and log records received at the OTLP edge, by outcome.");

    /// <summary>From the request reaching the handler to its answer; its count is the number of exports per outcome.</summary>
    public static readonly Histogram<double> Duration = ObservatoryMetrics.Meter.CreateHistogram(
        "observatory.otlp.export.duration", unit: "s", description: "Time to answer an OTLP export (decode, normalize, durable write).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });

    /// <summary>The <c>signal</c> of an ingest path: <c>/v1/logs</c> and <c>LogsService</c> carry logs, <c>/v1/metrics</c> and <c>MetricsService</c> metrics, the rest spans.</summary>
    public static string SignalOf(PathString path) =>
        path.StartsWithSegments("/v1/logs") || path.StartsWithSegments("/opentelemetry.proto.collector.logs.v1.LogsService") ? "logs"
        : path.StartsWithSegments("/v1/metrics") || path.StartsWithSegments("/opentelemetry.proto.collector.metrics.v1.MetricsService") ? "metrics"
        : "spans";

    /// <summary>Starts timing one export; dispose it once answered. The outcome is <see cref="Failed"/> unless set.</summary>
    public static ExportMeasurement Measure(string signal, string transport) => new(signal, transport, Stopwatch.GetTimestamp());

    /// <summary>One export in flight: set <see cref="Outcome"/> and <see cref="ItemCount"/> as they become known.</summary>
    public sealed class ExportMeasurement(string signal, string transport, long started) : IDisposable
    {
        public string Outcome { get; set; } = Failed;
        public int ItemCount { get; set; }

        public void Dispose()
        {
            var tags = new TagList { { "signal", signal }, { "transport", transport }, { "outcome", Outcome } };
            // Zero is added too, so every series exists from the first export (a rate over it is 0, not absent).
            Items.Add(ItemCount, tags);
            Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
    }
}
