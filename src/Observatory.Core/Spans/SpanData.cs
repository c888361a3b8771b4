namespace Observatory.Core.Spans;

/// <summary>
/// One span as decoded from OTLP, independent of the wire format (protobuf or JSON).
/// Attribute values are <see cref="string"/>, <see cref="bool"/>, <see cref="long"/>, <see cref="double"/>,
/// <see cref="byte"/>[], <see cref="IReadOnlyList{T}"/> of values (OTLP ArrayValue) or
/// <see cref="IReadOnlyList{T}"/> of <see cref="KeyValuePair{TKey,TValue}"/> (OTLP KeyValueList), or null.
/// </summary>
public sealed class SpanData
{
    /// <summary>32 lowercase hex characters.</summary>
    public required string TraceId { get; init; }

    /// <summary>16 lowercase hex characters.</summary>
    public required string SpanId { get; init; }

    /// <summary>16 lowercase hex characters, or null for a root span.</summary>
    public string? ParentSpanId { get; init; }

    public required string Name { get; init; }
    public SpanKind Kind { get; init; }
    public long StartUnixNano { get; init; }
    public long EndUnixNano { get; init; }
    public SpanStatusCode Status { get; init; }
    public string? StatusMessage { get; init; }
    public IReadOnlyList<KeyValuePair<string, object?>> Attributes { get; init; } = [];
    public IReadOnlyList<SpanEventData> Events { get; init; } = [];

    /// <summary>Attributes of the resource that sent the span (service.name lives here).</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> ResourceAttributes { get; init; } = [];

    public string? ScopeName { get; init; }
    public string? ScopeVersion { get; init; }
}

/// <summary>A span event (OTLP Span.Event).</summary>
public sealed record SpanEventData(string Name, long TimeUnixNano, IReadOnlyList<KeyValuePair<string, object?>> Attributes);

/// <summary>OTLP Span.SpanKind values.</summary>
public enum SpanKind : byte
{
    Unspecified = 0,
    Internal = 1,
    Server = 2,
    Client = 3,
    Producer = 4,
    Consumer = 5,
}

/// <summary>OTLP Status.StatusCode values.</summary>
public enum SpanStatusCode : byte
{
    Unset = 0,
    Ok = 1,
    Error = 2,
}
