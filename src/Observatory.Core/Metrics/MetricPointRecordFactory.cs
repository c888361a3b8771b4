using System.Security.Cryptography;
using System.Text;
using Observatory.Core.Ingest;
using Observatory.Core.Spans;

namespace Observatory.Core.Metrics;

/// <summary>Turns decoded data points into storable ones: attributes redacted and written as JSON, the series identified.</summary>
public static class MetricPointRecordFactory
{
    [ThreadStatic] private static AttributeJsonWriter? jsonWriter;

    /// <summary>The storable point under a project's policy (its PII redaction applies to metric attributes too).</summary>
    public static MetricPointRecord Create(MetricPointData point, ProjectIngestPolicy policy)
    {
        var json = jsonWriter ??= new AttributeJsonWriter(SpanRecordFactory.MaxAttributeValueBytes);
        var attributes = Redact(point.Attributes, policy);
        var resource = Redact(point.ResourceAttributes, policy);
        var attributesJson = json.WriteObject(Sorted(attributes));
        var resourceJson = json.WriteObject(Sorted(resource));
        return new MetricPointRecord
        {
            SeriesKey = SeriesKey(point, attributesJson, resourceJson),
            Instrument = point.Instrument,
            Kind = point.Kind,
            Unit = point.Unit,
            Temporality = point.Temporality,
            IsMonotonic = point.IsMonotonic,
            ServiceName = resource.FirstOrDefault(a => a.Key == "service.name").Value as string,
            ScopeName = point.ScopeName,
            ScopeVersion = point.ScopeVersion,
            AttributesJson = attributesJson,
            ResourceAttributesJson = resourceJson,
            StartTimeUnixNano = point.StartTimeUnixNano,
            TimeUnixNano = point.TimeUnixNano,
            Value = point.Value,
        };
    }

    private static IReadOnlyList<KeyValuePair<string, object?>> Redact(IReadOnlyList<KeyValuePair<string, object?>> attributes, ProjectIngestPolicy policy) =>
        policy.Redactor is { } redactor ? redactor.RedactAttributes(attributes) : attributes;

    // One series is one set of attributes whatever order the exporter lists them in.
    private static KeyValuePair<string, object?>[] Sorted(IReadOnlyList<KeyValuePair<string, object?>> attributes) =>
        [.. attributes.OrderBy(a => a.Key, StringComparer.Ordinal)];

    /// <summary>
    /// OTLP's identity of a time series: the metric (name, kind, unit, temporality), its resource and scope, and the
    /// point's attributes. A cumulative series restarted under a new resource (say a new process id) is a new series.
    /// </summary>
    private static string SeriesKey(MetricPointData point, string attributesJson, string resourceJson)
    {
        var text = $"{point.Instrument}\n{point.Kind}\n{point.Temporality}\n{point.Unit}\n{point.ScopeName}\n{point.ScopeVersion}\n{resourceJson}\n{attributesJson}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
    }
}
