using Observatory.Core.Spans;

namespace Observatory.Core.Ingest;

/// <summary>
/// Where a gateway hands decoded spans. Completes only once the spans are durable;
/// throws <see cref="IngestUnavailableException"/> when they cannot be made durable now (the exporter should retry).
/// </summary>
public interface ISpanIngestor
{
    Task<IngestOutcome> IngestAsync(string projectId, IReadOnlyList<SpanRecord> spans, CancellationToken cancellationToken);
}

/// <summary>How many spans were new and how many were re-sent duplicates that changed nothing.</summary>
public sealed record IngestOutcome(int Accepted, int Duplicates);

/// <summary>The store is overloaded or down: answer 503/UNAVAILABLE so the exporter retries.</summary>
public sealed class IngestUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
