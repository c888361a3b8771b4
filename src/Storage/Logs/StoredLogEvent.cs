namespace Observatory.Storage.Logs;

/// <summary>A stored GenAI log event of a span, as the trace view merges it in.</summary>
public sealed record StoredLogEvent(
    string SpanId, long TimeUnixNano, string? EventName, string? BodyJson, string AttributesJson, string? InputPart, string? OutputPart);
