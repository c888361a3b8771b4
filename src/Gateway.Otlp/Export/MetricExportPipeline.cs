using Microsoft.Extensions.Options;
using Observatory.Core.Ingest;
using Observatory.Core.Metrics;
using Observatory.Gateway.Otlp.Hosting;

namespace Observatory.Gateway.Otlp.Export;

/// <summary>
/// What both transports do with a decoded metrics export: keep the points of the stored instruments
/// (<see cref="OtlpMetricsOptions.StoredInstruments"/>) that hold a value, and hand them to the
/// <see cref="IMetricIngestor"/>, which completes only once they are durable. Dropped points are answered OK.
/// </summary>
public sealed class MetricExportPipeline(IMetricIngestor ingestor, IOptions<OtlpMetricsOptions> options)
{
    private readonly MetricInstrumentFilter _filter = new(options.Value.StoredInstruments);

    /// <summary>Files the stored points under the project of the exporter's key.</summary>
    /// <exception cref="IngestUnavailableException">The store cannot take the points now; the exporter should retry.</exception>
    public Task<IngestOutcome> ExportAsync(string projectId, IReadOnlyList<MetricPointData> points, CancellationToken cancellationToken)
    {
        var stored = points.Where(p => !p.NoRecordedValue && _filter.Stores(p.Instrument)).ToList();
        return stored.Count == 0
            ? Task.FromResult(new IngestOutcome(0, 0))
            : ingestor.IngestMetricsAsync(projectId, stored, cancellationToken);
    }
}
