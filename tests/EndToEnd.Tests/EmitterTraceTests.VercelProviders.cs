namespace Observatory.EndToEnd.Tests;

/// <summary>
/// Vercel AI SDK provider packages end to end, each span built from what the package and the SDK's telemetry write.
/// Prices per 1M tokens: claude-sonnet-4-5 $3 in, $0.30 cache read, $3.75 cache write, $15 out; grok-3-mini $0.30 in,
/// $0.50 out (reasoning included); deepseek-chat $0.28 in, $0.028 cached, $0.42 out.
/// </summary>
public sealed partial class EmitterTraceTests
{
    [Fact]
    public async Task Vercel_provider_packages_are_each_read_in_their_own_meaning_and_the_run_counted_once()
    {
        const string traceId = "e7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e7";
        const string anthropicUsage =
            """{"anthropic":{"usage":{"input_tokens":35,"cache_creation_input_tokens":2100,"cache_read_input_tokens":18000,"output_tokens":410},"cacheCreationInputTokens":2100,"stopSequence":null}}""";
        var request = new EmitterOtlpJson(traceId, "vercel-app", Start)
            // v6 generate-text.ts: the outer span and its doGenerate step carry ai.usage.promptTokens = the v6 input total
            // (cache inside); @ai-sdk/anthropic keeps Anthropic's raw usage in providerMetadata.
            .Span("ai", "f700000000000001", null, "ai.generateText", Internal, 0, 9000,
                ("ai.operationId", "ai.generateText"), ("ai.model.provider", "anthropic.messages"), ("ai.model.id", "claude-sonnet-4-5"),
                ("ai.response.providerMetadata", anthropicUsage), ("ai.usage.promptTokens", 20_135L), ("ai.usage.completionTokens", 410L))
            .Span("ai", "f700000000000002", "f700000000000001", "ai.generateText.doGenerate", Internal, 100, 8800,
                ("ai.operationId", "ai.generateText.doGenerate"), ("ai.model.provider", "anthropic.messages"), ("ai.model.id", "claude-sonnet-4-5"),
                ("ai.response.model", "claude-sonnet-4-5-20250929"), ("ai.response.finishReason", "stop"),
                ("ai.response.providerMetadata", anthropicUsage), ("ai.usage.promptTokens", 20_135L), ("ai.usage.completionTokens", 410L),
                ("gen_ai.system", "anthropic.messages"), ("gen_ai.usage.input_tokens", 20_135L), ("gen_ai.usage.output_tokens", 410L))
            // v5 @ai-sdk/xai, first chat model: completion_tokens as the output, xAI's reasoning beside it and in its total.
            .Span("ai", "f700000000000003", null, "ai.streamText.doStream", Internal, 10_000, 3000,
                ("ai.operationId", "ai.streamText.doStream"), ("ai.model.provider", "xai.chat"), ("ai.model.id", "grok-3-mini"),
                ("ai.response.model", "grok-3-mini"), ("ai.response.finishReason", "stop"), ("ai.usage.inputTokens", 1_250L),
                ("ai.usage.outputTokens", 180L), ("ai.usage.totalTokens", 2_266L), ("ai.usage.reasoningTokens", 836L))
            // v5 @ai-sdk/deepseek, an OpenAICompatibleChatLanguageModel: prompt_tokens with the cache hit inside.
            .Span("ai", "f700000000000004", null, "ai.streamText.doStream", Internal, 14_000, 2000,
                ("ai.operationId", "ai.streamText.doStream"), ("ai.model.provider", "deepseek.chat"), ("ai.model.id", "deepseek-chat"),
                ("ai.response.model", "deepseek-chat"), ("ai.response.finishReason", "stop"), ("ai.usage.inputTokens", 6_200L),
                ("ai.usage.outputTokens", 480L), ("ai.usage.totalTokens", 6_680L), ("ai.usage.cachedInputTokens", 5_120L));

        var trace = await SendAndReadAsync(request, traceId);

        const decimal claude = (35 * 3m + 18_000 * 0.30m + 2_100 * 3.75m + 410 * 15m) / 1_000_000;
        const decimal grok = (1_250 * 0.3m + (180 + 836) * 0.5m) / 1_000_000;
        const decimal deepseek = (1_080 * 0.28m + 5_120 * 0.028m + 480 * 0.42m) / 1_000_000;
        var summary = trace.GetProperty("summary");
        Assert.Equal((3, 20_135L + 1_250L + 6_200L, 410L + 1_016L + 480L), (summary.GetProperty("llmCallCount").GetInt32(),
            summary.GetProperty("inputTokens").GetInt64(), summary.GetProperty("outputTokens").GetInt64()));
        Assert.Equal(claude + grok + deepseek, summary.GetProperty("costUsd").GetDecimal());

        var step = Llm(trace, "f700000000000002");
        Assert.Equal(("vercel-ai-anthropic", 20_135L, 18_000L, 2_100L), (Text(step, "emitter"), step.GetProperty("inputTokens").GetInt64(),
            step.GetProperty("cacheReadTokens").GetInt64(), step.GetProperty("cacheWriteTokens").GetInt64()));
        Assert.False(Llm(trace, "f700000000000001").GetProperty("isModelCall").GetBoolean());

        var xai = Llm(trace, "f700000000000003");
        Assert.Equal(("vercel-ai-xai", 1_016L, 836L, grok), (Text(xai, "emitter"), xai.GetProperty("outputTokens").GetInt64(),
            xai.GetProperty("reasoningTokens").GetInt64(), xai.GetProperty("costUsd").GetDecimal()));

        var compatible = Llm(trace, "f700000000000004");
        Assert.Equal(("vercel-ai-openai-compatible", "deepseek", deepseek), (Text(compatible, "emitter"), Text(compatible, "provider"),
            compatible.GetProperty("costUsd").GetDecimal()));
    }
}
