using System.Net;
using System.Text;
using System.Text.Json;

namespace Observatory.EndToEnd.Tests;

/// <summary>
/// Real emitters' spans through OTLP/HTTP into GET /api/v1/traces/{id}: the numbers a user reads, checked against
/// prices worked out by hand (per 1M tokens: claude-sonnet-4 $3 in, $0.30 cache read, $3.75 cache write, $15 out;
/// claude-sonnet-4-5 the same; gemini-2.5-pro $1.25 in, $10 out).
/// </summary>
public sealed partial class EmitterTraceTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private const int Internal = 1;
    private static readonly DateTime Start = new(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc);
    private ObservatoryTestHost Host => fixture.Host;

    [Fact]
    public async Task A_Strands_agent_on_Bedrock_is_priced_with_its_cache_and_counted_once()
    {
        const string traceId = "e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1";
        // strands tracer.py: two chat spans (Converse usage: inputTokens excludes the cache; TTFT in ms) under invoke_agent
        // that repeats their summed usage and the model id.
        var request = new EmitterOtlpJson(traceId, "strands-bot", Start)
            .Span("strands.telemetry.tracer", "a100000000000001", null, "invoke_agent support", Internal, 0, 9000,
                ("gen_ai.operation.name", "invoke_agent"), ("gen_ai.system", "strands-agents"), ("gen_ai.agent.name", "support"),
                ("gen_ai.request.model", "us.anthropic.claude-sonnet-4-20250514-v1:0"), ("gen_ai.usage.prompt_tokens", 3_046L),
                ("gen_ai.usage.completion_tokens", 778L), ("gen_ai.usage.input_tokens", 3_046L), ("gen_ai.usage.output_tokens", 778L),
                ("gen_ai.usage.total_tokens", 24_704L), ("gen_ai.usage.cache_read_input_tokens", 19_600L), ("gen_ai.usage.cache_write_input_tokens", 1_280L));
        foreach (var (id, offset) in new[] { ("c100000000000001", 100), ("c100000000000002", 4000) })
        {
            request.Span("strands.telemetry.tracer", id, "a100000000000001", "chat", Internal, offset, 3000,
                ("gen_ai.operation.name", "chat"), ("gen_ai.system", "strands-agents"), ("gen_ai.request.model", "us.anthropic.claude-sonnet-4-20250514-v1:0"),
                ("gen_ai.usage.prompt_tokens", 1_523L), ("gen_ai.usage.input_tokens", 1_523L), ("gen_ai.usage.completion_tokens", 389L),
                ("gen_ai.usage.output_tokens", 389L), ("gen_ai.usage.total_tokens", 12_352L), ("gen_ai.usage.cache_read_input_tokens", 9_800L),
                ("gen_ai.usage.cache_write_input_tokens", 640L), ("gen_ai.server.time_to_first_token", 742L), ("gen_ai.server.request.duration", 3120L));
        }

        var trace = await SendAndReadAsync(request, traceId);

        const decimal perCall = (1_523 * 3m + 9_800 * 0.30m + 640 * 3.75m + 389 * 15m) / 1_000_000;   // 0.015744
        var summary = trace.GetProperty("summary");
        Assert.Equal(2, summary.GetProperty("llmCallCount").GetInt32());
        Assert.Equal(2 * (1_523 + 9_800 + 640), summary.GetProperty("inputTokens").GetInt64());
        Assert.Equal(2 * 389, summary.GetProperty("outputTokens").GetInt64());
        Assert.Equal(2 * perCall, summary.GetProperty("costUsd").GetDecimal());

        var chat = Llm(trace, "c100000000000001");
        Assert.Equal(("strands", "known", "aws.bedrock"), (Text(chat, "emitter"), Text(chat, "inclusivity"), Text(chat, "provider")));
        Assert.Equal((11_963L, 9_800L, 640L), (chat.GetProperty("inputTokens").GetInt64(), chat.GetProperty("cacheReadTokens").GetInt64(), chat.GetProperty("cacheWriteTokens").GetInt64()));
        Assert.Equal(742, chat.GetProperty("timeToFirstTokenMs").GetDouble());
        Assert.Equal(perCall, chat.GetProperty("costUsd").GetDecimal());
        Assert.True(chat.GetProperty("isModelCall").GetBoolean());

        // The agent keeps what it carried, for reading, and says it is not added again.
        var agent = Llm(trace, "a100000000000001");
        Assert.Equal(("invoke_agent", false), (Text(agent, "operation"), agent.GetProperty("isModelCall").GetBoolean()));
        Assert.Equal(3_046 + 19_600 + 1_280, agent.GetProperty("inputTokens").GetInt64());

        var models = (await Host.GetJsonAsync("/api/v1/models?service=strands-bot&from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z"))
            .GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(2 * perCall, models.Sum(m => m.GetProperty("costUsd").GetDecimal()));
    }

    [Fact]
    public async Task A_Claude_Code_request_gets_its_tokens_time_to_first_token_and_cost()
    {
        const string traceId = "e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2";
        // code.claude.com/docs/en/monitoring-usage: flat attributes on claude_code.llm_request, Anthropic's exclusive input.
        var request = new EmitterOtlpJson(traceId, "claude-code", Start)
            .Span("com.anthropic.claude_code", "b200000000000001", null, "claude_code.interaction", Internal, 0, 9000,
                ("interaction.sequence", 1L))
            .Span("com.anthropic.claude_code", "b200000000000002", "b200000000000001", "claude_code.llm_request", Internal, 50, 8123,
                ("model", "claude-sonnet-4-5-20250929"), ("gen_ai.system", "anthropic"), ("gen_ai.request.model", "claude-sonnet-4-5-20250929"),
                ("query_source", "repl_main_thread"), ("speed", "normal"), ("llm_request.context", "interaction"), ("duration_ms", 8123L),
                ("ttft_ms", 1340L), ("input_tokens", 12L), ("output_tokens", 480L), ("cache_read_tokens", 41_200L), ("cache_creation_tokens", 1_850L));

        var trace = await SendAndReadAsync(request, traceId);

        const decimal cost = (12 * 3m + 41_200 * 0.30m + 1_850 * 3.75m + 480 * 15m) / 1_000_000;   // 0.0265335
        var llm = Llm(trace, "b200000000000002");
        Assert.Equal(("claude-code", "known"), (Text(llm, "emitter"), Text(llm, "inclusivity")));
        Assert.Equal((43_062L, 480L), (llm.GetProperty("inputTokens").GetInt64(), llm.GetProperty("outputTokens").GetInt64()));
        Assert.Equal(1340, llm.GetProperty("timeToFirstTokenMs").GetDouble());
        Assert.Equal(cost, llm.GetProperty("costUsd").GetDecimal());
        Assert.Equal(cost, trace.GetProperty("summary").GetProperty("costUsd").GetDecimal());
    }

    [Fact]
    public async Task Gemini_thinking_through_the_Vercel_AI_SDK_is_billed_as_output_and_an_unknown_emitter_says_guessed()
    {
        const string traceId = "e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3";
        // vercel/ai v5 streamText with @ai-sdk/google (the doStream span carries the reasoning count):
        // outputTokens = candidatesTokenCount, reasoningTokens = thoughtsTokenCount beside it.
        var request = new EmitterOtlpJson(traceId, "vercel-app", Start)
            .Span("ai", "d300000000000001", null, "ai.streamText.doStream", Internal, 0, 6000,
                ("ai.operationId", "ai.streamText.doStream"), ("ai.model.provider", "google.generative-ai"), ("ai.model.id", "gemini-2.5-pro"),
                ("ai.response.finishReason", "stop"), ("ai.usage.inputTokens", 3_200L), ("ai.usage.outputTokens", 1_850L),
                ("ai.usage.totalTokens", 5_690L), ("ai.usage.reasoningTokens", 640L))
            .Span("acme.llm-client", "d300000000000002", null, "chat gemini-2.5-pro", 3, 7000, 1000,
                ("gen_ai.operation.name", "chat"), ("gen_ai.provider.name", "gcp.gemini"), ("gen_ai.request.model", "gemini-2.5-pro"),
                ("gen_ai.usage.input_tokens", 1_000L), ("gen_ai.usage.output_tokens", 100L));

        var trace = await SendAndReadAsync(request, traceId);

        var vercel = Llm(trace, "d300000000000001");
        Assert.Equal(("vercel-ai-google", "known"), (Text(vercel, "emitter"), Text(vercel, "inclusivity")));
        Assert.Equal((2_490L, 640L), (vercel.GetProperty("outputTokens").GetInt64(), vercel.GetProperty("reasoningTokens").GetInt64()));
        Assert.Equal((3_200 * 1.25m + 2_490 * 10m) / 1_000_000, vercel.GetProperty("costUsd").GetDecimal());

        var unknown = Llm(trace, "d300000000000002");
        Assert.Equal(JsonValueKind.Null, unknown.GetProperty("emitter").ValueKind);
        Assert.Equal("guessed", Text(unknown, "inclusivity"));
    }

    private async Task<JsonElement> SendAndReadAsync(EmitterOtlpJson request, string traceId)
    {
        using var response = await Host.Otlp.PostAsync("/v1/traces", new StringContent(request.ToJson(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Host.GetJsonAsync($"/api/v1/traces/{traceId}");
    }

    private static JsonElement Llm(JsonElement trace, string spanId) =>
        trace.GetProperty("spans").EnumerateArray().Single(s => s.GetProperty("spanId").GetString() == spanId).GetProperty("llm");

    private static string? Text(JsonElement element, string name) => element.GetProperty(name).GetString();
}
