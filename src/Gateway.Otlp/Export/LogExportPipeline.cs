using Observatory.Core.Ingest;
using Observatory.Core.Logs;

namespace Observatory.Gateway.Otlp.Export;

/// <summary>
/// What both transports do with a decoded logs export: hand the records to the <see cref="ILogIngestor"/>, which
/// completes only once they are durable. Records go as decoded; attaching GenAI events to their spans is the ingestor's.
/// </summary>
public sealed class LogExportPipeline(ILogIngestor ingestor)
{
    /// <summary>Files the records under the project of the exporter's key.</summary>
    /// <exception cref="IngestUnavailableException">The store cannot take the records now; the exporter should retry.</exception>
    public Task<IngestOutcome> ExportAsync(string projectId, IReadOnlyList<LogRecordData> records, CancellationToken cancellationToken) =>
        records.Count == 0
            ? Task.FromResult(new IngestOutcome(0, 0))
            : ingestor.IngestLogsAsync(projectId, records, cancellationToken);
}
