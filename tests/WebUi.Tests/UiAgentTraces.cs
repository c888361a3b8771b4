using System.Net.Http.Headers;
using Google.Protobuf;
using Observatory.Gateway.Otlp.Proto.Collector.Trace.V1;
using Observatory.Gateway.Otlp.Proto.Common.V1;
using Observatory.Gateway.Otlp.Proto.Resource.V1;
using Observatory.Gateway.Otlp.Proto.Trace.V1;

namespace Observatory.WebUi.Tests;

/// <summary>
/// A multi-agent run as the current OTel GenAI conventions shape it, over real OTLP/HTTP (protobuf): invoke_agent planner →
/// chat gpt-4o (scored by a <c>gen_ai.evaluation.result</c> span event), execute_tool delegate_research → nested
/// invoke_agent researcher (which repeats its calls' usage) → chat gpt-4o-mini (a categorical evaluation), an MCP
/// tools/call client span and its server span, chat gpt-4o-mini; then a second chat gpt-4o. Prices per 1M tokens:
/// gpt-4o $2.50 / $10, gpt-4o-mini $0.15 / $0.60.
/// </summary>
public static class UiAgentTraces
{
    /// <summary>The span ids of the sent trace, in the waterfall's tree order.</summary>
    public sealed record Sent(
        string TraceId, string Planner, string FirstChat, string Delegate, string Researcher, string MiniChat, string McpClient, string McpServer,
        string SecondMiniChat, string LastChat);

    public const string McpSession = "191c4850af6c49e08843a3f6c80e5046";

    /// <param name="relevance">the numeric evaluation's name (0.75, "relevant") on the first gpt-4o call.</param>
    /// <param name="tone">the categorical evaluation's name (label "polite", no value) on the first gpt-4o-mini call.</param>
    public static async Task<Sent> SendAsync(HttpClient otlp, string service, string relevance, string tone)
    {
        var traceId = Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant();
        var start = (ulong)(DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100 - 60_000_000_000UL;
        var id = ByteString.CopyFrom(Convert.FromHexString(traceId));
        var spans = new List<Span>();
        Span NewSpan(string name, Span? parent, ulong fromMs, ulong toMs, Span.Types.SpanKind kind, params (string Key, object Value)[] attributes)
        {
            var span = new Span
            {
                TraceId = id,
                SpanId = ByteString.CopyFrom(Convert.FromHexString(Guid.NewGuid().ToString("N")[..16])),
                ParentSpanId = parent?.SpanId ?? ByteString.Empty,
                Name = name,
                Kind = kind,
                StartTimeUnixNano = start + fromMs * 1_000_000,
                EndTimeUnixNano = start + toMs * 1_000_000,
            };
            span.Attributes.AddRange(attributes.Select(a => Attribute(a.Key, a.Value)));
            spans.Add(span);
            return span;
        }

        Span Chat(Span parent, ulong fromMs, ulong toMs, string model, string responseModel, long input, long output) =>
            NewSpan("chat " + model, parent, fromMs, toMs, Span.Types.SpanKind.Client,
                ("gen_ai.operation.name", "chat"), ("gen_ai.provider.name", "openai"), ("gen_ai.request.model", model),
                ("gen_ai.response.model", responseModel), ("gen_ai.usage.input_tokens", input), ("gen_ai.usage.output_tokens", output));

        var internalKind = Span.Types.SpanKind.Internal;
        var planner = NewSpan("invoke_agent planner", null, 0, 4000, internalKind,
            ("gen_ai.operation.name", "invoke_agent"), ("gen_ai.provider.name", "openai"), ("gen_ai.agent.id", "asst_planner_01"),
            ("gen_ai.agent.name", "planner"), ("gen_ai.agent.version", "1.0.0"), ("gen_ai.agent.description", "Plans and delegates"),
            ("gen_ai.request.model", "gpt-4o"));
        var firstChat = Chat(planner, 10, 810, "gpt-4o", "gpt-4o-2024-08-06", 1000, 200);
        firstChat.Events.Add(Evaluation(firstChat.EndTimeUnixNano, relevance, 0.75, "relevant", "On topic."));
        var delegateTool = NewSpan("execute_tool delegate_research", planner, 900, 2900, internalKind,
            ("gen_ai.operation.name", "execute_tool"), ("gen_ai.tool.name", "delegate_research"), ("gen_ai.tool.type", "function"),
            ("gen_ai.tool.call.id", "call_VSPygqKTWdrhaFErNvMV18Yl"), ("gen_ai.tool.call.arguments", "{\"topic\":\"otel genai\"}"),
            ("gen_ai.tool.call.result", "{\"summary\":\"3 papers\"}"));
        var researcher = NewSpan("invoke_agent researcher", delegateTool, 950, 2450, internalKind,
            ("gen_ai.operation.name", "invoke_agent"), ("gen_ai.provider.name", "openai"), ("gen_ai.agent.name", "researcher"),
            ("gen_ai.agent.version", "2.0.0"), ("gen_ai.request.model", "gpt-4o-mini"), ("gen_ai.usage.input_tokens", 600L),
            ("gen_ai.usage.output_tokens", 100L));
        var miniChat = Chat(researcher, 960, 1260, "gpt-4o-mini", "gpt-4o-mini", 400, 60);
        miniChat.Events.Add(Evaluation(miniChat.EndTimeUnixNano, tone, null, "polite", null));
        (string, object)[] mcp =
        [
            ("mcp.method.name", "tools/call"), ("gen_ai.tool.name", "get-weather"), ("gen_ai.operation.name", "execute_tool"),
            ("jsonrpc.request.id", "1"), ("mcp.session.id", McpSession), ("mcp.protocol.version", "2025-06-18"),
        ];
        var mcpClient = NewSpan("tools/call get-weather", researcher, 1300, 1600, Span.Types.SpanKind.Client, mcp);
        var mcpServer = NewSpan("tools/call get-weather", mcpClient, 1310, 1550, Span.Types.SpanKind.Server, mcp);
        var secondMiniChat = Chat(researcher, 1800, 2100, "gpt-4o-mini", "gpt-4o-mini", 200, 40);
        var lastChat = Chat(planner, 3000, 3900, "gpt-4o", "gpt-4o-2024-08-06", 500, 100);

        var resource = new Resource();
        resource.Attributes.Add(Attribute("service.name", service));
        var scope = new ScopeSpans();
        scope.Spans.AddRange(spans);
        var resourceSpans = new ResourceSpans { Resource = resource };
        resourceSpans.ScopeSpans.Add(scope);
        var export = new ExportTraceServiceRequest();
        export.ResourceSpans.Add(resourceSpans);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/traces") { Content = new ByteArrayContent(export.ToByteArray()) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        using var response = await otlp.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"OTLP export answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return new Sent(
            traceId, Hex(planner), Hex(firstChat), Hex(delegateTool), Hex(researcher), Hex(miniChat), Hex(mcpClient), Hex(mcpServer),
            Hex(secondMiniChat), Hex(lastChat));
    }

    /// <summary>A <c>gen_ai.evaluation.result</c> span event as the GenAI events page defines it.</summary>
    private static Span.Types.Event Evaluation(ulong timeUnixNano, string name, double? value, string? label, string? explanation)
    {
        var e = new Span.Types.Event { Name = "gen_ai.evaluation.result", TimeUnixNano = timeUnixNano };
        e.Attributes.Add(Attribute("gen_ai.evaluation.name", name));
        if (value is { } v)
        {
            e.Attributes.Add(Attribute("gen_ai.evaluation.score.value", v));
        }

        if (label is not null)
        {
            e.Attributes.Add(Attribute("gen_ai.evaluation.score.label", label));
        }

        if (explanation is not null)
        {
            e.Attributes.Add(Attribute("gen_ai.evaluation.explanation", explanation));
        }

        return e;
    }

    private static string Hex(Span span) => Convert.ToHexString(span.SpanId.ToByteArray()).ToLowerInvariant();

    private static KeyValue Attribute(string key, object value) => new()
    {
        Key = key,
        Value = value switch
        {
            string s => new AnyValue { StringValue = s },
            long l => new AnyValue { IntValue = l },
            double d => new AnyValue { DoubleValue = d },
            _ => throw new ArgumentException($"unsupported attribute value {value.GetType()}", nameof(value)),
        },
    };
}
