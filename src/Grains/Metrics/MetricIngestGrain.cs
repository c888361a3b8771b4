using Observatory.Core.Metrics;
using Observatory.Grains.Contracts;
using Observatory.Grains.Ingest;
using Observatory.Storage.Metrics;
using Orleans.Concurrency;

namespace Observatory.Grains.Metrics;

/// <summary>
/// Writes a batch of data points through <see cref="MetricPointWriter"/>. It keeps nothing in memory: the running
/// totals that cumulative series are compared with live on their series rows, so any silo can take any export.
/// </summary>
[StatelessWorker]
public sealed class MetricIngestGrain(MetricPointWriter writer) : Grain, IMetricIngestGrain
{
    public Task<IngestReply> IngestMetrics(string projectId, Immutable<MetricPointRecord[]> points) =>
        IngestReplies.WriteAsync(points.Value.Length, () => writer.WriteAsync(projectId, points.Value, CancellationToken.None));
}
