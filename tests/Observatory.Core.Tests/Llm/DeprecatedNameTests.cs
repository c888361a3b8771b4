using Observatory.Core.Llm;

namespace Observatory.Core.Tests.Llm;

/// <summary>Each deprecated, legacy or vendor name is read on its own, into the fact it stands for.</summary>
public class DeprecatedNameTests
{
    private static readonly Dictionary<string, ((string, object?)[] Attributes, Func<SpanFacts, object?> Read, object? Expected)> Names = new()
    {
        // OTel GenAI deprecated
        ["gen_ai.system"] = ([("gen_ai.system", "openai")], f => f.Llm!.Provider, "openai"),
        ["gen_ai.usage.prompt_tokens"] = ([("gen_ai.system", "openai"), ("gen_ai.usage.prompt_tokens", 52L)], f => f.Llm!.InputTokens, 52L),
        ["gen_ai.usage.completion_tokens"] = ([("gen_ai.system", "openai"), ("gen_ai.usage.completion_tokens", 12L)], f => f.Llm!.OutputTokens, 12L),
        ["gen_ai.usage.cache_read_input_tokens"] = (
            [("gen_ai.system", "anthropic"), ("gen_ai.usage.input_tokens", 2000L), ("gen_ai.usage.cache_read_input_tokens", 1500L)],
            f => f.Llm!.CacheReadInputTokens, 1500L),
        ["gen_ai.usage.cache_creation_input_tokens"] = (
            [("gen_ai.system", "anthropic"), ("gen_ai.usage.input_tokens", 2000L), ("gen_ai.usage.cache_creation_input_tokens", 300L)],
            f => f.Llm!.CacheCreationInputTokens, 300L),
        ["gen_ai.openai.request.service_tier"] = ([("gen_ai.system", "openai"), ("gen_ai.openai.request.service_tier", "flex")], f => f.Llm!.ServiceTier, "flex"),
        ["gen_ai.openai.response.service_tier"] = (
            [("gen_ai.system", "openai"), ("gen_ai.openai.request.service_tier", "auto"), ("gen_ai.openai.response.service_tier", "Priority")],
            f => f.Llm!.ServiceTier, "priority"),
        ["gen_ai.openai.* without a known name"] = (
            [("gen_ai.system", "openai"), ("gen_ai.openai.request.response_format", "json_object"), ("gen_ai.openai.api_base", "https://x")],
            f => f.Llm!.Dialect, Dialects.OTelGenAiLegacy),
        ["gen_ai.prompt (removed in v1.28)"] = ([("gen_ai.system", "openai"), ("gen_ai.prompt", "Tell a joke")], f => f.Llm!.Input, "Tell a joke"),
        ["gen_ai.completion (removed in v1.28)"] = (
            [("gen_ai.system", "openai"), ("gen_ai.completion", """[{"role": "assistant", "content": "Knock knock"}]""")],
            f => f.Llm!.Output, """[{"role":"assistant","content":"Knock knock"}]"""),

        // OpenLLMetry legacy
        ["gen_ai.prompt.N.role/content"] = (
            [("gen_ai.system", "OpenAI"), ("gen_ai.prompt.1.role", "user"), ("gen_ai.prompt.1.content", "second"), ("gen_ai.prompt.0.role", "system"), ("gen_ai.prompt.0.content", "first")],
            f => f.Llm!.Input, """[{"role":"system","content":"first"},{"role":"user","content":"second"}]"""),
        ["gen_ai.completion.N.role/content/finish_reason"] = (
            [("gen_ai.system", "OpenAI"), ("gen_ai.completion.0.role", "assistant"), ("gen_ai.completion.0.content", "ok"), ("gen_ai.completion.0.finish_reason", "stop")],
            f => (f.Llm!.Output, f.Llm.FinishReasons.Single()), ("""[{"role":"assistant","content":"ok","finish_reason":"stop"}]""", "stop")),
        ["llm.usage.total_tokens derives the missing output"] = (
            [("gen_ai.system", "OpenAI"), ("gen_ai.usage.prompt_tokens", 40L), ("llm.usage.total_tokens", 55L)],
            f => (f.Llm!.InputTokens, f.Llm.OutputTokens), ((long?)40L, (long?)15L)),
        ["llm.request.type"] = ([("llm.request.type", "completion")], f => f.Llm!.Operation, "text_completion"),
        ["traceloop.span.kind=workflow"] = ([("traceloop.span.kind", "workflow")], f => f.Llm!.Operation, "workflow"),
        ["traceloop.span.kind=task"] = ([("traceloop.span.kind", "task")], f => f.Llm!.Operation, "task"),
        ["traceloop.span.kind=agent"] = ([("traceloop.span.kind", "agent")], f => f.Llm!.Operation, "invoke_agent"),
        ["traceloop.span.kind=tool"] = ([("traceloop.span.kind", "tool")], f => f.Llm!.Operation, "execute_tool"),
        ["traceloop.entity.input/output"] = (
            [("traceloop.span.kind", "task"), ("traceloop.entity.name", "summarize"), ("traceloop.entity.input", """{"args": ["text"], "kwargs": {}}"""), ("traceloop.entity.output", "\"short\"")],
            f => (f.Llm!.Input, f.Llm.Output), ("""{"args": ["text"], "kwargs": {}}""", "\"short\"")),
        ["traceloop.association.properties.user_id/session_id"] = (
            [("traceloop.association.properties.user_id", "bob"), ("traceloop.association.properties.session_id", "chat-9")],
            f => (f.UserId, f.SessionId), ("bob", "chat-9")),
        ["traceloop.association.properties.userId/sessionId (TS SDK)"] = (
            [("traceloop.association.properties.userId", "bob"), ("traceloop.association.properties.sessionId", "chat-9")],
            f => (f.UserId, f.SessionId), ("bob", "chat-9")),
        ["traceloop.association.properties.conversation_id"] = ([("traceloop.association.properties.conversation_id", "c-1")], f => f.SessionId, "c-1"),
        ["gen_ai.system Anthropic (capitalised)"] = ([("gen_ai.system", "Anthropic")], f => f.Llm!.Provider, "anthropic"),
        ["gen_ai.system Azure (capitalised)"] = ([("gen_ai.system", "Azure")], f => f.Llm!.Provider, "azure.ai.openai"),
        ["gen_ai.system AWS (capitalised)"] = ([("gen_ai.system", "AWS")], f => f.Llm!.Provider, "aws.bedrock"),
        ["gen_ai.usage.reasoning_tokens (OpenLLMetry extra)"] = (
            [("gen_ai.provider.name", "openai"), ("gen_ai.usage.output_tokens", 300L), ("gen_ai.usage.reasoning_tokens", 256L)],
            f => f.Llm!.ReasoningOutputTokens, 256L),
        ["gen_ai.user (OpenLLMetry extra)"] = ([("gen_ai.provider.name", "openai"), ("gen_ai.user", "end-user-5")], f => f.UserId, "end-user-5"),
        ["llm.user (OpenLLMetry legacy)"] = ([("gen_ai.system", "openai"), ("llm.user", "end-user-6")], f => f.UserId, "end-user-6"),

        // OpenInference
        ["openinference.span.kind=LLM"] = ([("openinference.span.kind", "LLM")], f => f.Llm!.Operation, "chat"),
        ["llm.model_name"] = ([("llm.model_name", "gpt-4o")], f => f.Llm!.RequestModel, "gpt-4o"),
        ["llm.provider is the host"] = ([("llm.provider", "azure"), ("llm.system", "openai")], f => f.Llm!.Provider, "azure.ai.openai"),
        ["llm.system"] = ([("openinference.span.kind", "LLM"), ("llm.system", "anthropic")], f => f.Llm!.Provider, "anthropic"),
        ["llm.token_count.prompt/completion"] = (
            [("openinference.span.kind", "LLM"), ("llm.token_count.prompt", 18L), ("llm.token_count.completion", 9L)],
            f => (f.Llm!.InputTokens, f.Llm.OutputTokens), ((long?)18L, (long?)9L)),
        ["llm.token_count.total derives the missing input"] = (
            [("openinference.span.kind", "LLM"), ("llm.token_count.completion", 9L), ("llm.token_count.total", 27L)],
            f => f.Llm!.InputTokens, 18L),
        ["llm.token_count.prompt_details.cache_read"] = (
            [("openinference.span.kind", "LLM"), ("llm.token_count.prompt", 100L), ("llm.token_count.prompt_details.cache_read", 60L)],
            f => f.Llm!.CacheReadInputTokens, 60L),
        ["llm.token_count.prompt_details.cache_write"] = (
            [("openinference.span.kind", "LLM"), ("llm.token_count.prompt", 100L), ("llm.token_count.prompt_details.cache_write", 40L)],
            f => f.Llm!.CacheCreationInputTokens, 40L),
        ["llm.token_count.prompt_details.audio is not a token kind"] = (
            [("openinference.span.kind", "LLM"), ("llm.token_count.prompt", 100L), ("llm.token_count.prompt_details.audio", 40L)],
            f => (f.Llm!.InputTokens, f.Llm.CacheReadInputTokens, f.Llm.CacheCreationInputTokens), ((long?)100L, (long?)null, (long?)null)),
        ["llm.token_count.completion_details.reasoning"] = (
            [("openinference.span.kind", "LLM"), ("llm.token_count.completion", 300L), ("llm.token_count.completion_details.reasoning", 200L)],
            f => f.Llm!.ReasoningOutputTokens, 200L),
        ["llm.invocation_parameters model"] = (
            [("openinference.span.kind", "LLM"), ("llm.invocation_parameters", """{"model": "claude-3-7-sonnet-latest", "max_tokens": 1024}""")],
            f => f.Llm!.RequestModel, "claude-3-7-sonnet-latest"),
        ["llm.invocation_parameters that is not JSON"] = (
            [("openinference.span.kind", "LLM"), ("llm.invocation_parameters", "{model=gpt-4o")], f => f.Llm!.RequestModel, null),
        ["input.value/output.value as text"] = (
            [("openinference.span.kind", "LLM"), ("input.value", "What is 2+2?"), ("input.mime_type", "text/plain"), ("output.value", "4"), ("output.mime_type", "text/plain")],
            f => (f.Llm!.Input, f.Llm.Output), ("What is 2+2?", "4")),
        ["input.value/output.value as OpenAI JSON"] = (
            [
                ("openinference.span.kind", "LLM"),
                ("input.value", """{"model": "gpt-4o", "messages": [{"role": "user", "content": "2+2?"}]}"""), ("input.mime_type", "application/json"),
                ("output.value", """{"choices": [{"index": 0, "message": {"role": "assistant", "content": "4"}, "finish_reason": "stop"}]}"""), ("output.mime_type", "application/json"),
            ],
            f => (f.Llm!.Input, f.Llm.Output), ("""[{"role":"user","content":"2+2?"}]""", """[{"role":"assistant","content":"4","finish_reason":"stop"}]""")),
        ["llm.input_messages.N.message.*"] = (
            [("openinference.span.kind", "LLM"), ("llm.input_messages.0.message.role", "user"), ("llm.input_messages.0.message.content", "hi")],
            f => f.Llm!.Input, """[{"role":"user","content":"hi"}]"""),
        ["llm.output_messages.N.message.*"] = (
            [("openinference.span.kind", "LLM"), ("llm.output_messages.0.message.role", "assistant"), ("llm.output_messages.0.message.content", "hello")],
            f => f.Llm!.Output, """[{"role":"assistant","content":"hello"}]"""),
        ["llm.cost.total"] = ([("openinference.span.kind", "LLM"), ("llm.cost.total", 0.5)], f => f.Llm!.SuppliedCostUsd, 0.5m),
        ["llm.cost.prompt + llm.cost.completion"] = (
            [("openinference.span.kind", "LLM"), ("llm.cost.prompt", "0.0001"), ("llm.cost.completion", "0.0002")], f => f.Llm!.SuppliedCostUsd, 0.0003m),
        ["llm.cost.prompt alone is not the total"] = ([("openinference.span.kind", "LLM"), ("llm.cost.prompt", 0.0001)], f => f.Llm!.SuppliedCostUsd, null),
        ["user.id/session.id"] = ([("openinference.span.kind", "LLM"), ("user.id", "u"), ("session.id", "s")], f => (f.UserId, f.SessionId), ("u", "s")),

        // Vercel AI SDK
        ["ai.model.id/ai.model.provider"] = (
            [("ai.model.id", "gpt-4o-mini"), ("ai.model.provider", "openai.chat")], f => (f.Llm!.RequestModel, f.Llm.Provider), ("gpt-4o-mini", "openai")),
        ["ai.usage.promptTokens/completionTokens"] = (
            [("ai.model.provider", "openai.chat"), ("ai.usage.promptTokens", 10L), ("ai.usage.completionTokens", 5L)],
            f => (f.Llm!.InputTokens, f.Llm.OutputTokens), ((long?)10L, (long?)5L)),
        ["ai.usage.inputTokens/outputTokens (v5)"] = (
            [("ai.model.provider", "openai.responses"), ("ai.usage.inputTokens", 10L), ("ai.usage.outputTokens", 5L), ("ai.usage.reasoningTokens", 3L), ("ai.usage.cachedInputTokens", 4L)],
            f => (f.Llm!.InputTokens, f.Llm.OutputTokens, f.Llm.ReasoningOutputTokens, f.Llm.CacheReadInputTokens), ((long?)10L, (long?)5L, (long?)3L, (long?)4L)),
        ["ai.response.finishReason"] = ([("ai.model.provider", "openai.chat"), ("ai.response.finishReason", "length")], f => f.Llm!.FinishReasons.Single(), "length"),
        ["ai.prompt (outer span)"] = (
            [("ai.operationId", "ai.generateText"), ("ai.prompt", """{"system":"Be kind.","prompt":"Hi"}""")],
            f => f.Llm!.Input, """[{"role":"system","content":"Be kind."},{"role":"user","content":"Hi"}]"""),
        ["ai.telemetry.metadata.userId/sessionId"] = (
            [("ai.model.id", "gpt-4o"), ("ai.telemetry.metadata.userId", "u9"), ("ai.telemetry.metadata.sessionId", "s9")],
            f => (f.UserId, f.SessionId), ("u9", "s9")),
        ["ai.response.msToFirstChunk"] = ([("ai.model.id", "gpt-4o"), ("ai.response.msToFirstChunk", 250L)], f => f.Llm!.TimeToFirstTokenMs, 250.0),
        ["ai.operationId ai.embed.doEmbed"] = (
            [("ai.operationId", "ai.embed.doEmbed"), ("ai.model.id", "text-embedding-3-small"), ("ai.usage.tokens", 7L)],
            f => (f.Llm!.Operation, f.Llm.InputTokens), ("embeddings", (long?)7L)),

        // The original Observatory SDKs
        ["llm.provider/llm.model"] = ([("llm.provider", "openai"), ("llm.model", "gpt-4o")], f => (f.Llm!.Provider, f.Llm.RequestModel), ("openai", "gpt-4o")),
        ["llm.usage.prompt_tokens/completion_tokens"] = (
            [("llm.model", "gpt-4o"), ("llm.usage.prompt_tokens", 3L), ("llm.usage.completion_tokens", 4L)],
            f => (f.Llm!.InputTokens, f.Llm.OutputTokens), ((long?)3L, (long?)4L)),
        ["llm.cost.total_usd"] = ([("llm.model", "gpt-4o"), ("llm.cost.total_usd", "0.25")], f => f.Llm!.SuppliedCostUsd, 0.25m),
        ["llm.latency.ttft_ms"] = ([("llm.model", "gpt-4o"), ("llm.latency.ttft_ms", 180L)], f => f.Llm!.TimeToFirstTokenMs, 180.0),
        ["llm.user.id/llm.session.id"] = ([("llm.model", "gpt-4o"), ("llm.user.id", "u"), ("llm.session.id", "s")], f => (f.UserId, f.SessionId), ("u", "s")),
        ["llm.prompt/llm.completion"] = ([("llm.model", "gpt-4o"), ("llm.prompt", "p"), ("llm.completion", "c")], f => (f.Llm!.Input, f.Llm.Output), ("p", "c")),
    };

    public static TheoryData<string> NameCases => new(Names.Keys);

    [Theory]
    [MemberData(nameof(NameCases))]
    public void Each_legacy_or_vendor_name_is_read(string name)
    {
        var (attributes, read, expected) = Names[name];

        var facts = SpanNormalizer.Read(TestSpans.With(attributes));

        Assert.Equal(expected, read(facts));
    }
}
