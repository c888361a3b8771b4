using Observatory.Core.Ingest;
using Observatory.Core.Spans;
using Observatory.Grains.Contracts;

namespace Observatory.Grains.Ingest;

/// <summary>The gateways' <see cref="ISpanIngestor"/>: hands a batch to the local ingest worker of the cluster.</summary>
public sealed class GrainSpanIngestor(IGrainFactory grains) : ISpanIngestor
{
    public async Task<IngestOutcome> IngestAsync(string projectId, IReadOnlyList<SpanRecord> spans, CancellationToken cancellationToken)
    {
        IngestReply reply;
        try
        {
            reply = await grains.GetGrain<IIngestGrain>(0).Ingest(projectId, spans.ToArray().AsImmutable()).WaitAsync(cancellationToken);
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
