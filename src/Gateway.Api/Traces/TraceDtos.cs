using System.Text.Json;
using Observatory.Core.Spans;
using Observatory.Core.Traces;
using Observatory.Storage;
using Observatory.Storage.Traces;

namespace Observatory.Gateway.Api.Traces;

/// <summary>A trace in the list and in the trace view.</summary>
public sealed record TraceSummaryDto(
    string TraceId, string ServiceName, string RootSpanName, DateTime StartTime, double DurationMs, int SpanCount,
    int LlmCallCount, int ErrorCount, long InputTokens, long OutputTokens, decimal CostUsd, IReadOnlyList<string> Models)
{
    public static TraceSummaryDto From(TraceSummary s) => new(
        s.TraceId, s.ServiceName, s.RootSpanName, UnixNano.ToDateTime(s.StartUnixNano), s.DurationMs, s.SpanCount,
        s.LlmCallCount, s.ErrorCount, s.InputTokens, s.OutputTokens, s.CostUsd, s.Models);
}

/// <summary><c>GET /api/v1/traces</c>.</summary>
public sealed record TraceListDto(IReadOnlyList<TraceSummaryDto> Data, string? NextCursor);

/// <summary><c>GET /api/v1/traces/{traceId}</c>.</summary>
public sealed record TraceDetailDto(string TraceId, TraceSummaryDto Summary, IReadOnlyList<SpanDto> Spans);

/// <summary>One span of a trace; <see cref="Llm"/> is null for a span that is not an LLM call.</summary>
public sealed record SpanDto(
    string SpanId, string? ParentSpanId, string Name, string Kind, string ServiceName, DateTime StartTime, DateTime EndTime,
    double DurationMs, string Status, string? StatusMessage, JsonElement Attributes, JsonElement Events, LlmDto? Llm)
{
    public static SpanDto From(StoredSpan s) => new(
        s.SpanId, s.ParentSpanId, s.Name, s.Kind.ToString().ToLowerInvariant(), s.ServiceName,
        UnixNano.ToDateTime(s.StartUnixNano), UnixNano.ToDateTime(s.EndUnixNano), s.DurationMs,
        s.Status switch { SpanStatusCode.Ok => "ok", SpanStatusCode.Error => "error", _ => "unset" },
        s.StatusMessage, Parse(s.AttributesJson), Parse(s.EventsJson),
        s.IsLlm ? new LlmDto(s.Provider, s.Operation, s.RequestModel, s.ResponseModel, s.InputTokens, s.OutputTokens, s.CostUsd, s.FinishReasons) : null);

    private static JsonElement Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }
}

/// <summary>The LLM facts of a span; null where unknown.</summary>
public sealed record LlmDto(
    string? Provider, string? Operation, string? RequestModel, string? ResponseModel, long? InputTokens, long? OutputTokens,
    decimal? CostUsd, IReadOnlyList<string> FinishReasons);
