using Observatory.Core.Spans;

namespace Observatory.Core.Traces;

/// <summary>The few facts of one span that a trace summary is built from.</summary>
public sealed record TraceSpanFacts
{
    public required string SpanId { get; init; }
    public string? ParentSpanId { get; init; }
    public required string Name { get; init; }
    public required string ServiceName { get; init; }
    public long StartUnixNano { get; init; }
    public long EndUnixNano { get; init; }
    public bool IsError { get; init; }
    /// <summary>True for a model call (see <see cref="Llm.LlmFacts.IsModelCall"/>).</summary>
    public bool IsLlm { get; init; }
    public long? InputTokens { get; init; }
    public long? OutputTokens { get; init; }
    public decimal? CostUsd { get; init; }
    public string? Model { get; init; }
    public string? UserId { get; init; }
    public string? SessionId { get; init; }

    public static TraceSpanFacts From(SpanRecord span) => new()
    {
        SpanId = span.SpanId,
        ParentSpanId = span.ParentSpanId,
        Name = span.Name,
        ServiceName = span.ServiceName,
        StartUnixNano = span.StartUnixNano,
        EndUnixNano = span.EndUnixNano,
        IsError = span.IsError,
        IsLlm = span.Llm?.IsModelCall == true,
        InputTokens = span.Llm?.InputTokens,
        OutputTokens = span.Llm?.OutputTokens,
        CostUsd = span.Llm?.CostUsd,
        Model = span.Llm?.Model,
        UserId = span.UserId,
        SessionId = span.SessionId,
    };
}
