using System.Collections.Concurrent;
using Observatory.Core.Ingest;
using Observatory.Core.Spans;

namespace Observatory.Gateway.Otlp.Tests.Endpoints;

/// <summary>Records what the gateway hands over; storage itself is tested elsewhere.</summary>
public sealed class RecordingSpanIngestor : ISpanIngestor
{
    public ConcurrentQueue<(string ProjectId, IReadOnlyList<SpanRecord> Spans)> Calls { get; } = new();

    /// <summary>When set, every call throws it (e.g. the store is down).</summary>
    public Exception? FailWith { get; set; }

    public Task<IngestOutcome> IngestAsync(string projectId, IReadOnlyList<SpanRecord> spans, CancellationToken cancellationToken)
    {
        if (FailWith is { } failure)
        {
            throw failure;
        }

        Calls.Enqueue((projectId, spans));
        return Task.FromResult(new IngestOutcome(spans.Count, 0));
    }
}
