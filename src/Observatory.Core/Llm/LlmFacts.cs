namespace Observatory.Core.Llm;

/// <summary>
/// The LLM facts read from one span, whatever convention it speaks. Null means unknown, never zero:
/// a streaming span without usage has unknown tokens and so an unknown cost.
/// </summary>
public sealed record LlmFacts
{
    /// <summary>Canonical lowercase provider id (see <see cref="ProviderNames"/>).</summary>
    public string? Provider { get; init; }

    /// <summary>OTel GenAI operation name: chat, text_completion, generate_content, embeddings, execute_tool, …</summary>
    public string? Operation { get; init; }

    public string? RequestModel { get; init; }
    public string? ResponseModel { get; init; }

    /// <summary>All input tokens, cached ones included (the OTel, OpenInference and OpenLLMetry meaning).</summary>
    public long? InputTokens { get; init; }

    /// <summary>All output tokens, reasoning ones included.</summary>
    public long? OutputTokens { get; init; }

    /// <summary>Input tokens served from the provider's prompt cache.</summary>
    public long? CacheReadInputTokens { get; init; }

    /// <summary>Input tokens written to the provider's prompt cache.</summary>
    public long? CacheCreationInputTokens { get; init; }

    /// <summary>Output tokens spent on reasoning (already counted in <see cref="OutputTokens"/>).</summary>
    public long? ReasoningOutputTokens { get; init; }

    /// <summary>Time to the first streamed token or chunk, in milliseconds.</summary>
    public double? TimeToFirstTokenMs { get; init; }

    /// <summary>A cost the client reported itself (gen_ai.usage.cost, llm.cost.total, …), in USD.</summary>
    public decimal? SuppliedCostUsd { get; init; }

    /// <summary>
    /// Cost in USD: the client-supplied cost when there is one, else computed from the price catalog;
    /// null when tokens or the price are unknown. Set by <see cref="Pricing.CostCalculator.Apply"/>.
    /// </summary>
    public decimal? CostUsd { get; init; }

    public IReadOnlyList<string> FinishReasons { get; init; } = [];

    /// <summary>The model the call is counted under: the response model when known, else the request model.</summary>
    public string? Model => ResponseModel ?? RequestModel;

    /// <summary>
    /// True for a call to a model (chat, completion, embeddings, ...): it counts in model stats and in a trace's LLM calls.
    /// A GenAI tool or agent span without a model keeps its facts but is not a model call.
    /// </summary>
    public bool IsModelCall => CountsAsModelCall(Operation, Model);

    public static bool CountsAsModelCall(string? operation, string? model) =>
        model is not null || operation is not ("execute_tool" or "invoke_agent" or "create_agent" or "workflow" or "task" or "tool" or "agent");

    /// <summary>True when the span reported any token usage.</summary>
    public bool HasUsage => InputTokens is not null || OutputTokens is not null;

    /// <summary>True when <see cref="CostUsd"/> came from the client rather than from our price catalog.</summary>
    public bool IsCostSupplied => SuppliedCostUsd is not null && CostUsd == SuppliedCostUsd;
}
