using System.Collections.Concurrent;
using Observatory.Core.Ingest;
using Observatory.Core.Logs;

namespace Observatory.Gateway.Otlp.Tests.Endpoints;

/// <summary>Records the log records the gateway hands over; storage itself is tested elsewhere.</summary>
public sealed class RecordingLogIngestor : ILogIngestor
{
    public ConcurrentQueue<(string ProjectId, IReadOnlyList<LogRecordData> Records)> Calls { get; } = new();

    /// <summary>When set, every call throws it (e.g. the store is down).</summary>
    public Exception? FailWith { get; set; }

    public Task<IngestOutcome> IngestLogsAsync(string projectId, IReadOnlyList<LogRecordData> records, CancellationToken cancellationToken)
    {
        if (FailWith is { } failure)
        {
            throw failure;
        }

        Calls.Enqueue((projectId, records));
        return Task.FromResult(new IngestOutcome(records.Count, 0));
    }
}
