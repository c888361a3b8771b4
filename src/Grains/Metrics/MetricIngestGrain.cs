using Observatory.Core.Ingest;
using Observatory.Core.Metrics;
using Observatory.Grains.Contracts;
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
    public async Task<IngestReply> IngestMetrics(string projectId, Immutable<MetricPointRecord[]> points)
    {
        try
        {
            var inserted = await writer.WriteAsync(projectId, points.Value, CancellationToken.None);
            return new IngestReply(inserted, points.Value.Length - inserted, null);
        }
        catch (IngestUnavailableException ex)
        {
            // Third-party and unknown exception types don't cross grain calls well: answer with the reason instead.
            return new IngestReply(0, 0, ex.Message);
        }
    }
}
