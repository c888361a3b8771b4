using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Observatory.EndToEnd.Tests;

/// <summary>
/// Agents, tools and MCP end to end: four traces sent by the OpenTelemetry .NET SDK's OTLP exporter (HTTP/protobuf and
/// gRPC) as the current conventions shape them — an OTel GenAI multi-agent trace (invoke_agent → chat → execute_tool →
/// nested invoke_agent that repeats its calls' usage), an OpenInference AGENT/LLM/TOOL trace, an OpenLLMetry
/// workflow/agent/task/tool trace and an MCP client+server pair (tools/call failing with tool_error, resources/read
/// without context propagation) — then read back from <c>GET /api/v1/traces/{id}</c> (agent, tool, mcp, rollup),
/// <c>GET /api/v1/agents</c> and <c>GET /api/v1/tools</c>. Prices per 1M tokens: gpt-4o $2.50 / $10, gpt-4o-mini
/// $0.15 / $0.60.
/// </summary>
public sealed class AgentToolTraceTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private ObservatoryTestHost Host => fixture.Host;

    private sealed record Sent(
        string MultiAgentTrace, string Planner, string Researcher, string Delegate, string OpenInferenceTrace, string Triage, string Lookup,
        string TraceloopTrace, string Workflow, string Billing, string McpTrace, string McpClientCall, string McpServerCall,
        string McpClientRead, string McpServerRead);

    [Theory]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    [InlineData(OtlpExportProtocol.Grpc)]
    public async Task Agent_trees_tools_and_mcp_calls_are_read_and_summed_exactly_once(OtlpExportProtocol protocol)
    {
        var service = $"agents-{protocol}-{Guid.NewGuid():N}"[..40];
        var sent = Send(protocol, service);

        // The OTel multi-agent trace: the nested agent repeats its calls' usage, which counts nowhere.
        var multi = await Host.GetJsonAsync($"/api/v1/traces/{sent.MultiAgentTrace}");
        var summary = multi.GetProperty("summary");
        Assert.Equal((4, 2100L, 400L, 0.0069m),
            (summary.GetProperty("llmCallCount").GetInt32(), summary.GetProperty("inputTokens").GetInt64(),
             summary.GetProperty("outputTokens").GetInt64(), summary.GetProperty("costUsd").GetDecimal()));

        var planner = Span(multi, sent.Planner);
        Assert.Equal(("asst_planner_01", "planner", "1.0.0", "Plans and delegates"),
            (Text(planner.GetProperty("agent"), "id"), Text(planner.GetProperty("agent"), "name"), Text(planner.GetProperty("agent"), "version"),
             Text(planner.GetProperty("agent"), "description")));
        Assert.Equal((2, 1500L, 300L, 0.00675m, 0), Usage(planner, "own"));
        Assert.Equal((4, 2100L, 400L, 0.0069m, 0), Usage(planner, "inclusive"));
        var researcher = Span(multi, sent.Researcher);
        Assert.Equal((2, 600L, 100L, 0.00015m, 0), Usage(researcher, "own"));
        Assert.Equal((2, 600L, 100L, 0.00015m, 0), Usage(researcher, "inclusive"));

        var tool = Span(multi, sent.Delegate).GetProperty("tool");
        Assert.Equal(("delegate_research", "function", "call_VSPygqKTWdrhaFErNvMV18Yl"),
            (Text(tool, "name"), Text(tool, "type"), Text(tool, "callId")));
        Assert.Equal(("{\"topic\":\"otel genai\"}", "{\"summary\":\"3 papers\"}"), (Text(tool, "arguments"), Text(tool, "result")));
        Assert.Equal(JsonValueKind.Null, Span(multi, sent.Delegate).GetProperty("rollup").ValueKind);

        // OpenInference: AGENT named by agent.name, TOOL by tool.name with input.value / output.value as its arguments and result.
        var openInference = await Host.GetJsonAsync($"/api/v1/traces/{sent.OpenInferenceTrace}");
        var triage = Span(openInference, sent.Triage);
        Assert.Equal("triage", Text(triage.GetProperty("agent"), "name"));
        Assert.Equal((1, 2000L, 300L, 0.00048m, 0), Usage(triage, "inclusive"));
        var lookup = Span(openInference, sent.Lookup).GetProperty("tool");
        Assert.Equal(("lookup_order", "{\"order_id\":\"A-1001\"}", "{\"status\":\"shipped\"}"),
            (Text(lookup, "name"), Text(lookup, "arguments"), Text(lookup, "result")));

        // OpenLLMetry: the workflow and the agent both roll the chat up; the agent is its nearest agent.
        var traceloop = await Host.GetJsonAsync($"/api/v1/traces/{sent.TraceloopTrace}");
        var workflow = Span(traceloop, sent.Workflow);
        Assert.Equal("support_flow", Text(workflow.GetProperty("agent"), "workflowName"));
        Assert.Equal((0, 0L, 0L, 0m, 0), Usage(workflow, "own"));
        Assert.Equal((1, 100L, 50L, 0.00075m, 0), Usage(workflow, "inclusive"));
        Assert.Equal((1, 100L, 50L, 0.00075m, 0), Usage(Span(traceloop, sent.Billing), "own"));
        Assert.Equal("billing_agent", Text(Span(traceloop, sent.Billing).GetProperty("agent"), "name"));

        // MCP: the client and server spans of each request know each other, by parentage or by request id and session.
        var mcp = await Host.GetJsonAsync($"/api/v1/traces/{sent.McpTrace}");
        var clientCall = Span(mcp, sent.McpClientCall).GetProperty("mcp");
        Assert.Equal(("tools/call", "1", "tool_error", "2025-06-18", sent.McpServerCall),
            (Text(clientCall, "method"), Text(clientCall, "requestId"), Text(clientCall, "errorType"), Text(clientCall, "protocolVersion"),
             Text(clientCall, "peer")));
        Assert.Equal("get-weather", Text(Span(mcp, sent.McpClientCall).GetProperty("tool"), "name"));
        Assert.Equal(sent.McpClientCall, Text(Span(mcp, sent.McpServerCall).GetProperty("mcp"), "peer"));
        var clientRead = Span(mcp, sent.McpClientRead).GetProperty("mcp");
        Assert.Equal(("resources/read", "file:///home/user/notes.txt", sent.McpServerRead),
            (Text(clientRead, "method"), Text(clientRead, "resourceUri"), Text(clientRead, "peer")));
        Assert.Equal(JsonValueKind.Null, Span(mcp, sent.McpClientRead).GetProperty("tool").ValueKind);

        // /agents: inclusive numbers per agent and version; a nested agent's calls count for it and for its parent.
        var agents = (await WindowAsync("agents", service)).GetProperty("data").EnumerateArray()
            .ToDictionary(a => $"{Text(a, "name")}@{Text(a, "version")}");
        Assert.Equal(new[] { "assistant@", "billing_agent@", "planner@1.0.0", "researcher@2.0.0", "triage@" }, agents.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((1L, 0L, 4, 2100L, 400L, 0.0069m, 3L), AgentNumbers(agents["planner@1.0.0"]));
        Assert.Equal(4000.0, agents["planner@1.0.0"].GetProperty("latencyMs").GetProperty("p50").GetDouble());
        Assert.Equal(
            new (string?, long, decimal)[] { ("gpt-4o-2024-08-06", 2L, 0.00675m), ("gpt-4o-mini", 2L, 0.00015m) },
            agents["planner@1.0.0"].GetProperty("models").EnumerateArray()
                .Select(m => (Text(m, "model"), m.GetProperty("calls").GetInt64(), m.GetProperty("costUsd").GetDecimal())).ToArray());
        Assert.Equal((1L, 0L, 2, 600L, 100L, 0.00015m, 2L), AgentNumbers(agents["researcher@2.0.0"]));
        Assert.Equal((1L, 0L, 1, 2000L, 300L, 0.00048m, 1L), AgentNumbers(agents["triage@"]));
        Assert.Equal((1L, 0L, 1, 100L, 50L, 0.00075m, 1L), AgentNumbers(agents["billing_agent@"]));
        // The MCP client call is the assistant's one tool call; its server side is the same call again.
        Assert.Equal((1L, 1L, 0, 0L, 0L, 0m, 1L), AgentNumbers(agents["assistant@"]));
        Assert.Equal(1.0m, agents["assistant@"].GetProperty("errorRate").GetDecimal());
        Assert.Equal(1500.0, agents["researcher@2.0.0"].GetProperty("latencyMs").GetProperty("p95").GetDouble());

        // /tools: per tool, and per MCP method and side.
        var tools = (await WindowAsync("tools", service)).GetProperty("data").EnumerateArray()
            .ToDictionary(t => $"{Text(t, "name")}|{Text(t, "mcpMethod")}|{Text(t, "side")}");
        Assert.Equal(
            new[]
            {
                "delegate_research||", "get-weather|tools/call|client", "get-weather|tools/call|server", "lookup_order||", "refund||",
                "web_search||", "|resources/read|client", "|resources/read|server",
            },
            tools.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((2L, 1L, 0.5m, 200.0, 290.0), ToolNumbers(tools["web_search||"]));
        Assert.Equal((1L, 0L, 0m, 2000.0, 2000.0), ToolNumbers(tools["delegate_research||"]));
        Assert.Equal((1L, 1L, 1m, 300.0, 300.0), ToolNumbers(tools["get-weather|tools/call|client"]));
        Assert.Equal((1L, 1L, 1m, 250.0, 250.0), ToolNumbers(tools["get-weather|tools/call|server"]));
        Assert.Equal((1L, 0L, 0m, 50.0, 50.0), ToolNumbers(tools["|resources/read|client"]));
        Assert.Equal((1L, 0L, 0m, 40.0, 40.0), ToolNumbers(tools["|resources/read|server"]));
        Assert.Equal((1L, 0L, 0m, 200.0, 200.0), ToolNumbers(tools["lookup_order||"]));
        Assert.Equal((1L, 0L, 0m, 100.0, 100.0), ToolNumbers(tools["refund||"]));
    }

    [Theory]
    [InlineData("agents", "from=yesterday", "'from'")]
    [InlineData("tools", "from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z", "'from' must be before 'to'")]
    [InlineData("agents", "from=2026-01-01T00:00:00Z&to=2026-12-01T00:00:00Z", "at most 90 days")]
    [InlineData("tools", "service=%01", "'service'")]
    public async Task Bad_parameters_are_a_400_naming_the_parameter(string route, string query, string message)
    {
        var (status, body) = await Host.GetWithStatusAsync($"/api/v1/{route}?{query}");

        Assert.Equal(400, status);
        Assert.Contains(message, body.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_empty_window_has_no_agents_and_no_tools()
    {
        const string window = "from=2001-01-01T00:00:00Z&to=2001-01-02T00:00:00Z";

        Assert.Empty((await Host.GetJsonAsync($"/api/v1/agents?{window}")).GetProperty("data").EnumerateArray());
        Assert.Empty((await Host.GetJsonAsync($"/api/v1/tools?{window}")).GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task The_agent_and_tool_routes_are_described_in_the_OpenAPI_document()
    {
        var doc = await Host.GetJsonAsync("/openapi/v1.json");

        foreach (var path in new[] { "/api/v1/agents", "/api/v1/tools" })
        {
            var get = doc.GetProperty("paths").GetProperty(path).GetProperty("get");
            Assert.False(string.IsNullOrEmpty(get.GetProperty("summary").GetString()));
            Assert.Equal(new[] { "from", "service", "to" }, get.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
            Assert.True(get.GetProperty("responses").TryGetProperty("400", out _));
        }
    }

    private Sent Send(OtlpExportProtocol protocol, string service)
    {
        using var app = new ActivitySource("observatory.e2e.agents." + Guid.NewGuid().ToString("N"));
        using var provider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(service))
            .AddSource(app.Name)
            .SetSampler(new AlwaysOnSampler())
            .AddOtlpExporter(o =>
            {
                o.Protocol = protocol;
                o.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf ? new Uri(Host.HttpEndpoint, "/v1/traces") : Host.GrpcEndpoint;
            })
            .Build()!;
        var t0 = DateTime.UtcNow.AddMinutes(-10);
        var b = new SpanBuilder(app, t0);

        // 1. OTel GenAI semconv: planner → chat, execute_tool delegate_research → researcher (Strands-style summed usage) → 2 chats, 2 web_search; chat.
        var planner = b.Root("invoke_agent planner", ActivityKind.Internal, 0, 4000,
            ("gen_ai.operation.name", "invoke_agent"), ("gen_ai.provider.name", "openai"), ("gen_ai.agent.id", "asst_planner_01"),
            ("gen_ai.agent.name", "planner"), ("gen_ai.agent.version", "1.0.0"), ("gen_ai.agent.description", "Plans and delegates"),
            ("gen_ai.request.model", "gpt-4o"));
        b.Child(planner, "chat gpt-4o", ActivityKind.Client, 10, 800, Chat("gpt-4o", "gpt-4o-2024-08-06", 1000, 200));
        var delegateTool = b.Child(planner, "execute_tool delegate_research", ActivityKind.Internal, 900, 2000,
            ("gen_ai.operation.name", "execute_tool"), ("gen_ai.tool.name", "delegate_research"), ("gen_ai.tool.type", "function"),
            ("gen_ai.tool.call.id", "call_VSPygqKTWdrhaFErNvMV18Yl"), ("gen_ai.tool.call.arguments", "{\"topic\":\"otel genai\"}"),
            ("gen_ai.tool.call.result", "{\"summary\":\"3 papers\"}"));
        var researcher = b.Child(delegateTool, "invoke_agent researcher", ActivityKind.Internal, 950, 1500,
            ("gen_ai.operation.name", "invoke_agent"), ("gen_ai.provider.name", "openai"), ("gen_ai.agent.name", "researcher"),
            ("gen_ai.agent.version", "2.0.0"), ("gen_ai.request.model", "gpt-4o-mini"), ("gen_ai.usage.input_tokens", 600L),
            ("gen_ai.usage.output_tokens", 100L));
        b.Child(researcher, "chat gpt-4o-mini", ActivityKind.Client, 960, 300, Chat("gpt-4o-mini", "gpt-4o-mini", 400, 60));
        b.Child(researcher, "execute_tool web_search", ActivityKind.Internal, 1300, 300,
            [("gen_ai.operation.name", "execute_tool"), ("gen_ai.tool.name", "web_search"), ("error.type", "TimeoutError")], error: true);
        b.Child(researcher, "execute_tool web_search", ActivityKind.Internal, 1650, 100,
            ("gen_ai.operation.name", "execute_tool"), ("gen_ai.tool.name", "web_search"));
        b.Child(researcher, "chat gpt-4o-mini", ActivityKind.Client, 1800, 300, Chat("gpt-4o-mini", "gpt-4o-mini", 200, 40));
        b.Child(planner, "chat gpt-4o", ActivityKind.Client, 3000, 900, Chat("gpt-4o", "gpt-4o-2024-08-06", 500, 100));

        // 2. OpenInference (openai-agents / langchain shape): AGENT → LLM, TOOL.
        var triage = b.Root("triage", ActivityKind.Internal, 5000, 1000, ("openinference.span.kind", "AGENT"), ("agent.name", "triage"),
            ("input.value", "Where is my order A-1001?"));
        b.Child(triage, "ChatOpenAI", ActivityKind.Internal, 5010, 500,
            ("openinference.span.kind", "LLM"), ("llm.provider", "openai"), ("llm.system", "openai"), ("llm.model_name", "gpt-4o-mini"),
            ("llm.token_count.prompt", 2000L), ("llm.token_count.completion", 300L), ("llm.token_count.total", 2300L));
        var lookup = b.Child(triage, "lookup_order", ActivityKind.Internal, 5600, 200,
            ("openinference.span.kind", "TOOL"), ("tool.name", "lookup_order"), ("tool.description", "Looks an order up"),
            ("input.value", "{\"order_id\":\"A-1001\"}"), ("output.value", "{\"status\":\"shipped\"}"));

        // 3. OpenLLMetry: @workflow → @agent → chat, @tool.
        var workflow = b.Root("support_flow.workflow", ActivityKind.Internal, 7000, 1200,
            ("traceloop.span.kind", "workflow"), ("traceloop.entity.name", "support_flow"), ("traceloop.workflow.name", "support_flow"));
        var billing = b.Child(workflow, "billing_agent.agent", ActivityKind.Internal, 7010, 1000,
            ("traceloop.span.kind", "agent"), ("traceloop.entity.name", "billing_agent"), ("traceloop.workflow.name", "support_flow"));
        b.Child(billing, "openai.chat", ActivityKind.Client, 7020, 400,
            ("gen_ai.system", "openai"), ("llm.request.type", "chat"), ("gen_ai.request.model", "gpt-4o"), ("gen_ai.response.model", "gpt-4o"),
            ("gen_ai.usage.input_tokens", 100L), ("gen_ai.usage.output_tokens", 50L), ("traceloop.workflow.name", "support_flow"));
        b.Child(billing, "refund.tool", ActivityKind.Internal, 7500, 100,
            ("traceloop.span.kind", "tool"), ("traceloop.entity.name", "refund"), ("traceloop.entity.input", "{\"order\":\"A-1001\"}"),
            ("traceloop.entity.output", "\"refunded\""), ("traceloop.workflow.name", "support_flow"));

        // 4. MCP (mcp.md): tools/call client → server (context propagated in _meta), the tool failed (isError: tool_error);
        // resources/read whose server span did not get the context (its parent is not in the trace).
        const string session = "191c4850af6c49e08843a3f6c80e5046";
        var assistant = b.Root("invoke_agent assistant", ActivityKind.Internal, 9000, 1000,
            [("gen_ai.operation.name", "invoke_agent"), ("gen_ai.agent.name", "assistant"), ("error.type", "tool_error")], error: true);
        var clientCall = b.Child(assistant, "tools/call get-weather", ActivityKind.Client, 9010, 300,
            [("mcp.method.name", "tools/call"), ("gen_ai.tool.name", "get-weather"), ("gen_ai.operation.name", "execute_tool"),
             ("jsonrpc.request.id", 1L), ("mcp.session.id", session), ("mcp.protocol.version", "2025-06-18"), ("network.transport", "pipe"),
             ("error.type", "tool_error")], error: true);
        var serverCall = b.Child(clientCall, "tools/call get-weather", ActivityKind.Server, 9020, 250,
            [("mcp.method.name", "tools/call"), ("gen_ai.tool.name", "get-weather"), ("gen_ai.operation.name", "execute_tool"),
             ("jsonrpc.request.id", "1"), ("mcp.session.id", session), ("mcp.protocol.version", "2025-06-18"), ("error.type", "tool_error")],
            error: true);
        var clientRead = b.Child(assistant, "resources/read file:///home/user/notes.txt", ActivityKind.Client, 9400, 50,
            ("mcp.method.name", "resources/read"), ("mcp.resource.uri", "file:///home/user/notes.txt"), ("jsonrpc.request.id", 2L),
            ("mcp.session.id", session));
        var lostParent = new ActivityContext(assistant.TraceId, ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        var serverRead = b.Child(lostParent, "resources/read file:///home/user/notes.txt", ActivityKind.Server, 9405, 40,
            [("mcp.method.name", "resources/read"), ("mcp.resource.uri", "file:///home/user/notes.txt"), ("jsonrpc.request.id", 2L),
             ("mcp.session.id", session)], error: false);

        Assert.True(provider.ForceFlush(10_000), "the OTLP exporter did not get an OK answer");
        return new Sent(
            Id(planner.TraceId), Id(planner), Id(researcher), Id(delegateTool), Id(triage.TraceId), Id(triage), Id(lookup),
            Id(workflow.TraceId), Id(workflow), Id(billing), Id(assistant.TraceId), Id(clientCall), Id(serverCall), Id(clientRead), Id(serverRead));
    }

    private static (string, object)[] Chat(string model, string responseModel, long input, long output) =>
    [
        ("gen_ai.operation.name", "chat"), ("gen_ai.provider.name", "openai"), ("gen_ai.request.model", model),
        ("gen_ai.response.model", responseModel), ("gen_ai.usage.input_tokens", input), ("gen_ai.usage.output_tokens", output),
    ];

    /// <summary>Spans with exact start times and durations (milliseconds after t0), each ended at once.</summary>
    private sealed class SpanBuilder(ActivitySource source, DateTime t0)
    {
        public ActivityContext Root(string name, ActivityKind kind, int startMs, int durationMs, params (string, object)[] tags) =>
            Start(default, name, kind, startMs, durationMs, tags, error: false);

        public ActivityContext Root(string name, ActivityKind kind, int startMs, int durationMs, (string, object)[] tags, bool error) =>
            Start(default, name, kind, startMs, durationMs, tags, error);

        public ActivityContext Child(ActivityContext parent, string name, ActivityKind kind, int startMs, int durationMs, params (string, object)[] tags) =>
            Start(parent, name, kind, startMs, durationMs, tags, error: false);

        public ActivityContext Child(ActivityContext parent, string name, ActivityKind kind, int startMs, int durationMs, (string, object)[] tags, bool error) =>
            Start(parent, name, kind, startMs, durationMs, tags, error);

        private ActivityContext Start(ActivityContext parent, string name, ActivityKind kind, int startMs, int durationMs, (string, object)[] tags, bool error)
        {
            var previous = Activity.Current;
            Activity.Current = null;
            var start = t0.AddMilliseconds(startMs);
            using var span = source.StartActivity(name, kind, parent, startTime: start)!;
            foreach (var (key, value) in tags)
            {
                span.SetTag(key, value);
            }

            if (error)
            {
                span.SetStatus(ActivityStatusCode.Error, "failed");
            }

            span.SetEndTime(start.AddMilliseconds(durationMs));
            var context = span.Context;
            span.Stop();
            Activity.Current = previous;
            return context;
        }
    }

    private Task<JsonElement> WindowAsync(string route, string service)
    {
        var now = DateTime.UtcNow;
        var from = now.AddHours(-1).ToString("O", CultureInfo.InvariantCulture);
        var to = now.AddHours(1).ToString("O", CultureInfo.InvariantCulture);
        return Host.GetJsonAsync($"/api/v1/{route}?service={Uri.EscapeDataString(service)}&from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}");
    }

    private static JsonElement Span(JsonElement trace, string spanId) =>
        trace.GetProperty("spans").EnumerateArray().Single(s => s.GetProperty("spanId").GetString() == spanId);

    private static (int, long, long, decimal, int) Usage(JsonElement span, string side)
    {
        var u = span.GetProperty("rollup").GetProperty(side);
        return (u.GetProperty("modelCalls").GetInt32(), u.GetProperty("inputTokens").GetInt64(), u.GetProperty("outputTokens").GetInt64(),
            u.GetProperty("costUsd").GetDecimal(), u.GetProperty("unknownCostCalls").GetInt32());
    }

    private static (long, long, int, long, long, decimal, long) AgentNumbers(JsonElement a) => (
        a.GetProperty("runs").GetInt64(), a.GetProperty("errors").GetInt64(), a.GetProperty("modelCalls").GetInt32(),
        a.GetProperty("inputTokens").GetInt64(), a.GetProperty("outputTokens").GetInt64(), a.GetProperty("costUsd").GetDecimal(),
        a.GetProperty("toolCalls").GetInt64());

    private static (long, long, decimal, double, double) ToolNumbers(JsonElement t) => (
        t.GetProperty("calls").GetInt64(), t.GetProperty("errors").GetInt64(), t.GetProperty("errorRate").GetDecimal(),
        t.GetProperty("latencyMs").GetProperty("p50").GetDouble(), t.GetProperty("latencyMs").GetProperty("p95").GetDouble());

    private static string Id(ActivityContext context) => context.SpanId.ToHexString();

    private static string Id(ActivityTraceId traceId) => traceId.ToHexString();

    private static string? Text(JsonElement element, string name) => element.GetProperty(name).GetString();
}
