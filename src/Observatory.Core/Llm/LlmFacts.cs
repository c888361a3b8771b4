namespace Observatory.Core.Llm;

/// <summary>
/// The LLM facts read from one span, whatever convention it speaks. Null means unknown, never zero:
/// a streaming span without usage has unknown tokens and so an unknown cost.
/// </summary>
public sealed record LlmFacts
{
    /// <summary>The convention the span speaks, one of <see cref="Dialects"/> (detection rules documented there).</summary>
    public string? Dialect { get; init; }

    /// <summary>The <see cref="Emitters.EmitterTable"/> row that recognised the span's instrumentation; null when unknown.</summary>
    public string? Emitter { get; init; }

    /// <summary>
    /// How the token counts were made inclusive (<see cref="TokenInclusivity"/>): <c>known</c> from the emitter's row,
    /// <c>guessed</c> by comparing the counts when no row knows the emitter; null without usage.
    /// </summary>
    public string? Inclusivity { get; init; }

    /// <summary>Canonical lowercase provider id (see <see cref="ProviderNames"/>).</summary>
    public string? Provider { get; init; }

    /// <summary>
    /// OTel GenAI operation name: chat, text_completion, generate_content, embeddings, execute_tool, invoke_agent,
    /// create_agent, retrieval, rerank; framework spans add workflow and task (OpenInference CHAIN, traceloop.span.kind,
    /// OTel invoke_workflow) and guardrail, evaluation, prompt (other OpenInference kinds).
    /// </summary>
    public string? Operation { get; init; }

    public string? RequestModel { get; init; }
    public string? ResponseModel { get; init; }

    /// <summary>
    /// All input tokens, cache reads and writes included (the OTel meaning), whatever the dialect reported: a dialect
    /// that sends Anthropic's exclusive count gets the cache tokens added (rules on <see cref="Dialects"/>).
    /// </summary>
    public long? InputTokens { get; init; }

    /// <summary>All output tokens, reasoning ones included (reasoning reported beside a smaller output count is added).</summary>
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

    /// <summary>Cost in USD from the price catalog (the project's own prices first), whether or not the client supplied one.</summary>
    public decimal? ComputedCostUsd { get; init; }

    /// <summary>Where <see cref="CostUsd"/> came from: <c>supplied</c>, <c>computed</c>, or null when it is unknown.</summary>
    public string? CostSource => SuppliedCostUsd is not null ? "supplied" : ComputedCostUsd is not null ? "computed" : null;

    /// <summary>
    /// The catalog entry that priced the computed cost (<see cref="Pricing.ModelPrice.EntryId"/>: provider/model, with
    /// @effectiveFrom for a later price version); set whenever a price was found, even when the usage was too unknown
    /// to compute a cost. Null when the model is unpriced.
    /// </summary>
    public string? PriceEntry { get; init; }

    /// <summary>The price list version of <see cref="PriceEntry"/> (prices.json's version), or <c>custom</c> for a project's own price.</summary>
    public string? PriceCatalogVersion { get; init; }

    /// <summary>The long-prompt tier that priced the whole call, by its threshold in input tokens; null for the base rates.</summary>
    public long? PriceTierAboveInputTokens { get; init; }

    /// <summary>
    /// Why <see cref="CostUsd"/> is unknown (<see cref="Pricing.CostUnknownReason"/>); null when it is known and for spans
    /// that are not model calls. Set by <see cref="Pricing.CostCalculator.Apply"/>.
    /// </summary>
    public string? CostUnknownReason { get; init; }

    public IReadOnlyList<string> FinishReasons { get; init; } = [];

    /// <summary>The OpenAI service tier that served (else was requested for) the call: default, flex, priority, …</summary>
    public string? ServiceTier { get; init; }

    /// <summary>
    /// The prompt: a JSON array of messages (<c>[{"role":"user","content":"…"}]</c>) when the span carries messages,
    /// else plain text; at most <see cref="LlmContent.MaxBytes"/> UTF-8 bytes, then cut with a truncation marker
    /// (a cut JSON array is no longer valid JSON). Null when unknown or when content capture is off.
    /// </summary>
    public string? Input { get; init; }

    /// <summary>The completion, in the same form as <see cref="Input"/>.</summary>
    public string? Output { get; init; }

    /// <summary>The model the call is counted under: the response model when known, else the request model.</summary>
    public string? Model => ResponseModel ?? RequestModel;

    /// <summary>
    /// True for a call to a model: it counts in model stats, trace totals and a trace's LLM calls. A span is one when its
    /// operation says so (chat, text_completion, generate_content, embeddings, rerank, …), or when it names no operation,
    /// or an unknown one, and has a model. Agent, workflow, task and tool spans never are, whatever they carry: Strands'
    /// and Agent Framework's invoke_agent spans repeat the model, tokens and cost of the calls under them, so they keep
    /// those facts for display but are not added again. Framework spans of other dialects (OpenInference CHAIN/AGENT/TOOL,
    /// traceloop.span.kind, the outer Vercel ai.generateText span) carry no usage at all (see SpanNormalizer).
    /// </summary>
    public bool IsModelCall => CountsAsModelCall(Operation, Model);

    /// <summary>Operations of spans that are never model calls (SQL read paths use the same list), plus any invoke_*.</summary>
    public static IReadOnlyList<string> NonModelCallOperations { get; } =
        ["execute_tool", "invoke_agent", "create_agent", "invoke_workflow", "workflow", "task", "tool", "agent", "retrieval", "guardrail", "evaluation", "prompt",
            .. ConventionNames.OTelGenAiAgents.PlanAndMemoryOperations];

    /// <summary>Prefix of agent-level operations (invoke_agent, invoke_workflow, Strands' invoke_swarm and invoke_graph).</summary>
    public const string InvokeOperationPrefix = "invoke_";

    /// <summary>Operations that are calls to a model, model or not.</summary>
    public static IReadOnlyList<string> ModelCallOperations { get; } =
        ["chat", "text_completion", "generate_content", "embeddings", "rerank", "create_response", "image_generation", "speech", "transcription"];

    /// <summary>The model-call rule of <see cref="IsModelCall"/> on an operation and model as stored.</summary>
    public static bool CountsAsModelCall(string? operation, string? model)
    {
        if (operation is null)
        {
            return true;
        }

        if (NonModelCallOperations.Contains(operation) || operation.StartsWith(InvokeOperationPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        return ModelCallOperations.Contains(operation) || model is not null;
    }

    /// <summary>True when the span reported any token usage.</summary>
    public bool HasUsage => InputTokens is not null || OutputTokens is not null;

    /// <summary>True when <see cref="CostUsd"/> came from the client rather than from our price catalog.</summary>
    public bool IsCostSupplied => SuppliedCostUsd is not null && CostUsd == SuppliedCostUsd;

    /// <summary>Input tokens the provider reported as text: a part of <see cref="InputTokens"/>, never added to it.</summary>
    public long? TextInputTokens { get; init; }

    /// <summary>Input tokens the provider reported as image: a part of <see cref="InputTokens"/>.</summary>
    public long? ImageInputTokens { get; init; }

    /// <summary>Input tokens the provider reported as audio: a part of <see cref="InputTokens"/>.</summary>
    public long? AudioInputTokens { get; init; }

    /// <summary>Input tokens the provider reported as video: a part of <see cref="InputTokens"/>.</summary>
    public long? VideoInputTokens { get; init; }

    /// <summary>Output tokens the provider reported as text: a part of <see cref="OutputTokens"/>.</summary>
    public long? TextOutputTokens { get; init; }

    /// <summary>Output tokens the provider reported as audio: a part of <see cref="OutputTokens"/>.</summary>
    public long? AudioOutputTokens { get; init; }

    /// <summary>
    /// True when the per-modality parts add up to more than their total (input or output): they are kept as sent, but
    /// never inflate the totals, and pricing takes no more modality tokens than the total holds (see CostCalculator).
    /// </summary>
    public bool ModalityCountsExceedTotals { get; init; }

    /// <summary>
    /// Which rate priced the call's audio and image tokens (<see cref="Pricing.ModalityPricing"/>), e.g.
    /// <c>audio_input=audio_rate,audio_output=audio_rate</c>; null when the call reported none or was not priced.
    /// Set by <see cref="Pricing.CostCalculator.Apply"/>.
    /// </summary>
    public string? PriceModalities { get; init; }

    /// <summary>True when the span reported any per-modality count.</summary>
    public bool HasModalities => TextInputTokens is not null || ImageInputTokens is not null || AudioInputTokens is not null
        || VideoInputTokens is not null || TextOutputTokens is not null || AudioOutputTokens is not null;
}
