using Observatory.Core.Llm;
using Observatory.Core.Spans;
using static Observatory.Core.Tests.Llm.Emitters.EmitterCase;

namespace Observatory.Core.Tests.Llm.Emitters;

/// <summary>
/// The realistic spans of the rows read later (Vercel AI SDK v5 provider packages, pydantic-ai on Gemini and Anthropic):
/// each comment names the source it was built from. v5 streamText doStream spans carry ai.usage.inputTokens /
/// outputTokens / totalTokens / reasoningTokens / cachedInputTokens; v5 generateText doGenerate spans only
/// ai.usage.promptTokens / completionTokens beside gen_ai.usage.input_tokens / output_tokens.
/// </summary>
internal static class LaterEmitterCases
{
    public static readonly Dictionary<string, EmitterCase> ByEmitter = new()
    {
        // vercel/ai v5 streamText with @ai-sdk/mistral: mistral-chat-language-model.ts doStream usage = prompt_tokens,
        // completion_tokens, total_tokens of the last chunk; no cache or reasoning count.
        ["vercel-ai-mistral"] = new(
            Span("ai", "ai.streamText.doStream", SpanKind.Internal,
                ("operation.name", "ai.streamText.doStream"), ("ai.operationId", "ai.streamText.doStream"),
                ("ai.model.provider", "mistral.chat"), ("ai.model.id", "mistral-small-latest"), ("ai.response.msToFirstChunk", 388.0),
                ("ai.response.finishReason", "stop"), ("ai.response.id", "0b7a2c6f4e1d4f0a9c3e5b7d1f2a4c6e"),
                ("ai.response.model", "mistral-small-latest"), ("ai.usage.inputTokens", 1_840L), ("ai.usage.outputTokens", 312L),
                ("ai.usage.totalTokens", 2_152L), ("gen_ai.system", "mistral.chat"), ("gen_ai.request.model", "mistral-small-latest"),
                ("gen_ai.response.finish_reasons", TestSpans.List("stop")), ("gen_ai.response.model", "mistral-small-latest"),
                ("gen_ai.usage.input_tokens", 1_840L), ("gen_ai.usage.output_tokens", 312L)),
            new LlmFacts
            {
                Dialect = Dialects.VercelAi,
                Emitter = "vercel-ai-mistral",
                Inclusivity = TokenInclusivity.Known,
                Provider = "mistral",
                Operation = "chat",
                RequestModel = "mistral-small-latest",
                ResponseModel = "mistral-small-latest",
                InputTokens = 1_840,
                OutputTokens = 312,
                TimeToFirstTokenMs = 388,
                FinishReasons = ["stop"],
            },
            Usd(1_840, 0.1m) + Usd(312, 0.3m)),

        // vercel/ai v5 generateText with @ai-sdk/groq: groq-chat-language-model.ts doGenerate usage = prompt_tokens /
        // completion_tokens, written by generate-text.ts as ai.usage.promptTokens / completionTokens and gen_ai.usage.*.
        ["vercel-ai-groq"] = new(
            Span("ai", "ai.generateText.doGenerate", SpanKind.Internal,
                ("operation.name", "ai.generateText.doGenerate"), ("ai.operationId", "ai.generateText.doGenerate"),
                ("ai.model.provider", "groq.chat"), ("ai.model.id", "llama-3.3-70b-versatile"), ("ai.response.finishReason", "stop"),
                ("ai.response.id", "chatcmpl-5d1e6f0a-2b3c-4d5e-8f90-a1b2c3d4e5f6"), ("ai.response.model", "llama-3.3-70b-versatile"),
                ("ai.usage.promptTokens", 2_310L), ("ai.usage.completionTokens", 145L), ("gen_ai.system", "groq.chat"),
                ("gen_ai.request.model", "llama-3.3-70b-versatile"), ("gen_ai.response.finish_reasons", TestSpans.List("stop")),
                ("gen_ai.response.model", "llama-3.3-70b-versatile"), ("gen_ai.usage.input_tokens", 2_310L), ("gen_ai.usage.output_tokens", 145L)),
            new LlmFacts
            {
                Dialect = Dialects.VercelAi,
                Emitter = "vercel-ai-groq",
                Inclusivity = TokenInclusivity.Known,
                Provider = "groq",
                Operation = "chat",
                RequestModel = "llama-3.3-70b-versatile",
                ResponseModel = "llama-3.3-70b-versatile",
                InputTokens = 2_310,
                OutputTokens = 145,
                FinishReasons = ["stop"],
            },
            null),

        // vercel/ai v5 streamText with @ai-sdk/xai after convert-xai-chat-usage.ts: outputTokens = completion_tokens (180) +
        // reasoning_tokens (836), cachedInputTokens = prompt_tokens_details.cached_tokens; totalTokens is xAI's total_tokens.
        ["vercel-ai-xai"] = new(
            Span("ai", "ai.streamText.doStream", SpanKind.Internal,
                ("operation.name", "ai.streamText.doStream"), ("ai.operationId", "ai.streamText.doStream"),
                ("ai.model.provider", "xai.chat"), ("ai.model.id", "grok-3-mini"), ("ai.response.msToFirstChunk", 2_914.0),
                ("ai.response.finishReason", "stop"), ("ai.response.id", "3f9c1e2a-7b6d-4c5e-9a8b-0d1e2f3a4b5c"),
                ("ai.response.model", "grok-3-mini"), ("ai.usage.inputTokens", 1_250L), ("ai.usage.outputTokens", 180L + 836L),
                ("ai.usage.totalTokens", 2_266L), ("ai.usage.reasoningTokens", 836L), ("ai.usage.cachedInputTokens", 1_024L),
                ("gen_ai.system", "xai.chat"), ("gen_ai.request.model", "grok-3-mini"), ("gen_ai.response.model", "grok-3-mini"),
                ("gen_ai.response.finish_reasons", TestSpans.List("stop")), ("gen_ai.usage.input_tokens", 1_250L),
                ("gen_ai.usage.output_tokens", 1_016L)),
            new LlmFacts
            {
                Dialect = Dialects.VercelAi,
                Emitter = "vercel-ai-xai",
                Inclusivity = TokenInclusivity.Known,
                Provider = "xai",
                Operation = "chat",
                RequestModel = "grok-3-mini",
                ResponseModel = "grok-3-mini",
                InputTokens = 1_250,
                OutputTokens = 1_016,
                CacheReadInputTokens = 1_024,
                ReasoningOutputTokens = 836,
                TimeToFirstTokenMs = 2_914,
                FinishReasons = ["stop"],
            },
            Usd(226, 0.3m) + Usd(1_024, 0.075m) + Usd(180, 0.5m) + Usd(836, 0.5m)),

        // vercel/ai v5 streamText with @ai-sdk/deepseek 1.x, an OpenAICompatibleChatLanguageModel (provider deepseek.chat):
        // usage = prompt_tokens with prompt_tokens_details.cached_tokens inside; deepSeekMetadataExtractor's hit / miss counts.
        ["vercel-ai-openai-compatible"] = new(
            Span("ai", "ai.streamText.doStream", SpanKind.Internal,
                ("operation.name", "ai.streamText.doStream"), ("ai.operationId", "ai.streamText.doStream"),
                ("ai.model.provider", "deepseek.chat"), ("ai.model.id", "deepseek-chat"), ("ai.response.msToFirstChunk", 611.0),
                ("ai.response.finishReason", "stop"), ("ai.response.id", "646de991-2676-41d8-b931-0c543031f7b0"),
                ("ai.response.model", "deepseek-chat"),
                ("ai.response.providerMetadata", """{"deepseek":{"promptCacheHitTokens":5120,"promptCacheMissTokens":1080}}"""),
                ("ai.usage.inputTokens", 6_200L), ("ai.usage.outputTokens", 480L), ("ai.usage.totalTokens", 6_680L),
                ("ai.usage.cachedInputTokens", 5_120L), ("gen_ai.system", "deepseek.chat"), ("gen_ai.request.model", "deepseek-chat"),
                ("gen_ai.response.model", "deepseek-chat"), ("gen_ai.response.finish_reasons", TestSpans.List("stop")),
                ("gen_ai.usage.input_tokens", 6_200L), ("gen_ai.usage.output_tokens", 480L)),
            new LlmFacts
            {
                Dialect = Dialects.VercelAi,
                Emitter = "vercel-ai-openai-compatible",
                Inclusivity = TokenInclusivity.Known,
                Provider = "deepseek",
                Operation = "chat",
                RequestModel = "deepseek-chat",
                ResponseModel = "deepseek-chat",
                InputTokens = 6_200,
                OutputTokens = 480,
                CacheReadInputTokens = 5_120,
                TimeToFirstTokenMs = 611,
                FinishReasons = ["stop"],
            },
            Usd(1_080, 0.28m) + Usd(5_120, 0.028m) + Usd(480, 0.42m)),

        // pydantic-ai 1.x GoogleModel (provider google-gla): google.py _metadata_as_usage (details thoughts_tokens,
        // cached_content_tokens, text_prompt_tokens; output = candidates 410 + thoughts 1,236) and usage.py
        // opentelemetry_attributes (RequestUsage.cache_read_tokens into the details).
        ["pydantic-ai-google"] = new(
            Span("pydantic-ai", "chat gemini-2.5-flash", SpanKind.Client,
                ("gen_ai.operation.name", "chat"), ("gen_ai.system", "google-gla"), ("gen_ai.request.model", "gemini-2.5-flash"),
                ("server.address", "generativelanguage.googleapis.com"), ("gen_ai.response.model", "gemini-2.5-flash"),
                ("gen_ai.response.id", "x5JqaN2fKJq-nvgPqf3xuAo"), ("gen_ai.response.finish_reasons", TestSpans.List("stop")),
                ("gen_ai.usage.input_tokens", 9_450L), ("gen_ai.usage.output_tokens", 410L + 1_236L),
                ("gen_ai.usage.details.cached_content_tokens", 8_192L), ("gen_ai.usage.details.thoughts_tokens", 1_236L),
                ("gen_ai.usage.details.text_prompt_tokens", 9_450L), ("gen_ai.usage.details.text_cache_tokens", 8_192L),
                ("gen_ai.usage.details.cache_read_tokens", 8_192L)),
            new LlmFacts
            {
                Dialect = Dialects.OTelGenAiLegacy,
                Emitter = "pydantic-ai-google",
                Inclusivity = TokenInclusivity.Known,
                Provider = "google",
                Operation = "chat",
                RequestModel = "gemini-2.5-flash",
                ResponseModel = "gemini-2.5-flash",
                InputTokens = 9_450,
                OutputTokens = 1_646,
                CacheReadInputTokens = 8_192,
                ReasoningOutputTokens = 1_236,
                FinishReasons = ["stop"],
            },
            Usd(1_258, 0.3m) + Usd(8_192, 0.03m) + Usd(410, 2.5m) + Usd(1_236, 2.5m)),

        // pydantic-ai 1.x AnthropicModel: anthropic.py _map_usage (details = the usage's int fields; RequestUsage.extract,
        // genai-prices anthropic.yml: input_tokens = 42 + 2,048 + 61,440), usage.py opentelemetry_attributes
        // (cache_write_tokens / cache_read_tokens), #6753 thinking_tokens (inside output_tokens).
        ["pydantic-ai-anthropic"] = new(
            Span("pydantic-ai", "chat claude-sonnet-4-5", SpanKind.Client,
                ("gen_ai.operation.name", "chat"), ("gen_ai.system", "anthropic"), ("gen_ai.request.model", "claude-sonnet-4-5"),
                ("server.address", "api.anthropic.com"), ("gen_ai.response.model", "claude-sonnet-4-5-20250929"),
                ("gen_ai.response.id", "msg_01HcJ8Yb1m4Q2kVt7sWzLr9P"), ("gen_ai.response.finish_reasons", TestSpans.List("stop")),
                ("gen_ai.usage.input_tokens", 63_530L), ("gen_ai.usage.output_tokens", 905L),
                ("gen_ai.usage.details.input_tokens", 42L), ("gen_ai.usage.details.output_tokens", 905L),
                ("gen_ai.usage.details.cache_creation_input_tokens", 2_048L), ("gen_ai.usage.details.cache_read_input_tokens", 61_440L),
                ("gen_ai.usage.details.thinking_tokens", 512L), ("gen_ai.usage.details.cache_write_tokens", 2_048L),
                ("gen_ai.usage.details.cache_read_tokens", 61_440L)),
            new LlmFacts
            {
                Dialect = Dialects.OTelGenAiLegacy,
                Emitter = "pydantic-ai-anthropic",
                Inclusivity = TokenInclusivity.Known,
                Provider = "anthropic",
                Operation = "chat",
                RequestModel = "claude-sonnet-4-5",
                ResponseModel = "claude-sonnet-4-5-20250929",
                InputTokens = 63_530,
                OutputTokens = 905,
                CacheReadInputTokens = 61_440,
                CacheCreationInputTokens = 2_048,
                ReasoningOutputTokens = 512,
                FinishReasons = ["stop"],
            },
            Usd(42, 3m) + Usd(61_440, 0.30m) + Usd(2_048, 3.75m) + Usd(393, 15m) + Usd(512, 15m)),
    };
}
