using Observatory.Core.Ingest;
using Observatory.Core.Spans;

namespace Observatory.Gateway.Otlp.Export;

/// <summary>
/// What both transports do with a decoded export: normalize each span into a <see cref="SpanRecord"/> and hand the
/// batch to the <see cref="ISpanIngestor"/>, which completes only once the spans are durable.
/// </summary>
public sealed class TraceExportPipeline(SpanRecordFactory recordFactory, ISpanIngestor ingestor, IProjectPolicySource policies)
{
    /// <summary>Files the spans under the project of the exporter's key.</summary>
    /// <exception cref="IngestUnavailableException">The store cannot take the spans now; the exporter should retry.</exception>
    public async Task<IngestOutcome> ExportAsync(string projectId, IReadOnlyList<SpanData> spans, CancellationToken cancellationToken)
    {
        if (spans.Count == 0)
        {
            return new IngestOutcome(0, 0);
        }

        // The project's prices, content switch and redaction apply before anything leaves the gateway.
        var policy = await policies.GetAsync(projectId, cancellationToken);
        var records = new SpanRecord[spans.Count];
        for (var i = 0; i < spans.Count; i++)
        {
            records[i] = recordFactory.Create(spans[i], policy);
        }

        return await ingestor.IngestAsync(projectId, records, cancellationToken);
    }
}
