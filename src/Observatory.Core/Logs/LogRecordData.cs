namespace Observatory.Core.Logs;

/// <summary>
/// One OTLP log record as decoded, independent of the wire format. GenAI instrumentations send prompts,
/// completions and per-message events this way (event names like <c>gen_ai.user.message</c>, <c>gen_ai.choice</c>).
/// Attribute values use the same representation as <see cref="Spans.SpanData"/>.
/// </summary>
public sealed class LogRecordData
{
    /// <summary>32 lowercase hex characters, or null when the record is not tied to a trace.</summary>
    public string? TraceId { get; init; }

    /// <summary>16 lowercase hex characters, or null when the record is not tied to a span.</summary>
    public string? SpanId { get; init; }

    public long TimeUnixNano { get; init; }
    public long ObservedTimeUnixNano { get; init; }
    public int SeverityNumber { get; init; }
    public string? SeverityText { get; init; }

    /// <summary>LogRecord.event_name, else the <c>event.name</c> attribute (older semconv).</summary>
    public string? EventName { get; init; }

    /// <summary>The body: a string, a number, a bool, bytes, a list or a key-value list (see <see cref="Spans.SpanData"/>).</summary>
    public object? Body { get; init; }

    public IReadOnlyList<KeyValuePair<string, object?>> Attributes { get; init; } = [];
    public IReadOnlyList<KeyValuePair<string, object?>> ResourceAttributes { get; init; } = [];
    public string? ScopeName { get; init; }
}
