using Google.Protobuf;
using Observatory.Gateway.Otlp.Proto.Collector.Trace.V1;
using Observatory.Gateway.Otlp.Proto.Common.V1;
using Observatory.Gateway.Otlp.Proto.Resource.V1;
using Observatory.Gateway.Otlp.Proto.Trace.V1;

namespace Observatory.Gateway.Otlp.Tests.Samples;

/// <summary>
/// A realistic export: an HTTP server span with an OpenAI chat call under it (GenAI attributes of every value type,
/// a gen_ai.choice event, an exception event, a link), as the protobuf request and as the equivalent OTLP/JSON.
/// </summary>
public static class OtlpSamples
{
    public const string TraceId = "5b8efff798038103d269b633813fc60c";
    public const string RootSpanId = "eee19b7ec3c1b174";
    public const string ChatSpanId = "ccb2a7f6fa8d2f3b";
    public const long RootStart = 1_764_163_200_000_000_000;
    public const long ChatStart = 1_764_163_200_120_000_000;

    public static ExportTraceServiceRequest Request() => new()
    {
        ResourceSpans =
        {
            new ResourceSpans
            {
                Resource = new Resource { Attributes = { Str("service.name", "support-bot"), Int("process.pid", 4242) } },
                ScopeSpans =
                {
                    new ScopeSpans
                    {
                        Scope = new InstrumentationScope { Name = "opentelemetry.instrumentation.openai", Version = "0.48.0" },
                        Spans =
                        {
                            new Span
                            {
                                TraceId = Hex(TraceId),
                                SpanId = Hex(RootSpanId),
                                Name = "POST /answer",
                                Kind = Span.Types.SpanKind.Server,
                                StartTimeUnixNano = RootStart,
                                EndTimeUnixNano = RootStart + 2_500_000_000,
                                Attributes = { Str("http.request.method", "POST"), Int("http.response.status_code", 500) },
                                Status = new Status { Code = Status.Types.StatusCode.Error, Message = "upstream failed" },
                                Events =
                                {
                                    new Span.Types.Event
                                    {
                                        Name = "exception",
                                        TimeUnixNano = RootStart + 2_400_000_000,
                                        Attributes = { Str("exception.type", "openai.RateLimitError") },
                                    },
                                },
                            },
                            new Span
                            {
                                TraceId = Hex(TraceId),
                                SpanId = Hex(ChatSpanId),
                                ParentSpanId = Hex(RootSpanId),
                                TraceState = "vendor=1",
                                Flags = 0x301,
                                Name = "chat gpt-4o",
                                Kind = Span.Types.SpanKind.Client,
                                StartTimeUnixNano = ChatStart,
                                EndTimeUnixNano = ChatStart + 1_800_000_000,
                                Attributes =
                                {
                                    Str("gen_ai.operation.name", "chat"),
                                    Str("gen_ai.request.model", "gpt-4o"),
                                    Int("gen_ai.usage.input_tokens", 1_200),
                                    Dbl("gen_ai.request.temperature", 0.2),
                                    Bool("gen_ai.request.stream", true),
                                    new KeyValue
                                    {
                                        Key = "gen_ai.response.finish_reasons",
                                        Value = new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { StringValue = "stop" }, new AnyValue { IntValue = 7 } } } },
                                    },
                                    new KeyValue
                                    {
                                        Key = "llm.metadata",
                                        Value = new AnyValue
                                        {
                                            KvlistValue = new KeyValueList
                                            {
                                                Values =
                                                {
                                                    Str("tenant", "acme"),
                                                    new KeyValue { Key = "limits", Value = new AnyValue { KvlistValue = new KeyValueList { Values = { Int("rpm", 60) } } } },
                                                },
                                            },
                                        },
                                    },
                                    new KeyValue { Key = "request.hash", Value = new AnyValue { BytesValue = ByteString.CopyFrom(0xde, 0xad, 0xbe, 0xef) } },
                                    new KeyValue { Key = "empty", Value = new AnyValue() },
                                },
                                DroppedAttributesCount = 2,
                                Events =
                                {
                                    new Span.Types.Event
                                    {
                                        Name = "gen_ai.choice",
                                        TimeUnixNano = ChatStart + 1_700_000_000,
                                        Attributes = { Int("index", 0), Str("finish_reason", "stop") },
                                    },
                                },
                                Links = { new Span.Types.Link { TraceId = Hex("0af7651916cd43dd8448eb211c80319c"), SpanId = Hex("b7ad6b7169203331") } },
                                Status = new Status(),
                            },
                        },
                    },
                },
            },
        },
    };

    /// <summary>The same export as OTLP/JSON: hex ids, int64 as strings and numbers, enums as names and numbers.</summary>
    public const string Json = """
    {
      "resourceSpans": [{
        "resource": { "attributes": [
          { "key": "service.name", "value": { "stringValue": "support-bot" } },
          { "key": "process.pid", "value": { "intValue": 4242 } } ] },
        "scopeSpans": [{
          "scope": { "name": "opentelemetry.instrumentation.openai", "version": "0.48.0" },
          "spans": [
            {
              "traceId": "5B8EFFF798038103D269B633813FC60C",
              "spanId": "eee19b7ec3c1b174",
              "parentSpanId": "",
              "name": "POST /answer",
              "kind": "SPAN_KIND_SERVER",
              "startTimeUnixNano": "1764163200000000000",
              "endTimeUnixNano": 1764163202500000000,
              "attributes": [
                { "key": "http.request.method", "value": { "stringValue": "POST" } },
                { "key": "http.response.status_code", "value": { "intValue": "500" } } ],
              "status": { "code": 2, "message": "upstream failed" },
              "events": [{ "name": "exception", "timeUnixNano": "1764163202400000000",
                "attributes": [{ "key": "exception.type", "value": { "stringValue": "openai.RateLimitError" } }] }]
            },
            {
              "traceId": "5b8efff798038103d269b633813fc60c",
              "spanId": "ccb2a7f6fa8d2f3b",
              "parentSpanId": "eee19b7ec3c1b174",
              "traceState": "vendor=1",
              "flags": 769,
              "name": "chat gpt-4o",
              "kind": 3,
              "startTimeUnixNano": "1764163200120000000",
              "endTimeUnixNano": "1764163201920000000",
              "attributes": [
                { "key": "gen_ai.operation.name", "value": { "stringValue": "chat" } },
                { "key": "gen_ai.request.model", "value": { "stringValue": "gpt-4o" } },
                { "key": "gen_ai.usage.input_tokens", "value": { "intValue": "1200" } },
                { "key": "gen_ai.request.temperature", "value": { "doubleValue": 0.2 } },
                { "key": "gen_ai.request.stream", "value": { "boolValue": true } },
                { "key": "gen_ai.response.finish_reasons", "value": { "arrayValue": { "values": [
                  { "stringValue": "stop" }, { "intValue": 7 } ] } } },
                { "key": "llm.metadata", "value": { "kvlistValue": { "values": [
                  { "key": "tenant", "value": { "stringValue": "acme" } },
                  { "key": "limits", "value": { "kvlistValue": { "values": [{ "key": "rpm", "value": { "intValue": "60" } }] } } } ] } } },
                { "key": "request.hash", "value": { "bytesValue": "3q2+7w==" } },
                { "key": "empty", "value": {} } ],
              "droppedAttributesCount": 2,
              "events": [{ "name": "gen_ai.choice", "timeUnixNano": 1764163201820000000,
                "attributes": [
                  { "key": "index", "value": { "intValue": 0 } },
                  { "key": "finish_reason", "value": { "stringValue": "stop" } } ] }],
              "links": [{ "traceId": "0af7651916cd43dd8448eb211c80319c", "spanId": "b7ad6b7169203331" }],
              "status": {}
            }
          ]
        }]
      }]
    }
    """;

    /// <summary>A minimal valid single-span request, for transport tests.</summary>
    public static ExportTraceServiceRequest SingleSpan(string name = "chat gpt-4o-mini", string? bigAttribute = null)
    {
        var span = new Span
        {
            TraceId = Hex("0af7651916cd43dd8448eb211c80319c"),
            SpanId = Hex("00f067aa0ba902b7"),
            Name = name,
            Kind = Span.Types.SpanKind.Client,
            StartTimeUnixNano = ChatStart,
            EndTimeUnixNano = ChatStart + 900_000_000,
            Attributes = { Str("gen_ai.request.model", "gpt-4o-mini") },
        };
        if (bigAttribute is not null)
        {
            span.Attributes.Add(Str("gen_ai.input.messages", bigAttribute));
        }

        return new ExportTraceServiceRequest
        {
            ResourceSpans = { new ResourceSpans { Resource = new Resource { Attributes = { Str("service.name", "svc") } }, ScopeSpans = { new ScopeSpans { Spans = { span } } } } },
        };
    }

    public const string SingleSpanJson = """
    {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},
      "scopeSpans":[{"spans":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"00f067aa0ba902b7",
        "name":"chat gpt-4o-mini","kind":3,"startTimeUnixNano":"1764163200120000000","endTimeUnixNano":"1764163201020000000",
        "attributes":[{"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o-mini"}}]}]}]}]}
    """;

    public static ByteString Hex(string hex) => ByteString.CopyFrom(Convert.FromHexString(hex));

    private static KeyValue Str(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };
    private static KeyValue Int(string key, long value) => new() { Key = key, Value = new AnyValue { IntValue = value } };
    private static KeyValue Dbl(string key, double value) => new() { Key = key, Value = new AnyValue { DoubleValue = value } };
    private static KeyValue Bool(string key, bool value) => new() { Key = key, Value = new AnyValue { BoolValue = value } };
}
