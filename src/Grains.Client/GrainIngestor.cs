using Observatory.Core.Ingest;
using Observatory.Core.Logs;
using Observatory.Core.Metrics;
using Observatory.Core.Spans;
using Observatory.Grains.Contracts;
using Orleans.Concurrency;

namespace Observatory.Grains.Client;

/// <summary>
/// The gateways' <see cref="ISpanIngestor"/>, <see cref="ILogIngestor"/> and <see cref="IMetricIngestor"/>: hands a batch to
/// the local ingest worker of the cluster.
/// </summary>
public sealed class GrainIngestor(IGrainFactory grains, IProjectPolicySource policies) : ISpanIngestor, ILogIngestor, IMetricIngestor
{
    /// <summary>
    /// How long an export waits for its batch to commit. A commit takes milliseconds; a call that waits longer was
    /// almost always sent to a silo that just died, and would otherwise wait out Orleans' 30 s response timeout. The
    /// exporter gets a retryable 503 instead, and its retry (deduplicated) goes to a live silo.
    /// </summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    // Resolved once, on first use (the client may not be connected at construction): GetGrain reads the interface's
    // attributes by reflection on every call, ~1.5 % of ingest CPU.
    private IIngestGrain? _ingest;

    private IIngestGrain Ingest => _ingest ??= grains.GetGrain<IIngestGrain>(0);

    public Task<IngestOutcome> IngestAsync(string projectId, IReadOnlyList<SpanRecord> spans, CancellationToken cancellationToken) =>
        CallAsync(Ingest.Ingest(projectId, spans.ToArray().AsImmutable()), cancellationToken);

    public async Task<IngestOutcome> IngestLogsAsync(string projectId, IReadOnlyList<LogRecordData> records, CancellationToken cancellationToken)
    {
        // Logs are mapped here, at the edge, like spans: only redacted, storable records cross the grain call.
        var policy = await policies.GetAsync(projectId, cancellationToken);
        var storable = records.Select(r => LogEventRecordFactory.Create(r, policy)).ToArray();
        return await CallAsync(Ingest.IngestLogs(projectId, storable.AsImmutable()), cancellationToken);
    }

    public async Task<IngestOutcome> IngestMetricsAsync(string projectId, IReadOnlyList<MetricPointData> points, CancellationToken cancellationToken)
    {
        // Like logs: redacted and identified at the edge, so only storable points cross the grain call.
        var policy = await policies.GetAsync(projectId, cancellationToken);
        var storable = points.Select(p => MetricPointRecordFactory.Create(p, policy)).ToArray();
        return await CallAsync(grains.GetGrain<IMetricIngestGrain>(0).IngestMetrics(projectId, storable.AsImmutable()), cancellationToken);
    }

    private static async Task<IngestOutcome> CallAsync(Task<IngestReply> call, CancellationToken cancellationToken)
    {
        IngestReply reply;
        try
        {
            reply = await call.WaitAsync(CallTimeout, cancellationToken);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            throw new IngestUnavailableException("The silo cluster is unavailable: " + ex.Message, ex);
        }

        return reply.Unavailable is { } reason
            ? throw new IngestUnavailableException(reason)
            : new IngestOutcome(reply.Accepted, reply.Duplicates);
    }
}
