using System.Text.Json;
using Observatory.Core.Spans;

namespace Observatory.Core.Budgets;

/// <summary>
/// What a budget reads of one stored model call: where it belongs (scope fields), when it started and what it cost.
/// Only model calls count (<see cref="Llm.LlmFacts.IsModelCall"/>, the rollups' and trace totals' rule); an unknown
/// cost or token count adds nothing, as in every other total.
/// </summary>
public sealed class BudgetSpan
{
    private Dictionary<string, string?>? _attributes;

    public required string TraceId { get; init; }
    public required string SpanId { get; init; }
    public required string Service { get; init; }
    public string? Provider { get; init; }
    public string? RequestModel { get; init; }
    public string? ResponseModel { get; init; }
    public string? UserId { get; init; }
    public string? SessionId { get; init; }
    public long StartUnixNano { get; init; }
    public decimal CostUsd { get; init; }

    /// <summary>Input plus output tokens (input includes cache reads and writes; output includes reasoning).</summary>
    public long Tokens { get; init; }

    /// <summary>Span attributes as stored (a JSON object); read only when a budget is scoped by an attribute.</summary>
    public string AttributesJson { get; init; } = "{}";

    /// <summary>Resource attributes as stored; the span's own attribute of the same key wins.</summary>
    public string ResourceAttributesJson { get; init; } = "{}";

    public long Minute => BudgetMinutes.OfUnixNano(StartUnixNano);

    /// <summary>The call's facts, or null when the span is not a model call (it never counts in a budget).</summary>
    public static BudgetSpan? From(SpanRecord span)
    {
        if (span.Llm is not { IsModelCall: true } llm)
        {
            return null;
        }

        return new BudgetSpan
        {
            TraceId = span.TraceId,
            SpanId = span.SpanId,
            Service = span.ServiceName,
            Provider = llm.Provider,
            RequestModel = llm.RequestModel,
            ResponseModel = llm.ResponseModel,
            UserId = span.UserId,
            SessionId = span.SessionId,
            StartUnixNano = span.StartUnixNano,
            CostUsd = llm.CostUsd ?? 0m,
            Tokens = (llm.InputTokens ?? 0) + (llm.OutputTokens ?? 0),
            AttributesJson = span.AttributesJson,
            ResourceAttributesJson = span.ResourceAttributesJson,
        };
    }

    /// <summary>
    /// An attribute's value as text, the way PostgreSQL's <c>-&gt;&gt;</c> reads it (the back-fill's SQL does): a string as
    /// itself, any other value as its JSON text; the span's attribute first, then the resource's; null when absent.
    /// </summary>
    public string? Attribute(string key)
    {
        _attributes ??= new Dictionary<string, string?>(StringComparer.Ordinal);
        if (!_attributes.TryGetValue(key, out var value))
        {
            value = Read(AttributesJson, key) ?? Read(ResourceAttributesJson, key);
            _attributes[key] = value;
        }

        return value;
    }

    private static string? Read(string json, string key)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty(key, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null => null,
            _ => value.GetRawText(),
        };
    }
}
