using System.Collections.Concurrent;
using Observatory.Core.Ingest;
using Observatory.Core.Metrics;

namespace Observatory.Gateway.Otlp.Tests.Endpoints;

/// <summary>Records the metric data points the gateway hands over; storage itself is tested end to end.</summary>
public sealed class RecordingMetricIngestor : IMetricIngestor
{
    public ConcurrentQueue<(string ProjectId, IReadOnlyList<MetricPointData> Points)> Calls { get; } = new();

    public Task<IngestOutcome> IngestMetricsAsync(string projectId, IReadOnlyList<MetricPointData> points, CancellationToken cancellationToken)
    {
        Calls.Enqueue((projectId, points));
        return Task.FromResult(new IngestOutcome(points.Count, 0));
    }
}
