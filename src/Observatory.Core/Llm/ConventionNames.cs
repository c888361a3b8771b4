namespace Observatory.Core.Llm;

/// <summary>The attribute, event and scope names each convention uses: the one place they are spelled.</summary>
public static partial class ConventionNames
{
    /// <summary>OpenTelemetry GenAI semantic conventions, current names (semconv v1.37–v1.41).</summary>
    public static class OTelGenAi
    {
        public const string ProviderName = "gen_ai.provider.name";
        public const string OperationName = "gen_ai.operation.name";
        public const string RequestModel = "gen_ai.request.model";
        public const string ResponseModel = "gen_ai.response.model";
        public const string InputTokens = "gen_ai.usage.input_tokens";
        public const string OutputTokens = "gen_ai.usage.output_tokens";
        public const string CacheReadInputTokens = "gen_ai.usage.cache_read.input_tokens";
        public const string CacheCreationInputTokens = "gen_ai.usage.cache_creation.input_tokens";
        public const string ReasoningOutputTokens = "gen_ai.usage.reasoning.output_tokens";

        // Per-modality parts of input_tokens / output_tokens (semantic-conventions-genai registry; each "a subset of"
        // its total, set only when the provider reports that modality).
        public const string TextInputTokens = "gen_ai.usage.text.input_tokens";
        public const string ImageInputTokens = "gen_ai.usage.image.input_tokens";
        public const string AudioInputTokens = "gen_ai.usage.audio.input_tokens";
        public const string VideoInputTokens = "gen_ai.usage.video.input_tokens";
        public const string TextOutputTokens = "gen_ai.usage.text.output_tokens";
        public const string AudioOutputTokens = "gen_ai.usage.audio.output_tokens";

        public const string FinishReasons = "gen_ai.response.finish_reasons";

        /// <summary>Seconds.</summary>
        public const string TimeToFirstChunk = "gen_ai.response.time_to_first_chunk";

        /// <summary>Seconds.</summary>
        public const string ServerTimeToFirstToken = "gen_ai.server.time_to_first_token";

        public const string ConversationId = "gen_ai.conversation.id";

        /// <summary>JSON array of parts (or a plain string), the system prompt kept apart from the messages (v1.37).</summary>
        public const string SystemInstructions = "gen_ai.system_instructions";

        /// <summary>JSON array of {role, parts:[{type, content, …}], name?} (v1.37).</summary>
        public const string InputMessages = "gen_ai.input.messages";

        /// <summary>JSON array of {role, parts, finish_reason} (v1.37).</summary>
        public const string OutputMessages = "gen_ai.output.messages";

        /// <summary>openai.* replaced gen_ai.openai.* in v1.37: the tier the request asked for (auto, default, flex, priority).</summary>
        public const string OpenAiRequestServiceTier = "openai.request.service_tier";

        public const string OpenAiResponseServiceTier = "openai.response.service_tier";

        public const string OperationInvokeWorkflow = "invoke_workflow";

        /// <summary>The opt-in log event (v1.37+) that carries gen_ai.input.messages / output.messages / system_instructions.</summary>
        public const string InferenceDetailsEvent = "gen_ai.client.inference.operation.details";
    }

    /// <summary>OTel GenAI names that were renamed or removed but that deployed instrumentations still send.</summary>
    public static class OTelGenAiDeprecated
    {
        /// <summary>Replaced by gen_ai.provider.name in v1.37; OpenLLMetry legacy writes it capitalised (Anthropic).</summary>
        public const string System = "gen_ai.system";

        /// <summary>Renamed to input_tokens / output_tokens in v1.27.</summary>
        public const string PromptTokens = "gen_ai.usage.prompt_tokens";

        public const string CompletionTokens = "gen_ai.usage.completion_tokens";

        /// <summary>Before v1.40 (OpenLLMetry): renamed to gen_ai.usage.cache_read.input_tokens.</summary>
        public const string CacheReadInputTokens = "gen_ai.usage.cache_read_input_tokens";

        public const string CacheCreationInputTokens = "gen_ai.usage.cache_creation_input_tokens";

        /// <summary>Removed in v1.28: the whole prompt as one (usually JSON) string, as an attribute or on the gen_ai.content.prompt event.</summary>
        public const string Prompt = "gen_ai.prompt";

        public const string Completion = "gen_ai.completion";

        /// <summary>Renamed to openai.* in v1.37.</summary>
        public const string OpenAiPrefix = "gen_ai.openai.";

        public const string OpenAiRequestServiceTier = "gen_ai.openai.request.service_tier";
        public const string OpenAiResponseServiceTier = "gen_ai.openai.response.service_tier";

        /// <summary>Span events (semconv ≤1.27, Semantic Kernel) carrying gen_ai.prompt / gen_ai.completion.</summary>
        public const string ContentPromptEvent = "gen_ai.content.prompt";

        public const string ContentCompletionEvent = "gen_ai.content.completion";

        /// <summary>Per-message log events of v1.28–v1.36 (deprecated in v1.37); body {content, role?, tool_calls?, id?}.</summary>
        public const string SystemMessageEvent = "gen_ai.system.message";

        public const string UserMessageEvent = "gen_ai.user.message";
        public const string AssistantMessageEvent = "gen_ai.assistant.message";
        public const string ToolMessageEvent = "gen_ai.tool.message";

        /// <summary>Body {index, finish_reason, message:{role?, content, tool_calls?}}.</summary>
        public const string ChoiceEvent = "gen_ai.choice";

        /// <summary>Fields of the per-message event bodies (or attributes, for span events).</summary>
        public const string EventContent = "content";

        public const string EventMessage = "message";
        public const string EventFinishReason = "finish_reason";

        /// <summary>On gen_ai.tool.message: the id of the tool call answered.</summary>
        public const string EventId = "id";
    }

    /// <summary>OpenInference (Arize Phoenix).</summary>
    public static class OpenInference
    {
        public const string SpanKind = "openinference.span.kind";
        public const string SpanKindLlm = "LLM";
        public const string SpanKindEmbedding = "EMBEDDING";
        public const string SpanKindChain = "CHAIN";
        public const string SpanKindAgent = "AGENT";
        public const string SpanKindTool = "TOOL";
        public const string SpanKindRetriever = "RETRIEVER";
        public const string SpanKindReranker = "RERANKER";
        public const string SpanKindGuardrail = "GUARDRAIL";
        public const string SpanKindEvaluator = "EVALUATOR";
        public const string SpanKindPrompt = "PROMPT";

        /// <summary>The host that served the call (e.g. azure).</summary>
        public const string Provider = "llm.provider";

        /// <summary>The model vendor (e.g. openai).</summary>
        public const string System = "llm.system";

        public const string ModelName = "llm.model_name";
        public const string RequestModelName = "llm.request.model_name";
        public const string ResponseModelName = "llm.response.model_name";
        public const string EmbeddingModelName = "embedding.model_name";
        public const string RerankerModelName = "reranker.model_name";

        /// <summary>JSON object of the request parameters; "model" names the requested model.</summary>
        public const string InvocationParameters = "llm.invocation_parameters";

        public const string PromptTokens = "llm.token_count.prompt";
        public const string CompletionTokens = "llm.token_count.completion";
        public const string TotalTokens = "llm.token_count.total";
        public const string CacheReadTokens = "llm.token_count.prompt_details.cache_read";
        public const string CacheWriteTokens = "llm.token_count.prompt_details.cache_write";
        public const string ReasoningTokens = "llm.token_count.completion_details.reasoning";

        /// <summary>Audio tokens inside llm.token_count.prompt (OpenAI prompt_tokens_details.audio_tokens, Gemini's AUDIO prompt part).</summary>
        public const string AudioPromptTokens = "llm.token_count.prompt_details.audio";

        /// <summary>Audio tokens inside llm.token_count.completion (OpenAI completion_tokens_details.audio_tokens).</summary>
        public const string AudioCompletionTokens = "llm.token_count.completion_details.audio";
        public const string TokenCountPrefix = "llm.token_count.";
        public const string FinishReason = "llm.finish_reason";
        public const string CostTotal = "llm.cost.total";
        public const string CostPrompt = "llm.cost.prompt";
        public const string CostCompletion = "llm.cost.completion";

        public const string InputValue = "input.value";
        public const string InputMimeType = "input.mime_type";
        public const string OutputValue = "output.value";
        public const string OutputMimeType = "output.mime_type";

        /// <summary>llm.input_messages.{i}.message.* (fields in <see cref="FlattenedMessages"/>).</summary>
        public const string InputMessagesPrefix = "llm.input_messages.";

        public const string OutputMessagesPrefix = "llm.output_messages.";

        /// <summary>What OpenInference puts between the index and the field: llm.input_messages.0.message.role.</summary>
        public const string MessageFieldPrefix = "message.";
    }

    /// <summary>OpenLLMetry (Traceloop) names beyond the OTel ones it shares.</summary>
    public static class OpenLlmetry
    {
        /// <summary>Legacy: chat, completion, embedding, rerank.</summary>
        public const string RequestType = "llm.request.type";

        public const string ReasoningTokens = "gen_ai.usage.reasoning_tokens";
        public const string FinishReason = "gen_ai.response.finish_reason";

        /// <summary>Legacy: input + output, used only to derive a missing side.</summary>
        public const string LegacyTotalTokens = "llm.usage.total_tokens";

        /// <summary>Current (≥0.55) extra, as LegacyTotalTokens.</summary>
        public const string TotalTokens = "gen_ai.usage.total_tokens";

        public const string LegacyIsStreaming = "llm.is_streaming";
        public const string IsStreaming = "gen_ai.is_streaming";

        /// <summary>The OpenAI "user" request parameter: the end user.</summary>
        public const string LegacyUser = "llm.user";

        public const string User = "gen_ai.user";

        /// <summary>Legacy flattened messages: gen_ai.prompt.{i}.role / .content.</summary>
        public const string PromptPrefix = "gen_ai.prompt.";

        /// <summary>Legacy flattened choices: gen_ai.completion.{i}.role / .content / .finish_reason / .tool_calls.{k}.*</summary>
        public const string CompletionPrefix = "gen_ai.completion.";

        /// <summary>Legacy: the finish reason of the first choice (gen_ai.completion.{i}.finish_reason).</summary>
        public const string FirstCompletionFinishReason = "gen_ai.completion.0.finish_reason";

        public const string Prefix = "traceloop.";

        /// <summary>workflow, task, agent or tool: a framework span around the model calls.</summary>
        public const string SpanKind = "traceloop.span.kind";

        public const string EntityName = "traceloop.entity.name";

        /// <summary>JSON of the decorated function's arguments / return value.</summary>
        public const string EntityInput = "traceloop.entity.input";

        public const string EntityOutput = "traceloop.entity.output";
        public const string AssociationPropertiesPrefix = "traceloop.association.properties.";
        public const string AssociationUserId = "traceloop.association.properties.user_id";
        public const string AssociationUserIdCamel = "traceloop.association.properties.userId";
        public const string AssociationSessionId = "traceloop.association.properties.session_id";
        public const string AssociationSessionIdCamel = "traceloop.association.properties.sessionId";
        public const string AssociationConversationId = "traceloop.association.properties.conversation_id";
    }

    /// <summary>
    /// The fields of one flattened message, after the index: OpenLLMetry gen_ai.prompt.{i}.{field} and
    /// OpenInference llm.input_messages.{i}.message.{field}.
    /// </summary>
    public static class FlattenedMessages
    {
        public const string Role = "role";
        public const string Content = "content";
        public const string Name = "name";
        public const string ToolCallId = "tool_call_id";
        public const string FinishReason = "finish_reason";

        /// <summary>OpenInference: contents.{j}.message_content.text</summary>
        public const string ContentsPrefix = "contents.";

        public const string ContentTextSuffix = ".message_content.text";

        /// <summary>tool_calls.{k}.id / .name / .arguments (OpenLLMetry), tool_calls.{k}.tool_call.id / .function.name / .function.arguments (OpenInference).</summary>
        public const string ToolCallsPrefix = "tool_calls.";

        public const string ToolCallIdField = "id";
        public const string ToolCallNameField = "name";
        public const string ToolCallArgumentsField = "arguments";
        public const string OpenInferenceToolCallIdField = "tool_call.id";
        public const string OpenInferenceToolCallNameField = "tool_call.function.name";
        public const string OpenInferenceToolCallArgumentsField = "tool_call.function.arguments";
    }

    /// <summary>Microsoft.Extensions.AI (OpenTelemetryChatClient) and Semantic Kernel: OTel names, told apart by their ActivitySource.</summary>
    public static class MicrosoftExtensionsAi
    {
        /// <summary>Scope (ActivitySource) name prefixes: MEAI's default source, Agent Framework, Semantic Kernel.</summary>
        public static readonly string[] ScopePrefixes =
        [
            "Experimental.Microsoft.Extensions.AI", "Microsoft.Extensions.AI", "Experimental.Microsoft.Agents.AI",
            "Microsoft.Agents.AI", "Microsoft.SemanticKernel",
        ];

        /// <summary>ChatClientMetadata.ProviderName of AWSSDK.Extensions.Bedrock.MEAI's BedrockChatClient.</summary>
        public const string BedrockProviderName = "aws.bedrock";
    }

    /// <summary>Vercel AI SDK ≤v6 telemetry (ai.*).</summary>
    public static class VercelAi
    {
        public const string Prefix = "ai.";

        /// <summary>ai.generateText, ai.generateText.doGenerate, ai.streamText.doStream, ai.embed.doEmbed, ai.toolCall, …</summary>
        public const string OperationId = "ai.operationId";

        /// <summary>Outer spans: their usage sums the doGenerate / doStream / doEmbed steps under them.</summary>
        public static readonly string[] WrapperOperationIds =
            ["ai.generateText", "ai.streamText", "ai.generateObject", "ai.streamObject", "ai.embed", "ai.embedMany"];

        /// <summary>The model calls themselves.</summary>
        public static readonly string[] ChatOperationIds =
            ["ai.generateText.doGenerate", "ai.streamText.doStream", "ai.generateObject.doGenerate", "ai.streamObject.doStream"];

        public static readonly string[] EmbeddingOperationIds = ["ai.embed.doEmbed", "ai.embedMany.doEmbed"];

        public const string ToolCallOperationId = "ai.toolCall";

        public const string ModelId = "ai.model.id";

        /// <summary>Provider and API: openai.chat, anthropic.messages, google.generative-ai, amazon-bedrock …</summary>
        public const string ModelProvider = "ai.model.provider";

        public const string ResponseModel = "ai.response.model";
        public const string PromptTokens = "ai.usage.promptTokens";
        public const string CompletionTokens = "ai.usage.completionTokens";

        /// <summary>v5+ names.</summary>
        public const string InputTokens = "ai.usage.inputTokens";

        public const string OutputTokens = "ai.usage.outputTokens";
        public const string TotalTokens = "ai.usage.totalTokens";

        /// <summary>Embeddings (ai.embed, ai.embedMany).</summary>
        public const string EmbeddingTokens = "ai.usage.tokens";

        public const string CachedInputTokens = "ai.usage.cachedInputTokens";
        public const string ReasoningTokens = "ai.usage.reasoningTokens";

        /// <summary>v6: present when ai.usage.inputTokens is the total, cache reads and writes included.</summary>
        public const string InputNoCacheTokens = "ai.usage.inputTokenDetails.noCacheTokens";

        public const string InputCacheReadTokens = "ai.usage.inputTokenDetails.cacheReadTokens";
        public const string InputCacheWriteTokens = "ai.usage.inputTokenDetails.cacheWriteTokens";
        public const string OutputReasoningTokens = "ai.usage.outputTokenDetails.reasoningTokens";

        /// <summary>JSON object per provider; {"anthropic":{"cacheCreationInputTokens":…}} before v6.</summary>
        public const string ProviderMetadata = "ai.response.providerMetadata";

        public const string AnthropicMetadataKey = "anthropic";

        /// <summary>
        /// providerMetadata.anthropic.usage: Anthropic's raw usage block, in v5 and v6 alike (input_tokens without the
        /// cache, cache_creation_input_tokens, cache_read_input_tokens).
        /// </summary>
        public const string AnthropicMetadataUsage = "usage";

        public const string AnthropicRawInputTokens = "input_tokens";
        public const string AnthropicRawCacheCreationInputTokens = "cache_creation_input_tokens";
        public const string AnthropicRawCacheReadInputTokens = "cache_read_input_tokens";

        /// <summary>providerMetadata.anthropic.cacheCreationInputTokens (v4 to v6), cacheReadInputTokens (v4).</summary>
        public const string AnthropicCacheCreationInputTokens = "cacheCreationInputTokens";

        public const string AnthropicCacheReadInputTokens = "cacheReadInputTokens";

        /// <summary>v5 Amazon Bedrock: {"bedrock":{"usage":{"cacheWriteInputTokens":…}}}.</summary>
        public const string BedrockMetadataKey = "bedrock";

        public const string BedrockMetadataUsage = "usage";
        public const string BedrockCacheWriteInputTokens = "cacheWriteInputTokens";

        /// <summary>ai.model.provider prefixes of provider packages with usage mappings of their own (mistral.chat, groq.chat, xai.chat, xai.responses).</summary>
        public const string MistralProviderPrefix = "mistral.";

        public const string GroqProviderPrefix = "groq.";
        public const string XaiProviderPrefix = "xai.";

        /// <summary>
        /// @ai-sdk/openai-compatible names its models "{name}.chat" / "{name}.completion" after the name the user (or a
        /// package built on it: deepseek, togetherai, fireworks, cerebras, …) gives it.
        /// </summary>
        public static readonly string[] OpenAiCompatibleProviderSuffixes = [".chat", ".completion"];

        public const string FinishReason = "ai.response.finishReason";

        /// <summary>Milliseconds (streamText).</summary>
        public const string ResponseMsToFirstChunk = "ai.response.msToFirstChunk";

        /// <summary>Milliseconds (doStream span).</summary>
        public const string StreamMsToFirstChunk = "ai.stream.msToFirstChunk";

        /// <summary>JSON {system?, prompt?, messages?} on the outer span.</summary>
        public const string Prompt = "ai.prompt";

        /// <summary>JSON array of {role, content} on the doGenerate / doStream span.</summary>
        public const string PromptMessages = "ai.prompt.messages";

        public const string ResponseText = "ai.response.text";
        public const string MetadataPrefix = "ai.telemetry.metadata.";
        public const string MetadataUserId = "ai.telemetry.metadata.userId";
        public const string MetadataSessionId = "ai.telemetry.metadata.sessionId";
    }

    /// <summary>Strands Agents (strands-agents/sdk-python, src/strands/telemetry/tracer.py).</summary>
    public static class Strands
    {
        /// <summary>The tracer name: the module's __name__.</summary>
        public const string ScopeName = "strands.telemetry.tracer";

        /// <summary>What Strands writes into gen_ai.system / gen_ai.provider.name: the framework, not the model's provider.</summary>
        public const string System = "strands-agents";

        /// <summary>Bedrock's cacheWriteInputTokens under a name of Strands' own.</summary>
        public const string CacheWriteInputTokens = "gen_ai.usage.cache_write_input_tokens";
    }

    /// <summary>Claude Code's beta traces: flat attributes on claude_code.llm_request spans (code.claude.com/docs/en/monitoring-usage).</summary>
    public static class ClaudeCode
    {
        public const string LlmRequestSpanName = "claude_code.llm_request";
        public const string InputTokens = "input_tokens";
        public const string OutputTokens = "output_tokens";
        public const string CacheReadTokens = "cache_read_tokens";
        public const string CacheCreationTokens = "cache_creation_tokens";

        /// <summary>Milliseconds.</summary>
        public const string TtftMs = "ttft_ms";
    }

    /// <summary>pydantic-ai (and Logfire, which uses its instrumentation): the provider's extra usage under gen_ai.usage.details.*.</summary>
    public static class PydanticAi
    {
        /// <summary>The tracer name of pydantic_ai/models/instrumented.py.</summary>
        public const string ScopeName = "pydantic-ai";

        public const string DetailsPrefix = "gen_ai.usage.details.";

        /// <summary>Anthropic's raw usage fields, copied into the details (input_tokens then counts them in).</summary>
        public const string DetailsCacheReadInputTokens = "gen_ai.usage.details.cache_read_input_tokens";

        public const string DetailsCacheCreationInputTokens = "gen_ai.usage.details.cache_creation_input_tokens";

        /// <summary>OpenAI's prompt_tokens_details / completion_tokens_details fields.</summary>
        public const string DetailsCachedTokens = "gen_ai.usage.details.cached_tokens";

        public const string DetailsReasoningTokens = "gen_ai.usage.details.reasoning_tokens";

        /// <summary>
        /// pydantic-ai 1.x: RequestUsage.cache_read_tokens / cache_write_tokens, which usage.py opentelemetry_attributes
        /// adds to the details under these names (the provider's raw fields may follow beside them).
        /// </summary>
        public const string DetailsCacheReadTokens = "gen_ai.usage.details.cache_read_tokens";

        public const string DetailsCacheWriteTokens = "gen_ai.usage.details.cache_write_tokens";

        /// <summary>gen_ai.system of BedrockConverseModel (its provider's name), whose input_tokens excludes the cache.</summary>
        public const string BedrockSystem = "bedrock";

        /// <summary>gen_ai.system of AnthropicModel (its provider's name).</summary>
        public const string AnthropicSystem = "anthropic";

        /// <summary>gen_ai.system of GoogleModel / GeminiModel: the Gemini API (generative language) and Vertex AI providers.</summary>
        public static readonly string[] GoogleSystems = ["google-gla", "google-vertex"];

        /// <summary>Gemini's thoughts_token_count, copied into the details by models/google.py _metadata_as_usage.</summary>
        public const string DetailsThoughtsTokens = "gen_ai.usage.details.thoughts_tokens";

        /// <summary>Anthropic's output_tokens_details.thinking_tokens (pydantic/pydantic-ai#6753), a part of output_tokens.</summary>
        public const string DetailsThinkingTokens = "gen_ai.usage.details.thinking_tokens";
    }

    /// <summary>Google Agent Development Kit (google/adk-python).</summary>
    public static class GoogleAdk
    {
        /// <summary>The tracer name, and what older versions write into gen_ai.system on Gemini calls.</summary>
        public const string ScopeName = "gcp.vertex.agent";
    }

    /// <summary>LiteLLM's OpenTelemetry callback (BerriAI/litellm, litellm/integrations/opentelemetry.py).</summary>
    public static class LiteLlm
    {
        /// <summary>The default tracer name (OTEL_TRACER_NAME).</summary>
        public const string ScopeName = "litellm";

        public const string RequestSpanName = "litellm_request";
    }

    /// <summary>Spring AI (spring-projects/spring-ai): Micrometer observations bridged to OpenTelemetry by Spring Boot.</summary>
    public static class SpringAi
    {
        /// <summary>
        /// The tracer Spring Boot's OpenTelemetryTracingAutoConfiguration hands the Micrometer bridge, so every observation's
        /// span carries it; Spring AI's attribute values are strings (Micrometer KeyValues).
        /// </summary>
        public const string ScopeName = "org.springframework.boot";

        /// <summary>AiProvider.BEDROCK_CONVERSE: AWS Bedrock through its Converse API.</summary>
        public const string BedrockConverse = "bedrock_converse";

        /// <summary>AiProvider.ANTHROPIC.</summary>
        public const string Anthropic = "anthropic";
    }

    /// <summary>OpenLIT's non-standard extras.</summary>
    public static class OpenLit
    {
        public const string Cost = "gen_ai.usage.cost";

        /// <summary>Seconds.</summary>
        public const string ServerTtft = "gen_ai.server.ttft";
    }

    /// <summary>The original LLM Observatory SDKs (Node, Python, Rust).</summary>
    public static class ObservatorySdk
    {
        public const string Provider = "llm.provider";
        public const string System = "llm.system";
        public const string Model = "llm.model";
        public const string RequestModel = "llm.request.model";
        public const string ResponseModel = "llm.response.model";
        public const string Operation = "llm.operation";
        public const string PromptTokens = "llm.usage.prompt_tokens";
        public const string CompletionTokens = "llm.usage.completion_tokens";
        public const string FinishReason = "llm.response.finish_reason";
        public const string CostTotalUsd = "llm.cost.total_usd";

        /// <summary>Milliseconds (Node SDK).</summary>
        public const string LatencyTtftMs = "llm.latency.ttft_ms";

        /// <summary>Milliseconds (Python SDK).</summary>
        public const string MetricsTtftMs = "llm.metrics.ttft_ms";

        public const string UserId = "llm.user.id";
        public const string SessionId = "llm.session.id";
        public const string Prompt = "llm.prompt";
        public const string Completion = "llm.completion";
    }

    /// <summary>General OpenTelemetry semantic conventions, not specific to LLMs.</summary>
    public static class General
    {
        public const string ServiceName = "service.name";
        public const string UserId = "user.id";
        public const string SessionId = "session.id";
        public const string ErrorType = "error.type";
        public const string ExceptionEventName = "exception";
        public const string ExceptionType = "exception.type";

        /// <summary>The log-record attribute naming an event (OTel Events API).</summary>
        public const string EventName = "event.name";
    }
}
