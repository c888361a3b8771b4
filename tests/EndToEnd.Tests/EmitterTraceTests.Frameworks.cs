namespace Observatory.EndToEnd.Tests;

/// <summary>
/// Framework emitters end to end: Spring AI, OpenLLMetry's google-generativeai and the OpenAI Agents SDK through
/// OpenInference, each trace built from what the instrumentation's source writes. Prices per 1M tokens: gpt-4o $2.50 in,
/// $1.25 cached, $10 out; claude-sonnet-4-5 as above; gemini-2.5-flash $0.30 in, $2.50 out (thinking included);
/// o4-mini $1.10 in, $0.275 cached, $4.40 out.
/// </summary>
public sealed partial class EmitterTraceTests
{
    private const int Client = 3;

    [Fact]
    public async Task Spring_AI_chat_spans_are_priced_per_provider_and_the_chat_client_spans_not_counted()
    {
        const string traceId = "e4e4e4e4e4e4e4e4e4e4e4e4e4e4e4e4";
        // DefaultChatClientObservationConvention (operation framework, spring.ai.kind chat_client) around
        // DefaultChatModelObservationConvention chat spans; Spring Boot's tracer; every value a string.
        var request = new EmitterOtlpJson(traceId, "spring-shop", Start)
            .Span("org.springframework.boot", "f400000000000001", null, "spring_ai chat_client", Internal, 0, 4000,
                ("gen_ai.operation.name", "framework"), ("gen_ai.system", "spring_ai"), ("spring.ai.kind", "chat_client"),
                ("spring.ai.chat.client.stream", "false"))
            .Span("org.springframework.boot", "f400000000000002", "f400000000000001", "chat gpt-4o", Client, 100, 3800,
                ("gen_ai.operation.name", "chat"), ("gen_ai.system", "openai"), ("gen_ai.request.model", "gpt-4o"),
                ("gen_ai.response.model", "gpt-4o-2024-08-06"), ("gen_ai.response.finish_reasons", "[\"STOP\"]"),
                ("gen_ai.usage.cache_read.input_tokens", "1536"), ("gen_ai.usage.input_tokens", "2048"),
                ("gen_ai.usage.output_tokens", "300"), ("gen_ai.usage.total_tokens", "2348"))
            .Span("org.springframework.boot", "f400000000000003", null, "spring_ai chat_client", Internal, 5000, 6000,
                ("gen_ai.operation.name", "framework"), ("gen_ai.system", "spring_ai"), ("spring.ai.kind", "chat_client"))
            .Span("org.springframework.boot", "f400000000000004", "f400000000000003", "chat claude-sonnet-4-5", Client, 5100, 5800,
                ("gen_ai.operation.name", "chat"), ("gen_ai.system", "anthropic"), ("gen_ai.request.model", "claude-sonnet-4-5"),
                ("gen_ai.response.model", "claude-sonnet-4-5-20250929"), ("gen_ai.response.finish_reasons", "[\"end_turn\"]"),
                ("gen_ai.usage.cache_creation.input_tokens", "1200"), ("gen_ai.usage.cache_read.input_tokens", "18000"),
                ("gen_ai.usage.input_tokens", "45"), ("gen_ai.usage.output_tokens", "520"), ("gen_ai.usage.total_tokens", "565"));

        var trace = await SendAndReadAsync(request, traceId);

        const decimal openai = (512 * 2.5m + 1_536 * 1.25m + 300 * 10m) / 1_000_000;                   // 0.0062
        const decimal anthropic = (45 * 3m + 18_000 * 0.30m + 1_200 * 3.75m + 520 * 15m) / 1_000_000;   // 0.017835
        var summary = trace.GetProperty("summary");
        Assert.Equal((2, 2_048L + 19_245L, 820L), (summary.GetProperty("llmCallCount").GetInt32(),
            summary.GetProperty("inputTokens").GetInt64(), summary.GetProperty("outputTokens").GetInt64()));
        Assert.Equal(openai + anthropic, summary.GetProperty("costUsd").GetDecimal());

        var gpt = Llm(trace, "f400000000000002");
        Assert.Equal(("spring-ai", "known", "otel-genai"), (Text(gpt, "emitter"), Text(gpt, "inclusivity"), Text(gpt, "dialect")));
        Assert.Equal((2_048L, 1_536L, openai), (gpt.GetProperty("inputTokens").GetInt64(), gpt.GetProperty("cacheReadTokens").GetInt64(),
            gpt.GetProperty("costUsd").GetDecimal()));

        var claude = Llm(trace, "f400000000000004");
        Assert.Equal("spring-ai-anthropic", Text(claude, "emitter"));
        Assert.Equal((19_245L, anthropic), (claude.GetProperty("inputTokens").GetInt64(), claude.GetProperty("costUsd").GetDecimal()));

        Assert.False(Llm(trace, "f400000000000001").GetProperty("isModelCall").GetBoolean());
    }

    [Fact]
    public async Task Gemini_thinking_through_OpenLLMetry_google_generativeai_is_read_from_the_total_and_billed()
    {
        const string traceId = "e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5";
        // google_generativeai span_utils.py: candidates_token_count (no thinking) as output, total_token_count (with it);
        // under a Traceloop workflow span.
        var request = new EmitterOtlpJson(traceId, "gemini-app", Start)
            .Span("traceloop.sdk", "f500000000000001", null, "summarise.workflow", Internal, 0, 9000,
                ("traceloop.span.kind", "workflow"), ("traceloop.entity.name", "summarise"), ("traceloop.workflow.name", "summarise"))
            .Span("opentelemetry.instrumentation.google_generativeai", "f500000000000002", "f500000000000001", "gemini.generate_content",
                Client, 50, 8800,
                ("gen_ai.system", "Google"), ("llm.request.type", "completion"), ("gen_ai.request.model", "gemini-2.5-flash"),
                ("gen_ai.response.model", "gemini-2.5-flash"), ("llm.usage.total_tokens", 3_890L), ("gen_ai.usage.output_tokens", 410L),
                ("gen_ai.usage.input_tokens", 1_200L));

        var trace = await SendAndReadAsync(request, traceId);

        const decimal cost = (1_200 * 0.30m + 2_690 * 2.5m) / 1_000_000;   // 0.007085
        var gemini = Llm(trace, "f500000000000002");
        Assert.Equal(("openllmetry-google-generativeai", "known"), (Text(gemini, "emitter"), Text(gemini, "inclusivity")));
        Assert.Equal((2_690L, 2_280L), (gemini.GetProperty("outputTokens").GetInt64(), gemini.GetProperty("reasoningTokens").GetInt64()));
        Assert.Equal(cost, gemini.GetProperty("costUsd").GetDecimal());
        var summary = trace.GetProperty("summary");
        Assert.Equal((1, 2_690L, cost), (summary.GetProperty("llmCallCount").GetInt32(), summary.GetProperty("outputTokens").GetInt64(),
            summary.GetProperty("costUsd").GetDecimal()));
    }

    [Fact]
    public async Task An_OpenAI_Agents_SDK_run_through_OpenInference_counts_its_two_responses_once()
    {
        const string traceId = "e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6";
        // openinference-instrumentation-openai-agents _processor.py: the trace root and the agent are AGENT spans, the
        // function TOOL, each model turn a response span with the Responses API usage.
        var request = new EmitterOtlpJson(traceId, "agents-app", Start)
            .Span("openinference.instrumentation.openai_agents", "f600000000000001", null, "Agent workflow", Internal, 0, 12000,
                ("openinference.span.kind", "AGENT"))
            .Span("openinference.instrumentation.openai_agents", "f600000000000002", "f600000000000001", "Assistant", Internal, 10, 11900,
                ("openinference.span.kind", "AGENT"), ("llm.system", "openai"))
            .Span("openinference.instrumentation.openai_agents", "f600000000000003", "f600000000000002", "response", Internal, 20, 5000,
                ("openinference.span.kind", "LLM"), ("llm.system", "openai"), ("llm.model_name", "o4-mini-2025-04-16"),
                ("llm.token_count.completion", 900L), ("llm.token_count.prompt", 5_200L), ("llm.token_count.total", 6_100L),
                ("llm.token_count.prompt_details.cache_read", 4_096L), ("llm.token_count.completion_details.reasoning", 704L))
            .Span("openinference.instrumentation.openai_agents", "f600000000000004", "f600000000000002", "get_weather", Internal, 5100, 300,
                ("openinference.span.kind", "TOOL"), ("llm.system", "openai"), ("tool.name", "get_weather"))
            .Span("openinference.instrumentation.openai_agents", "f600000000000005", "f600000000000002", "response", Internal, 5500, 6000,
                ("openinference.span.kind", "LLM"), ("llm.system", "openai"), ("llm.model_name", "o4-mini-2025-04-16"),
                ("llm.token_count.completion", 150L), ("llm.token_count.prompt", 5_600L), ("llm.token_count.total", 5_750L),
                ("llm.token_count.prompt_details.cache_read", 5_120L), ("llm.token_count.completion_details.reasoning", 64L));

        var trace = await SendAndReadAsync(request, traceId);

        const decimal first = (1_104 * 1.1m + 4_096 * 0.275m + 900 * 4.4m) / 1_000_000;   // 0.0063008
        const decimal second = (480 * 1.1m + 5_120 * 0.275m + 150 * 4.4m) / 1_000_000;   // 0.002596
        var summary = trace.GetProperty("summary");
        Assert.Equal((2, 10_800L, 1_050L), (summary.GetProperty("llmCallCount").GetInt32(),
            summary.GetProperty("inputTokens").GetInt64(), summary.GetProperty("outputTokens").GetInt64()));
        Assert.Equal(first + second, summary.GetProperty("costUsd").GetDecimal());

        var turn = Llm(trace, "f600000000000003");
        Assert.Equal(("openai-agents", "known", "openai"), (Text(turn, "emitter"), Text(turn, "inclusivity"), Text(turn, "provider")));
        Assert.Equal((4_096L, 704L, first), (turn.GetProperty("cacheReadTokens").GetInt64(), turn.GetProperty("reasoningTokens").GetInt64(),
            turn.GetProperty("costUsd").GetDecimal()));

        var agent = Llm(trace, "f600000000000002");
        Assert.Equal(("invoke_agent", false), (Text(agent, "operation"), agent.GetProperty("isModelCall").GetBoolean()));
    }
}
