using Observatory.Core.Metrics;

namespace Observatory.Grains.Contracts;

/// <summary>
/// The silo's entry point for metric data points: stores a batch durably, cumulative totals turned into deltas.
/// A stateless worker like <see cref="IIngestGrain"/>, so a gateway's call never hops silos.
/// </summary>
[Alias("observatory.IMetricIngestGrain")]
public interface IMetricIngestGrain : IGrainWithIntegerKey
{
    [Alias("IngestMetrics")]
    Task<IngestReply> IngestMetrics(string projectId, Immutable<MetricPointRecord[]> points);
}
