using Observatory.Core.Llm;
using Observatory.Core.Spans;
using Observatory.Core.Traces;

namespace Observatory.Storage.Traces;

/// <summary>A span as read back from <c>spans</c>; JSON columns stay raw text for the API to embed.</summary>
public sealed record StoredSpan
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
    public string? ErrorType { get; init; }
    public string? UserId { get; init; }
    public string? SessionId { get; init; }
    public bool IsLlm { get; init; }
    public string? Provider { get; init; }
    public string? Operation { get; init; }
    public string? RequestModel { get; init; }
    public string? ResponseModel { get; init; }
    public long? InputTokens { get; init; }
    public long? OutputTokens { get; init; }
    public decimal? CostUsd { get; init; }
    public IReadOnlyList<string> FinishReasons { get; init; } = [];
    public string? Dialect { get; init; }
    public long? CacheReadTokens { get; init; }
    public long? CacheWriteTokens { get; init; }
    public long? ReasoningTokens { get; init; }
    public decimal? ComputedCostUsd { get; init; }
    public decimal? SuppliedCostUsd { get; init; }
    public string? CostSource { get; init; }
    public double? TimeToFirstTokenMs { get; init; }

    /// <summary>The emitter table row the token counts were read as; null for an unknown instrumentation.</summary>
    public string? Emitter { get; init; }

    /// <summary>known (from the emitter's row) or guessed (counts compared); null without usage.</summary>
    public string? Inclusivity { get; init; }

    /// <summary>The catalog entry that priced the computed cost (provider/model[@effectiveFrom]); null when unpriced.</summary>
    public string? PriceEntry { get; init; }

    /// <summary>The price list version of <see cref="PriceEntry"/>, or <c>custom</c> for a project's own price.</summary>
    public string? PriceCatalogVersion { get; init; }

    /// <summary>The long-prompt tier applied, by its threshold in input tokens; null for the base rates.</summary>
    public long? PriceTierAboveInputTokens { get; init; }

    /// <summary>Why a model call's cost is unknown (CostUnknownReason), as decided at ingest; null when known.</summary>
    public string? CostUnknownReason { get; init; }

    /// <summary>The prompt: the span's own, else what its GenAI log events carried.</summary>
    public string? Input { get; init; }

    /// <summary>The completion: the span's own, else what its GenAI log events carried.</summary>
    public string? Output { get; init; }
    public string AttributesJson { get; init; } = "{}";
    public string EventsJson { get; init; } = "[]";

    /// <summary>The per-modality parts of <see cref="InputTokens"/> and <see cref="OutputTokens"/>, as the span reported them.</summary>
    public long? TextInputTokens { get; init; }
    public long? ImageInputTokens { get; init; }
    public long? AudioInputTokens { get; init; }
    public long? VideoInputTokens { get; init; }
    public long? TextOutputTokens { get; init; }
    public long? AudioOutputTokens { get; init; }

    /// <summary>True when the modality parts add up to more than their total; null when the span reported none.</summary>
    public bool? ModalityCountsExceedTotals { get; init; }

    /// <summary>Which rate priced the audio and image tokens (ModalityPricing); null when the call reported none.</summary>
    public string? PriceModalities { get; init; }

    /// <summary>Agent, workflow, tool and MCP identity (migration 0260); null for a span that carries none.</summary>
    public AgentToolFacts? Agent { get; init; }

    public double DurationMs => Math.Max(0, EndUnixNano - StartUnixNano) / 1_000_000.0;

    public TraceSpanFacts ToFacts() => new()
    {
        SpanId = SpanId,
        ParentSpanId = ParentSpanId,
        Name = Name,
        ServiceName = ServiceName,
        StartUnixNano = StartUnixNano,
        EndUnixNano = EndUnixNano,
        IsError = Status == SpanStatusCode.Error,
        IsLlm = IsLlm && LlmFacts.CountsAsModelCall(Operation, ResponseModel ?? RequestModel),
        InputTokens = InputTokens,
        OutputTokens = OutputTokens,
        CostUsd = CostUsd,
        Model = ResponseModel ?? RequestModel,
        UserId = UserId,
        SessionId = SessionId,
    };
}
