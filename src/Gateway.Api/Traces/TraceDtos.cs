using System.Text.Json;
using System.Text.Json.Nodes;
using Observatory.Core.Llm;
using Observatory.Core.Spans;
using Observatory.Core.Traces;
using Observatory.Storage;
using Observatory.Storage.Logs;
using Observatory.Storage.Traces;

namespace Observatory.Gateway.Api.Traces;

/// <summary>A trace in the list and in the trace view.</summary>
public sealed record TraceSummaryDto(
    string TraceId, string ServiceName, string RootSpanName, DateTime StartTime, double DurationMs, int SpanCount,
    int LlmCallCount, int ErrorCount, long InputTokens, long OutputTokens, decimal CostUsd, IReadOnlyList<string> Models,
    string? UserId, string? SessionId)
{
    public static TraceSummaryDto From(TraceSummary s) => new(
        s.TraceId, s.ServiceName, s.RootSpanName, UnixNano.ToDateTime(s.StartUnixNano), s.DurationMs, s.SpanCount,
        s.LlmCallCount, s.ErrorCount, s.InputTokens, s.OutputTokens, s.CostUsd, s.Models, s.UserId, s.SessionId);
}

/// <summary><c>GET /api/v1/traces</c>.</summary>
public sealed record TraceListDto(IReadOnlyList<TraceSummaryDto> Data, string? NextCursor);

/// <summary><c>GET /api/v1/traces/{traceId}</c>.</summary>
public sealed record TraceDetailDto(string TraceId, TraceSummaryDto Summary, IReadOnlyList<SpanDto> Spans)
{
    /// <summary>Scores of the whole trace, and those whose span is not stored (yet).</summary>
    public IReadOnlyList<ScoreDto> Scores { get; init; } = [];
}

/// <summary>
/// One span of a trace; <see cref="Llm"/> is null for a span that is not an LLM call. <see cref="Agent"/>, <see cref="Tool"/>
/// and <see cref="Mcp"/> are set on agent, tool and MCP spans, <see cref="Rollup"/> on agent and workflow spans.
/// </summary>
public sealed record SpanDto(
    string SpanId, string? ParentSpanId, string Name, string Kind, string ServiceName, DateTime StartTime, DateTime EndTime,
    double DurationMs, string Status, string? StatusMessage, JsonElement Attributes, JsonElement Events, LlmDto? Llm,
    AgentDto? Agent = null, ToolDto? Tool = null, McpDto? Mcp = null, AgentRollupDto? Rollup = null)
{
    /// <summary>The span's scores: its evaluation events and those posted for it (or for its gen_ai.response.id).</summary>
    public IReadOnlyList<ScoreDto> Scores { get; init; } = [];

    /// <summary>The span with the GenAI log events stored for it merged in: as events, and as its content when it has none.</summary>
    public static SpanDto From(StoredSpan s, IReadOnlyList<StoredLogEvent> logEvents)
    {
        var input = s.Input;
        var output = s.Output;
        foreach (var e in logEvents)
        {
            input = s.Input is null ? LlmContent.Append(input, e.InputPart) : input;
            output = s.Output is null ? LlmContent.Append(output, e.OutputPart) : output;
        }

        return new(
            s.SpanId, s.ParentSpanId, s.Name, s.Kind.ToString().ToLowerInvariant(), s.ServiceName,
            UnixNano.ToDateTime(s.StartUnixNano), UnixNano.ToDateTime(s.EndUnixNano), s.DurationMs,
            s.Status switch { SpanStatusCode.Ok => "ok", SpanStatusCode.Error => "error", _ => "unset" },
            s.StatusMessage, Parse(s.AttributesJson), MergeEvents(s.EventsJson, logEvents),
            s.IsLlm ? LlmDto.From(s with { Input = input, Output = output }) : null);
    }

    private static JsonElement MergeEvents(string spanEventsJson, IReadOnlyList<StoredLogEvent> logEvents)
    {
        if (logEvents.Count == 0)
        {
            return Parse(spanEventsJson);
        }

        var events = JsonNode.Parse(spanEventsJson)!.AsArray();
        foreach (var e in logEvents)
        {
            events.Add(new JsonObject
            {
                ["name"] = e.EventName ?? "log",
                ["timeUnixNano"] = e.TimeUnixNano,
                ["attributes"] = JsonNode.Parse(e.AttributesJson),
                ["body"] = e.BodyJson is null ? null : JsonNode.Parse(e.BodyJson),
                ["source"] = "log",
            });
        }

        var ordered = new JsonArray(events.OrderBy(n => n!["timeUnixNano"]!.GetValue<long>()).Select(n => n!.DeepClone()).ToArray());
        return JsonSerializer.SerializeToElement(ordered);
    }

    private static JsonElement Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }
}

/// <summary>
/// The LLM facts of a span; null where unknown. <see cref="CostUsd"/> is the supplied cost when the client sent one
/// (<see cref="CostSource"/> "supplied"), else the computed one. <see cref="Emitter"/> and <see cref="Inclusivity"/> say
/// how the token counts were read; <see cref="IsModelCall"/> whether they count in the trace's totals (an agent span
/// repeating its model calls' usage does not). <see cref="Pricing"/> says what the computed cost used, or why the cost
/// is unknown.
/// </summary>
public sealed record LlmDto(
    string? Provider, string? Operation, string? RequestModel, string? ResponseModel, long? InputTokens, long? OutputTokens,
    decimal? CostUsd, IReadOnlyList<string> FinishReasons, string? Dialect, long? CacheReadTokens, long? CacheWriteTokens,
    long? ReasoningTokens, string? CostSource, decimal? SuppliedCostUsd, decimal? ComputedCostUsd, double? TimeToFirstTokenMs,
    string? UserId, string? SessionId, string? Input, string? Output, string? Emitter, string? Inclusivity, bool IsModelCall,
    PricingDto Pricing, TokenModalitiesDto? Modalities)
{
    public static LlmDto From(StoredSpan s) => new(
        s.Provider, s.Operation, s.RequestModel, s.ResponseModel, s.InputTokens, s.OutputTokens, s.CostUsd, s.FinishReasons,
        s.Dialect, s.CacheReadTokens, s.CacheWriteTokens, s.ReasoningTokens, s.CostSource, s.SuppliedCostUsd, s.ComputedCostUsd,
        s.TimeToFirstTokenMs, s.UserId, s.SessionId, s.Input, s.Output, s.Emitter, s.Inclusivity, s.ToFacts().IsLlm,
        PricingDto.From(s), TokenModalitiesDto.From(s));
}

/// <summary>
/// What priced a span, as recorded when it was priced: <see cref="Entry"/> the catalog entry (provider/model, with
/// @effectiveFrom for a later price version) and <see cref="CatalogVersion"/> the price list's version, or "custom" for
/// the project's own price; <see cref="TierAboveInputTokens"/> the long-prompt tier applied (null: base rates);
/// <see cref="InclusivityRule"/> how the token counts were made inclusive of cache and reasoning tokens (the emitter
/// table row, or "guessed" from the counts when no row knows the instrumentation); <see cref="UnknownReason"/> why a
/// model call's cost is unknown (no_model, deployment_name, unpriced_model, no_usage, no_input_tokens,
/// no_output_tokens, invalid_usage, cost_out_of_range); <see cref="ModalityRule"/> which rate priced the audio and image
/// tokens (<c>audio_input=audio_rate</c>, <c>audio_output=output_rate</c>, …; null when the call reported none). Entry is
/// set whenever a price was found, also when the usage was too incomplete to compute a cost.
/// </summary>
public sealed record PricingDto(
    string? Entry, string? CatalogVersion, long? TierAboveInputTokens, string? InclusivityRule, string? UnknownReason, string? ModalityRule)
{
    public static PricingDto From(StoredSpan s) => new(
        s.PriceEntry, s.PriceCatalogVersion, s.PriceTierAboveInputTokens,
        s.Emitter ?? (s.Inclusivity == TokenInclusivity.Guessed ? TokenInclusivity.Guessed : null),
        s.CostUnknownReason, s.PriceModalities);
}

/// <summary>
/// The per-modality parts of a call's input and output tokens, as the span reported them (never added to the totals);
/// <see cref="ExceedTotals"/> flags parts that add up to more than their total. Null on a span that reported none.
/// </summary>
public sealed record TokenModalitiesDto(
    long? TextInput, long? ImageInput, long? AudioInput, long? VideoInput, long? TextOutput, long? AudioOutput, bool ExceedTotals)
{
    public static TokenModalitiesDto? From(StoredSpan s) =>
        s.TextInputTokens is null && s.ImageInputTokens is null && s.AudioInputTokens is null && s.VideoInputTokens is null
            && s.TextOutputTokens is null && s.AudioOutputTokens is null
            ? null
            : new(s.TextInputTokens, s.ImageInputTokens, s.AudioInputTokens, s.VideoInputTokens, s.TextOutputTokens, s.AudioOutputTokens,
                s.ModalityCountsExceedTotals == true);
}
