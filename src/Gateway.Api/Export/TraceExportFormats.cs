using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Observatory.Gateway.Api.Export;

/// <summary>The export formats the API offers, by name; JSON Lines uses the API's own JSON options.</summary>
public sealed class TraceExportFormats(IOptions<JsonOptions> json)
{
    public const string Default = "csv";

    public IReadOnlyList<TraceExportFormat> All { get; } =
        [new CsvTraceExport(), new JsonLinesTraceExport(json.Value.SerializerOptions), new ParquetTraceExport()];

    public IEnumerable<string> Names => All.Select(f => f.Name);

    /// <summary>The named format (csv when none is named); null when the name is unknown.</summary>
    public TraceExportFormat? Find(string? name) =>
        All.FirstOrDefault(f => string.Equals(f.Name, string.IsNullOrEmpty(name) ? Default : name, StringComparison.OrdinalIgnoreCase));
}
