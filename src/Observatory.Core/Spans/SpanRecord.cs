using Observatory.Core.Llm;
using Observatory.Core.Scores;

namespace Observatory.Core.Spans;

/// <summary>
/// A span ready to store and aggregate: typed columns for what dashboards query, the rest as JSON text
/// (built once, at the edge, so storage and grains never touch raw attributes).
/// </summary>
public sealed record SpanRecord
{
    public required string TraceId { get; init; }
    public required string SpanId { get; init; }
    public string? ParentSpanId { get; init; }
    public required string Name { get; init; }
    public SpanKind Kind { get; init; }
    public required string ServiceName { get; init; }
    public long StartUnixNano { get; init; }
    public long EndUnixNano { get; init; }
    public SpanStatusCode Status { get; init; }
    public string? StatusMessage { get; init; }

    /// <summary>error.type, or the exception event's type, when the span failed.</summary>
    public string? ErrorType { get; init; }

    public string? UserId { get; init; }
    public string? SessionId { get; init; }

    /// <summary>Span attributes as a JSON object.</summary>
    public string AttributesJson { get; init; } = "{}";

    /// <summary>Resource attributes as a JSON object.</summary>
    public string ResourceAttributesJson { get; init; } = "{}";

    /// <summary>Events as a JSON array of {name, time, attributes}.</summary>
    public string EventsJson { get; init; } = "[]";

    /// <summary>Null for a span that is not an LLM call.</summary>
    public LlmFacts? Llm { get; init; }

    /// <summary>The <c>gen_ai.evaluation.result</c> events of the span, read as scores (stored with the span).</summary>
    public IReadOnlyList<ScoreRecord> Scores { get; init; } = [];

    public double DurationMs => Math.Max(0, EndUnixNano - StartUnixNano) / 1_000_000.0;
    public bool IsRoot => ParentSpanId is null;
    public bool IsError => Status == SpanStatusCode.Error;

    /// <summary>Agent, workflow, tool and MCP identity; null for a span that carries none.</summary>
    public AgentToolFacts? Agent { get; init; }
}
