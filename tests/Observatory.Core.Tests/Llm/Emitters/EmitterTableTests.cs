using Observatory.Core.Llm;
using Observatory.Core.Llm.Emitters;
using Observatory.Core.Pricing;
using Observatory.Core.Spans;

namespace Observatory.Core.Tests.Llm.Emitters;

/// <summary>Each emitter table row against a span built from its cited source: every fact and the exact cost.</summary>
public class EmitterTableTests
{
    private static readonly DateTimeOffset CallTime = new(2025, 11, 24, 16, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Emitters => new(EmitterCases.ByEmitter.Keys);

    [Theory]
    [MemberData(nameof(Emitters))]
    public void Every_fact_and_the_exact_cost_come_out_of_a_realistic_span_of_each_emitter(string emitter)
    {
        var (span, expected, cost) = EmitterCases.ByEmitter[emitter];

        var facts = SpanNormalizer.Read(span, captureContent: false).Llm;

        Assert.NotNull(facts);
        Assert.Equal(expected.FinishReasons, facts.FinishReasons);
        Assert.Equal(expected with { FinishReasons = facts.FinishReasons }, facts);
        Assert.True(facts.IsModelCall);
        Assert.Equal(cost, CostCalculator.Apply(facts, PriceCatalog.Default, CallTime).CostUsd);
    }

    [Fact]
    public void Every_row_of_the_table_has_a_realistic_case()
    {
        Assert.Equal(EmitterTable.Rows.Select(r => r.Id).Order(), EmitterCases.ByEmitter.Keys.Order());
    }

    [Fact]
    public void Row_ids_are_unique_and_every_row_cites_its_source()
    {
        Assert.Equal(EmitterTable.Rows.Count, EmitterTable.Rows.Select(r => r.Id).Distinct().Count());
        Assert.All(EmitterTable.Rows, r => Assert.False(string.IsNullOrWhiteSpace(r.Source)));
        Assert.All(EmitterTable.Rows, r => Assert.NotEmpty(r.Reads.Input));
    }

    [Fact]
    public void A_span_of_an_unknown_emitter_says_its_inclusivity_was_guessed()
    {
        var facts = SpanNormalizer.Normalize(EmitterCase.Span("my-company.llm-client", "chat", SpanKind.Client,
            ("gen_ai.provider.name", "anthropic"), ("gen_ai.request.model", "claude-sonnet-4-5"), ("gen_ai.usage.input_tokens", 100L),
            ("gen_ai.usage.output_tokens", 10L), ("gen_ai.usage.cache_read.input_tokens", 8_000L)));

        Assert.Equal((null, TokenInclusivity.Guessed, 8_100L), (facts!.Emitter, facts.Inclusivity, facts.InputTokens));
    }

    [Fact]
    public void A_span_without_usage_has_no_inclusivity()
    {
        var facts = SpanNormalizer.Normalize(EmitterCase.Span("opentelemetry.instrumentation.openai_v2", "chat gpt-4o", SpanKind.Client,
            ("gen_ai.operation.name", "chat"), ("gen_ai.provider.name", "openai"), ("gen_ai.request.model", "gpt-4o")));

        Assert.Equal(("otel-openai", null), (facts!.Emitter, facts.Inclusivity));
    }

    [Fact]
    public void Litellm_on_bedrock_sends_input_with_the_cache_inside()
    {
        // BerriAI/litellm converse_transformation.py _transform_usage: prompt_tokens = inputTokens + cacheReadInputTokens +
        // cacheWriteInputTokens; opentelemetry.py set_attributes writes it with gen_ai.system = custom_llm_provider (bedrock)
        // and no cache count, so the cached tokens are priced at the input rate (the span carries nothing better).
        var span = EmitterCase.Span("litellm", "litellm_request", SpanKind.Internal,
            ("gen_ai.request.model", "us.anthropic.claude-sonnet-4-20250514-v1:0"), ("gen_ai.system", "bedrock"), ("llm.is_streaming", "False"),
            ("gen_ai.response.model", "us.anthropic.claude-sonnet-4-20250514-v1:0"), ("gen_ai.usage.total_tokens", 26_100L),
            ("gen_ai.usage.output_tokens", 380L), ("gen_ai.usage.input_tokens", 220L + 24_000L + 1_500L),
            ("gen_ai.operation.name", "acompletion"), ("gen_ai.response.finish_reasons", "[\"stop\"]"));

        var facts = SpanNormalizer.Normalize(span)!;

        Assert.Equal(("litellm", TokenInclusivity.Known, "aws.bedrock", "chat", 25_720L, 380L, (long?)null),
            (facts.Emitter, facts.Inclusivity, facts.Provider, facts.Operation, facts.InputTokens, facts.OutputTokens, facts.CacheReadInputTokens));
        Assert.Equal(EmitterCase.Usd(25_720, 3m) + EmitterCase.Usd(380, 15m), CostCalculator.Apply(facts, PriceCatalog.Default, CallTime).CostUsd);
    }

    [Fact]
    public void Openinference_langchain_on_bedrock_converse_counts_the_cache_in_the_prompt()
    {
        // langchain-aws bedrock_converse.py _extract_usage_metadata: input_tokens = inputTokens (cache excluded), total_tokens =
        // totalTokens (cache included), input_token_details cache_read / cache_creation. OpenInference langchain _tracer.py
        // _token_counts_from_lc_usage_metadata sees total = input + output + cache and adds the cache to the prompt;
        // llm.provider aws from _LANGCHAIN_PROVIDER_MAP.
        var span = EmitterCase.Span("openinference.instrumentation.langchain", "ChatBedrockConverse", SpanKind.Internal,
            ("openinference.span.kind", "LLM"), ("llm.provider", "aws"), ("llm.model_name", "us.anthropic.claude-3-7-sonnet-20250219-v1:0"),
            ("llm.token_count.prompt", 310L + 18_000L + 2_200L), ("llm.token_count.completion", 450L), ("llm.token_count.total", 20_960L),
            ("llm.token_count.prompt_details.cache_write", 2_200L), ("llm.token_count.prompt_details.cache_read", 18_000L));

        var facts = SpanNormalizer.Normalize(span)!;

        Assert.Equal(("openinference", TokenInclusivity.Known, "aws.bedrock", 20_510L, 450L, 18_000L, 2_200L),
            (facts.Emitter, facts.Inclusivity, facts.Provider, facts.InputTokens, facts.OutputTokens, facts.CacheReadInputTokens, facts.CacheCreationInputTokens));
        Assert.Equal(EmitterCase.Usd(310, 3m) + EmitterCase.Usd(18_000, 0.30m) + EmitterCase.Usd(2_200, 3.75m) + EmitterCase.Usd(450, 15m),
            CostCalculator.Apply(facts, PriceCatalog.Default, CallTime).CostUsd);
    }

    [Fact]
    public void Vercel_azure_provider_is_read_as_the_openai_models_it_wraps()
    {
        // vercel/ai packages/azure azure-openai-provider.ts: createChatModel = OpenAIChatLanguageModel with provider azure.chat,
        // so usage is OpenAI's (prompt_tokens with cached tokens inside); ai.model.id is the deployment name.
        var span = EmitterCase.Span("ai", "ai.streamText.doStream", SpanKind.Internal,
            ("ai.operationId", "ai.streamText.doStream"), ("ai.model.provider", "azure.chat"), ("ai.model.id", "gpt-4o-mini"),
            ("ai.response.model", "gpt-4o-mini-2024-07-18"), ("ai.response.finishReason", "stop"), ("ai.usage.inputTokens", 3_200L),
            ("ai.usage.cachedInputTokens", 2_048L), ("ai.usage.outputTokens", 150L), ("ai.usage.totalTokens", 3_350L));

        var facts = SpanNormalizer.Normalize(span)!;

        Assert.Equal(("vercel-ai-openai", TokenInclusivity.Known, 3_200L, 2_048L, 150L),
            (facts.Emitter, facts.Inclusivity, facts.InputTokens, facts.CacheReadInputTokens, facts.OutputTokens));
        Assert.Equal(EmitterCase.Usd(1_152, 0.15m) + EmitterCase.Usd(2_048, 0.075m) + EmitterCase.Usd(150, 0.6m),
            CostCalculator.Apply(facts, PriceCatalog.Default, CallTime).CostUsd);
    }

    [Fact]
    public void Strands_time_to_first_token_is_read_in_milliseconds_not_seconds()
    {
        var facts = SpanNormalizer.Normalize(EmitterCases.ByEmitter["strands"].Payload);

        Assert.Equal(742, facts!.TimeToFirstTokenMs);
    }
}
