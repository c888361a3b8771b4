using System.Text.Json;
using OpenTelemetry.Exporter;

namespace Observatory.EndToEnd.Tests;

/// <summary>Traces sent by the OpenTelemetry .NET OTLP exporter come back through the REST API exactly.</summary>
public sealed class ExporterRoundTripTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private ObservatoryTestHost Host => fixture.Host;

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc, false)]
    [InlineData(OtlpExportProtocol.Grpc, true)]
    [InlineData(OtlpExportProtocol.HttpProtobuf, false)]
    [InlineData(OtlpExportProtocol.HttpProtobuf, true)]
    public async Task Exported_trace_is_read_back_with_exact_spans_links_tokens_and_cost(OtlpExportProtocol protocol, bool gzip)
    {
        var service = $"svc-{protocol}-{(gzip ? "gzip" : "plain")}".ToLowerInvariant();
        var endpoint = protocol == OtlpExportProtocol.Grpc ? Host.GrpcEndpoint : Host.HttpEndpoint;

        var sent = LlmTraceSender.Send(endpoint, protocol, gzip, service);

        var trace = await Host.GetJsonAsync($"/api/v1/traces/{sent.TraceId}");
        var spans = trace.GetProperty("spans").EnumerateArray().ToList();
        Assert.Equal(4, spans.Count);
        var root = spans.Single(s => s.GetProperty("spanId").GetString() == sent.RootSpanId);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("parentSpanId").ValueKind);
        Assert.Equal("server", root.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("llm").ValueKind);
        foreach (var childId in sent.ChildSpanIds)
        {
            var child = spans.Single(s => s.GetProperty("spanId").GetString() == childId);
            Assert.Equal(sent.RootSpanId, child.GetProperty("parentSpanId").GetString());
            Assert.Equal(service, child.GetProperty("serviceName").GetString());
        }

        var openAi = spans.Single(s => s.GetProperty("name").GetString() == "chat gpt-4o").GetProperty("llm");
        Assert.Equal("openai", openAi.GetProperty("provider").GetString());
        Assert.Equal("gpt-4o", openAi.GetProperty("requestModel").GetString());
        Assert.Equal("gpt-4o-2024-08-06", openAi.GetProperty("responseModel").GetString());
        Assert.Equal(1000, openAi.GetProperty("inputTokens").GetInt64());
        Assert.Equal(500, openAi.GetProperty("outputTokens").GetInt64());
        Assert.Equal(LlmTraceSender.OpenAiCost, openAi.GetProperty("costUsd").GetDecimal());
        Assert.Equal(["stop"], openAi.GetProperty("finishReasons").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("otel-genai", openAi.GetProperty("dialect").GetString());
        Assert.Equal(200, openAi.GetProperty("cacheReadTokens").GetInt64());
        Assert.Equal(JsonValueKind.Null, openAi.GetProperty("reasoningTokens").ValueKind);
        Assert.Equal("computed", openAi.GetProperty("costSource").GetString());
        Assert.Equal(250, openAi.GetProperty("timeToFirstTokenMs").GetDouble());
        Assert.Equal("user-42", trace.GetProperty("summary").GetProperty("userId").GetString());

        var claude = spans.Single(s => s.GetProperty("name").GetString() == "chat claude-3-5-sonnet").GetProperty("llm");
        Assert.Equal("anthropic", claude.GetProperty("provider").GetString());
        Assert.Equal(2000, claude.GetProperty("inputTokens").GetInt64());
        Assert.Equal(100, claude.GetProperty("outputTokens").GetInt64());
        Assert.Equal("otel-genai-legacy", claude.GetProperty("dialect").GetString());
        Assert.Equal(LlmTraceSender.AnthropicCost, claude.GetProperty("costUsd").GetDecimal());

        var db = spans.Single(s => s.GetProperty("name").GetString() == "SELECT conversations");
        Assert.Equal("error", db.GetProperty("status").GetString());
        Assert.Equal("connection reset", db.GetProperty("statusMessage").GetString());
        Assert.Equal("postgresql", db.GetProperty("attributes").GetProperty("db.system").GetString());

        var summary = trace.GetProperty("summary");
        Assert.Equal("POST /chat", summary.GetProperty("rootSpanName").GetString());
        Assert.Equal(4, summary.GetProperty("spanCount").GetInt32());
        Assert.Equal(2, summary.GetProperty("llmCallCount").GetInt32());
        Assert.Equal(1, summary.GetProperty("errorCount").GetInt32());
        Assert.Equal(3000, summary.GetProperty("inputTokens").GetInt64());
        Assert.Equal(600, summary.GetProperty("outputTokens").GetInt64());
        Assert.Equal(LlmTraceSender.OpenAiCost + LlmTraceSender.AnthropicCost, summary.GetProperty("costUsd").GetDecimal());

        var models = (await Host.GetJsonAsync($"/api/v1/models?service={service}")).GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(2, models.Count);
        var gpt = models.Single(m => m.GetProperty("model").GetString() == "gpt-4o-2024-08-06");
        Assert.Equal("openai", gpt.GetProperty("provider").GetString());
        Assert.Equal(1, gpt.GetProperty("requestCount").GetInt64());
        Assert.Equal(0, gpt.GetProperty("errorCount").GetInt64());
        Assert.Equal(1000, gpt.GetProperty("inputTokens").GetInt64());
        Assert.Equal(500, gpt.GetProperty("outputTokens").GetInt64());
        Assert.Equal(LlmTraceSender.OpenAiCost, gpt.GetProperty("costUsd").GetDecimal());
        Assert.True(gpt.GetProperty("latencyMs").GetProperty("p50").GetDouble() >= 0);
        Assert.Equal(200, gpt.GetProperty("cacheReadTokens").GetInt64());
        Assert.Equal(250, gpt.GetProperty("ttftMs").GetProperty("p50").GetDouble(), 250 * 0.01);
        var sonnet = models.Single(m => m.GetProperty("model").GetString() == "claude-3-5-sonnet-20241022");
        Assert.Equal(2000, sonnet.GetProperty("inputTokens").GetInt64());
        Assert.Equal(LlmTraceSender.AnthropicCost, sonnet.GetProperty("costUsd").GetDecimal());
    }
}
