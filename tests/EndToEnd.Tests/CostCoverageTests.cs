using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Observatory.EndToEnd.Tests;

/// <summary>
/// Auditable cost end to end: spans sent by the OpenTelemetry .NET SDK's OTLP exporter (HTTP/protobuf and gRPC), shaped
/// as the GenAI conventions and OpenInference write them, then read back from <c>GET /api/v1/traces/{id}</c> (each
/// span's <c>llm.pricing</c>: catalog entry, list version, tier, inclusivity rule, unknown reason) and from
/// <c>GET /api/v1/diagnostics/coverage</c> (per service and dialect: shares with a model, tokens and a cost, and the
/// reasons with example calls). Prices per 1M tokens: gpt-4o $2.50 / $10 (cache read $1.25), gemini-2.5-pro above
/// 200K prompt tokens $2.50 / $15, gpt-4o-mini $0.15 / $0.60.
/// </summary>
public sealed class CostCoverageTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private const string CatalogVersion = "2026.12.03";
    private const string OpenAiV2Scope = "opentelemetry.instrumentation.openai_v2";
    private const string OpenInferenceScope = "openinference.instrumentation.langchain";
    private ObservatoryTestHost Host => fixture.Host;

    /// <summary>The spans one test sends, by role; each is a model call except the agent.</summary>
    private sealed record Sent(
        string TraceId, string Agent, string OpenAi, string GeminiLong, string AzureDeployment, string Unpriced, string StreamNoOutput,
        string NoModel, string NoUsage, string Supplied, string OpenInference);

    [Theory]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    [InlineData(OtlpExportProtocol.Grpc)]
    public async Task Each_call_says_what_priced_it_or_why_it_has_no_cost(OtlpExportProtocol protocol)
    {
        var service = $"coverage-{protocol}-{Guid.NewGuid():N}"[..40];
        var sent = Send(protocol, service);
        var trace = await Host.GetJsonAsync($"/api/v1/traces/{sent.TraceId}");

        // gpt-4o: 800 uncached × $2.50 + 200 cache reads × $1.25 + 500 × $10, its entry and list version, the emitter row that read it.
        var openAi = Llm(trace, sent.OpenAi);
        Assert.Equal(0.00725m, openAi.GetProperty("costUsd").GetDecimal());
        var pricing = openAi.GetProperty("pricing");
        Assert.Equal(("openai/gpt-4o", CatalogVersion), (Text(pricing, "entry"), Text(pricing, "catalogVersion")));
        Assert.Equal(JsonValueKind.Null, pricing.GetProperty("tierAboveInputTokens").ValueKind);
        Assert.Equal(JsonValueKind.Null, pricing.GetProperty("unknownReason").ValueKind);
        Assert.Equal(("otel-openai", "otel-openai"), (Text(openAi, "emitter"), Text(pricing, "inclusivityRule")));

        // A 250K-token Gemini prompt: the long-prompt tier prices the whole call (250000 × $2.50 + 1000 × $15).
        var gemini = Llm(trace, sent.GeminiLong);
        Assert.Equal(0.64m, gemini.GetProperty("costUsd").GetDecimal());
        Assert.Equal(200_000, gemini.GetProperty("pricing").GetProperty("tierAboveInputTokens").GetInt64());
        Assert.Equal("google/gemini-2.5-pro", Text(gemini.GetProperty("pricing"), "entry"));
        // No emitter row knows the app's own scope: inclusivity was guessed from the counts, and the cost says so.
        Assert.Equal("guessed", Text(gemini.GetProperty("pricing"), "inclusivityRule"));

        // Unknown costs say why; a priced model with no output count keeps its entry.
        Assert.Equal("deployment_name", Reason(trace, sent.AzureDeployment));
        Assert.Equal("unpriced_model", Reason(trace, sent.Unpriced));
        Assert.Equal("no_output_tokens", Reason(trace, sent.StreamNoOutput));
        Assert.Equal("openai/gpt-4o-mini", Text(Llm(trace, sent.StreamNoOutput).GetProperty("pricing"), "entry"));
        Assert.Equal("no_model", Reason(trace, sent.NoModel));
        Assert.Equal("no_usage", Reason(trace, sent.NoUsage));

        // A supplied cost is a cost: no reason, though our catalog has no price for the model.
        var supplied = Llm(trace, sent.Supplied);
        Assert.Equal(("supplied", 0.0042m), (Text(supplied, "costSource"), supplied.GetProperty("costUsd").GetDecimal()));
        Assert.Equal(JsonValueKind.Null, supplied.GetProperty("pricing").GetProperty("unknownReason").ValueKind);

        // An agent span is not a model call: it is never a gap in cost coverage.
        var agent = Llm(trace, sent.Agent);
        Assert.False(agent.GetProperty("isModelCall").GetBoolean());
        Assert.Equal(JsonValueKind.Null, agent.GetProperty("pricing").GetProperty("unknownReason").ValueKind);

        // OpenInference's counts were read by its emitter row; gpt-4o-mini 2000 × $0.15 + 300 × $0.60.
        var openInference = Llm(trace, sent.OpenInference);
        Assert.Equal(("openinference", 0.00048m), (Text(openInference, "dialect"), openInference.GetProperty("costUsd").GetDecimal()));
        Assert.Equal("openinference", Text(openInference.GetProperty("pricing"), "inclusivityRule"));

        var coverage = await CoverageAsync(service);
        Assert.Equal(service, Text(coverage, "service"));

        // 9 model calls (the agent is not one): 8 name a model, 8 report tokens, 4 have a cost (one of them supplied).
        var total = coverage.GetProperty("total");
        Assert.Equal((9L, 8L, 8L, 4L, 1L), Counts(total));
        Assert.Equal(0.4444, total.GetProperty("withCostShare").GetDouble());
        Assert.Equal(0.8889, total.GetProperty("withModelShare").GetDouble());
        var reasons = total.GetProperty("unknownCostReasons").EnumerateArray()
            .ToDictionary(r => Text(r, "reason")!, r => (r.GetProperty("calls").GetInt64(), Examples(r)));
        Assert.Equal(
            new Dictionary<string, (long, string)>
            {
                ["deployment_name"] = (1, $"{sent.TraceId}/{sent.AzureDeployment}"),
                ["unpriced_model"] = (1, $"{sent.TraceId}/{sent.Unpriced}"),
                ["no_output_tokens"] = (1, $"{sent.TraceId}/{sent.StreamNoOutput}"),
                ["no_model"] = (1, $"{sent.TraceId}/{sent.NoModel}"),
                ["no_usage"] = (1, $"{sent.TraceId}/{sent.NoUsage}"),
            },
            reasons);

        // Per dialect: OpenInference alone, fully covered; the OTel GenAI groups carry every gap.
        var groups = coverage.GetProperty("groups").EnumerateArray().ToList();
        Assert.All(groups, g => Assert.Equal(service, Text(g, "service")));
        var oi = groups.Single(g => Text(g, "dialect") == "openinference");
        Assert.Equal((1L, 1L, 1L, 1L, 0L), Counts(oi));
        Assert.Equal(1.0, oi.GetProperty("withCostShare").GetDouble());
        Assert.Empty(oi.GetProperty("unknownCostReasons").EnumerateArray());
        Assert.Equal(9L, groups.Sum(g => g.GetProperty("modelCalls").GetInt64()));
        Assert.Equal(5L, groups.Sum(g => g.GetProperty("unknownCostReasons").EnumerateArray().Sum(r => r.GetProperty("calls").GetInt64())));
    }

    [Fact]
    public async Task A_reason_lists_at_most_three_examples_latest_first_and_other_services_are_left_out()
    {
        var service = $"coverage-many-{Guid.NewGuid():N}"[..40];
        var other = $"coverage-other-{Guid.NewGuid():N}"[..40];
        var start = DateTime.UtcNow.AddMinutes(-10);
        var spans = new List<(string Trace, string Span)>();
        for (var i = 0; i < 5; i++)
        {
            var (trace, span) = SendOne(OtlpExportProtocol.HttpProtobuf, service, start.AddMinutes(i), "totally-unknown-model-x");
            spans.Add((trace, span));
        }

        SendOne(OtlpExportProtocol.HttpProtobuf, other, start, "totally-unknown-model-x");

        var total = (await CoverageAsync(service)).GetProperty("total");
        var reason = total.GetProperty("unknownCostReasons").EnumerateArray().Single();
        Assert.Equal(("unpriced_model", 5L), (Text(reason, "reason"), reason.GetProperty("calls").GetInt64()));
        var expected = spans.AsEnumerable().Reverse().Take(3).Select(s => $"{s.Trace}/{s.Span}");
        Assert.Equal(string.Join(",", expected), Examples(reason));
        Assert.Equal(5L, total.GetProperty("modelCalls").GetInt64());
    }

    [Theory]
    [InlineData("from=yesterday", "'from'")]
    [InlineData("from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z", "'from' must be before 'to'")]
    [InlineData("from=2026-01-01T00:00:00Z&to=2026-12-01T00:00:00Z", "at most 90 days")]
    public async Task Bad_ranges_are_a_400_naming_the_parameter(string query, string message)
    {
        var (status, body) = await Host.GetWithStatusAsync($"/api/v1/diagnostics/coverage?{query}");

        Assert.Equal(400, status);
        Assert.Contains(message, body.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_empty_range_has_no_groups_and_no_shares()
    {
        var coverage = await Host.GetJsonAsync("/api/v1/diagnostics/coverage?from=2001-01-01T00:00:00Z&to=2001-01-02T00:00:00Z");

        Assert.Empty(coverage.GetProperty("groups").EnumerateArray());
        Assert.Equal(0, coverage.GetProperty("total").GetProperty("modelCalls").GetInt64());
        Assert.Equal(JsonValueKind.Null, coverage.GetProperty("total").GetProperty("withCostShare").ValueKind);
    }

    [Fact]
    public async Task The_coverage_route_and_the_pricing_object_are_described_in_the_OpenAPI_document()
    {
        var doc = await Host.GetJsonAsync("/openapi/v1.json");

        var coverage = doc.GetProperty("paths").GetProperty("/api/v1/diagnostics/coverage").GetProperty("get");
        Assert.Equal("Diagnostics", coverage.GetProperty("tags")[0].GetString());
        Assert.False(string.IsNullOrEmpty(coverage.GetProperty("summary").GetString()));
        var parameters = coverage.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "service", "from", "to" }, parameters);
        Assert.True(coverage.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(coverage.GetProperty("responses").TryGetProperty("400", out _));

        var pricing = doc.GetProperty("components").GetProperty("schemas").GetProperty("PricingDto").GetProperty("properties");
        Assert.Equal(
            new[] { "catalogVersion", "entry", "inclusivityRule", "modalityRule", "tierAboveInputTokens", "unknownReason" },
            pricing.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    private Task<JsonElement> CoverageAsync(string service)
    {
        var now = DateTime.UtcNow;
        var from = now.AddHours(-1).ToString("O", CultureInfo.InvariantCulture);
        var to = now.AddHours(1).ToString("O", CultureInfo.InvariantCulture);
        return Host.GetJsonAsync($"/api/v1/diagnostics/coverage?service={Uri.EscapeDataString(service)}&from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}");
    }

    private Sent Send(OtlpExportProtocol protocol, string service)
    {
        // Instrumentation scopes as the instrumentations name them: the emitter table recognises its rows by scope.
        using var app = new ActivitySource("observatory.e2e.coverage." + Guid.NewGuid().ToString("N"));
        using var openAiV2 = new ActivitySource(OpenAiV2Scope, "2.1b0");
        using var langChain = new ActivitySource(OpenInferenceScope, "0.1.51");
        using var provider = Provider(protocol, service, app.Name, OpenAiV2Scope, OpenInferenceScope);
        Sent sent;
        using (var agent = app.StartActivity("invoke_agent support", ActivityKind.Internal)!)
        {
            agent.SetTag("gen_ai.operation.name", "invoke_agent");
            agent.SetTag("gen_ai.provider.name", "openai");
            agent.SetTag("gen_ai.agent.name", "support");
            agent.SetTag("gen_ai.request.model", "prod-chat-eastus");

            // opentelemetry-instrumentation-openai-v2 chat span, current names (semconv ≥ 1.37), cache reads inside the input count.
            var openAi = Call(openAiV2, "chat gpt-4o", ("gen_ai.provider.name", "openai"), ("gen_ai.operation.name", "chat"),
                ("gen_ai.request.model", "gpt-4o"), ("gen_ai.response.model", "gpt-4o-2024-08-06"), ("gen_ai.usage.input_tokens", 1000L),
                ("gen_ai.usage.output_tokens", 500L), ("gen_ai.usage.cache_read.input_tokens", 200L), ("gen_ai.response.finish_reasons", new[] { "stop" }));
            // Hand-written GenAI spans of the app (no emitter row knows its scope).
            var gemini = Call(app, "generate_content gemini-2.5-pro", ("gen_ai.provider.name", "gcp.gemini"),
                ("gen_ai.operation.name", "generate_content"), ("gen_ai.request.model", "gemini-2.5-pro"),
                ("gen_ai.usage.input_tokens", 250_000L), ("gen_ai.usage.output_tokens", 1_000L));
            // Azure OpenAI when the response did not name the model: the deployment only.
            var azure = Call(openAiV2, "chat prod-chat-eastus", ("gen_ai.provider.name", "azure.ai.openai"), ("gen_ai.operation.name", "chat"),
                ("gen_ai.request.model", "prod-chat-eastus"), ("gen_ai.usage.input_tokens", 300L), ("gen_ai.usage.output_tokens", 40L),
                ("server.address", "contoso.openai.azure.com"));
            var unpriced = Call(app, "chat acme-internal-llm-7b", ("gen_ai.provider.name", "ibm.watsonx.ai"), ("gen_ai.operation.name", "chat"),
                ("gen_ai.request.model", "acme-internal-llm-7b"), ("gen_ai.usage.input_tokens", 64L), ("gen_ai.usage.output_tokens", 16L));
            // A stream whose usage chunk never came: the prompt count from the request, no output count.
            var stream = Call(app, "chat gpt-4o-mini", ("gen_ai.provider.name", "openai"), ("gen_ai.operation.name", "chat"),
                ("gen_ai.request.model", "gpt-4o-mini"), ("gen_ai.usage.input_tokens", 120L));
            var noModel = Call(app, "chat", ("gen_ai.provider.name", "anthropic"), ("gen_ai.operation.name", "chat"),
                ("gen_ai.usage.input_tokens", 10L), ("gen_ai.usage.output_tokens", 5L));
            var noUsage = Call(openAiV2, "chat gpt-4o", ("gen_ai.provider.name", "openai"), ("gen_ai.operation.name", "chat"),
                ("gen_ai.request.model", "gpt-4o"), ("gen_ai.response.finish_reasons", new[] { "stop" }));
            var supplied = Call(app, "chat acme-internal-llm-7b", ("gen_ai.provider.name", "ibm.watsonx.ai"), ("gen_ai.operation.name", "chat"),
                ("gen_ai.request.model", "acme-internal-llm-7b"), ("gen_ai.usage.input_tokens", 64L), ("gen_ai.usage.output_tokens", 16L),
                ("gen_ai.usage.cost", 0.0042));
            // OpenInference (Arize) LangChain LLM span: INTERNAL, llm.* attributes.
            var openInference = Call(langChain, "ChatOpenAI", ("openinference.span.kind", "LLM"), ("llm.provider", "openai"), ("llm.system", "openai"),
                ("llm.model_name", "gpt-4o-mini"), ("llm.token_count.prompt", 2000L), ("llm.token_count.completion", 300L),
                ("llm.token_count.total", 2300L));
            sent = new Sent(agent.TraceId.ToHexString(), agent.SpanId.ToHexString(), openAi, gemini, azure, unpriced, stream, noModel, noUsage, supplied, openInference);
        }

        Assert.True(provider.ForceFlush(10_000), "the OTLP exporter did not get an OK answer");
        return sent;
    }

    private (string Trace, string Span) SendOne(OtlpExportProtocol protocol, string service, DateTime start, string model)
    {
        using var source = new ActivitySource("observatory.e2e.coverage." + Guid.NewGuid().ToString("N"));
        using var provider = Provider(protocol, service, source.Name);
        (string, string) sent;
        using (var chat = source.StartActivity("chat " + model, ActivityKind.Client, default(ActivityContext), startTime: start)!)
        {
            chat.SetTag("gen_ai.provider.name", "openai");
            chat.SetTag("gen_ai.operation.name", "chat");
            chat.SetTag("gen_ai.request.model", model);
            chat.SetTag("gen_ai.usage.input_tokens", 10L);
            chat.SetTag("gen_ai.usage.output_tokens", 2L);
            chat.SetEndTime(start.AddSeconds(1));
            sent = (chat.TraceId.ToHexString(), chat.SpanId.ToHexString());
        }

        Assert.True(provider.ForceFlush(10_000), "the OTLP exporter did not get an OK answer");
        return sent;
    }

    private TracerProvider Provider(OtlpExportProtocol protocol, string service, params string[] sourceNames) =>
        Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(service))
            .AddSource(sourceNames)
            .SetSampler(new AlwaysOnSampler())
            .AddOtlpExporter(o =>
            {
                o.Protocol = protocol;
                o.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf ? new Uri(Host.HttpEndpoint, "/v1/traces") : Host.GrpcEndpoint;
            })
            .Build()!;

    private static string Call(ActivitySource source, string name, params (string Key, object Value)[] tags)
    {
        using var span = source.StartActivity(name, source.Name == OpenInferenceScope ? ActivityKind.Internal : ActivityKind.Client)!;
        foreach (var (key, value) in tags)
        {
            span.SetTag(key, value);
        }

        return span.SpanId.ToHexString();
    }

    private static JsonElement Llm(JsonElement trace, string spanId) =>
        trace.GetProperty("spans").EnumerateArray().Single(s => s.GetProperty("spanId").GetString() == spanId).GetProperty("llm");

    private static string? Reason(JsonElement trace, string spanId)
    {
        var llm = Llm(trace, spanId);
        Assert.Equal(JsonValueKind.Null, llm.GetProperty("costUsd").ValueKind);
        return Text(llm.GetProperty("pricing"), "unknownReason");
    }

    private static (long, long, long, long, long) Counts(JsonElement group) => (
        group.GetProperty("modelCalls").GetInt64(), group.GetProperty("withModel").GetInt64(), group.GetProperty("withTokens").GetInt64(),
        group.GetProperty("withCost").GetInt64(), group.GetProperty("suppliedCost").GetInt64());

    private static string Examples(JsonElement reason) =>
        string.Join(",", reason.GetProperty("examples").EnumerateArray().Select(e => $"{Text(e, "traceId")}/{Text(e, "spanId")}"));

    private static string? Text(JsonElement element, string name) => element.GetProperty(name).GetString();
}
