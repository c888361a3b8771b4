using System.Text.Json.Nodes;
using Google.Protobuf;
using Observatory.Gateway.Otlp.Proto.Collector.Logs.V1;
using Observatory.Gateway.Otlp.Proto.Collector.Trace.V1;
using Observatory.Gateway.Otlp.Proto.Common.V1;
using Observatory.Gateway.Otlp.Proto.Logs.V1;
using Observatory.Gateway.Otlp.Proto.Resource.V1;
using Observatory.Gateway.Otlp.Proto.Trace.V1;

namespace Observatory.EndToEnd.Tests.Mutation;

/// <summary>
/// Valid OTLP exports for the mutation test, built from a seeded <see cref="Random"/> so a case is reproducible from its
/// seed: every value type OTLP has (string, bool, int, double, bytes, array, key-value list), LLM facts, content,
/// events, status, scope and resource, with fresh ids so a mutation that still decodes is really written.
/// </summary>
internal static class MutationCorpus
{
    public static ExportTraceServiceRequest Traces(Random random, string service)
    {
        var traceId = Bytes(random, 16);
        var start = (ulong)(DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100 - (ulong)random.Next(1_000_000_000);
        var root = new Span
        {
            TraceId = traceId,
            SpanId = Bytes(random, 8),
            Name = "POST /chat",
            Kind = Span.Types.SpanKind.Server,
            StartTimeUnixNano = start,
            EndTimeUnixNano = start + 900_000_000,
        };
        root.Attributes.Add(Attr("user.id", S("user-" + random.Next(100))));
        root.Attributes.Add(Attr("http.response.status_code", new AnyValue { IntValue = 200 }));
        var chat = new Span
        {
            TraceId = traceId,
            SpanId = Bytes(random, 8),
            ParentSpanId = root.SpanId,
            Name = "chat gpt-4o",
            Kind = Span.Types.SpanKind.Client,
            StartTimeUnixNano = start + 100_000_000,
            EndTimeUnixNano = start + 800_000_000,
            Status = new Status { Code = Status.Types.StatusCode.Error, Message = "rate limited, retried" },
        };
        chat.Attributes.Add(Attr("gen_ai.provider.name", S("openai")));
        chat.Attributes.Add(Attr("gen_ai.operation.name", S("chat")));
        chat.Attributes.Add(Attr("gen_ai.request.model", S("gpt-4o")));
        chat.Attributes.Add(Attr("gen_ai.response.model", S("gpt-4o-2024-08-06")));
        chat.Attributes.Add(Attr("gen_ai.usage.input_tokens", new AnyValue { IntValue = random.Next(1, 5000) }));
        chat.Attributes.Add(Attr("gen_ai.usage.output_tokens", new AnyValue { IntValue = random.Next(1, 2000) }));
        chat.Attributes.Add(Attr("gen_ai.usage.cost", new AnyValue { DoubleValue = 0.0125 }));
        chat.Attributes.Add(Attr("gen_ai.response.time_to_first_chunk", new AnyValue { DoubleValue = 0.25 }));
        chat.Attributes.Add(Attr("gen_ai.response.finish_reasons", Array(S("stop"), S("length"))));
        chat.Attributes.Add(Attr("gen_ai.input.messages", S("""[{"role":"user","parts":[{"type":"text","content":"Where is my order?"}]}]""")));
        chat.Attributes.Add(Attr("gen_ai.request.stream", new AnyValue { BoolValue = true }));
        chat.Attributes.Add(Attr("app.blob", new AnyValue { BytesValue = Bytes(random, 12) }));
        chat.Attributes.Add(Attr("app.settings", Map(("temperature", new AnyValue { DoubleValue = 0.2 }), ("tags", Array(S("a"), S("b"))))));
        chat.Events.Add(new Span.Types.Event
        {
            Name = "exception",
            TimeUnixNano = start + 300_000_000,
            Attributes = { Attr("exception.type", S("RateLimitError")), Attr("exception.message", S("429 Too Many Requests")) },
        });
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(new ResourceSpans
        {
            Resource = Service(service),
            ScopeSpans = { new ScopeSpans { Scope = new InstrumentationScope { Name = "opentelemetry.instrumentation.openai", Version = "2.1b0" }, Spans = { root, chat } } },
        });
        return request;
    }

    public static ExportLogsServiceRequest Logs(Random random, string service)
    {
        var traceId = Bytes(random, 16);
        var spanId = Bytes(random, 8);
        var time = (ulong)(DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
        var user = new LogRecord
        {
            TimeUnixNano = time,
            ObservedTimeUnixNano = time,
            SeverityNumber = SeverityNumber.Info,
            SeverityText = "INFO",
            EventName = "gen_ai.user.message",
            TraceId = traceId,
            SpanId = spanId,
            Body = Map(("content", S("Where is my order " + random.Next(1000) + "?"))),
            Attributes = { Attr("gen_ai.provider.name", S("openai")) },
        };
        var choice = new LogRecord
        {
            TimeUnixNano = time + 1_000_000,
            SeverityNumber = SeverityNumber.Info,
            EventName = "gen_ai.choice",
            TraceId = traceId,
            SpanId = spanId,
            Body = Map(("finish_reason", S("stop")), ("index", new AnyValue { IntValue = 0 }), ("message", Map(("content", S("It ships tomorrow."))))),
            Attributes = { Attr("event.name", S("gen_ai.choice")), Attr("retry.delay", new AnyValue { DoubleValue = 0.4 }) },
        };
        var request = new ExportLogsServiceRequest();
        request.ResourceLogs.Add(new ResourceLogs
        {
            Resource = Service(service),
            ScopeLogs = { new ScopeLogs { Scope = new InstrumentationScope { Name = "opentelemetry.instrumentation.openai" }, LogRecords = { user, choice } } },
        });
        return request;
    }

    /// <summary>
    /// The OTLP/JSON form of a request: protobuf JSON, except that trace and span ids are hex (protobuf JSON writes
    /// bytes as base64).
    /// </summary>
    public static byte[] ToOtlpJson(IMessage request)
    {
        var json = JsonNode.Parse(JsonFormatter.Default.Format(request))!;
        HexIds(json);
        return System.Text.Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    private static void HexIds(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (name is "traceId" or "spanId" or "parentSpanId" && value is JsonValue id)
                    {
                        obj[name] = Convert.ToHexStringLower(Convert.FromBase64String(id.GetValue<string>()));
                    }
                    else
                    {
                        HexIds(value);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    HexIds(item);
                }

                break;
        }
    }

    private static ByteString Bytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        bytes[0] |= 1; // never the all-zero id OTLP calls invalid
        return ByteString.CopyFrom(bytes);
    }

    private static Resource Service(string service) => new() { Attributes = { Attr("service.name", S(service)), Attr("deployment.environment", S("test")) } };

    private static KeyValue Attr(string key, AnyValue value) => new() { Key = key, Value = value };

    private static AnyValue S(string value) => new() { StringValue = value };

    private static AnyValue Array(params AnyValue[] values) => new() { ArrayValue = new ArrayValue { Values = { values } } };

    private static AnyValue Map(params (string Key, AnyValue Value)[] entries)
    {
        var list = new KeyValueList();
        foreach (var (key, value) in entries)
        {
            list.Values.Add(Attr(key, value));
        }

        return new AnyValue { KvlistValue = list };
    }
}
