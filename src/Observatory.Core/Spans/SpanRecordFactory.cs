using Observatory.Core.Ingest;
using Observatory.Core.Llm;
using Observatory.Core.Pricing;
using Observatory.Core.Scores;
using Observatory.Core.Spans;
using static Observatory.Core.Llm.ConventionNames;

namespace Observatory.Core.Spans;

/// <summary>
/// Turns a decoded span into the record that is stored and aggregated: LLM facts with their cost, identity,
/// error type, and the attributes as JSON text. Thread-safe; one instance serves the whole gateway.
/// </summary>
/// <param name="catalog">Prices for the computed cost.</param>
/// <param name="captureContent">
/// False keeps prompts and completions out of the LLM facts (<see cref="LlmFacts.Input"/> and Output stay null);
/// a per-project switch passes it per span to <see cref="Create(SpanData, bool)"/> instead.
/// </param>
public sealed class SpanRecordFactory(PriceCatalog catalog, bool captureContent = true)
{
    /// <summary>Attribute string values longer than this many UTF-8 bytes are truncated with a marker, not dropped.</summary>
    public const int MaxAttributeValueBytes = 16 * 1024;

    /// <summary>The service name of a span whose resource names none (the OTel SDK default prefix).</summary>
    public const string UnknownServiceName = "unknown_service";

    // One writer per thread: its buffer is reused for every span the thread maps.
    [ThreadStatic] private static AttributeJsonWriter? jsonWriter;

    // The spans of one request share their resource's attribute list: its JSON is written once, not once per span.
    [ThreadStatic] private static IReadOnlyList<KeyValuePair<string, object?>>? lastResource;
    [ThreadStatic] private static string? lastResourceJson;

    /// <summary>The record of a span, with content captured as the factory was configured.</summary>
    public SpanRecord Create(SpanData span) => Create(span, captureContent);

    /// <summary>The record of a span; <paramref name="withContent"/> false leaves Input and Output of its LLM facts null.</summary>
    public SpanRecord Create(SpanData span, bool withContent) => Create(span, catalog, withContent);

    /// <summary>The record of a span under a project's policy: redacted first, then priced and its content kept or not.</summary>
    public SpanRecord Create(SpanData span, ProjectIngestPolicy policy) => Create(policy.Redact(span), policy.Prices, policy.CaptureContent);

    private static SpanRecord Create(SpanData span, IPriceLookup prices, bool withContent)
    {
        var json = jsonWriter ??= new AttributeJsonWriter(MaxAttributeValueBytes);
        var facts = SpanNormalizer.Read(span, withContent);
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
            ResourceAttributesJson = ResourceJson(json, span.ResourceAttributes),
            EventsJson = json.WriteEvents(span.Events),
            // Priced at the call's start, so a price change applies to calls made after it, also when they arrive late.
            Llm = facts.Llm is { } llm ? CostCalculator.Apply(llm, prices, UnixNano.ToDateTimeOffset(span.StartUnixNano)) : null,
            Agent = AgentToolReader.Read(span, withContent),
            Scores = EvaluationEvents.FromSpan(span),
        };
    }

    private static string ResourceJson(AttributeJsonWriter json, IReadOnlyList<KeyValuePair<string, object?>> resource)
    {
        if (!ReferenceEquals(resource, lastResource))
        {
            lastResourceJson = json.WriteObject(resource);
            lastResource = resource;
        }

        return lastResourceJson!;
    }

    private static string ReadServiceName(IReadOnlyList<KeyValuePair<string, object?>> resourceAttributes)
    {
        for (var i = 0; i < resourceAttributes.Count; i++)
        {
            if (resourceAttributes[i].Key == General.ServiceName && LooseValues.ReadText(resourceAttributes[i].Value) is { } name)
            {
                return FactLimits.Identifier(name)!;
            }
        }

        return UnknownServiceName;
    }
}
