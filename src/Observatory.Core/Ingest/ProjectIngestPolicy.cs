using Observatory.Core.Logs;
using Observatory.Core.Pricing;
using Observatory.Core.Redaction;
using Observatory.Core.Spans;

namespace Observatory.Core.Ingest;

/// <summary>
/// How one project's spans and log records are turned into records: its prices (its own first, then the built-in
/// catalog), whether prompts and completions are kept, and the PII redaction applied before anything is stored.
/// </summary>
public sealed record ProjectIngestPolicy(IPriceLookup Prices, bool CaptureContent, PiiRedactor? Redactor = null)
{
    /// <summary>Built-in prices, content kept, no redaction: a project that configured nothing.</summary>
    public static ProjectIngestPolicy Default { get; } = new(PriceCatalog.Default, CaptureContent: true);

    /// <summary>The span as it may be stored: attributes of the span, its resource and its events redacted.</summary>
    public SpanData Redact(SpanData span)
    {
        if (Redactor is not { } redactor)
        {
            return span;
        }

        var attributes = redactor.RedactAttributes(span.Attributes);
        var resource = redactor.RedactAttributes(span.ResourceAttributes);
        var events = span.Events.Select(e => redactor.RedactAttributes(e.Attributes) is var a && ReferenceEquals(a, e.Attributes)
            ? e
            : e with { Attributes = a }).ToList();
        return new SpanData
        {
            TraceId = span.TraceId,
            SpanId = span.SpanId,
            ParentSpanId = span.ParentSpanId,
            Name = span.Name,
            Kind = span.Kind,
            StartUnixNano = span.StartUnixNano,
            EndUnixNano = span.EndUnixNano,
            Status = span.Status,
            StatusMessage = span.StatusMessage is null ? null : redactor.Redact(span.StatusMessage),
            Attributes = attributes,
            ResourceAttributes = resource,
            Events = events,
            ScopeName = span.ScopeName,
            ScopeVersion = span.ScopeVersion,
        };
    }

    /// <summary>The log record as it may be stored: attributes redacted, and every string in its body scanned.</summary>
    public LogRecordData Redact(LogRecordData record)
    {
        if (Redactor is not { } redactor)
        {
            return record;
        }

        return new LogRecordData
        {
            TraceId = record.TraceId,
            SpanId = record.SpanId,
            TimeUnixNano = record.TimeUnixNano,
            ObservedTimeUnixNano = record.ObservedTimeUnixNano,
            SeverityNumber = record.SeverityNumber,
            SeverityText = record.SeverityText,
            EventName = record.EventName,
            Body = redactor.RedactValue(record.Body),
            Attributes = redactor.RedactAttributes(record.Attributes),
            ResourceAttributes = redactor.RedactAttributes(record.ResourceAttributes),
            ScopeName = record.ScopeName,
        };
    }
}
