using Observatory.Core.Ingest;
using Observatory.Core.Llm;
using Observatory.Core.Pricing;
using Observatory.Core.Redaction;
using Observatory.Core.Spans;

namespace Observatory.Core.Tests.Llm;

/// <summary>Agent, tool and MCP identity read from each convention's spans (AgentToolReader), as stored on the span record.</summary>
public class AgentToolReaderTests
{
    private static readonly SpanRecordFactory Factory = new(PriceCatalog.Default);

    [Fact]
    public void OTelInvokeAgentSpanKeepsTheAgentsIdentity()
    {
        var span = TestSpans.With(
            ("gen_ai.operation.name", "invoke_agent"), ("gen_ai.provider.name", "openai"), ("gen_ai.agent.id", "asst_5j66UpCpwteGg4YSxUnt7lPY"),
            ("gen_ai.agent.name", "Math Tutor"), ("gen_ai.agent.description", "Helps with math"), ("gen_ai.agent.version", "2.1.0"),
            ("gen_ai.workflow.name", "homework"), ("gen_ai.data_source.id", "H7STPQYOND"), ("gen_ai.request.model", "gpt-4o"));

        var record = Factory.Create(span);

        Assert.Equal(new AgentToolFacts
        {
            AgentId = "asst_5j66UpCpwteGg4YSxUnt7lPY",
            AgentName = "Math Tutor",
            AgentDescription = "Helps with math",
            AgentVersion = "2.1.0",
            WorkflowName = "homework",
            DataSourceId = "H7STPQYOND",
        }, record.Agent);
        Assert.Equal("invoke_agent", record.Llm!.Operation);
        Assert.False(record.Llm.IsModelCall);
    }

    [Fact]
    public void OTelExecuteToolSpanKeepsTheToolCallAndItsContent()
    {
        var span = TestSpans.With(
            ("gen_ai.operation.name", "execute_tool"), ("gen_ai.tool.name", "get_weather"), ("gen_ai.tool.type", "function"),
            ("gen_ai.tool.call.id", "call_mszuSIzqtI65i1wAUOE8w5H4"), ("gen_ai.tool.description", "Current weather for a city"),
            ("gen_ai.tool.call.arguments", "{\"location\":\"Paris\"}"), ("gen_ai.tool.call.result", "{\"temperature_c\":18}"));

        var facts = Factory.Create(span).Agent!;

        Assert.Equal(("get_weather", "function", "call_mszuSIzqtI65i1wAUOE8w5H4", "Current weather for a city"),
            (facts.ToolName, facts.ToolType, facts.ToolCallId, facts.ToolDescription));
        Assert.Equal("{\"location\":\"Paris\"}", facts.ToolArguments);
        Assert.Equal("{\"temperature_c\":18}", facts.ToolResult);
    }

    [Fact]
    public void ToolArgumentsAndResultAreContentAndStayOutWhenCaptureIsOff()
    {
        var span = TestSpans.With(
            ("gen_ai.operation.name", "execute_tool"), ("gen_ai.tool.name", "get_weather"),
            ("gen_ai.tool.call.arguments", "{\"location\":\"Paris\"}"), ("gen_ai.tool.call.result", "sunny"));

        var facts = Factory.Create(span, withContent: false).Agent!;

        Assert.Equal("get_weather", facts.ToolName);
        Assert.Null(facts.ToolArguments);
        Assert.Null(facts.ToolResult);
    }

    [Fact]
    public void ToolArgumentsAreRedactedLikeThePrompt()
    {
        var policy = new ProjectIngestPolicy(PriceCatalog.Default, CaptureContent: true, new PiiRedactor(RedactionPolicy.Default));
        var span = TestSpans.With(
            ("gen_ai.operation.name", "execute_tool"), ("gen_ai.tool.name", "send_email"),
            ("gen_ai.tool.call.arguments", "{\"to\":\"jane.doe@example.com\",\"body\":\"hi\"}"));

        var facts = Factory.Create(span, policy).Agent!;

        Assert.Equal("send_email", facts.ToolName);
        Assert.DoesNotContain("jane.doe@example.com", facts.ToolArguments);
        Assert.Contains("body", facts.ToolArguments);
    }

    [Fact]
    public void StructuredArgumentsAreStoredAsJson()
    {
        var span = TestSpans.With(
            ("gen_ai.operation.name", "execute_tool"), ("gen_ai.tool.name", "lookup"),
            ("gen_ai.tool.call.arguments", TestSpans.Attributes(("id", 42L), ("deep", true))));

        Assert.Equal("{\"id\":42,\"deep\":true}", Factory.Create(span).Agent!.ToolArguments);
    }

    [Fact]
    public void OpenInferenceAgentAndToolSpansReadTheirOwnNames()
    {
        var agent = TestSpans.With(("openinference.span.kind", "AGENT"), ("agent.name", "researcher"), ("input.value", "find papers"));
        var tool = TestSpans.With(
            ("openinference.span.kind", "TOOL"), ("tool.name", "web_search"), ("tool.description", "Searches the web"),
            ("tool.parameters", "{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}}}"),
            ("input.value", "{\"q\":\"otel genai\"}"), ("output.value", "3 results"));
        var unnamedAgent = TestSpans.With(("openinference.span.kind", "AGENT"), ("llm.system", "openai"));

        var agentFacts = Factory.Create(agent).Agent!;
        var toolFacts = Factory.Create(tool).Agent!;

        Assert.Equal("researcher", agentFacts.AgentName);
        Assert.Null(agentFacts.ToolArguments);
        Assert.Equal(("web_search", "Searches the web", "{\"q\":\"otel genai\"}", "3 results"),
            (toolFacts.ToolName, toolFacts.ToolDescription, toolFacts.ToolArguments, toolFacts.ToolResult));
        Assert.Equal("{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}}}", toolFacts.ToolParameters);
        Assert.Equal("chat", Factory.Create(unnamedAgent).Agent!.AgentName);
        Assert.Equal("invoke_agent", Factory.Create(agent).Llm!.Operation);
        Assert.Equal("execute_tool", Factory.Create(tool).Llm!.Operation);
    }

    [Theory]
    [InlineData("agent", "support_agent", null, null)]
    [InlineData("tool", null, "lookup_order", null)]
    [InlineData("workflow", null, null, "support_flow")]
    [InlineData("task", null, null, null)]
    public void TraceloopEntityNameIsReadByItsSpanKind(string kind, string? agent, string? tool, string? workflow)
    {
        var entity = agent ?? tool ?? workflow ?? "summarize";
        var span = TestSpans.With(
            ("traceloop.span.kind", kind), ("traceloop.entity.name", entity), ("traceloop.entity.input", "{\"args\":[1]}"),
            ("traceloop.entity.output", "\"ok\""));

        var facts = Factory.Create(span).Agent;

        Assert.Equal((agent, tool, workflow), (facts?.AgentName, facts?.ToolName, facts?.WorkflowName));
        Assert.Equal(kind == "tool" ? "{\"args\":[1]}" : null, facts?.ToolArguments);
        Assert.Equal(kind == "tool" ? "\"ok\"" : null, facts?.ToolResult);
    }

    [Fact]
    public void TraceloopWorkflowNameNamesTheWorkflowOfEverySpanUnderIt()
    {
        var span = TestSpans.With(("traceloop.span.kind", "task"), ("traceloop.entity.name", "summarize"), ("traceloop.workflow.name", "support_flow"));

        Assert.Equal("support_flow", Factory.Create(span).Agent!.WorkflowName);
    }

    [Fact]
    public void McpToolsCallClientSpanKeepsTheRequestAndTheToolError()
    {
        var span = TestSpans.With(
            ("mcp.method.name", "tools/call"), ("gen_ai.tool.name", "get-weather"), ("gen_ai.operation.name", "execute_tool"),
            ("jsonrpc.request.id", 42L), ("mcp.session.id", "191c4850af6c49e08843a3f6c80e5046"), ("mcp.protocol.version", "2025-06-18"),
            ("network.transport", "tcp"), ("error.type", "tool_error"), ("rpc.response.status_code", "-32602"));

        var record = Factory.Create(span);

        Assert.Equal(new AgentToolFacts
        {
            ToolName = "get-weather",
            McpMethod = "tools/call",
            JsonRpcRequestId = "42",
            McpSessionId = "191c4850af6c49e08843a3f6c80e5046",
            McpProtocolVersion = "2025-06-18",
            RpcResponseStatusCode = "-32602",
        }, record.Agent);
        Assert.True(record.Agent!.IsMcp);
        Assert.Equal("tool_error", record.ErrorType);
    }

    [Fact]
    public void McpResourcesReadSpanIsMcpWithoutBeingAnLlmSpan()
    {
        var span = TestSpans.With(
            ("mcp.method.name", "resources/read"), ("mcp.resource.uri", "file:///home/user/notes.txt"), ("jsonrpc.request.id", "req-7"));

        var record = Factory.Create(span);

        Assert.Null(record.Llm);
        Assert.Equal(("resources/read", "file:///home/user/notes.txt", "req-7"),
            (record.Agent!.McpMethod, record.Agent.McpResourceUri, record.Agent.JsonRpcRequestId));
    }

    [Fact]
    public void VercelToolCallSpanNamesItsTool()
    {
        var span = TestSpans.With(
            ("ai.operationId", "ai.toolCall"), ("ai.toolCall.name", "weather"), ("ai.toolCall.id", "call_1"), ("ai.toolCall.args", "{\"city\":\"Oslo\"}"),
            ("ai.toolCall.result", "{\"c\":3}"));

        var facts = Factory.Create(span).Agent!;

        Assert.Equal(("weather", "call_1", "{\"city\":\"Oslo\"}", "{\"c\":3}"), (facts.ToolName, facts.ToolCallId, facts.ToolArguments, facts.ToolResult));
    }

    [Fact]
    public void PlainSpansAndModelCallsCarryNoAgentFacts()
    {
        Assert.Null(Factory.Create(TestSpans.With(("http.request.method", "GET"))).Agent);
        Assert.Null(Factory.Create(TestSpans.With(("gen_ai.operation.name", "chat"), ("gen_ai.request.model", "gpt-4o"))).Agent);
    }

    [Fact]
    public void IdentifiersAreCappedAndFreeTextIsCappedAsContent()
    {
        var span = TestSpans.With(
            ("gen_ai.agent.name", new string('a', 10_000)), ("gen_ai.agent.description", new string('d', 10_000)),
            ("gen_ai.tool.call.arguments", new string('x', 100_000)), ("jsonrpc.request.id", "   "));

        var facts = Factory.Create(span).Agent!;

        Assert.True(System.Text.Encoding.UTF8.GetByteCount(facts.AgentName!) <= FactLimits.MaxIdentifierBytes + 64);
        Assert.StartsWith(new string('a', 200), facts.AgentName);
        Assert.Equal(new string('d', 10_000), facts.AgentDescription);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(facts.ToolArguments!) <= LlmContent.MaxBytes + 64);
        Assert.Null(facts.JsonRpcRequestId);
    }

    [Theory]
    [InlineData("plan")]
    [InlineData("create_memory")]
    [InlineData("search_memory")]
    [InlineData("update_memory")]
    [InlineData("delete_memory")]
    public void PlanAndMemoryOperationsAreNeverModelCalls(string operation)
    {
        var span = TestSpans.With(("gen_ai.operation.name", operation), ("gen_ai.request.model", "gpt-4o"), ("gen_ai.usage.input_tokens", 10L));

        var llm = Factory.Create(span).Llm!;

        Assert.Equal(operation, llm.Operation);
        Assert.False(llm.IsModelCall);
    }
}
