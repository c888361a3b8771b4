namespace Observatory.Core.Llm;

/// <summary>The attribute names each convention uses: the one place they are spelled.</summary>
public static class ConventionNames
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
        public const string FinishReasons = "gen_ai.response.finish_reasons";

        /// <summary>Seconds.</summary>
        public const string TimeToFirstChunk = "gen_ai.response.time_to_first_chunk";

        /// <summary>Seconds.</summary>
        public const string ServerTimeToFirstToken = "gen_ai.server.time_to_first_token";

        public const string ConversationId = "gen_ai.conversation.id";
    }

    /// <summary>OTel GenAI names that were renamed but that deployed instrumentations still send.</summary>
    public static class OTelGenAiDeprecated
    {
        /// <summary>Replaced by gen_ai.provider.name in v1.37; OpenLLMetry legacy writes it capitalised (Anthropic).</summary>
        public const string System = "gen_ai.system";

        public const string PromptTokens = "gen_ai.usage.prompt_tokens";
        public const string CompletionTokens = "gen_ai.usage.completion_tokens";
        public const string CacheReadInputTokens = "gen_ai.usage.cache_read_input_tokens";
        public const string CacheCreationInputTokens = "gen_ai.usage.cache_creation_input_tokens";
    }

    /// <summary>OpenInference (Arize Phoenix).</summary>
    public static class OpenInference
    {
        public const string SpanKind = "openinference.span.kind";
        public const string SpanKindLlm = "LLM";
        public const string SpanKindEmbedding = "EMBEDDING";

        /// <summary>The host that served the call (e.g. azure).</summary>
        public const string Provider = "llm.provider";

        /// <summary>The model vendor (e.g. openai).</summary>
        public const string System = "llm.system";

        public const string ModelName = "llm.model_name";
        public const string RequestModelName = "llm.request.model_name";
        public const string ResponseModelName = "llm.response.model_name";
        public const string EmbeddingModelName = "embedding.model_name";
        public const string PromptTokens = "llm.token_count.prompt";
        public const string CompletionTokens = "llm.token_count.completion";
        public const string CacheReadTokens = "llm.token_count.prompt_details.cache_read";
        public const string CacheWriteTokens = "llm.token_count.prompt_details.cache_write";
        public const string ReasoningTokens = "llm.token_count.completion_details.reasoning";
        public const string FinishReason = "llm.finish_reason";
        public const string CostTotal = "llm.cost.total";
    }

    /// <summary>OpenLLMetry (Traceloop) names beyond the OTel ones it shares.</summary>
    public static class OpenLlmetry
    {
        /// <summary>Legacy: chat, completion, embedding, rerank.</summary>
        public const string RequestType = "llm.request.type";

        public const string ReasoningTokens = "gen_ai.usage.reasoning_tokens";
        public const string FinishReason = "gen_ai.response.finish_reason";

        /// <summary>Legacy: the finish reason of the first choice (gen_ai.completion.{i}.finish_reason).</summary>
        public const string FirstCompletionFinishReason = "gen_ai.completion.0.finish_reason";

        public const string AssociationUserId = "traceloop.association.properties.user_id";
        public const string AssociationSessionId = "traceloop.association.properties.session_id";
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
    }
}
