using Observatory.Core.Llm;
using Observatory.Core.Spans;

namespace Observatory.Core.Tests.Llm;

/// <summary>One realistic span per dialect real clients send, each asserting every normalized fact.</summary>
public class DialectTests
{
    /// <summary>A span as one instrumentation sends it, and everything the normalizer must read from it.</summary>
    public sealed record DialectCase(SpanData Span, LlmFacts Expected, string? UserId, string? SessionId);

    private static readonly Dictionary<string, DialectCase> Cases = new()
    {
        // opentelemetry-instrumentation-openai-v2 with semconv 1.37+ and content capture on (attributes, not events).
        ["OTel GenAI current: OpenAI chat via python-contrib openai-v2"] = new(
            Span("opentelemetry.instrumentation.openai_v2",
                ("gen_ai.operation.name", "chat"),
                ("gen_ai.provider.name", "openai"),
                ("gen_ai.request.model", "gpt-4o"),
                ("gen_ai.request.temperature", 0.2),
                ("gen_ai.request.max_tokens", 512L),
                ("gen_ai.response.id", "chatcmpl-AbC123"),
                ("gen_ai.response.model", "gpt-4o-2024-08-06"),
                ("gen_ai.response.finish_reasons", TestSpans.List("stop")),
                ("gen_ai.usage.input_tokens", 1200L),
                ("gen_ai.usage.output_tokens", 350L),
                ("gen_ai.usage.cache_read.input_tokens", 1024L),
                ("gen_ai.usage.reasoning.output_tokens", 0L),
                ("gen_ai.response.time_to_first_chunk", 0.42),
                ("gen_ai.conversation.id", "conv_5f2a"),
                ("openai.request.service_tier", "auto"),
                ("openai.response.service_tier", "default"),
                ("user.id", "u-123"),
                ("gen_ai.system_instructions", """[{"type":"text","content":"You are a support agent."}]"""),
                ("gen_ai.input.messages", """[{"role":"user","parts":[{"type":"text","content":"Where is my order?"}]}]"""),
                ("gen_ai.output.messages", """[{"role":"assistant","parts":[{"type":"text","content":"It ships today."}],"finish_reason":"stop"}]"""),
                ("server.address", "api.openai.com"),
                ("server.port", 443L)),
            new LlmFacts
            {
                Dialect = Dialects.OTelGenAi,
                Emitter = "otel-openai",
                Inclusivity = TokenInclusivity.Known,
                Provider = "openai",
                Operation = "chat",
                RequestModel = "gpt-4o",
                ResponseModel = "gpt-4o-2024-08-06",
                InputTokens = 1200,
                OutputTokens = 350,
                CacheReadInputTokens = 1024,
                ReasoningOutputTokens = 0,
                TimeToFirstTokenMs = 420,
                FinishReasons = ["stop"],
                ServiceTier = "default",
                Input = """[{"role":"system","content":"You are a support agent."},{"role":"user","content":"Where is my order?"}]""",
                Output = """[{"role":"assistant","content":"It ships today.","finish_reason":"stop"}]""",
            },
            "u-123", "conv_5f2a"),

        // Anthropic through an OTel 1.40+ instrumentation: input already includes cache reads and writes, a tool call part.
        ["OTel GenAI current: Anthropic with cache and a tool call"] = new(
            Span("opentelemetry.instrumentation.anthropic",
                ("gen_ai.operation.name", "chat"),
                ("gen_ai.provider.name", "anthropic"),
                ("gen_ai.request.model", "claude-sonnet-4-5"),
                ("gen_ai.response.model", "claude-sonnet-4-5-20250929"),
                ("gen_ai.response.finish_reasons", TestSpans.List("tool_call")),
                ("gen_ai.usage.input_tokens", 2100L),
                ("gen_ai.usage.output_tokens", 64L),
                ("gen_ai.usage.cache_read.input_tokens", 1800L),
                ("gen_ai.usage.cache_creation.input_tokens", 200L),
                ("gen_ai.input.messages", """[{"role":"user","parts":[{"type":"text","content":"Status of order A-17?"}]}]"""),
                ("gen_ai.output.messages",
                    """[{"role":"assistant","parts":[{"type":"text","content":"Let me check."},{"type":"tool_call","id":"toolu_01","name":"get_order","arguments":{"order_id":"A-17"}}],"finish_reason":"tool_call"}]""")),
            new LlmFacts
            {
                Dialect = Dialects.OTelGenAi,
                Emitter = "otel-anthropic",
                Inclusivity = TokenInclusivity.Known,
                Provider = "anthropic",
                Operation = "chat",
                RequestModel = "claude-sonnet-4-5",
                ResponseModel = "claude-sonnet-4-5-20250929",
                InputTokens = 2100,
                OutputTokens = 64,
                CacheReadInputTokens = 1800,
                CacheCreationInputTokens = 200,
                FinishReasons = ["tool_call"],
                Input = """[{"role":"user","content":"Status of order A-17?"}]""",
                Output = """[{"role":"assistant","content":"Let me check.","tool_calls":[{"id":"toolu_01","name":"get_order","arguments":"{\"order_id\":\"A-17\"}"}],"finish_reason":"tool_call"}]""",
            },
            null, null),

        // semconv ≤1.26: gen_ai.system, prompt/completion tokens, gen_ai.openai.*, content as span events.
        ["OTel GenAI legacy: OpenAI with gen_ai.content.* span events"] = new(
            Span("opentelemetry.instrumentation.openai_v2",
                [
                    new SpanEventData("gen_ai.content.prompt", 1_700_000_000_100_000_000,
                        TestSpans.Attributes(("gen_ai.prompt", """[{"role": "user", "content": "Say hi"}]"""))),
                    new SpanEventData("gen_ai.content.completion", 1_700_000_001_200_000_000,
                        TestSpans.Attributes(("gen_ai.completion", """[{"role": "assistant", "content": "Hi!"}]"""))),
                ],
                ("gen_ai.system", "openai"),
                ("gen_ai.operation.name", "chat"),
                ("gen_ai.request.model", "gpt-4o-mini"),
                ("gen_ai.response.model", "gpt-4o-mini-2024-07-18"),
                ("gen_ai.response.finish_reasons", TestSpans.List("stop")),
                ("gen_ai.usage.prompt_tokens", 52L),
                ("gen_ai.usage.completion_tokens", 12L),
                ("gen_ai.openai.request.service_tier", "auto"),
                ("gen_ai.openai.response.service_tier", "default"),
                ("gen_ai.openai.response.system_fingerprint", "fp_44709d6fcb")),
            new LlmFacts
            {
                Dialect = Dialects.OTelGenAiLegacy,
                Emitter = "otel-openai",
                Inclusivity = TokenInclusivity.Known,
                Provider = "openai",
                Operation = "chat",
                RequestModel = "gpt-4o-mini",
                ResponseModel = "gpt-4o-mini-2024-07-18",
                InputTokens = 52,
                OutputTokens = 12,
                FinishReasons = ["stop"],
                ServiceTier = "default",
                Input = """[{"role":"user","content":"Say hi"}]""",
                Output = """[{"role":"assistant","content":"Hi!"}]""",
            },
            null, null),

        // traceloop-sdk ≥0.55: upstream gen_ai.* plus project extras and traceloop.* framework keys.
        ["OpenLLMetry current: Anthropic in a Traceloop workflow"] = new(
            Span("opentelemetry.instrumentation.anthropic",
                ("gen_ai.provider.name", "anthropic"),
                ("gen_ai.operation.name", "chat"),
                ("gen_ai.request.model", "claude-sonnet-4-5"),
                ("gen_ai.response.model", "claude-sonnet-4-5-20250929"),
                ("gen_ai.response.finish_reasons", TestSpans.List("end_turn")),
                ("gen_ai.usage.input_tokens", 5200L),
                ("gen_ai.usage.output_tokens", 410L),
                ("gen_ai.usage.cache_read.input_tokens", 4096L),
                ("gen_ai.usage.cache_creation.input_tokens", 1000L),
                ("gen_ai.usage.total_tokens", 5610L),
                ("gen_ai.is_streaming", false),
                ("gen_ai.input.messages", """[{"role":"user","parts":[{"type":"text","content":"Draft a reply"}]}]"""),
                ("gen_ai.output.messages", """[{"role":"assistant","parts":[{"type":"text","content":"Dear customer, …"}],"finish_reason":"end_turn"}]"""),
                ("traceloop.workflow.name", "support_flow"),
                ("traceloop.entity.path", "draft_reply"),
                ("traceloop.association.properties.user_id", "u-42"),
                ("traceloop.association.properties.session_id", "sess-9")),
            new LlmFacts
            {
                Dialect = Dialects.OpenLlmetry,
                Emitter = "otel-anthropic",
                Inclusivity = TokenInclusivity.Known,
                Provider = "anthropic",
                Operation = "chat",
                RequestModel = "claude-sonnet-4-5",
                ResponseModel = "claude-sonnet-4-5-20250929",
                InputTokens = 5200,
                OutputTokens = 410,
                CacheReadInputTokens = 4096,
                CacheCreationInputTokens = 1000,
                FinishReasons = ["end_turn"],
                Input = """[{"role":"user","content":"Draft a reply"}]""",
                Output = """[{"role":"assistant","content":"Dear customer, …","finish_reason":"end_turn"}]""",
            },
            "u-42", "sess-9"),

        // traceloop-sdk ≤0.4x: capitalised gen_ai.system, flattened prompts and completions, llm.* extras.
        ["OpenLLMetry legacy: Anthropic with flattened messages and a tool call"] = new(
            Span("opentelemetry.instrumentation.anthropic",
                ("gen_ai.system", "Anthropic"),
                ("llm.request.type", "chat"),
                ("gen_ai.request.model", "claude-3-5-sonnet-20241022"),
                ("gen_ai.response.model", "claude-3-5-sonnet-20241022"),
                ("gen_ai.prompt.0.role", "system"),
                ("gen_ai.prompt.0.content", "You triage tickets."),
                ("gen_ai.prompt.1.role", "user"),
                ("gen_ai.prompt.1.content", """[{"type": "text", "text": "Ticket #88: refund?"}]"""),
                ("gen_ai.completion.0.role", "assistant"),
                ("gen_ai.completion.0.content", "Looking it up."),
                ("gen_ai.completion.0.finish_reason", "tool_use"),
                ("gen_ai.completion.0.tool_calls.0.id", "toolu_9"),
                ("gen_ai.completion.0.tool_calls.0.name", "lookup_ticket"),
                ("gen_ai.completion.0.tool_calls.0.arguments", """{"id": 88}"""),
                ("gen_ai.usage.prompt_tokens", 2048L),
                ("gen_ai.usage.completion_tokens", 512L),
                ("gen_ai.usage.cache_read_input_tokens", 1500L),
                ("gen_ai.usage.cache_creation_input_tokens", 300L),
                ("llm.usage.total_tokens", 2560L),
                ("llm.is_streaming", false),
                ("traceloop.association.properties.user_id", "agent-7"),
                ("traceloop.association.properties.conversation_id", "ticket-88")),
            new LlmFacts
            {
                Dialect = Dialects.OpenLlmetry,
                Emitter = "otel-anthropic",
                Inclusivity = TokenInclusivity.Known,
                Provider = "anthropic",
                Operation = "chat",
                RequestModel = "claude-3-5-sonnet-20241022",
                ResponseModel = "claude-3-5-sonnet-20241022",
                InputTokens = 2048,
                OutputTokens = 512,
                CacheReadInputTokens = 1500,
                CacheCreationInputTokens = 300,
                FinishReasons = ["tool_use"],
                Input = """[{"role":"system","content":"You triage tickets."},{"role":"user","content":"Ticket #88: refund?"}]""",
                Output = """[{"role":"assistant","content":"Looking it up.","tool_calls":[{"id":"toolu_9","name":"lookup_ticket","arguments":"{\"id\": 88}"}],"finish_reason":"tool_use"}]""",
            },
            "agent-7", "ticket-88"),

        // openinference-instrumentation-openai: INTERNAL span, flattened messages, token details, costs.
        ["OpenInference: OpenAI reasoning model with cache, tool call and cost"] = new(
            Span("openinference.instrumentation.openai",
                ("openinference.span.kind", "LLM"),
                ("llm.provider", "openai"),
                ("llm.system", "openai"),
                ("llm.model_name", "o4-mini-2025-04-16"),
                ("llm.invocation_parameters", """{"model": "o4-mini", "reasoning_effort": "low"}"""),
                ("input.value", """{"messages": [{"role": "user", "content": "Weather in Paris?"}], "model": "o4-mini"}"""),
                ("input.mime_type", "application/json"),
                ("output.value", """{"id": "chatcmpl-9", "choices": [{"index": 0, "finish_reason": "tool_calls"}]}"""),
                ("output.mime_type", "application/json"),
                ("llm.input_messages.0.message.role", "system"),
                ("llm.input_messages.0.message.content", "Use tools."),
                ("llm.input_messages.1.message.role", "user"),
                ("llm.input_messages.1.message.contents.0.message_content.type", "text"),
                ("llm.input_messages.1.message.contents.0.message_content.text", "Weather in Paris?"),
                ("llm.output_messages.0.message.role", "assistant"),
                ("llm.output_messages.0.message.tool_calls.0.tool_call.id", "call_1"),
                ("llm.output_messages.0.message.tool_calls.0.tool_call.function.name", "get_weather"),
                ("llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments", """{"city": "Paris"}"""),
                ("llm.token_count.prompt", 1500L),
                ("llm.token_count.completion", 220L),
                ("llm.token_count.total", 1720L),
                ("llm.token_count.prompt_details.cache_read", 1024L),
                ("llm.token_count.prompt_details.audio", 0L),
                ("llm.token_count.completion_details.reasoning", 64L),
                ("llm.cost.prompt", 0.0012),
                ("llm.cost.completion", 0.00088),
                ("user.id", "alice"),
                ("session.id", "s-77"),
                ("metadata", """{"tenant": "acme"}""")),
            new LlmFacts
            {
                Dialect = Dialects.OpenInference,
                Emitter = "openinference",
                Inclusivity = TokenInclusivity.Known,
                Provider = "openai",
                Operation = "chat",
                RequestModel = "o4-mini-2025-04-16",
                InputTokens = 1500,
                OutputTokens = 220,
                CacheReadInputTokens = 1024,
                ReasoningOutputTokens = 64,
                SuppliedCostUsd = 0.00208m,
                AudioInputTokens = 0,
                Input = """[{"role":"system","content":"Use tools."},{"role":"user","content":"Weather in Paris?"}]""",
                Output = """[{"role":"assistant","tool_calls":[{"id":"call_1","name":"get_weather","arguments":"{\"city\": \"Paris\"}"}]}]""",
            },
            "alice", "s-77"),

        // Microsoft.Extensions.AI OpenTelemetryChatClient with EnableSensitiveData: finish reasons as a JSON string.
        ["Microsoft.Extensions.AI: streaming chat with EnableSensitiveData"] = new(
            Span("Experimental.Microsoft.Extensions.AI",
                ("gen_ai.operation.name", "chat"),
                ("gen_ai.request.model", "gpt-4o-mini"),
                ("gen_ai.provider.name", "openai"),
                ("gen_ai.request.stream", true),
                ("server.address", "api.openai.com"),
                ("server.port", 443L),
                ("gen_ai.conversation.id", "thread_abc"),
                ("gen_ai.request.stop_sequences", "[\"END\"]"),
                ("gen_ai.input.messages", """[{"role":"user","parts":[{"type":"text","content":"What's the weather?"}]}]"""),
                ("gen_ai.output.messages", """[{"role":"assistant","parts":[{"type":"text","content":"Sunny."}],"finish_reason":"stop"}]"""),
                ("gen_ai.response.finish_reasons", "[\"stop\"]"),
                ("gen_ai.response.id", "chatcmpl-MEAI"),
                ("gen_ai.response.model", "gpt-4o-mini-2024-07-18"),
                ("gen_ai.response.time_to_first_chunk", 0.183),
                ("gen_ai.usage.input_tokens", 812L),
                ("gen_ai.usage.output_tokens", 96L),
                ("gen_ai.usage.cache_read.input_tokens", 512L)),
            new LlmFacts
            {
                Dialect = Dialects.MicrosoftExtensionsAi,
                Emitter = "ms-extensions-ai",
                Inclusivity = TokenInclusivity.Known,
                Provider = "openai",
                Operation = "chat",
                RequestModel = "gpt-4o-mini",
                ResponseModel = "gpt-4o-mini-2024-07-18",
                InputTokens = 812,
                OutputTokens = 96,
                CacheReadInputTokens = 512,
                TimeToFirstTokenMs = 183,
                FinishReasons = ["stop"],
                Input = """[{"role":"user","content":"What's the weather?"}]""",
                Output = """[{"role":"assistant","content":"Sunny.","finish_reason":"stop"}]""",
            },
            null, "thread_abc"),

        // Semantic Kernel ModelDiagnostics: older names, its own operation spelling, content as span events.
        ["Semantic Kernel: chat.completions with gen_ai.content events"] = new(
            Span("Microsoft.SemanticKernel.Diagnostics",
                [
                    new SpanEventData("gen_ai.content.prompt", 1_700_000_000_100_000_000,
                        TestSpans.Attributes(("gen_ai.prompt", """[{"role": "system", "content": "Be terse."}, {"role": "user", "content": "2+2?"}]"""))),
                    new SpanEventData("gen_ai.content.completion", 1_700_000_001_000_000_000,
                        TestSpans.Attributes(("gen_ai.completion", """[{"role": "assistant", "content": "4"}]"""))),
                ],
                ("gen_ai.operation.name", "chat.completions"),
                ("gen_ai.system", "openai"),
                ("gen_ai.request.model", "gpt-4o"),
                ("gen_ai.response.id", "chatcmpl-SK"),
                ("gen_ai.response.finish_reason", "Stop"),
                ("gen_ai.usage.input_tokens", 30L),
                ("gen_ai.usage.output_tokens", 1L)),
            new LlmFacts
            {
                Dialect = Dialects.MicrosoftExtensionsAi,
                Emitter = "ms-extensions-ai",
                Inclusivity = TokenInclusivity.Known,
                Provider = "openai",
                Operation = "chat",
                RequestModel = "gpt-4o",
                InputTokens = 30,
                OutputTokens = 1,
                FinishReasons = ["Stop"],
                Input = """[{"role":"system","content":"Be terse."},{"role":"user","content":"2+2?"}]""",
                Output = """[{"role":"assistant","content":"4"}]""",
            },
            null, null),

        // AI SDK v4 streamText → doStream span with Anthropic: input excludes the cache, cache writes in providerMetadata.
        ["Vercel AI SDK: Anthropic doStream span (exclusive input)"] = new(
            Span("ai",
                ("operation.name", "ai.streamText.doStream support-reply"),
                ("ai.operationId", "ai.streamText.doStream"),
                ("ai.model.id", "claude-3-5-sonnet-20241022"),
                ("ai.model.provider", "anthropic.messages"),
                ("ai.telemetry.functionId", "support-reply"),
                ("ai.telemetry.metadata.userId", "user_77"),
                ("ai.telemetry.metadata.sessionId", "chat_12"),
                ("ai.prompt.messages", """[{"role":"system","content":"Be brief."},{"role":"user","content":[{"type":"text","text":"Hello"}]}]"""),
                ("ai.response.text", "Hi there!"),
                ("ai.response.finishReason", "stop"),
                ("ai.response.id", "msg_01"),
                ("ai.response.model", "claude-3-5-sonnet-20241022"),
                ("ai.response.msToFirstChunk", 312.5),
                ("ai.stream.msToFirstChunk", 312.5),
                ("ai.usage.promptTokens", 120L),
                ("ai.usage.completionTokens", 15L),
                ("ai.response.providerMetadata", """{"anthropic":{"cacheCreationInputTokens":2000,"cacheReadInputTokens":0}}"""),
                ("gen_ai.system", "anthropic.messages"),
                ("gen_ai.request.model", "claude-3-5-sonnet-20241022"),
                ("gen_ai.response.model", "claude-3-5-sonnet-20241022"),
                ("gen_ai.response.finish_reasons", TestSpans.List("stop")),
                ("gen_ai.usage.input_tokens", 120L),
                ("gen_ai.usage.output_tokens", 15L)),
            new LlmFacts
            {
                Dialect = Dialects.VercelAi,
                Emitter = "vercel-ai-anthropic",
                Inclusivity = TokenInclusivity.Known,
                Provider = "anthropic",
                Operation = "chat",
                RequestModel = "claude-3-5-sonnet-20241022",
                ResponseModel = "claude-3-5-sonnet-20241022",
                InputTokens = 2120,
                OutputTokens = 15,
                CacheReadInputTokens = 0,
                CacheCreationInputTokens = 2000,
                TimeToFirstTokenMs = 312.5,
                FinishReasons = ["stop"],
                Input = """[{"role":"system","content":"Be brief."},{"role":"user","content":"Hello"}]""",
                Output = "Hi there!",
            },
            "user_77", "chat_12"),

        // The original Observatory Python SDK.
        ["LLM Observatory SDK: Python client"] = new(
            Span("llm_observatory",
                ("llm.provider", "openai"),
                ("llm.model", "gpt-4o"),
                ("llm.operation", "chat"),
                ("llm.request.temperature", 0.7),
                ("llm.usage.prompt_tokens", 100L),
                ("llm.usage.completion_tokens", 50L),
                ("llm.usage.total_tokens", 150L),
                ("llm.response.finish_reason", "stop"),
                ("llm.cost.total_usd", 0.00075),
                ("llm.latency.ttft_ms", 95.5),
                ("llm.user.id", "carol"),
                ("llm.session.id", "s-3"),
                ("llm.prompt", "Translate 'bonjour'"),
                ("llm.completion", "Hello")),
            new LlmFacts
            {
                Dialect = Dialects.ObservatorySdk,
                Inclusivity = TokenInclusivity.Guessed,
                Provider = "openai",
                Operation = "chat",
                RequestModel = "gpt-4o",
                InputTokens = 100,
                OutputTokens = 50,
                SuppliedCostUsd = 0.00075m,
                TimeToFirstTokenMs = 95.5,
                FinishReasons = ["stop"],
                Input = "Translate 'bonjour'",
                Output = "Hello",
            },
            "carol", "s-3"),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Every_fact_is_read_from_a_realistic_span_of_each_dialect(string name)
    {
        var (span, expected, userId, sessionId) = Cases[name];

        var facts = SpanNormalizer.Read(span);

        AssertFacts(expected, facts.Llm);
        Assert.Equal((userId, sessionId), (facts.UserId, facts.SessionId));
        Assert.True(facts.Llm!.IsModelCall);
    }

    [Fact]
    public void Every_dialect_has_a_realistic_case()
    {
        Assert.Equal(Dialects.All.Order(), Cases.Values.Select(c => c.Expected.Dialect!).Distinct().Order());
    }

    public static TheoryData<string, (string, object?)[], string?> DetectionCases => new()
    {
        { "OpenInference kind wins over the gen_ai.* it also emits", [("openinference.span.kind", "LLM"), ("gen_ai.provider.name", "openai"), ("gen_ai.usage.input_tokens", 1L)], Dialects.OpenInference },
        { "Vercel ai.* wins over the gen_ai.* of its doGenerate span", [("ai.operationId", "ai.generateText.doGenerate"), ("gen_ai.system", "openai.chat"), ("gen_ai.usage.input_tokens", 1L)], Dialects.VercelAi },
        { "traceloop.* marks OpenLLMetry even with current names", [("gen_ai.provider.name", "openai"), ("traceloop.workflow.name", "w")], Dialects.OpenLlmetry },
        { "flattened gen_ai.prompt.N marks OpenLLMetry", [("gen_ai.system", "openai"), ("gen_ai.prompt.0.content", "hi")], Dialects.OpenLlmetry },
        { "llm.request.type marks OpenLLMetry", [("gen_ai.system", "OpenAI"), ("llm.request.type", "chat")], Dialects.OpenLlmetry },
        { "gen_ai.prompt.name is OTel, not a flattened prompt", [("gen_ai.provider.name", "openai"), ("gen_ai.prompt.name", "triage")], Dialects.OTelGenAi },
        { "finish reasons as a JSON string mark MEAI", [("gen_ai.provider.name", "openai"), ("gen_ai.response.finish_reasons", "[\"stop\"]")], Dialects.MicrosoftExtensionsAi },
        { "a single finish reason string does not", [("gen_ai.provider.name", "openai"), ("gen_ai.response.finish_reasons", "stop")], Dialects.OTelGenAi },
        { "SDK names win over llm.usage.total_tokens", [("llm.model", "gpt-4o"), ("llm.usage.total_tokens", 3L)], Dialects.ObservatorySdk },
        { "llm.usage.total_tokens alone marks OpenLLMetry", [("gen_ai.system", "openai"), ("llm.usage.total_tokens", 3L)], Dialects.OpenLlmetry },
        { "a current name beside a deprecated one is current", [("gen_ai.provider.name", "openai"), ("gen_ai.system", "openai")], Dialects.OTelGenAi },
        { "only deprecated names are legacy", [("gen_ai.system", "openai"), ("gen_ai.usage.input_tokens", 1L)], Dialects.OTelGenAiLegacy },
        { "gen_ai.openai.* is legacy", [("gen_ai.openai.request.service_tier", "auto"), ("gen_ai.request.model", "gpt-4o")], Dialects.OTelGenAiLegacy },
        { "neither current nor deprecated names are current", [("gen_ai.operation.name", "chat"), ("gen_ai.request.model", "gpt-4o")], Dialects.OTelGenAi },
        { "llm.token_count.* without a kind is OpenInference", [("llm.token_count.prompt", 5L)], Dialects.OpenInference },
        { "llm.provider alone is the Observatory SDK", [("llm.provider", "openai")], Dialects.ObservatorySdk },
    };

    [Theory]
    [MemberData(nameof(DetectionCases))]
    public void The_dialect_is_the_one_with_the_strongest_marker(string rule, (string, object?)[] attributes, string? dialect)
    {
        Assert.True(rule.Length > 0);
        Assert.Equal(dialect, SpanNormalizer.Normalize(TestSpans.With(attributes))?.Dialect);
    }

    [Theory]
    [InlineData("Experimental.Microsoft.Extensions.AI")]
    [InlineData("Microsoft.Extensions.AI")]
    [InlineData("Experimental.Microsoft.Agents.AI")]
    [InlineData("Microsoft.SemanticKernel.Diagnostics")]
    public void Microsoft_instrumentation_scopes_mark_ms_extensions_ai(string scope)
    {
        var span = Span(scope, ("gen_ai.provider.name", "openai"), ("gen_ai.operation.name", "chat"));

        Assert.Equal(Dialects.MicrosoftExtensionsAi, SpanNormalizer.Normalize(span)!.Dialect);
    }

    internal static void AssertFacts(LlmFacts expected, LlmFacts? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.FinishReasons, actual.FinishReasons);
        Assert.Equal(expected.Input, actual.Input);
        Assert.Equal(expected.Output, actual.Output);
        Assert.Equal(expected with { FinishReasons = actual.FinishReasons }, actual);
    }

    internal static SpanData Span(string scope, params (string Key, object? Value)[] attributes) => Span(scope, [], attributes);

    internal static SpanData Span(string scope, IReadOnlyList<SpanEventData> events, params (string Key, object? Value)[] attributes) => new()
    {
        TraceId = TestSpans.TraceId,
        SpanId = TestSpans.SpanId,
        Name = "chat",
        Kind = SpanKind.Client,
        StartUnixNano = 1_700_000_000_000_000_000,
        EndUnixNano = 1_700_000_001_250_000_000,
        Attributes = TestSpans.Attributes(attributes),
        Events = events,
        ScopeName = scope,
    };
}
