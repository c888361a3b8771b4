using static Observatory.Core.Llm.ConventionNames;

namespace Observatory.Core.Llm.Emitters;

/// <summary>
/// Every instrumentation we know, as data: how it is recognised, which attribute carries each token count and in which
/// unit, and whether its counts include the cache and the reasoning — each row read from the instrumentation's public
/// source (the row's <see cref="EmitterProfile.Source"/>). Inclusivity and units come from here; the count-comparing
/// heuristic of <see cref="SpanNormalizer"/> is only the last resort for a span no row recognises, and such a span says
/// so (<see cref="LlmFacts.Inclusivity"/> "guessed"). README's "What we understand" is rendered from this table.
/// </summary>
/// <remarks>Rows are tried in order, first match wins: frameworks that wrap other clients come before the generic rows.</remarks>
public static partial class EmitterTable
{
    private static readonly string[] OTelInput = [OTelGenAi.InputTokens, OTelGenAiDeprecated.PromptTokens];
    private static readonly string[] OTelOutput = [OTelGenAi.OutputTokens, OTelGenAiDeprecated.CompletionTokens];
    private static readonly string[] OTelCacheRead = [OTelGenAi.CacheReadInputTokens, OTelGenAiDeprecated.CacheReadInputTokens];
    private static readonly string[] OTelCacheWrite = [OTelGenAi.CacheCreationInputTokens, OTelGenAiDeprecated.CacheCreationInputTokens];
    private static readonly string[] OTelReasoning = [OTelGenAi.ReasoningOutputTokens, OpenLlmetry.ReasoningTokens];

    private static readonly EmitterAttributes OTelNames = new()
    {
        Input = OTelInput,
        Output = OTelOutput,
        CacheRead = OTelCacheRead,
        CacheWrite = OTelCacheWrite,
        Reasoning = OTelReasoning,
    };

    private static readonly EmitterAttributes OpenInferenceNames = new()
    {
        Input = [OpenInference.PromptTokens],
        Output = [OpenInference.CompletionTokens],
        CacheRead = [OpenInference.CacheReadTokens],
        CacheWrite = [OpenInference.CacheWriteTokens],
        Reasoning = [OpenInference.ReasoningTokens],
    };

    private static readonly EmitterAttributes VercelV5Names = new()
    {
        Input = [VercelAi.InputTokens, VercelAi.PromptTokens],
        Output = [VercelAi.OutputTokens, VercelAi.CompletionTokens],
        CacheRead = [VercelAi.CachedInputTokens],
        Reasoning = [VercelAi.ReasoningTokens],
    };

    private static readonly EmitterAttributes PydanticAiNames = OTelNames with
    {
        CacheRead = [.. OTelCacheRead, PydanticAi.DetailsCacheReadTokens, PydanticAi.DetailsCacheReadInputTokens, PydanticAi.DetailsCachedTokens],
        CacheWrite = [.. OTelCacheWrite, PydanticAi.DetailsCacheWriteTokens, PydanticAi.DetailsCacheCreationInputTokens],
        Reasoning = [.. OTelReasoning, PydanticAi.DetailsReasoningTokens],
    };

    /// <summary>The rows, in recognition order.</summary>
    public static IReadOnlyList<EmitterProfile> Rows { get; } =
    [
        new()
        {
            Id = "claude-code", Instrumentation = "Claude Code (beta traces)", Provider = "Anthropic (API, Bedrock or Vertex)",
            RecognisedBy = "span name claude_code.llm_request",
            Matches = e => e.SpanName == ClaudeCode.LlmRequestSpanName,
            Reads = new()
            {
                Input = [ClaudeCode.InputTokens], Output = [ClaudeCode.OutputTokens], CacheRead = [ClaudeCode.CacheReadTokens],
                CacheWrite = [ClaudeCode.CacheCreationTokens], TimeToFirstToken = (ClaudeCode.TtftMs, TimeUnit.Milliseconds),
            },
            InputIncludesCache = false, OutputIncludesReasoning = true,
            Source = "code.claude.com/docs/en/monitoring-usage (Traces (beta), span attributes of claude_code.llm_request); " +
                "anthropics/claude-code#50776 (flat token attributes, 2.1.114), #54172 (the documented attribute table, 2.1.121)",
            Note = "Flat attributes copied from Anthropic's usage block, whose input_tokens excludes cache reads and writes; ttft_ms " +
                "and duration_ms in milliseconds; gen_ai.system is always anthropic, on Bedrock and Vertex too.",
        },
        new()
        {
            Id = "strands", Instrumentation = "Strands Agents", Provider = "any (Bedrock Converse by default)",
            RecognisedBy = "scope strands.telemetry.tracer, or gen_ai.system / gen_ai.provider.name strands-agents",
            Matches = e => e.ScopeName == Strands.ScopeName || e.DeclaredProviderIs(Strands.System),
            Reads = OTelNames with
            {
                CacheRead = [OTelGenAiDeprecated.CacheReadInputTokens], CacheWrite = [Strands.CacheWriteInputTokens], Reasoning = [],
                TimeToFirstToken = (OTelGenAi.ServerTimeToFirstToken, TimeUnit.Milliseconds),
            },
            InputIncludesCache = false, OutputIncludesReasoning = true,
            Source = "strands-agents/sdk-python src/strands/telemetry/tracer.py (end_model_invoke_span, _add_optional_usage_and_metrics_attributes, " +
                "end_agent_span, _get_common_attributes)",
            Note = "Usage is Strands' own (Bedrock Converse) shape: inputTokens excludes cacheRead/cacheWriteInputTokens. " +
                "time_to_first_token is timeToFirstByteMs (and gen_ai.server.request.duration latencyMs, also milliseconds). " +
                "invoke_agent repeats its model calls' accumulated usage.",
        },
        new()
        {
            Id = "pydantic-ai-bedrock", Instrumentation = "pydantic-ai / Logfire", Provider = "AWS Bedrock (BedrockConverseModel)",
            RecognisedBy = "scope pydantic-ai with gen_ai.system bedrock",
            Matches = e => e.ScopeName == PydanticAi.ScopeName && e.DeclaredProviderIs(PydanticAi.BedrockSystem),
            Reads = PydanticAiNames,
            InputIncludesCache = false, OutputIncludesReasoning = true,
            Source = "pydantic/pydantic-ai pydantic_ai_slim/pydantic_ai/models/bedrock.py (BedrockConverseModel._process_response: " +
                "RequestUsage(input_tokens = usage.inputTokens, cache_read_tokens = cacheReadInputTokens, cache_write_tokens = " +
                "cacheWriteInputTokens); system = provider name bedrock), as published at ai.pydantic.dev/api/models/bedrock/",
            Note = "Converse's inputTokens excludes cache reads and writes, unlike the other pydantic-ai models' input_tokens; " +
                "the cache counts arrive as gen_ai.usage.details.cache_read_tokens / cache_write_tokens.",
        },
        new()
        {
            Id = "pydantic-ai-google", Instrumentation = "pydantic-ai / Logfire", Provider = "Gemini (GoogleModel, GeminiModel)",
            RecognisedBy = "scope pydantic-ai with gen_ai.system google-gla or google-vertex",
            Matches = e => e.ScopeName == PydanticAi.ScopeName && PydanticAi.GoogleSystems.Any(e.DeclaredProviderIs),
            Reads = PydanticAiNames with { Reasoning = [.. OTelReasoning, PydanticAi.DetailsThoughtsTokens] },
            InputIncludesCache = true, OutputIncludesReasoning = true,
            Source = "pydantic/pydantic-ai pydantic_ai_slim/pydantic_ai/models/google.py and gemini.py (_metadata_as_usage: details " +
                "thoughts_tokens, cached_content_tokens; RequestUsage output_tokens = candidates_token_count + thoughts_token_count, " +
                "pydantic/pydantic-ai#2634, and from RequestUsage.extract the same sum in pydantic/genai-prices prices/providers/google.yml, #135)",
            Note = "input_tokens is prompt_token_count (cached content inside, also in gen_ai.usage.details.cache_read_tokens); output " +
                "counts the thinking, which gen_ai.usage.details.thoughts_tokens repeats. Versions before #2634 (Aug 2025, the 0.x " +
                "Usage with request_tokens / response_tokens) sent candidates_token_count alone with the same thoughts_tokens beside " +
                "it: read as this row, their thinking is shown but not added to output or priced.",
        },
        new()
        {
            Id = "pydantic-ai-anthropic", Instrumentation = "pydantic-ai / Logfire", Provider = "Anthropic (AnthropicModel)",
            RecognisedBy = "scope pydantic-ai with gen_ai.system anthropic",
            Matches = e => e.ScopeName == PydanticAi.ScopeName && e.DeclaredProviderIs(PydanticAi.AnthropicSystem),
            Reads = PydanticAiNames with { Reasoning = [.. OTelReasoning, PydanticAi.DetailsThinkingTokens] },
            InputIncludesCache = true, OutputIncludesReasoning = true,
            Source = "pydantic/pydantic-ai pydantic_ai_slim/pydantic_ai/models/anthropic.py (_map_usage: details = the usage's int fields, " +
                "RequestUsage.extract with provider_fallback anthropic), usage.py (opentelemetry_attributes); pydantic/genai-prices " +
                "prices/providers/anthropic.yml (input_tokens = input + cache_creation + cache_read input tokens)",
            Note = "input_tokens sums Anthropic's input, cache-creation and cache-read counts (0.x did the same sum itself); " +
                "gen_ai.usage.details.cache_write_tokens / cache_read_tokens (1.x) and the raw cache_creation_input_tokens / " +
                "cache_read_input_tokens follow. Thinking is inside Anthropic's output_tokens; from pydantic/pydantic-ai#6753 " +
                "gen_ai.usage.details.thinking_tokens repeats it.",
        },
        new()
        {
            Id = "pydantic-ai", Instrumentation = "pydantic-ai / Logfire", Provider = "any",
            RecognisedBy = "scope pydantic-ai, or gen_ai.usage.details.* cache or reasoning counts",
            Matches = e => e.ScopeName == PydanticAi.ScopeName || e.Has(PydanticAi.DetailsCacheReadTokens) || e.Has(PydanticAi.DetailsCacheWriteTokens)
                || e.Has(PydanticAi.DetailsCacheReadInputTokens) || e.Has(PydanticAi.DetailsCacheCreationInputTokens)
                || e.Has(PydanticAi.DetailsCachedTokens) || e.Has(PydanticAi.DetailsReasoningTokens),
            Reads = PydanticAiNames,
            InputIncludesCache = true, OutputIncludesReasoning = true,
            Source = "pydantic/pydantic-ai pydantic_ai_slim/pydantic_ai/usage.py (opentelemetry_attributes: details, and in 1.x " +
                "cache_read_tokens / cache_write_tokens added to them), models/openai.py (_map_usage)",
            Note = "input_tokens as the provider counts it, cache inside (OpenAI: prompt_tokens); the provider's raw fields follow under " +
                "gen_ai.usage.details.*. 1.x adds RequestUsage's own gen_ai.usage.details.cache_read_tokens / cache_write_tokens " +
                "(for OpenAI the only cache count on the span).",
        },
        new()
        {
            Id = "google-adk", Instrumentation = "Google ADK", Provider = "Gemini (or any through LiteLLM)",
            RecognisedBy = "scope gcp.vertex.agent, or gen_ai.system gcp.vertex.agent",
            Matches = e => e.ScopeName == GoogleAdk.ScopeName || e.DeclaredProviderIs(GoogleAdk.ScopeName),
            Reads = OTelNames,
            InputIncludesCache = true, OutputIncludesReasoning = false,
            Source = "google/adk-python src/google/adk/telemetry.py (tracer gcp.vertex.agent, trace_call_llm: no usage yet) and " +
                "src/google/adk/telemetry/tracing.py (trace_call_llm, trace_generate_content_result)",
            Note = "input is usage_metadata.prompt_token_count (cached content included), output candidates_token_count, which " +
                "excludes thoughts_token_count: no thoughts count is sent in the versions read, so a thinking model's reasoning is " +
                "neither seen nor priced (a reasoning count, if one is ever sent, is added to output). gen_ai.system gcp.vertex.agent " +
                "names the framework (call_llm spans); generate_content spans say gemini or vertex_ai; the provider comes from the model.",
        },
        new()
        {
            Id = "litellm", Instrumentation = "LiteLLM (OpenTelemetry callback)", Provider = "any (AWS Bedrock Converse too)",
            RecognisedBy = "scope litellm, or span name litellm_request",
            Matches = e => e.ScopeName == LiteLlm.ScopeName || e.SpanName == LiteLlm.RequestSpanName,
            Reads = OTelNames,
            InputIncludesCache = true, OutputIncludesReasoning = true,
            Source = "BerriAI/litellm litellm/integrations/opentelemetry.py (set_attributes; tracer LITELLM_TRACER_NAME = OTEL_TRACER_NAME or \"litellm\"); " +
                "litellm/llms/bedrock/chat/converse_transformation.py (AmazonConverseConfig._transform_usage)",
            Note = "OpenAI-shaped usage (prompt_tokens, completion_tokens); no cache counts on the span. gen_ai.operation.name " +
                "is LiteLLM's call type (acompletion, aembedding, …), mapped to chat / embeddings. Bedrock (gen_ai.system bedrock) " +
                "needs no row of its own: _transform_usage adds Converse's cacheRead/cacheWriteInputTokens into prompt_tokens, so " +
                "input includes the cache there too.",
        },
        new()
        {
            Id = "spring-ai-bedrock-converse", Instrumentation = "Spring AI", Provider = "AWS Bedrock (Converse)",
            RecognisedBy = "gen_ai.system bedrock_converse",
            Matches = e => e.DeclaredProviderIs(SpringAi.BedrockConverse),
            Reads = OTelNames,
            InputIncludesCache = false, OutputIncludesReasoning = true,
            Source = "spring-projects/spring-ai spring-ai-commons/src/main/java/org/springframework/ai/observation/conventions/AiProvider.java; " +
                "models/spring-ai-bedrock-converse (BedrockProxyChatModel)",
            Note = "Converse's inputTokens, which excludes cache reads and writes. Recent versions of the observation convention " +
                "write Usage's cache counts beside it (gen_ai.usage.cache_read.input_tokens, cache_creation.input_tokens) when the model fills them.",
        },
        new()
        {
            Id = "spring-ai-anthropic", Instrumentation = "Spring AI", Provider = "Anthropic",
            RecognisedBy = "scope org.springframework.boot with gen_ai.system anthropic",
            Matches = e => e.ScopeName == SpringAi.ScopeName && e.DeclaredProviderIs(SpringAi.Anthropic),
            Reads = OTelNames,
            InputIncludesCache = false, OutputIncludesReasoning = true,
            Source = "spring-projects/spring-ai models/spring-ai-anthropic/src/main/java/org/springframework/ai/anthropic/AnthropicChatModel.java " +
                "(getDefaultUsage: promptTokens = usage.inputTokens()); " +
                "spring-ai-model/src/main/java/org/springframework/ai/chat/observation/DefaultChatModelObservationConvention.java",
            Note = "gen_ai.usage.input_tokens is Usage.getPromptTokens(), here Anthropic's input_tokens, which excludes cache reads and writes.",
        },
        new()
        {
            Id = "spring-ai", Instrumentation = "Spring AI (Micrometer observations)", Provider = "any other (read from OpenAiChatModel)",
            RecognisedBy = "scope org.springframework.boot (Spring Boot's Micrometer-OTel bridge) with any other gen_ai.system",
            Matches = e => e.ScopeName == SpringAi.ScopeName,
            Reads = OTelNames,
            InputIncludesCache = true, OutputIncludesReasoning = true,
            Source = "spring-projects/spring-ai spring-ai-model/src/main/java/org/springframework/ai/chat/observation/DefaultChatModelObservationConvention.java " +
                "(usageInputTokens, usageCacheReadInputTokens), spring-ai-commons/src/main/java/org/springframework/ai/observation/conventions/AiObservationAttributes.java",
            Note = "Usage.getPromptTokens() as the provider's client fills it (OpenAI: prompt_tokens, cached tokens included; " +
                "other providers assumed to follow the OTel meaning). Every value is a string (Micrometer KeyValue), finish reasons " +
                "one \"[...]\" string, an unknown model \"none\". ChatClient spans (operation framework) are never model calls.",
        },
        new()
        {
            Id = "ms-extensions-ai-bedrock", Instrumentation = "Microsoft.Extensions.AI / Semantic Kernel / Agent Framework", Provider = "AWS Bedrock (AWSSDK.Extensions.Bedrock.MEAI, Converse)",
            RecognisedBy = "an MEAI / Agent Framework / Semantic Kernel ActivitySource with gen_ai.provider.name (gen_ai.system) aws.bedrock",
            Matches = e => e.ScopeName is { } scope && MicrosoftExtensionsAi.ScopePrefixes.Any(p => scope.StartsWith(p, StringComparison.Ordinal))
                && e.DeclaredProviderIs(MicrosoftExtensionsAi.BedrockProviderName),
            Reads = OTelNames,
            InputIncludesCache = false, OutputIncludesReasoning = true,
            Source = "aws/aws-sdk-net extensions/src/AWSSDK.Extensions.Bedrock.MEAI/BedrockChatClient.cs (CreateUsageDetails), " +
                "AmazonBedrockRuntimeExtensions.cs (ProviderName aws.bedrock); dotnet/extensions OpenTelemetryChatClient.cs (TraceResponse)",
            Note = "InputTokenCount = Converse usage.InputTokens, which excludes cache reads and writes; the cache counts go to " +
                "UsageDetails.AdditionalCounts (CacheReadInputTokens, CacheWriteInputTokens), which the OpenTelemetry client does not " +
                "write, so cached tokens are neither seen nor priced.",
        },
        new()
        {
            Id = "ms-extensions-ai", Instrumentation = "Microsoft.Extensions.AI / Semantic Kernel / Agent Framework", Provider = "any",
            RecognisedBy = "ActivitySource (Experimental.)Microsoft.Extensions.AI, (Experimental.)Microsoft.Agents.AI, Microsoft.SemanticKernel*",
            Matches = e => e.ScopeName is { } scope && MicrosoftExtensionsAi.ScopePrefixes.Any(p => scope.StartsWith(p, StringComparison.Ordinal)),
            Reads = OTelNames,
            InputIncludesCache = true, OutputIncludesReasoning = true,
            Source = "dotnet/extensions src/Libraries/Microsoft.Extensions.AI/ChatCompletion/OpenTelemetryChatClient.cs (TraceResponse)",
            Note = "UsageDetails.InputTokenCount / OutputTokenCount as the provider's client fills them (OpenAI: prompt and " +
                "completion tokens), CachedInputTokenCount and ReasoningTokenCount as parts of them; no cache-write count. " +
                "Agent Framework's invoke_agent spans repeat their model calls' usage.",
        },
        .. VercelAiRows(),
        new()
        {
            Id = "openai-agents", Instrumentation = "OpenAI Agents SDK through OpenInference (openinference-instrumentation-openai-agents)", Provider = "OpenAI (Responses API)",
            RecognisedBy = "scope openinference.instrumentation.openai_agents",
            Matches = e => e.ScopeName == "openinference.instrumentation.openai_agents",
            Reads = OpenInferenceNames,
            InputIncludesCache = true, OutputIncludesReasoning = true,
            Source = "Arize-ai/openinference python/instrumentation/openinference-instrumentation-openai-agents/src/openinference/instrumentation/openai_agents/_processor.py " +
                "(OpenInferenceTracingProcessor, _get_attributes_from_usage)",
            Note = "A TracingProcessor that turns the SDK's spans into OTel spans (exported by any OTLP exporter; the SDK's own exporter " +
                "only sends to OpenAI). response spans: prompt = Responses input_tokens (cached_tokens included), completion = " +
                "output_tokens (reasoning_tokens included). The trace root and agent spans are AGENT, never counted.",
        },
        new()
        {
            Id = "openinference-bedrock-invoke-model", Instrumentation = "OpenInference Bedrock", Provider = "AWS Bedrock InvokeModel (Anthropic body)",
            RecognisedBy = "scope openinference.instrumentation.bedrock, span name bedrock.invoke_model, a Claude model",
            Matches = e => e.ScopeName == "openinference.instrumentation.bedrock" && e.SpanName == "bedrock.invoke_model"
                && e.Model?.Contains("claude", StringComparison.OrdinalIgnoreCase) == true,
            Reads = OpenInferenceNames,
            InputIncludesCache = true, OutputIncludesReasoning = true,
            Source = "Arize-ai/openinference python/instrumentation/openinference-instrumentation-bedrock/src/openinference/instrumentation/bedrock/utils/anthropic/_attributes.py " +
                "(_get_llm_token_counts, get_llm_output_attributes)",
            Note = "llm.token_count.prompt = sum of input_tokens, cache_creation_input_tokens and cache_read_input_tokens; " +
                "llm.model_name is the response body's model (claude-…, no Bedrock prefix). An earlier version wrote " +
                "`input_tokens or 0 + …`, which Python reads as input_tokens alone whenever it is non-zero: its cached calls come out too low.",
        },
        new()
        {
            Id = "openinference-bedrock-converse", Instrumentation = "OpenInference Bedrock", Provider = "AWS Bedrock Converse; InvokeModel of other models (Nova)",
            RecognisedBy = "scope openinference.instrumentation.bedrock (any other span)",
            Matches = e => e.ScopeName == "openinference.instrumentation.bedrock",
            Reads = OpenInferenceNames,
            InputIncludesCache = false, OutputIncludesReasoning = true,
            Source = "Arize-ai/openinference python/instrumentation/openinference-instrumentation-bedrock/src/openinference/instrumentation/bedrock/_converse_attributes.py (get_token_counts); " +
                "utils/_extract_invoke_model_attributes.py (_set_token_count_attributes, _set_nova_body_token_attributes)",
            Note = "prompt = Converse inputTokens, or for InvokeModel the x-amzn-bedrock-input-token-count header / Nova body inputTokens: " +
                "all exclude the cache; cacheRead/cacheWriteInputTokens only in prompt_details.",
        },
        new()
        {
            Id = "openinference-google-genai", Instrumentation = "OpenInference Google GenAI", Provider = "Gemini",
            RecognisedBy = "scope openinference.instrumentation.google_genai",
            Matches = e => e.ScopeName == "openinference.instrumentation.google_genai",
            Reads = OpenInferenceNames,
            InputIncludesCache = true, OutputIncludesReasoning = true,
            Source = "Arize-ai/openinference python/instrumentation/openinference-instrumentation-google-genai/src/openinference/instrumentation/google_genai/_response_attributes_extractor.py",
            Note = "completion = candidates_token_count + thoughts_token_count.",
        },
        new()
        {
            Id = "openinference", Instrumentation = "OpenInference (OpenAI, Anthropic, LangChain, LlamaIndex, OpenAI Agents SDK, …)", Provider = "any other",
            RecognisedBy = "scope openinference.instrumentation.*",
            Matches = e => e.ScopeStartsWith("openinference.instrumentation."),
            Reads = OpenInferenceNames,
            InputIncludesCache = true, OutputIncludesReasoning = true,
            Source = "Arize-ai/openinference python/instrumentation/openinference-instrumentation-anthropic/src/openinference/instrumentation/anthropic/_wrappers.py (_get_llm_token_counts); " +
                "python/instrumentation/openinference-instrumentation-openai/src/openinference/instrumentation/openai/_response_attributes_extractor.py; " +
                "python/instrumentation/openinference-instrumentation-langchain/src/openinference/instrumentation/langchain/_tracer.py " +
                "(_token_counts_from_lc_usage_metadata, _LANGCHAIN_PROVIDER_MAP); langchain-ai/langchain-aws libs/aws/langchain_aws/chat_models/" +
                "bedrock_converse.py (_extract_usage_metadata)",
            Note = "llm.token_count.prompt counts cache reads and writes (Anthropic: input + cache_creation + cache_read in current versions; " +
                "OpenAI: prompt_tokens with cached_tokens inside); prompt_details and completion_details break the counts down. " +
                "LangChain on Bedrock (ChatBedrockConverse, whose usage_metadata.input_tokens is Converse inputTokens, cache excluded) " +
                "needs no row of its own: langchain/_tracer.py adds cache_read + cache_creation back into the prompt when total_tokens " +
                "shows they were left out (openinference#2381); versions before that fix send exclusive input and under-price cached calls.",
        },
        new()
        {
            Id = "openllmetry-bedrock", Instrumentation = "OpenLLMetry Bedrock", Provider = "AWS Bedrock (Converse and InvokeModel)",
            RecognisedBy = "scope opentelemetry.instrumentation.bedrock",
            Matches = e => e.ScopeName == "opentelemetry.instrumentation.bedrock",
            Reads = OTelNames,
            InputIncludesCache = false, OutputIncludesReasoning = true,
            Source = "traceloop/openllmetry packages/opentelemetry-instrumentation-bedrock/opentelemetry/instrumentation/bedrock/span_utils.py " +
                "(converse_usage_record, _set_anthropic_messages_span_attributes), prompt_caching.py (prompt_caching_handling)",
            Note = "prompt_tokens = Converse inputTokens (span bedrock.converse), or an Anthropic body's input_tokens (bedrock.completion): " +
                "both exclude the cache. Cache counts go to a metric only, the span just says gen_ai.prompt_caching read/write.",
        },
        new()
        {
            Id = "otel-botocore-bedrock", Instrumentation = "OTel contrib botocore", Provider = "AWS Bedrock (Converse)",
            RecognisedBy = "scope opentelemetry.instrumentation.botocore.bedrock-runtime (botocore*)",
            Matches = e => e.ScopeStartsWith("opentelemetry.instrumentation.botocore"),
            Reads = OTelNames,
            InputIncludesCache = false, OutputIncludesReasoning = true,
            Source = "open-telemetry/opentelemetry-python-contrib instrumentation/opentelemetry-instrumentation-botocore/src/opentelemetry/instrumentation/botocore/extensions/bedrock.py " +
                "(_converse_on_success, _handle_anthropic_claude_response); botocore/__init__.py (_get_instrumentation_name)",
            Note = "gen_ai.usage.input_tokens = Converse usage.inputTokens, or an Anthropic InvokeModel body's input_tokens: both " +
                "exclude the cache, and no cache count is sent, so cached tokens are neither seen nor priced.",
        },
        new()
        {
            Id = "otel-anthropic", Instrumentation = "opentelemetry-instrumentation-anthropic (OpenLLMetry, contrib)", Provider = "Anthropic",
            RecognisedBy = "scope opentelemetry.instrumentation.anthropic",
            Matches = e => e.ScopeName == "opentelemetry.instrumentation.anthropic",
            Reads = OTelNames,
            InputIncludesCache = true, OutputIncludesReasoning = true,
            Source = "traceloop/openllmetry packages/opentelemetry-instrumentation-anthropic/opentelemetry/instrumentation/anthropic/__init__.py (_set_token_usage)",
            Note = "input = input_tokens + cache_read_input_tokens + cache_creation_input_tokens, as the OTel spec asks for Anthropic.",
        },
        new()
        {
            Id = "otel-openai", Instrumentation = "OTel contrib openai-v2, OpenLLMetry OpenAI", Provider = "OpenAI, Azure OpenAI",
            RecognisedBy = "scope opentelemetry.instrumentation.openai_v2 or opentelemetry.instrumentation.openai",
            Matches = e => e.ScopeName is "opentelemetry.instrumentation.openai_v2" or "opentelemetry.instrumentation.openai",
            Reads = OTelNames,
            InputIncludesCache = true, OutputIncludesReasoning = true,
            Source = "open-telemetry/opentelemetry-python-contrib instrumentation-genai/opentelemetry-instrumentation-openai-v2/src/opentelemetry/instrumentation/openai_v2/patch.py, __init__.py; " +
                "traceloop/openllmetry packages/opentelemetry-instrumentation-openai/opentelemetry/instrumentation/openai/shared/__init__.py",
            Note = "prompt_tokens include cached tokens, completion_tokens include reasoning tokens. With " +
                "OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental openai-v2 chat spans come from util-genai's tracer (row otel-util-genai).",
        },
        new()
        {
            Id = "openllmetry-groq", Instrumentation = "OpenLLMetry groq (opentelemetry-instrumentation-groq)", Provider = "Groq",
            RecognisedBy = "scope opentelemetry.instrumentation.groq",
            Matches = e => e.ScopeName == "opentelemetry.instrumentation.groq",
            Reads = OTelNames,
            InputIncludesCache = true, OutputIncludesReasoning = true,
            Source = "traceloop/openllmetry packages/opentelemetry-instrumentation-groq/opentelemetry/instrumentation/groq/__init__.py " +
                "(_wrap: span groq.chat, gen_ai.system Groq, llm.request.type completion; _set_response_attributes), " +
                "span_utils.py (set_model_response_attributes: gen_ai.usage.input_tokens, cache_read_input_tokens, reasoning_tokens)",
            Note = "Groq's OpenAI-shaped usage: prompt_tokens with prompt_tokens_details.cached_tokens inside, completion_tokens with " +
                "completion_tokens_details.reasoning_tokens inside. Older versions write gen_ai.usage.prompt_tokens / completion_tokens " +
                "only; newer ones the semconv names plus the cache and reasoning counts. Every call says llm.request.type completion.",
        },
        new()
        {
            Id = "openllmetry-cohere", Instrumentation = "OpenLLMetry cohere (opentelemetry-instrumentation-cohere)", Provider = "Cohere",
            RecognisedBy = "scope opentelemetry.instrumentation.cohere",
            Matches = e => e.ScopeName == "opentelemetry.instrumentation.cohere",
            Reads = OTelNames,
            InputIncludesCache = true, OutputIncludesReasoning = true,
            Source = "traceloop/openllmetry packages/opentelemetry-instrumentation-cohere/opentelemetry/instrumentation/cohere/span_utils.py " +
                "(older: _set_span_chat_response; current: set_span_response_attributes), __init__.py (_wrap: gen_ai.system Cohere, " +
                "llm.request.type by method; current: Client and ClientV2, cohere < 6)",
            Note = "input / output = billed_units.input_tokens / output_tokens, the tokens Cohere bills (v1 API meta.billed_units, v2 " +
                "usage.billed_units; SDK v4 token_count); no cache or reasoning count. Versions differ: older ones write " +
                "gen_ai.usage.input_tokens / output_tokens, and only while prompts are traced (with TRACELOOP_TRACE_CONTENT=false no " +
                "tokens, no cost); current ones always write gen_ai.usage.prompt_tokens / completion_tokens. Both are read.",
        },
        new()
        {
            Id = "openllmetry-mistralai", Instrumentation = "OpenLLMetry mistralai (opentelemetry-instrumentation-mistralai)", Provider = "Mistral AI",
            RecognisedBy = "scope opentelemetry.instrumentation.mistralai",
            Matches = e => e.ScopeName == "opentelemetry.instrumentation.mistralai",
            Reads = OTelNames,
            InputIncludesCache = true, OutputIncludesReasoning = true,
            Source = "traceloop/openllmetry packages/opentelemetry-instrumentation-mistralai/opentelemetry/instrumentation/mistralai/__init__.py " +
                "(WRAPPED_METHODS: spans mistralai.chat / mistralai.embeddings; _wrap: gen_ai.system MistralAI; for mistralai < 1 " +
                "_set_response_attributes, for mistralai ≥ 1 chat.complete / chat.stream / embeddings.create and _set_model_response_attributes)",
            Note = "usage.prompt_tokens and completion_tokens as Mistral returns them (the whole prompt; a Magistral model's thinking " +
                "inside completion_tokens); no cache or reasoning count is sent. Versions differ in names only: for mistralai < 1 " +
                "gen_ai.usage.prompt_tokens / completion_tokens, for mistralai ≥ 1 gen_ai.usage.input_tokens / output_tokens (with " +
                "llm.usage.total_tokens in both). Both are read.",
        },
        new()
        {
            Id = "openllmetry-ollama", Instrumentation = "OpenLLMetry ollama (opentelemetry-instrumentation-ollama)", Provider = "Ollama (local)",
            RecognisedBy = "scope opentelemetry.instrumentation.ollama",
            Matches = e => e.ScopeName == "opentelemetry.instrumentation.ollama",
            Reads = OTelNames,
            InputIncludesCache = true, OutputIncludesReasoning = true,
            Source = "traceloop/openllmetry packages/opentelemetry-instrumentation-ollama/opentelemetry/instrumentation/ollama/span_utils.py " +
                "(set_model_response_attributes)",
            Note = "prompt_tokens = prompt_eval_count, completion_tokens = eval_count (every generated token, thinking included), " +
                "total their sum; gen_ai.system Ollama. No cache count is sent. Local models have no list price, so no cost. The " +
                "versions read write gen_ai.usage.prompt_tokens / completion_tokens; the current tests expect gen_ai.usage.input_tokens " +
                "on the span: the same counts, both names are read.",
        },
        new()
        {
            Id = "openllmetry-google-generativeai", Instrumentation = "OpenLLMetry google-generativeai (opentelemetry-instrumentation-google-generativeai)", Provider = "Gemini (google-genai SDK)",
            RecognisedBy = "scope opentelemetry.instrumentation.google_generativeai",
            Matches = e => e.ScopeName == "opentelemetry.instrumentation.google_generativeai",
            Reads = OTelNames,
            InputIncludesCache = true, OutputIncludesReasoning = false, ReasoningInTotal = true,
            Source = "traceloop/openllmetry packages/opentelemetry-instrumentation-google-generativeai/opentelemetry/instrumentation/google_generativeai/span_utils.py " +
                "(set_model_response_attributes), __init__.py (span gemini.generate_content, gen_ai.system Google)",
            Note = "prompt = prompt_token_count (cached content included), completion = candidates_token_count, which excludes " +
                "thoughts_token_count; total = total_token_count, which includes it: the thinking is total − prompt − completion.",
        },
        new()
        {
            Id = "otel-google-genai", Instrumentation = "OTel contrib google-genai", Provider = "Gemini (Developer API, Vertex AI)",
            RecognisedBy = "scope opentelemetry.instrumentation.google_genai",
            Matches = e => e.ScopeName == "opentelemetry.instrumentation.google_genai",
            Reads = OTelNames,
            InputIncludesCache = true, OutputIncludesReasoning = true,
            Source = "open-telemetry/opentelemetry-python-contrib instrumentation-genai/opentelemetry-instrumentation-google-genai/src/opentelemetry/instrumentation/google_genai/generate_content.py",
            Note = "Older versions send candidates_token_count only (thinking unseen); newer ones send thoughts_token_count, which the util library adds to output.",
        },
        new()
        {
            Id = "otel-vertexai", Instrumentation = "opentelemetry-instrumentation-vertexai (contrib, OpenLLMetry)", Provider = "Vertex AI (Gemini)",
            RecognisedBy = "scope opentelemetry.instrumentation.vertexai",
            Matches = e => e.ScopeName == "opentelemetry.instrumentation.vertexai",
            Reads = OTelNames,
            InputIncludesCache = true, OutputIncludesReasoning = false,
            Source = "open-telemetry/opentelemetry-python-contrib instrumentation-genai/opentelemetry-instrumentation-vertexai/src/opentelemetry/instrumentation/vertexai/utils.py " +
                "(get_genai_response_attributes)",
            Note = "input = prompt_token_count (cached content included), output = candidates_token_count, which excludes " +
                "thoughts_token_count; no thoughts or total count is sent, so a Gemini 2.5 call's thinking is neither seen nor priced.",
        },
        new()
        {
            Id = "otel-langchain", Instrumentation = "OpenLLMetry langchain (opentelemetry-instrumentation-langchain)", Provider = "any",
            RecognisedBy = "scope opentelemetry.instrumentation.langchain",
            Matches = e => e.ScopeName == "opentelemetry.instrumentation.langchain",
            Reads = OTelNames,
            InputIncludesCache = true, OutputIncludesReasoning = true,
            Source = "traceloop/openllmetry packages/opentelemetry-instrumentation-langchain/opentelemetry/instrumentation/langchain/span_utils.py (set_chat_response_usage)",
            Note = "LangChain's usage_metadata: input_tokens and output_tokens are sums of all their token types; " +
                "input_token_details.cache_read follows as the cache count.",
        },
        new()
        {
            Id = "otel-util-genai", Instrumentation = "OTel contrib on opentelemetry-util-genai (langchain; openai-v2 with gen_ai_latest_experimental)", Provider = "any",
            RecognisedBy = "scope opentelemetry.util.genai.handler",
            Matches = e => e.ScopeName == "opentelemetry.util.genai.handler",
            Reads = OTelNames,
            InputIncludesCache = true, OutputIncludesReasoning = true,
            Source = "open-telemetry/opentelemetry-python-contrib util/opentelemetry-util-genai/src/opentelemetry/util/genai/handler.py (TelemetryHandler: get_tracer(__name__)); " +
                "instrumentation-genai/opentelemetry-instrumentation-langchain/src/opentelemetry/instrumentation/langchain/callback_handler.py (on_llm_end)",
            Note = "The instrumentations hand their spans to util-genai's tracer, so its name, not theirs, is the scope. Counts in the " +
                "semconv meaning: LangChain's usage_metadata sums (ChatOpenAI, ChatBedrock only), OpenAI's prompt_tokens with cached tokens inside.",
        },
    ];

    private static readonly EmitterProfile[] RowArray = [.. Rows];

    /// <summary>The row by its id.</summary>
    public static EmitterProfile Get(string id) => Rows.Single(r => r.Id == id);

    /// <summary>Every attribute name a row reads or a predicate looks at, for the one-pass attribute collector.</summary>
    internal static IEnumerable<string> AttributeNames() =>
        RowArray.SelectMany(r => r.Reads.Names()).Concat(
        [
            PydanticAi.DetailsCacheReadInputTokens, PydanticAi.DetailsCacheCreationInputTokens, PydanticAi.DetailsCachedTokens,
            PydanticAi.DetailsReasoningTokens, PydanticAi.DetailsCacheReadTokens, PydanticAi.DetailsCacheWriteTokens, VercelAi.InputNoCacheTokens, VercelAi.InputCacheReadTokens, VercelAi.InputCacheWriteTokens,
            VercelAi.OutputReasoningTokens,
        ]);

    /// <summary>The first row that recognises the span, or null for an emitter we do not know.</summary>
    internal static EmitterProfile? Recognise(in EmitterEvidence evidence)
    {
        foreach (var row in RowArray)
        {
            if (row.Matches(evidence))
            {
                return row;
            }
        }

        return null;
    }
}
