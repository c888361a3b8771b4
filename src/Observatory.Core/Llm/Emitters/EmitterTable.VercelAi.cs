using static Observatory.Core.Llm.ConventionNames;

namespace Observatory.Core.Llm.Emitters;

/// <summary>The Vercel AI SDK rows of <see cref="EmitterTable"/>: v6 first (its usage details say which), then each v5 provider package.</summary>
public static partial class EmitterTable
{
    // A method, not a field: static fields of the parts of a partial class initialise in no promised order.
    private static EmitterProfile[] VercelAiRows() =>
    [
        new()
        {
            Id = "vercel-ai-v6", Instrumentation = "Vercel AI SDK v6", Provider = "any provider package",
            RecognisedBy = "ai.* attributes with ai.usage.inputTokenDetails.* or ai.usage.outputTokenDetails.*",
            Matches = e => e.Dialect == Dialects.VercelAi && (e.Has(VercelAi.InputNoCacheTokens) || e.Has(VercelAi.InputCacheReadTokens)
                || e.Has(VercelAi.InputCacheWriteTokens) || e.Has(VercelAi.OutputReasoningTokens)),
            Reads = new()
            {
                Input = [VercelAi.InputTokens], Output = [VercelAi.OutputTokens], CacheRead = [VercelAi.InputCacheReadTokens],
                CacheWrite = [VercelAi.InputCacheWriteTokens], Reasoning = [VercelAi.OutputReasoningTokens],
            },
            InputIncludesCache = true, OutputIncludesReasoning = true,
            Source = "vercel/ai packages/ai/src/generate-text/generate-text.ts (ai.usage.inputTokens = usage.inputTokens.total, inputTokenDetails.*); " +
                "packages/google/src/convert-google-generative-ai-usage.ts, packages/amazon-bedrock/src/convert-bedrock-usage.ts, " +
                "packages/anthropic/src/convert-anthropic-messages-usage.ts (LanguageModelV3Usage totals)",
            Note = "inputTokens.total = noCache + cacheRead + cacheWrite; outputTokens.total = text + reasoning. The generateText " +
                "doGenerate spans of the v6 generate-text.ts read carry only ai.usage.promptTokens / completionTokens (these totals) " +
                "and no details, so nothing tells them from v5 spans and the ≤v5 rows below read them: right wherever v5 and v6 " +
                "agree (OpenAI, Mistral, Groq, xAI, openai-compatible) and for @ai-sdk/anthropic (its raw usage in providerMetadata); " +
                "not for @ai-sdk/amazon-bedrock with a cache write in providerMetadata, which is then added to an input that already holds it.",
        },
        new()
        {
            Id = "vercel-ai-anthropic", Instrumentation = "Vercel AI SDK ≤v5", Provider = "@ai-sdk/anthropic (also on Vertex)",
            RecognisedBy = "ai.model.provider containing anthropic (anthropic.messages, vertex.anthropic.messages)",
            Matches = e => e.Dialect == Dialects.VercelAi && e.DeclaredProviderContains(ProviderNames.Anthropic),
            Reads = VercelV5Names with
            {
                InputInMetadata = (VercelAi.ProviderMetadata, [[VercelAi.AnthropicMetadataKey, VercelAi.AnthropicMetadataUsage, VercelAi.AnthropicRawInputTokens]]),
                CacheReadInMetadata = (VercelAi.ProviderMetadata,
                [
                    [VercelAi.AnthropicMetadataKey, VercelAi.AnthropicMetadataUsage, VercelAi.AnthropicRawCacheReadInputTokens],
                    [VercelAi.AnthropicMetadataKey, VercelAi.AnthropicCacheReadInputTokens],
                ]),
                CacheWriteInMetadata = (VercelAi.ProviderMetadata,
                [
                    [VercelAi.AnthropicMetadataKey, VercelAi.AnthropicMetadataUsage, VercelAi.AnthropicRawCacheCreationInputTokens],
                    [VercelAi.AnthropicMetadataKey, VercelAi.AnthropicCacheCreationInputTokens],
                ]),
            },
            InputIncludesCache = false, OutputIncludesReasoning = true,
            Source = "vercel/ai packages/anthropic/src/anthropic-messages-language-model.ts (v5 doGenerate/doStream usage: inputTokens = input_tokens, " +
                "cachedInputTokens = cache_read_input_tokens; providerMetadata.anthropic = { usage: response.usage (raw), cacheCreationInputTokens }, " +
                "the raw usage kept in v6 too); packages/ai/src/generate-text/generate-text.ts (doGenerate: ai.usage.promptTokens only)",
            Note = "Anthropic's raw usage in ai.response.providerMetadata.anthropic.usage is read first: input_tokens without the cache, " +
                "cache_read_input_tokens, cache_creation_input_tokens, the same in v5 and v6, so a v6 generateText step (promptTokens = " +
                "the v6 total) is read right too. Without it: v5's ai.usage.inputTokens / promptTokens (Anthropic's input_tokens) and " +
                "cachedInputTokens (streamText only); AI SDK 4 put the cache counts at providerMetadata.anthropic.cacheReadInputTokens / " +
                "cacheCreationInputTokens.",
        },
        new()
        {
            Id = "vercel-ai-amazon-bedrock", Instrumentation = "Vercel AI SDK ≤v5", Provider = "@ai-sdk/amazon-bedrock (Converse)",
            RecognisedBy = "ai.model.provider amazon-bedrock",
            Matches = e => e.Dialect == Dialects.VercelAi && e.Provider == ProviderNames.AwsBedrock,
            Reads = VercelV5Names with
            {
                CacheWriteInMetadata = (VercelAi.ProviderMetadata, [[VercelAi.BedrockMetadataKey, VercelAi.BedrockMetadataUsage, VercelAi.BedrockCacheWriteInputTokens]]),
            },
            InputIncludesCache = false, OutputIncludesReasoning = true,
            Source = "vercel/ai packages/amazon-bedrock/src/bedrock-chat-language-model.ts (v5: inputTokens = usage.inputTokens, cachedInputTokens = cacheReadInputTokens, " +
                "providerMetadata.bedrock.usage.cacheWriteInputTokens)",
            Note = "Converse's inputTokens excludes cache reads and writes, whatever the model (Claude on Bedrock too); " +
                "cache writes only in providerMetadata.bedrock.usage.cacheWriteInputTokens.",
        },
        new()
        {
            Id = "vercel-ai-google", Instrumentation = "Vercel AI SDK ≤v5", Provider = "@ai-sdk/google, @ai-sdk/google-vertex (Gemini)",
            RecognisedBy = "ai.model.provider google.* (google.generative-ai, google.vertex.chat)",
            Matches = e => e.Dialect == Dialects.VercelAi && e.DeclaredProvider is { } p && p.StartsWith("google.", StringComparison.OrdinalIgnoreCase),
            Reads = VercelV5Names,
            InputIncludesCache = true, OutputIncludesReasoning = false,
            Source = "vercel/ai packages/google/src/google-generative-ai-language-model.ts (v5 usage: inputTokens = promptTokenCount, outputTokens = candidatesTokenCount, " +
                "reasoningTokens = thoughtsTokenCount, cachedInputTokens = cachedContentTokenCount)",
            Note = "candidatesTokenCount excludes thoughtsTokenCount, which Google bills as output.",
        },
        new()
        {
            Id = "vercel-ai-openai", Instrumentation = "Vercel AI SDK ≤v5", Provider = "@ai-sdk/openai, @ai-sdk/azure (the same models)",
            RecognisedBy = "ai.model.provider openai.* or azure.* (openai.chat, openai.responses, azure.chat, azure.responses)",
            Matches = e => e.Dialect == Dialects.VercelAi && e.DeclaredProvider is { } p
                && (p.StartsWith("openai.", StringComparison.OrdinalIgnoreCase) || p.StartsWith("azure.", StringComparison.OrdinalIgnoreCase)),
            Reads = VercelV5Names,
            InputIncludesCache = true, OutputIncludesReasoning = true,
            Source = "vercel/ai packages/openai/src/responses/openai-responses-language-model.ts (v5 usage: inputTokens = input_tokens, " +
                "cachedInputTokens = input_tokens_details.cached_tokens, reasoningTokens = output_tokens_details.reasoning_tokens); " +
                "packages/openai/src/chat/openai-chat-language-model.ts (prompt_tokens, completion_tokens and their details); " +
                "packages/azure/src/azure-openai-provider.ts (createChatModel: OpenAIChatLanguageModel with provider azure.chat)",
            Note = "OpenAI's prompt_tokens include cached tokens, completion_tokens include reasoning. @ai-sdk/azure builds the " +
                "same OpenAI language models under the provider names azure.chat / azure.responses, so the same usage mapping holds.",
        },
        new()
        {
            Id = "vercel-ai-mistral", Instrumentation = "Vercel AI SDK ≤v5", Provider = "@ai-sdk/mistral",
            RecognisedBy = "ai.model.provider mistral.* (mistral.chat)",
            Matches = e => e.Dialect == Dialects.VercelAi && e.DeclaredProviderStartsWith(VercelAi.MistralProviderPrefix),
            Reads = VercelV5Names,
            InputIncludesCache = true, OutputIncludesReasoning = true,
            Source = "vercel/ai packages/mistral/src/mistral-chat-language-model.ts (v5, LanguageModelV2 doGenerate/doStream: inputTokens = " +
                "usage.prompt_tokens, outputTokens = completion_tokens, totalTokens = total_tokens); packages/mistral/src/convert-mistral-usage.ts " +
                "(v6: inputTokens.total = prompt_tokens, cacheRead = num_cached_tokens / prompt_tokens_details.cached_tokens), CHANGELOG 3.0.34",
            Note = "Mistral's usage is OpenAI-shaped: prompt_tokens counts the whole prompt, completion_tokens every generated token " +
                "(a Magistral model's thinking too); v5 sends no cache or reasoning count. v6 (row vercel-ai-v6) sends the same totals; " +
                "before @ai-sdk/mistral 3.0.34 every prompt token is noCacheTokens, so cached tokens are priced at the input rate.",
        },
        new()
        {
            Id = "vercel-ai-groq", Instrumentation = "Vercel AI SDK ≤v5", Provider = "@ai-sdk/groq",
            RecognisedBy = "ai.model.provider groq.* (groq.chat)",
            Matches = e => e.Dialect == Dialects.VercelAi && e.DeclaredProviderStartsWith(VercelAi.GroqProviderPrefix),
            Reads = VercelV5Names,
            InputIncludesCache = true, OutputIncludesReasoning = true,
            Source = "vercel/ai packages/groq/src/groq-chat-language-model.ts (v5 doGenerate: inputTokens = usage.prompt_tokens, outputTokens = " +
                "completion_tokens, totalTokens = total_tokens); packages/groq/src/convert-groq-usage.ts (v6: outputTokens.total = completion_tokens, " +
                "text = completion_tokens − reasoning_tokens; noCache = prompt_tokens − cached_tokens)",
            Note = "Groq's completion_tokens include completion_tokens_details.reasoning_tokens and its prompt_tokens the cached tokens " +
                "(the v6 converter subtracts them); v5 sends neither count. Groq's models have no list price in the built-in catalog.",
        },
        new()
        {
            Id = "vercel-ai-xai", Instrumentation = "Vercel AI SDK ≤v5", Provider = "@ai-sdk/xai (chat and Responses models)",
            RecognisedBy = "ai.model.provider xai.* (xai.chat, xai.responses)",
            Matches = e => e.Dialect == Dialects.VercelAi && e.DeclaredProviderStartsWith(VercelAi.XaiProviderPrefix),
            Reads = VercelV5Names,
            InputIncludesCache = true, OutputIncludesReasoning = true, TotalTellsReasoningInclusion = true,
            Source = "vercel/ai packages/xai/src/xai-chat-language-model.ts (first v5 releases: outputTokens = usage.completion_tokens, " +
                "reasoningTokens = completion_tokens_details.reasoning_tokens, totalTokens = total_tokens); packages/xai/src/convert-xai-chat-usage.ts " +
                "(later v5 and v6: outputTokens = completion_tokens + reasoning_tokens, cachedInputTokens = prompt_tokens_details.cached_tokens, " +
                "and its test \"xai reports separately\"); packages/xai/src/responses/convert-xai-responses-usage.ts (outputTokens = output_tokens)",
            Note = "xAI's chat API counts reasoning outside completion_tokens (total_tokens = prompt + completion + reasoning); its Responses " +
                "API counts it inside output_tokens. The first v5 chat models passed completion_tokens on as the output: a total equal to " +
                "input + output + reasoning marks them, and the reasoning is added. xAI may report cached_tokens beside, not inside, a smaller " +
                "prompt_tokens; the converters then add them to the input, the first chat models send no cache count at all. " +
                "In v6 (row vercel-ai-v6) @ai-sdk/xai 3.0.2 on puts the reasoning inside the output.",
        },
        new()
        {
            Id = "vercel-ai-openai-compatible", Instrumentation = "Vercel AI SDK ≤v5",
            Provider = "@ai-sdk/openai-compatible and the packages built on it (deepseek, togetherai, fireworks, cerebras, …)",
            RecognisedBy = "any other ai.model.provider ending .chat or .completion (\"{name}.chat\")",
            Matches = e => e.Dialect == Dialects.VercelAi && VercelAi.OpenAiCompatibleProviderSuffixes.Any(e.DeclaredProviderEndsWith),
            Reads = VercelV5Names,
            InputIncludesCache = true, OutputIncludesReasoning = true,
            Source = "vercel/ai packages/openai-compatible/src/chat/openai-compatible-chat-language-model.ts (v5 doGenerate usage: inputTokens = " +
                "prompt_tokens, outputTokens = completion_tokens, reasoningTokens = completion_tokens_details.reasoning_tokens, cachedInputTokens = " +
                "prompt_tokens_details.cached_tokens); chat/convert-openai-compatible-chat-usage.ts (v6: noCache = prompt_tokens − cached, " +
                "text = completion_tokens − reasoning); packages/deepseek/src/deepseek-provider.ts (v5: an OpenAICompatibleChatLanguageModel, deepseek.chat)",
            Note = "OpenAI's meaning: the cache inside prompt_tokens, the reasoning inside completion_tokens. The provider is the name " +
                "given to createOpenAICompatible, so a self-named host is priced only when its model id is in the catalog. Tried after " +
                "every v5 provider package with a row of its own.",
        },
    ];
}
