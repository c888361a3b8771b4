using Observatory.Core.Ingest;
using Observatory.Core.Projects;
using Observatory.Core.Spans;

namespace Observatory.Gateway.Otlp.Export;

/// <summary>
/// What both transports do with a decoded export: normalize each span into a <see cref="SpanRecord"/> and hand the
/// batch to the <see cref="ISpanIngestor"/>, which completes only once the spans are durable.
/// </summary>
public sealed class TraceExportPipeline(SpanRecordFactory recordFactory, ISpanIngestor ingestor)
{
    /// <summary>Every export belongs to <see cref="ProjectIds.Default"/> until the gateway authenticates exporters.</summary>
    /// <exception cref="IngestUnavailableException">The store cannot take the spans now; the exporter should retry.</exception>
    public Task<IngestOutcome> ExportAsync(IReadOnlyList<SpanData> spans, CancellationToken cancellationToken)
    {
        if (spans.Count == 0)
        {
            return Task.FromResult(new IngestOutcome(0, 0));
        }

        var records = new SpanRecord[spans.Count];
        for (var i = 0; i < spans.Count; i++)
        {
            records[i] = recordFactory.Create(spans[i]);
        }

        return ingestor.IngestAsync(ProjectIds.Default, records, cancellationToken);
    }
}
