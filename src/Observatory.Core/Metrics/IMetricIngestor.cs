using Observatory.Core.Ingest;

namespace Observatory.Core.Metrics;

/// <summary>
/// Where a gateway hands decoded metric data points. Completes only once they are durable; throws
/// <see cref="IngestUnavailableException"/> when they cannot be stored now (the exporter should retry).
/// </summary>
public interface IMetricIngestor
{
    Task<IngestOutcome> IngestMetricsAsync(string projectId, IReadOnlyList<MetricPointData> points, CancellationToken cancellationToken);
}
