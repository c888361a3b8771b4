using Observatory.Core.Logs;

namespace Observatory.Core.Ingest;

/// <summary>
/// Where a gateway hands decoded log records. Completes only once they are durable; throws
/// <see cref="IngestUnavailableException"/> when they cannot be stored now (the exporter should retry).
/// </summary>
public interface ILogIngestor
{
    Task<IngestOutcome> IngestLogsAsync(string projectId, IReadOnlyList<LogRecordData> records, CancellationToken cancellationToken);
}
