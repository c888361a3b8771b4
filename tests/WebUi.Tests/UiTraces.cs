using System.Net.Http.Headers;
using Google.Protobuf;
using Observatory.Gateway.Otlp.Proto.Collector.Trace.V1;
using Observatory.Gateway.Otlp.Proto.Common.V1;
using Observatory.Gateway.Otlp.Proto.Resource.V1;
using Observatory.Gateway.Otlp.Proto.Trace.V1;

namespace Observatory.WebUi.Tests;

/// <summary>
/// An agent run as current OTel GenAI instrumentations send it, over real OTLP/HTTP (protobuf): a server root, an
/// agent span, a tool call, an OpenAI chat call with all five token kinds and its messages, an embeddings call and an
/// Anthropic call that failed with a rate limit.
/// </summary>
public static class UiTraces
{
    /// <summary>gpt-4o: 700 uncached + 100 cache write at $2.50, 200 cache read at $1.25, 500 output (50 reasoning) at $10 per 1M.</summary>
    public const string ChatCost = "$0.00725";

    /// <param name="Audio">The chat call also reports its modality parts: 300 text + 700 audio input, 400 text + 100 audio output.</param>
    public sealed record Options(string Service, string Model = "gpt-4o", string Word = "parcel", bool Failing = true, string? User = "user-ui", string? Session = "sess-ui", bool Audio = false);

    public static async Task<string> SendAsync(HttpClient otlp, Options options, string? apiKey = null)
    {
        var traceId = Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/traces") { Content = new ByteArrayContent(Build(traceId, options).ToByteArray()) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        if (apiKey is not null)
        {
            request.Headers.Add("x-api-key", apiKey);
        }

        using var response = await otlp.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"OTLP export answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return traceId;
    }

    public static ExportTraceServiceRequest Build(string traceId, Options o)
    {
        var start = (ulong)(DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100 - 3_000_000_000UL;
        var id = ByteString.CopyFrom(Convert.FromHexString(traceId));
        Span NewSpan(string name, Span? parent, ulong fromMs, ulong toMs, Span.Types.SpanKind kind = Span.Types.SpanKind.Internal) => new()
        {
            TraceId = id,
            SpanId = ByteString.CopyFrom(Convert.FromHexString(Guid.NewGuid().ToString("N")[..16])),
            ParentSpanId = parent?.SpanId ?? ByteString.Empty,
            Name = name,
            Kind = kind,
            StartTimeUnixNano = start + fromMs * 1_000_000,
            EndTimeUnixNano = start + toMs * 1_000_000,
        };

        var root = NewSpan("POST /support", null, 0, 2600, Span.Types.SpanKind.Server);
        if (o.User is not null)
        {
            root.Attributes.Add(Text("user.id", o.User));
        }

        if (o.Session is not null)
        {
            root.Attributes.Add(Text("session.id", o.Session));
        }

        var agent = NewSpan("invoke_agent support", root, 50, 2500);
        agent.Attributes.Add(Text("gen_ai.operation.name", "invoke_agent"));
        agent.Attributes.Add(Text("gen_ai.agent.name", "support"));

        var embed = NewSpan("embeddings text-embedding-3-small", agent, 80, 220, Span.Types.SpanKind.Client);
        embed.Attributes.Add(Text("gen_ai.provider.name", "openai"));
        embed.Attributes.Add(Text("gen_ai.operation.name", "embeddings"));
        embed.Attributes.Add(Text("gen_ai.request.model", "text-embedding-3-small"));
        embed.Attributes.Add(Int("gen_ai.usage.input_tokens", 12));

        var tool = NewSpan("execute_tool lookup_order", agent, 240, 600);
        tool.Attributes.Add(Text("gen_ai.operation.name", "execute_tool"));
        tool.Attributes.Add(Text("gen_ai.tool.name", "lookup_order"));

        var chat = NewSpan("chat " + o.Model, agent, 650, 2300, Span.Types.SpanKind.Client);
        chat.Attributes.Add(Text("gen_ai.provider.name", "openai"));
        chat.Attributes.Add(Text("gen_ai.operation.name", "chat"));
        chat.Attributes.Add(Text("gen_ai.request.model", o.Model));
        chat.Attributes.Add(Int("gen_ai.usage.input_tokens", 1000));
        chat.Attributes.Add(Int("gen_ai.usage.cache_read.input_tokens", 200));
        chat.Attributes.Add(Int("gen_ai.usage.cache_creation.input_tokens", 100));
        chat.Attributes.Add(Int("gen_ai.usage.output_tokens", 500));
        chat.Attributes.Add(Int("gen_ai.usage.reasoning.output_tokens", 50));
        chat.Attributes.Add(new KeyValue { Key = "gen_ai.response.time_to_first_chunk", Value = new AnyValue { DoubleValue = 0.25 } });
        if (o.Audio)
        {
            chat.Attributes.Add(Int("gen_ai.usage.text.input_tokens", 300));
            chat.Attributes.Add(Int("gen_ai.usage.audio.input_tokens", 700));
            chat.Attributes.Add(Int("gen_ai.usage.text.output_tokens", 400));
            chat.Attributes.Add(Int("gen_ai.usage.audio.output_tokens", 100));
        }

        chat.Attributes.Add(new KeyValue
        {
            Key = "gen_ai.response.finish_reasons",
            Value = new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { StringValue = "stop" } } } },
        });
        chat.Attributes.Add(Text("gen_ai.input.messages",
            $$"""[{"role":"system","parts":[{"type":"text","content":"You are a support agent."}]},{"role":"user","parts":[{"type":"text","content":"Where is my {{o.Word}} 1234?"}]}]"""));
        chat.Attributes.Add(Text("gen_ai.output.messages",
            """[{"role":"assistant","parts":[{"type":"tool_call","id":"call_1","name":"lookup_order","arguments":{"order_id":"1234"}},{"type":"text","content":"It ships tomorrow."}],"finish_reason":"stop"}]"""));

        var spans = new List<Span> { root, agent, embed, tool, chat };
        if (o.Failing)
        {
            var claude = NewSpan("chat claude-3-5-sonnet", agent, 2320, 2480, Span.Types.SpanKind.Client);
            claude.Attributes.Add(Text("gen_ai.provider.name", "anthropic"));
            claude.Attributes.Add(Text("gen_ai.operation.name", "chat"));
            claude.Attributes.Add(Text("gen_ai.request.model", "claude-3-5-sonnet-20241022"));
            claude.Attributes.Add(Text("error.type", "429"));
            claude.Status = new Status { Code = Status.Types.StatusCode.Error, Message = "rate_limit_error: slow down" };
            var exception = new Span.Types.Event { Name = "exception", TimeUnixNano = claude.EndTimeUnixNano };
            exception.Attributes.Add(Text("exception.type", "RateLimitError"));
            exception.Attributes.Add(Text("exception.message", "Error code: 429"));
            claude.Events.Add(exception);
            spans.Add(claude);
        }

        var resource = new Resource();
        resource.Attributes.Add(Text("service.name", o.Service));
        var scope = new ScopeSpans();
        scope.Spans.AddRange(spans);
        var resourceSpans = new ResourceSpans { Resource = resource };
        resourceSpans.ScopeSpans.Add(scope);
        var export = new ExportTraceServiceRequest();
        export.ResourceSpans.Add(resourceSpans);
        return export;
    }

    private static KeyValue Text(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    private static KeyValue Int(string key, long value) => new() { Key = key, Value = new AnyValue { IntValue = value } };
}
