using Observatory.Core.Llm;
using Observatory.Core.Pricing;
using static Observatory.Core.Llm.ConventionNames;

namespace Observatory.Core.Spans;

/// <summary>
/// Turns a decoded span into the record that is stored and aggregated: LLM facts with their cost, identity,
/// error type, and the attributes as JSON text. Thread-safe; one instance serves the whole gateway.
/// </summary>
public sealed class SpanRecordFactory(PriceCatalog catalog)
{
    /// <summary>Attribute string values longer than this many UTF-8 bytes are truncated with a marker, not dropped.</summary>
    public const int MaxAttributeValueBytes = 16 * 1024;

    /// <summary>The service name of a span whose resource names none (the OTel SDK default prefix).</summary>
    public const string UnknownServiceName = "unknown_service";

    // One writer per thread: its buffer is reused for every span the thread maps.
    [ThreadStatic] private static AttributeJsonWriter? jsonWriter;

    public SpanRecord Create(SpanData span)
    {
        var json = jsonWriter ??= new AttributeJsonWriter(MaxAttributeValueBytes);
        var facts = SpanNormalizer.Read(span);
        return new SpanRecord
        {
            TraceId = span.TraceId,
            SpanId = span.SpanId,
            ParentSpanId = span.ParentSpanId,
            Name = span.Name,
            Kind = span.Kind,
            ServiceName = ReadServiceName(span.ResourceAttributes),
            StartUnixNano = span.StartUnixNano,
            EndUnixNano = span.EndUnixNano,
            Status = span.Status,
            StatusMessage = span.StatusMessage,
            ErrorType = facts.ErrorType,
            UserId = facts.UserId,
            SessionId = facts.SessionId,
            AttributesJson = json.WriteObject(span.Attributes),
            ResourceAttributesJson = json.WriteObject(span.ResourceAttributes),
            EventsJson = json.WriteEvents(span.Events),
            Llm = facts.Llm is { } llm ? CostCalculator.Apply(llm, catalog) : null,
        };
    }

    private static string ReadServiceName(IReadOnlyList<KeyValuePair<string, object?>> resourceAttributes)
    {
        for (var i = 0; i < resourceAttributes.Count; i++)
        {
            if (resourceAttributes[i].Key == General.ServiceName && LooseValues.ReadText(resourceAttributes[i].Value) is { } name)
            {
                return name;
            }
        }

        return UnknownServiceName;
    }
}
