using Observatory.Core.Llm;

namespace Observatory.Core.Tests.Llm;

/// <summary>Normalized input tokens always include cache reads and writes, output tokens always include reasoning.</summary>
public class TokenInclusivityTests
{
    public static TheoryData<string, (string, object?)[], long?, long?, long?, long?> Cases => new()
    {
        {
            "OTel: input already includes the cache",
            [("gen_ai.provider.name", "anthropic"), ("gen_ai.usage.input_tokens", 2100L), ("gen_ai.usage.cache_read.input_tokens", 1800L), ("gen_ai.usage.cache_creation.input_tokens", 200L)],
            2100L, 1800L, 200L, null
        },
        {
            "OpenLLMetry legacy: prompt_tokens already includes the cache",
            [("gen_ai.system", "Anthropic"), ("llm.request.type", "chat"), ("gen_ai.usage.prompt_tokens", 2048L), ("gen_ai.usage.cache_read_input_tokens", 1500L)],
            2048L, 1500L, null, null
        },
        {
            "OpenInference: prompt count already includes the cache",
            [("openinference.span.kind", "LLM"), ("llm.token_count.prompt", 1100L), ("llm.token_count.prompt_details.cache_read", 1000L), ("llm.token_count.prompt_details.cache_write", 50L)],
            1100L, 1000L, 50L, null
        },
        {
            "Vercel Anthropic before v6: raw input excludes the cache",
            [("ai.model.provider", "anthropic.messages"), ("ai.usage.inputTokens", 20L), ("ai.usage.cachedInputTokens", 3000L)],
            3020L, 3000L, null, null
        },
        {
            "Vercel Anthropic before v6: cache writes from providerMetadata",
            [("ai.model.provider", "anthropic.messages"), ("ai.usage.promptTokens", 20L), ("ai.response.providerMetadata", """{"anthropic":{"cacheCreationInputTokens":500,"cacheReadInputTokens":100}}""")],
            620L, 100L, 500L, null
        },
        {
            "Vercel Anthropic on Vertex: same raw input",
            [("ai.model.provider", "vertex.anthropic.messages"), ("ai.usage.inputTokens", 10L), ("ai.usage.cachedInputTokens", 5L)],
            15L, 5L, null, null
        },
        {
            "Vercel v6: inputTokens is the total when the details are sent",
            [
                ("ai.model.provider", "anthropic.messages"), ("ai.usage.inputTokens", 3020L), ("ai.usage.inputTokenDetails.noCacheTokens", 20L),
                ("ai.usage.inputTokenDetails.cacheReadTokens", 3000L), ("ai.usage.inputTokenDetails.cacheWriteTokens", 0L),
            ],
            3020L, 3000L, 0L, null
        },
        {
            "Vercel OpenAI: prompt_tokens include cached tokens",
            [("ai.model.provider", "openai.chat"), ("ai.usage.inputTokens", 1500L), ("ai.usage.cachedInputTokens", 1024L)],
            1500L, 1024L, null, null
        },
        {
            "Any dialect: more cached than input means the input was exclusive",
            [("gen_ai.provider.name", "anthropic"), ("gen_ai.usage.input_tokens", 100L), ("gen_ai.usage.cache_read.input_tokens", 8000L)],
            8100L, 8000L, null, null
        },
        {
            "Unknown input stays unknown even with cache counts",
            [("gen_ai.provider.name", "anthropic"), ("gen_ai.usage.cache_read.input_tokens", 8000L)],
            null, 8000L, null, null
        },
        {
            "No usage at all stays unknown",
            [("gen_ai.provider.name", "anthropic"), ("gen_ai.request.model", "claude-sonnet-4-5")],
            null, null, null, null
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Input_tokens_are_normalized_to_include_cache_tokens(
        string rule, (string, object?)[] attributes, long? input, long? cacheRead, long? cacheWrite, long? output)
    {
        var facts = SpanNormalizer.Normalize(TestSpans.With(attributes));

        Assert.True(rule.Length > 0);
        Assert.NotNull(facts);
        Assert.Equal((input, cacheRead, cacheWrite, output), (facts.InputTokens, facts.CacheReadInputTokens, facts.CacheCreationInputTokens, facts.OutputTokens));
    }

    [Theory]
    [InlineData(300L, 256L, 300L)]
    [InlineData(44L, 256L, 300L)]
    [InlineData(0L, 0L, 0L)]
    public void Output_tokens_include_reasoning(long reportedOutput, long reasoning, long normalizedOutput)
    {
        var facts = SpanNormalizer.Normalize(TestSpans.With(
            ("gen_ai.provider.name", "gcp.gemini"), ("gen_ai.usage.output_tokens", reportedOutput), ("gen_ai.usage.reasoning.output_tokens", reasoning)));

        Assert.Equal((normalizedOutput, reasoning), (facts!.OutputTokens!.Value, facts.ReasoningOutputTokens!.Value));
    }

    [Theory]
    [InlineData(40L, null, 55L, 40L, 15L)]
    [InlineData(null, 15L, 55L, 40L, 15L)]
    [InlineData(40L, 10L, 55L, 40L, 10L)]
    [InlineData(40L, null, 30L, 40L, null)]
    [InlineData(null, null, 55L, null, null)]
    public void A_total_only_fills_in_a_missing_side(long? input, long? output, long total, long? expectedInput, long? expectedOutput)
    {
        var attributes = new List<(string, object?)> { ("gen_ai.system", "openai"), ("llm.usage.total_tokens", total) };
        if (input is not null)
        {
            attributes.Add(("gen_ai.usage.prompt_tokens", input));
        }

        if (output is not null)
        {
            attributes.Add(("gen_ai.usage.completion_tokens", output));
        }

        var facts = SpanNormalizer.Normalize(TestSpans.With([.. attributes]));

        Assert.Equal((expectedInput, expectedOutput), (facts!.InputTokens, facts.OutputTokens));
    }

    [Fact]
    public void A_Vercel_Anthropic_total_is_used_in_its_own_exclusive_meaning_before_the_cache_is_added()
    {
        var facts = SpanNormalizer.Normalize(TestSpans.With(
            ("ai.model.provider", "anthropic.messages"), ("ai.usage.inputTokens", 20L), ("ai.usage.totalTokens", 35L), ("ai.usage.cachedInputTokens", 3000L)));

        Assert.Equal((3020L, 15L), (facts!.InputTokens!.Value, facts.OutputTokens!.Value));
    }
}
