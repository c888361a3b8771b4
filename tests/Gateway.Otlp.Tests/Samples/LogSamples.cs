using Google.Protobuf;
using Observatory.Gateway.Otlp.Proto.Collector.Logs.V1;
using Observatory.Gateway.Otlp.Proto.Common.V1;
using Observatory.Gateway.Otlp.Proto.Logs.V1;
using Observatory.Gateway.Otlp.Proto.Resource.V1;

namespace Observatory.Gateway.Otlp.Tests.Samples;

/// <summary>
/// A realistic logs export from an OpenAI-instrumented service: the GenAI events of one chat call (the user message
/// and the choice as older semconv sends them, the newer operation-details event with structured messages) tied to the
/// chat span of <see cref="OtlpSamples"/>, and a plain warning tied to no trace. As protobuf and as the equivalent OTLP/JSON.
/// </summary>
public static class LogSamples
{
    public const string TraceId = OtlpSamples.TraceId;
    public const string SpanId = OtlpSamples.ChatSpanId;
    public const long Time = 1_764_163_200_130_000_000;

    public static ExportLogsServiceRequest Request() => new()
    {
        ResourceLogs =
        {
            new ResourceLogs
            {
                Resource = new Resource { Attributes = { Str("service.name", "support-bot") } },
                SchemaUrl = "https://opentelemetry.io/schemas/1.28.0",
                ScopeLogs =
                {
                    new ScopeLogs
                    {
                        Scope = new InstrumentationScope { Name = "opentelemetry.instrumentation.openai_v2", Version = "2.1b0" },
                        LogRecords =
                        {
                            // The event name in its own field (OTLP 1.5+), the content in a structured body.
                            new LogRecord
                            {
                                TimeUnixNano = Time,
                                ObservedTimeUnixNano = Time + 1_000,
                                SeverityNumber = SeverityNumber.Info,
                                SeverityText = "INFO",
                                EventName = "gen_ai.user.message",
                                TraceId = OtlpSamples.Hex(TraceId),
                                SpanId = OtlpSamples.Hex(SpanId),
                                Flags = 1,
                                Attributes = { Str("gen_ai.system", "openai") },
                                Body = Map(Str("content", "What is the capital of France?")),
                            },
                            // Older SDKs: the event name only as the event.name attribute.
                            new LogRecord
                            {
                                TimeUnixNano = Time + 1_790_000_000,
                                ObservedTimeUnixNano = Time + 1_790_001_000,
                                TraceId = OtlpSamples.Hex(TraceId),
                                SpanId = OtlpSamples.Hex(SpanId),
                                Attributes = { Str("event.name", "gen_ai.choice"), Str("gen_ai.system", "openai") },
                                Body = Map(
                                    Int("index", 0),
                                    Str("finish_reason", "stop"),
                                    new KeyValue { Key = "message", Value = Map(Str("role", "assistant"), Str("content", "Paris.")) }),
                            },
                            // Semconv 1.37+: one event per operation with the messages as structured attributes.
                            new LogRecord
                            {
                                TimeUnixNano = Time + 1_790_000_000,
                                ObservedTimeUnixNano = Time + 1_790_002_000,
                                EventName = "gen_ai.client.inference.operation.details",
                                TraceId = OtlpSamples.Hex(TraceId),
                                SpanId = OtlpSamples.Hex(SpanId),
                                Attributes =
                                {
                                    Str("gen_ai.operation.name", "chat"),
                                    Str("gen_ai.request.model", "gpt-4o"),
                                    new KeyValue
                                    {
                                        Key = "gen_ai.input.messages",
                                        Value = new AnyValue
                                        {
                                            ArrayValue = new ArrayValue
                                            {
                                                Values =
                                                {
                                                    Map(
                                                        Str("role", "user"),
                                                        new KeyValue
                                                        {
                                                            Key = "parts",
                                                            Value = new AnyValue { ArrayValue = new ArrayValue { Values = { Map(Str("type", "text"), Str("content", "What is the capital of France?")) } } },
                                                        }),
                                                },
                                            },
                                        },
                                    },
                                    Int("gen_ai.usage.input_tokens", 14),
                                },
                            },
                        },
                    },
                },
            },
            new ResourceLogs
            {
                Resource = new Resource { Attributes = { Str("service.name", "support-bot") } },
                ScopeLogs =
                {
                    new ScopeLogs
                    {
                        Scope = new InstrumentationScope { Name = "SupportBot.Retries" },
                        LogRecords =
                        {
                            new LogRecord
                            {
                                ObservedTimeUnixNano = Time + 5_000_000_000,
                                SeverityNumber = SeverityNumber.Warn,
                                SeverityText = "Warning",
                                Body = new AnyValue { StringValue = "Retrying request to /v1/chat/completions in 0.4 seconds" },
                                Attributes = { Dbl("retry.delay", 0.4) },
                            },
                        },
                    },
                },
            },
        },
    };

    /// <summary>What <see cref="Request"/> and <see cref="Json"/> decode to.</summary>
    public const string Expected = """
        event=gen_ai.user.message trace=5b8efff798038103d269b633813fc60c span=ccb2a7f6fa8d2f3b
        time=1764163200130000000 observed=1764163200130001000 severity=9 INFO scope=opentelemetry.instrumentation.openai_v2
        resource={service.name: string "support-bot"}
        attributes={gen_ai.system: string "openai"}
        body=kvlist {content: string "What is the capital of France?"}

        ---
        event=gen_ai.choice trace=5b8efff798038103d269b633813fc60c span=ccb2a7f6fa8d2f3b
        time=1764163201920000000 observed=1764163201920001000 severity=0 (none) scope=opentelemetry.instrumentation.openai_v2
        resource={service.name: string "support-bot"}
        attributes={event.name: string "gen_ai.choice", gen_ai.system: string "openai"}
        body=kvlist {index: long 0, finish_reason: string "stop", message: kvlist {role: string "assistant", content: string "Paris."}}

        ---
        event=gen_ai.client.inference.operation.details trace=5b8efff798038103d269b633813fc60c span=ccb2a7f6fa8d2f3b
        time=1764163201920000000 observed=1764163201920002000 severity=0 (none) scope=opentelemetry.instrumentation.openai_v2
        resource={service.name: string "support-bot"}
        attributes={gen_ai.operation.name: string "chat", gen_ai.request.model: string "gpt-4o", gen_ai.input.messages: array [kvlist {role: string "user", parts: array [kvlist {type: string "text", content: string "What is the capital of France?"}]}], gen_ai.usage.input_tokens: long 14}
        body=null

        ---
        event=(none) trace=(none) span=(none)
        time=0 observed=1764163205130000000 severity=13 Warning scope=SupportBot.Retries
        resource={service.name: string "support-bot"}
        attributes={retry.delay: double 0.4}
        body=string "Retrying request to /v1/chat/completions in 0.4 seconds"

        """;

    /// <summary>The same export as OTLP/JSON: hex ids in either case, int64 as strings and numbers, severities as names and numbers, snake_case names.</summary>
    public const string Json = """
    {
      "resourceLogs": [{
        "resource": { "attributes": [{ "key": "service.name", "value": { "stringValue": "support-bot" } }] },
        "schemaUrl": "https://opentelemetry.io/schemas/1.28.0",
        "scopeLogs": [{
          "scope": { "name": "opentelemetry.instrumentation.openai_v2", "version": "2.1b0" },
          "logRecords": [
            {
              "timeUnixNano": "1764163200130000000",
              "observedTimeUnixNano": 1764163200130001000,
              "severityNumber": "SEVERITY_NUMBER_INFO",
              "severityText": "INFO",
              "eventName": "gen_ai.user.message",
              "traceId": "5B8EFFF798038103D269B633813FC60C",
              "spanId": "ccb2a7f6fa8d2f3b",
              "flags": 1,
              "attributes": [{ "key": "gen_ai.system", "value": { "stringValue": "openai" } }],
              "body": { "kvlistValue": { "values": [
                { "key": "content", "value": { "stringValue": "What is the capital of France?" } } ] } }
            },
            {
              "time_unix_nano": "1764163201920000000",
              "observed_time_unix_nano": "1764163201920001000",
              "trace_id": "5b8efff798038103d269b633813fc60c",
              "span_id": "ccb2a7f6fa8d2f3b",
              "attributes": [
                { "key": "event.name", "value": { "stringValue": "gen_ai.choice" } },
                { "key": "gen_ai.system", "value": { "stringValue": "openai" } } ],
              "body": { "kvlistValue": { "values": [
                { "key": "index", "value": { "intValue": "0" } },
                { "key": "finish_reason", "value": { "stringValue": "stop" } },
                { "key": "message", "value": { "kvlistValue": { "values": [
                  { "key": "role", "value": { "stringValue": "assistant" } },
                  { "key": "content", "value": { "stringValue": "Paris." } } ] } } } ] } }
            },
            {
              "timeUnixNano": 1764163201920000000,
              "observedTimeUnixNano": "1764163201920002000",
              "severityNumber": 0,
              "eventName": "gen_ai.client.inference.operation.details",
              "traceId": "5b8efff798038103d269b633813fc60c",
              "spanId": "ccb2a7f6fa8d2f3b",
              "attributes": [
                { "key": "gen_ai.operation.name", "value": { "stringValue": "chat" } },
                { "key": "gen_ai.request.model", "value": { "stringValue": "gpt-4o" } },
                { "key": "gen_ai.input.messages", "value": { "arrayValue": { "values": [
                  { "kvlistValue": { "values": [
                    { "key": "role", "value": { "stringValue": "user" } },
                    { "key": "parts", "value": { "arrayValue": { "values": [
                      { "kvlistValue": { "values": [
                        { "key": "type", "value": { "stringValue": "text" } },
                        { "key": "content", "value": { "stringValue": "What is the capital of France?" } } ] } } ] } } } ] } } ] } } },
                { "key": "gen_ai.usage.input_tokens", "value": { "intValue": 14 } } ]
            }
          ]
        }]
      }, {
        "resource": { "attributes": [{ "key": "service.name", "value": { "stringValue": "support-bot" } }] },
        "scopeLogs": [{
          "scope": { "name": "SupportBot.Retries" },
          "logRecords": [{
            "observedTimeUnixNano": "1764163205130000000",
            "severityNumber": 13,
            "severityText": "Warning",
            "traceId": "",
            "spanId": "",
            "body": { "stringValue": "Retrying request to /v1/chat/completions in 0.4 seconds" },
            "attributes": [{ "key": "retry.delay", "value": { "doubleValue": 0.4 } }]
          }]
        }]
      }]
    }
    """;

    /// <summary>A minimal valid single-record request, for transport tests.</summary>
    public static ExportLogsServiceRequest SingleRecord(string? bigBody = null) => new()
    {
        ResourceLogs =
        {
            new ResourceLogs
            {
                Resource = new Resource { Attributes = { Str("service.name", "svc") } },
                ScopeLogs =
                {
                    new ScopeLogs
                    {
                        LogRecords =
                        {
                            new LogRecord
                            {
                                TimeUnixNano = Time,
                                EventName = "gen_ai.user.message",
                                TraceId = OtlpSamples.Hex("0af7651916cd43dd8448eb211c80319c"),
                                SpanId = OtlpSamples.Hex("00f067aa0ba902b7"),
                                Body = Map(Str("content", bigBody ?? "Hello")),
                            },
                        },
                    },
                },
            },
        },
    };

    public const string SingleRecordJson = """
    {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},
      "scopeLogs":[{"logRecords":[{"timeUnixNano":"1764163200130000000","eventName":"gen_ai.user.message",
        "traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"00f067aa0ba902b7",
        "body":{"kvlistValue":{"values":[{"key":"content","value":{"stringValue":"Hello"}}]}}}]}]}]}
    """;

    private static AnyValue Map(params KeyValue[] values)
    {
        var list = new KeyValueList();
        list.Values.Add(values);
        return new AnyValue { KvlistValue = list };
    }

    private static KeyValue Str(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };
    private static KeyValue Int(string key, long value) => new() { Key = key, Value = new AnyValue { IntValue = value } };
    private static KeyValue Dbl(string key, double value) => new() { Key = key, Value = new AnyValue { DoubleValue = value } };
}
