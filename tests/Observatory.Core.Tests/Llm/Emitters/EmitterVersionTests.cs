using Observatory.Core.Llm;
using Observatory.Core.Pricing;
using Observatory.Core.Spans;

namespace Observatory.Core.Tests.Llm.Emitters;

/// <summary>
/// Versions of one instrumentation that send the same call differently, each read right by its table row: a span
/// per version, built from that version's source, with the facts that differ and the exact cost.
/// </summary>
public class EmitterVersionTests
{
    private static readonly DateTimeOffset CallTime = new(2025, 11, 24, 16, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Vercel_xai_chat_before_its_usage_converter_sends_reasoning_beside_the_output_and_its_total_says_so()
    {
        // vercel/ai packages/xai/src/xai-chat-language-model.ts, first v5 releases: outputTokens = completion_tokens (180),
        // reasoningTokens = completion_tokens_details.reasoning_tokens (836), totalTokens = xAI's total_tokens, which
        // counts the reasoning beside the completion; no cache count. The same call as the vercel-ai-xai case.
        var span = EmitterCase.Span("ai", "ai.streamText.doStream", SpanKind.Internal,
            ("ai.operationId", "ai.streamText.doStream"), ("ai.model.provider", "xai.chat"), ("ai.model.id", "grok-3-mini"),
            ("ai.response.model", "grok-3-mini"), ("ai.response.finishReason", "stop"), ("ai.usage.inputTokens", 1_250L),
            ("ai.usage.outputTokens", 180L), ("ai.usage.totalTokens", 2_266L), ("ai.usage.reasoningTokens", 836L));

        var facts = SpanNormalizer.Normalize(span)!;

        Assert.Equal(("vercel-ai-xai", TokenInclusivity.Known, 1_250L, 180L + 836L, 836L, (long?)null),
            (facts.Emitter, facts.Inclusivity, facts.InputTokens, facts.OutputTokens, facts.ReasoningOutputTokens, facts.CacheReadInputTokens));
        Assert.Equal(EmitterCase.Usd(1_250, 0.3m) + EmitterCase.Usd(180, 0.5m) + EmitterCase.Usd(836, 0.5m),
            CostCalculator.Apply(facts, PriceCatalog.Default, CallTime).CostUsd);
    }

    [Fact]
    public void Vercel_xai_responses_model_counts_reasoning_inside_the_output()
    {
        // vercel/ai packages/xai/src/responses/convert-xai-responses-usage.ts (v5): outputTokens = output_tokens, which
        // holds output_tokens_details.reasoning_tokens; totalTokens = total_tokens = input + output.
        var span = EmitterCase.Span("ai", "ai.streamText.doStream", SpanKind.Internal,
            ("ai.operationId", "ai.streamText.doStream"), ("ai.model.provider", "xai.responses"), ("ai.model.id", "grok-4-fast-reasoning"),
            ("ai.response.model", "grok-4-fast-reasoning"), ("ai.response.finishReason", "stop"), ("ai.usage.inputTokens", 3_000L),
            ("ai.usage.outputTokens", 1_400L), ("ai.usage.totalTokens", 4_400L), ("ai.usage.reasoningTokens", 1_100L),
            ("ai.usage.cachedInputTokens", 2_048L));

        var facts = SpanNormalizer.Normalize(span)!;

        Assert.Equal(("vercel-ai-xai", "xai", 3_000L, 1_400L, 1_100L, 2_048L),
            (facts.Emitter, facts.Provider, facts.InputTokens, facts.OutputTokens, facts.ReasoningOutputTokens, facts.CacheReadInputTokens));
        Assert.Equal(EmitterCase.Usd(952, 0.2m) + EmitterCase.Usd(2_048, 0.05m) + EmitterCase.Usd(300, 0.5m) + EmitterCase.Usd(1_100, 0.5m),
            CostCalculator.Apply(facts, PriceCatalog.Default, CallTime).CostUsd);
    }

    [Fact]
    public void Vercel_v6_generate_text_step_of_anthropic_is_read_from_the_raw_usage_not_counted_twice()
    {
        // vercel/ai v6 generate-text.ts doGenerate: ai.usage.promptTokens = usage.inputTokens.total (input + cache writes +
        // cache reads), no token details; anthropic-messages-language-model.ts keeps the raw usage in providerMetadata.
        // The same call as the vercel-ai-anthropic case, with the same facts and cost.
        var span = EmitterCase.Span("ai", "ai.generateText.doGenerate", SpanKind.Internal,
            ("ai.operationId", "ai.generateText.doGenerate"), ("ai.model.provider", "anthropic.messages"), ("ai.model.id", "claude-sonnet-4-5"),
            ("ai.response.model", "claude-sonnet-4-5-20250929"), ("ai.response.finishReason", "stop"),
            ("ai.response.providerMetadata",
                """{"anthropic":{"usage":{"input_tokens":35,"cache_creation_input_tokens":2100,"cache_read_input_tokens":18000,"output_tokens":410},"cacheCreationInputTokens":2100,"stopSequence":null}}"""),
            ("ai.usage.promptTokens", 35L + 2_100L + 18_000L), ("ai.usage.completionTokens", 410L),
            ("gen_ai.usage.input_tokens", 35L + 2_100L + 18_000L), ("gen_ai.usage.output_tokens", 410L));

        var facts = SpanNormalizer.Normalize(span)!;

        Assert.Equal(("vercel-ai-anthropic", 20_135L, 410L, 18_000L, 2_100L),
            (facts.Emitter, facts.InputTokens, facts.OutputTokens, facts.CacheReadInputTokens, facts.CacheCreationInputTokens));
        Assert.Equal(EmitterCase.Usd(35, 3m) + EmitterCase.Usd(18_000, 0.30m) + EmitterCase.Usd(2_100, 3.75m) + EmitterCase.Usd(410, 15m),
            CostCalculator.Apply(facts, PriceCatalog.Default, CallTime).CostUsd);
    }

    [Fact]
    public void Vercel_v5_generate_text_step_of_anthropic_finds_its_cache_reads_in_the_raw_usage()
    {
        // vercel/ai v5 generate-text.ts doGenerate: ai.usage.promptTokens = Anthropic's input_tokens, no cachedInputTokens on
        // the span; the cache reads are only in providerMetadata.anthropic.usage.
        var span = EmitterCase.Span("ai", "ai.generateText.doGenerate", SpanKind.Internal,
            ("ai.operationId", "ai.generateText.doGenerate"), ("ai.model.provider", "anthropic.messages"), ("ai.model.id", "claude-sonnet-4-5"),
            ("ai.response.model", "claude-sonnet-4-5-20250929"), ("ai.response.finishReason", "stop"),
            ("ai.response.providerMetadata",
                """{"anthropic":{"usage":{"input_tokens":35,"cache_creation_input_tokens":0,"cache_read_input_tokens":18000,"output_tokens":410},"cacheCreationInputTokens":0,"stopSequence":null}}"""),
            ("ai.usage.promptTokens", 35L), ("ai.usage.completionTokens", 410L));

        var facts = SpanNormalizer.Normalize(span)!;

        Assert.Equal(("vercel-ai-anthropic", 18_035L, 18_000L), (facts.Emitter, facts.InputTokens, facts.CacheReadInputTokens));
        Assert.Equal(EmitterCase.Usd(35, 3m) + EmitterCase.Usd(18_000, 0.30m) + EmitterCase.Usd(410, 15m),
            CostCalculator.Apply(facts, PriceCatalog.Default, CallTime).CostUsd);
    }

    [Fact]
    public void Pydantic_ai_0x_on_anthropic_sums_the_cache_into_input_and_names_it_with_anthropics_raw_fields()
    {
        // pydantic-ai before the semconv cache names and before RequestUsage: models/anthropic.py _map_usage summed
        // input_tokens + cache_creation_input_tokens + cache_read_input_tokens itself; usage.py opentelemetry_attributes
        // wrote the raw fields as gen_ai.usage.details.* (with them missing, 130K cached tokens were priced at 8×).
        var span = EmitterCase.Span("pydantic-ai", "chat claude-3-5-sonnet-latest", SpanKind.Client,
            ("gen_ai.operation.name", "chat"), ("gen_ai.system", "anthropic"), ("gen_ai.request.model", "claude-3-5-sonnet-latest"),
            ("server.address", "api.anthropic.com"), ("gen_ai.response.model", "claude-3-5-sonnet-20241022"),
            ("gen_ai.usage.input_tokens", 131_204L), ("gen_ai.usage.output_tokens", 312L), ("gen_ai.usage.details.input_tokens", 20L),
            ("gen_ai.usage.details.output_tokens", 312L), ("gen_ai.usage.details.cache_creation_input_tokens", 1_184L),
            ("gen_ai.usage.details.cache_read_input_tokens", 130_000L));

        var facts = SpanNormalizer.Normalize(span)!;

        Assert.Equal(("pydantic-ai-anthropic", TokenInclusivity.Known, 131_204L, 312L, 130_000L, 1_184L),
            (facts.Emitter, facts.Inclusivity, facts.InputTokens, facts.OutputTokens, facts.CacheReadInputTokens, facts.CacheCreationInputTokens));
        Assert.Equal(EmitterCase.Usd(20, 3m) + EmitterCase.Usd(130_000, 0.30m) + EmitterCase.Usd(1_184, 3.75m) + EmitterCase.Usd(312, 15m),
            CostCalculator.Apply(facts, PriceCatalog.Default, CallTime).CostUsd);
    }

    [Fact]
    public void Pydantic_ai_on_vertex_ai_is_the_google_provider()
    {
        // pydantic-ai GoogleModel with provider google-vertex: gen_ai.system is the provider's name.
        var span = EmitterCase.Span("pydantic-ai", "chat gemini-2.5-pro", SpanKind.Client,
            ("gen_ai.operation.name", "chat"), ("gen_ai.system", "google-vertex"), ("gen_ai.request.model", "gemini-2.5-pro"),
            ("gen_ai.usage.input_tokens", 2_000L), ("gen_ai.usage.output_tokens", 900L), ("gen_ai.usage.details.thoughts_tokens", 700L));

        var facts = SpanNormalizer.Normalize(span)!;

        Assert.Equal(("pydantic-ai-google", "google", 2_000L, 900L, 700L),
            (facts.Emitter, facts.Provider, facts.InputTokens, facts.OutputTokens, facts.ReasoningOutputTokens));
        Assert.Equal(EmitterCase.Usd(2_000, 1.25m) + EmitterCase.Usd(200, 10m) + EmitterCase.Usd(700, 10m),
            CostCalculator.Apply(facts, PriceCatalog.Default, CallTime).CostUsd);
    }

    [Fact]
    public void Current_openllmetry_cohere_writes_billed_units_of_a_v2_chat_under_the_older_names_and_without_content()
    {
        // traceloop/openllmetry cohere __init__.py (ClientV2.chat wrapped, span cohere.chat) and span_utils.py
        // set_span_response_attributes: usage.billed_units as gen_ai.usage.prompt_tokens / completion_tokens, written
        // whether or not prompts are traced (none here).
        var span = EmitterCase.Span("opentelemetry.instrumentation.cohere", "cohere.chat", SpanKind.Client,
            ("gen_ai.system", "Cohere"), ("llm.request.type", "chat"), ("gen_ai.request.model", "command-a-03-2025"),
            ("gen_ai.response.id", "7d1c9a5e-3f2b-4e6d-8a0c-1b2d3e4f5a6b"), ("llm.usage.total_tokens", 1_655L),
            ("gen_ai.usage.completion_tokens", 287L), ("gen_ai.usage.prompt_tokens", 1_368L));

        var facts = SpanNormalizer.Normalize(span)!;

        Assert.Equal(("openllmetry-cohere", "cohere", "chat", 1_368L, 287L),
            (facts.Emitter, facts.Provider, facts.Operation, facts.InputTokens, facts.OutputTokens));
        Assert.Equal(EmitterCase.Usd(1_368, 2.5m) + EmitterCase.Usd(287, 10m), CostCalculator.Apply(facts, PriceCatalog.Default, CallTime).CostUsd);
    }

    [Fact]
    public void Openllmetry_mistralai_for_the_v1_client_writes_the_semconv_names()
    {
        // traceloop/openllmetry mistralai __init__.py for mistralai >= 1 (chat.complete): _set_model_response_attributes
        // writes gen_ai.usage.input_tokens / output_tokens and llm.usage.total_tokens; gen_ai.system MistralAI.
        var span = EmitterCase.Span("opentelemetry.instrumentation.mistralai", "mistralai.chat", SpanKind.Client,
            ("gen_ai.system", "MistralAI"), ("llm.request.type", "chat"), ("gen_ai.request.model", "mistral-large-latest"),
            ("llm.is_streaming", false), ("gen_ai.response.id", "cmpl-e5cc70bb28c444948073e77776eb30ef"),
            ("gen_ai.response.model", "mistral-large-latest"), ("llm.usage.total_tokens", 2_730L), ("gen_ai.usage.output_tokens", 410L),
            ("gen_ai.usage.input_tokens", 2_320L));

        var facts = SpanNormalizer.Normalize(span)!;

        Assert.Equal(("openllmetry-mistralai", "mistral", 2_320L, 410L), (facts.Emitter, facts.Provider, facts.InputTokens, facts.OutputTokens));
        Assert.Equal(EmitterCase.Usd(2_320, 2m) + EmitterCase.Usd(410, 6m), CostCalculator.Apply(facts, PriceCatalog.Default, CallTime).CostUsd);
    }
}
