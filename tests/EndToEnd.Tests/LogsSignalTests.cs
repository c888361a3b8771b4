using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Observatory.Gateway.Otlp.Proto.Collector.Logs.V1;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using static Observatory.EndToEnd.Tests.LogsSignalPayloads;
using ExportTraceServiceRequest = Observatory.Gateway.Otlp.Proto.Collector.Trace.V1.ExportTraceServiceRequest;
using OtlpSpan = Observatory.Gateway.Otlp.Proto.Trace.V1.Span;

namespace Observatory.EndToEnd.Tests;

/// <summary>
/// The OTLP logs signal end to end, over real HTTP (JSON and protobuf) and gRPC: GenAI events stored in
/// <c>log_events</c> and merged into their span in <c>GET /api/v1/traces/{id}</c> (as events, and as the LLM call's
/// input/output when the span has no content of its own), whether the events arrive before or after their span.
/// </summary>
public sealed class LogsSignalTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private const long Ms = 1_000_000;

    private ObservatoryTestHost Host => fixture.Host;

    [Fact]
    public async Task Events_sent_as_http_json_before_their_span_show_in_the_trace_view()
    {
        var traceId = NewTraceId();
        var rootId = NewSpanId();
        var chatId = NewSpanId();
        var t0 = NowUnixNano();

        // The GenAI events first, as OTLP/JSON: hex ids, int64 as strings, bodies as kvlist values; one record names
        // its event with the LogRecord.eventName field, the others with the older event.name attribute.
        var json = $$$$"""
        {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"logs-before-svc"}}]},
          "scopeLogs":[{"scope":{"name":"opentelemetry.instrumentation.openai"},"logRecords":[
            {"timeUnixNano":"{{{{t0 + 110 * Ms}}}}","observedTimeUnixNano":"{{{{t0 + 110 * Ms}}}}","severityNumber":9,
             "traceId":"{{{{traceId}}}}","spanId":"{{{{chatId}}}}","eventName":"gen_ai.system.message",
             "attributes":[{"key":"gen_ai.system","value":{"stringValue":"openai"}}],
             "body":{"kvlistValue":{"values":[{"key":"content","value":{"stringValue":"You are terse."}}]}}},
            {"timeUnixNano":"{{{{t0 + 120 * Ms}}}}","severityNumber":"SEVERITY_NUMBER_INFO",
             "traceId":"{{{{traceId}}}}","spanId":"{{{{chatId}}}}",
             "attributes":[{"key":"event.name","value":{"stringValue":"gen_ai.user.message"}},
                           {"key":"gen_ai.system","value":{"stringValue":"openai"}}],
             "body":{"kvlistValue":{"values":[{"key":"content","value":{"stringValue":"What is 2+2?"}}]}}},
            {"timeUnixNano":"{{{{t0 + 790 * Ms}}}}","severityNumber":9,
             "traceId":"{{{{traceId}}}}","spanId":"{{{{chatId}}}}","eventName":"gen_ai.choice",
             "attributes":[{"key":"gen_ai.system","value":{"stringValue":"openai"}}],
             "body":{"kvlistValue":{"values":[
               {"key":"index","value":{"intValue":"0"}},
               {"key":"finish_reason","value":{"stringValue":"stop"}},
               {"key":"message","value":{"kvlistValue":{"values":[
                 {"key":"role","value":{"stringValue":"assistant"}},
                 {"key":"content","value":{"stringValue":"4"}}]}}}]}}}
          ]}]}]}
        """;
        using (var response = await PostLogsAsync(Encoding.UTF8.GetBytes(json), "application/json"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(3L, await LogEventCountAsync(traceId));
        Assert.Equal(0L, await Host.Database.ScalarAsync<long>("SELECT count(*) FROM spans WHERE trace_id = $1", traceId));

        // Then the spans, as OTLP/HTTP protobuf. The chat span carries one span event of its own.
        var root = new SpanSpec(rootId, null, "POST /ask", t0, 900 * Ms) { Kind = OtlpSpan.Types.SpanKind.Server };
        var chat = ChatSpan(chatId, rootId, t0 + 100 * Ms);
        chat.Events.Add(new OtlpSpan.Types.Event { Name = "request.sent", TimeUnixNano = (ulong)(t0 + 130 * Ms) });
        await PostTracesAsync(Traces(traceId, "logs-before-svc", root, chat));

        var spans = await SpansAsync(traceId);
        Assert.Equal(2, spans.Count);
        var llm = spans[chatId].GetProperty("llm");
        AssertJson("""[{"role":"system","content":"You are terse."},{"role":"user","content":"What is 2+2?"}]""", llm.GetProperty("input"));
        AssertJson("""[{"role":"assistant","content":"4","finish_reason":"stop"}]""", llm.GetProperty("output"));
        Assert.Equal(20, llm.GetProperty("inputTokens").GetInt64());
        Assert.Equal(5, llm.GetProperty("outputTokens").GetInt64());

        // The span's own event and the three log events, in time order; only log events are marked as such.
        var events = spans[chatId].GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(["gen_ai.system.message", "gen_ai.user.message", "request.sent", "gen_ai.choice"], events.Select(e => e.GetProperty("name").GetString()));
        Assert.Equal([t0 + 110 * Ms, t0 + 120 * Ms, t0 + 130 * Ms, t0 + 790 * Ms], events.Select(e => e.GetProperty("timeUnixNano").GetInt64()));
        Assert.Equal(["log", "log", null, "log"], events.Select(e => e.TryGetProperty("source", out var s) ? s.GetString() : null));
        var user = events[1];
        Assert.Equal("What is 2+2?", user.GetProperty("body").GetProperty("content").GetString());
        Assert.Equal("gen_ai.user.message", user.GetProperty("attributes").GetProperty("event.name").GetString());
        Assert.Equal("openai", user.GetProperty("attributes").GetProperty("gen_ai.system").GetString());
        var choice = events[3];
        Assert.Equal("stop", choice.GetProperty("body").GetProperty("finish_reason").GetString());
        Assert.Equal("4", choice.GetProperty("body").GetProperty("message").GetProperty("content").GetString());

        // Nothing is attached to the root span, which is not an LLM call.
        Assert.Equal(0, spans[rootId].GetProperty("events").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, spans[rootId].GetProperty("llm").ValueKind);
    }

    [Fact]
    public async Task Events_sent_over_grpc_after_their_span_show_in_the_trace_view()
    {
        var traceId = NewTraceId();
        var rootId = NewSpanId();
        var chatId = NewSpanId();
        var ownContentId = NewSpanId();
        var t0 = NowUnixNano();

        // The spans first: one chat span without content, one that has its own (which must win over log events).
        var root = new SpanSpec(rootId, null, "agent run", t0, 2000 * Ms) { Kind = OtlpSpan.Types.SpanKind.Server };
        var chat = ChatSpan(chatId, rootId, t0 + 100 * Ms);
        var ownContent = ChatSpan(ownContentId, rootId, t0 + 1000 * Ms);
        ownContent.Attributes.Add(Str("gen_ai.input.messages", """[{"role":"user","parts":[{"type":"text","content":"from the span"}]}]"""));
        ownContent.Attributes.Add(Str("gen_ai.output.messages", """[{"role":"assistant","parts":[{"type":"text","content":"span answer"}],"finish_reason":"stop"}]"""));
        await PostTracesAsync(Traces(traceId, "logs-after-svc", root, chat, ownContent));

        var before = await SpansAsync(traceId);
        Assert.Equal(JsonValueKind.Null, before[chatId].GetProperty("llm").GetProperty("input").ValueKind);
        Assert.Equal(JsonValueKind.Null, before[chatId].GetProperty("llm").GetProperty("output").ValueKind);
        Assert.Equal(0, before[chatId].GetProperty("events").GetArrayLength());

        // Then the events, over OTLP/gRPC: the current semconv's single inference-details event, with structured
        // message attributes as JSON strings, for each chat span.
        var request = Logs(
            "logs-after-svc",
            Event(traceId, chatId, "gen_ai.client.inference.operation.details", t0 + 800 * Ms, null,
                Str("gen_ai.operation.name", "chat"),
                Str("gen_ai.input.messages", """[{"role":"user","parts":[{"type":"text","content":"Name a prime."}]}]"""),
                Str("gen_ai.output.messages", """[{"role":"assistant","parts":[{"type":"text","content":"7"}],"finish_reason":"stop"}]""")),
            Event(traceId, ownContentId, "gen_ai.client.inference.operation.details", t0 + 1700 * Ms, null,
                Str("gen_ai.input.messages", """[{"role":"user","parts":[{"type":"text","content":"from the log"}]}]""")));
        using (var channel = GrpcChannel.ForAddress(Host.GrpcEndpoint))
        {
            var client = new LogsService.LogsServiceClient(channel);
            var reply = await client.ExportAsync(request);
            Assert.Null(reply.PartialSuccess);
        }

        Assert.Equal(2L, await LogEventCountAsync(traceId));
        var spans = await SpansAsync(traceId);
        Assert.Equal(3, spans.Count);

        var llm = spans[chatId].GetProperty("llm");
        AssertJson("""[{"role":"user","content":"Name a prime."}]""", llm.GetProperty("input"));
        AssertJson("""[{"role":"assistant","content":"7","finish_reason":"stop"}]""", llm.GetProperty("output"));
        var logEvent = Assert.Single(spans[chatId].GetProperty("events").EnumerateArray());
        Assert.Equal("gen_ai.client.inference.operation.details", logEvent.GetProperty("name").GetString());
        Assert.Equal("log", logEvent.GetProperty("source").GetString());
        Assert.Equal(t0 + 800 * Ms, logEvent.GetProperty("timeUnixNano").GetInt64());
        Assert.Equal("chat", logEvent.GetProperty("attributes").GetProperty("gen_ai.operation.name").GetString());
        Assert.Equal(JsonValueKind.Null, logEvent.GetProperty("body").ValueKind);

        // A span with content of its own keeps it; its log event is still listed.
        var own = spans[ownContentId].GetProperty("llm");
        AssertJson("""[{"role":"user","content":"from the span"}]""", own.GetProperty("input"));
        AssertJson("""[{"role":"assistant","content":"span answer","finish_reason":"stop"}]""", own.GetProperty("output"));
        Assert.Equal("log", Assert.Single(spans[ownContentId].GetProperty("events").EnumerateArray()).GetProperty("source").GetString());

        // Log events change no token or cost facts.
        var summary = (await Host.GetJsonAsync($"/api/v1/traces/{traceId}")).GetProperty("summary");
        Assert.Equal(40, summary.GetProperty("inputTokens").GetInt64());
        Assert.Equal(2, summary.GetProperty("llmCallCount").GetInt32());
    }

    [Fact]
    public async Task Resent_logs_export_does_not_duplicate_events_or_content()
    {
        var traceId = NewTraceId();
        var chatId = NewSpanId();
        var t0 = NowUnixNano();
        await PostTracesAsync(Traces(traceId, "logs-retry-svc", ChatSpan(chatId, null, t0)));

        // Two distinct events at the same instant must both be kept; only exact repeats are dropped.
        var request = Logs(
            "logs-retry-svc",
            Event(traceId, chatId, "gen_ai.user.message", t0 + 10 * Ms, Map(("content", S("first question")))),
            Event(traceId, chatId, "gen_ai.user.message", t0 + 10 * Ms, Map(("content", S("second question")))),
            Event(traceId, chatId, "gen_ai.choice", t0 + 600 * Ms,
                Map(("index", I(0)), ("finish_reason", S("stop")), ("message", Map(("role", S("assistant")), ("content", S("one answer")))))));
        var body = request.ToByteArray();

        // The exporter lost the ack twice: the same bytes over HTTP protobuf, then once more over gRPC.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var response = await PostLogsAsync(body, "application/x-protobuf");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var channel = GrpcChannel.ForAddress(Host.GrpcEndpoint))
        {
            await new LogsService.LogsServiceClient(channel).ExportAsync(request);
        }

        Assert.Equal(3L, await LogEventCountAsync(traceId));
        var span = (await SpansAsync(traceId))[chatId];
        Assert.Equal(3, span.GetProperty("events").GetArrayLength());
        var input = JsonNode.Parse(span.GetProperty("llm").GetProperty("input").GetString()!)!.AsArray();
        Assert.Equal(2, input.Count);
        Assert.Equal(
            ["first question", "second question"],
            input.Select(m => m!["content"]!.GetValue<string>()).Order());
        AssertJson("""[{"role":"assistant","content":"one answer","finish_reason":"stop"}]""", span.GetProperty("llm").GetProperty("output"));
    }

    [Fact]
    public async Task Log_records_without_trace_or_span_ids_are_accepted_and_break_nothing()
    {
        var traceId = NewTraceId();
        var chatId = NewSpanId();
        var t0 = NowUnixNano();
        var marker = "orphan-" + Guid.NewGuid().ToString("N");

        // OTLP/JSON: an ordinary application log with no ids at all, one with empty id strings, and one that names
        // the trace but no span; plus a GenAI event tied to its span, in the same export.
        var json = $$$$"""
        {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"logs-orphan-svc"}}]},
          "scopeLogs":[{"logRecords":[
            {"timeUnixNano":"{{{{t0}}}}","severityText":"INFO","body":{"stringValue":"{{{{marker}}}} app started"}},
            {"timeUnixNano":"{{{{t0 + 1}}}}","traceId":"","spanId":"","eventName":"gen_ai.user.message",
             "body":{"kvlistValue":{"values":[{"key":"content","value":{"stringValue":"{{{{marker}}}} belongs nowhere"}}]}}},
            {"timeUnixNano":"{{{{t0 + 2}}}}","traceId":"{{{{traceId}}}}","eventName":"gen_ai.user.message",
             "body":{"kvlistValue":{"values":[{"key":"content","value":{"stringValue":"{{{{marker}}}} trace only"}}]}}},
            {"timeUnixNano":"{{{{t0 + 3}}}}","traceId":"{{{{traceId}}}}","spanId":"{{{{chatId}}}}","eventName":"gen_ai.user.message",
             "body":{"kvlistValue":{"values":[{"key":"content","value":{"stringValue":"tied to the span"}}]}}}
          ]}]}]}
        """;
        using (var response = await PostLogsAsync(Encoding.UTF8.GetBytes(json), "application/json"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // The same over protobuf: a record with empty id bytes.
        using (var response = await PostLogsAsync(
                   Logs("logs-orphan-svc", Event("", "", "gen_ai.choice", t0 + 4, Map(("message", Map(("content", S(marker + " protobuf orphan"))))))).ToByteArray(),
                   "application/x-protobuf"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(3L, await Host.Database.ScalarAsync<long>(
            "SELECT count(*) FROM log_events WHERE trace_id = '' AND span_id = '' AND body::text LIKE '%' || $1 || '%'", marker));
        Assert.Equal(1L, await Host.Database.ScalarAsync<long>("SELECT count(*) FROM log_events WHERE trace_id = $1 AND span_id = ''", traceId));

        // The span and its trace read back normally; only the event tied to the span is merged into it.
        await PostTracesAsync(Traces(traceId, "logs-orphan-svc", ChatSpan(chatId, null, t0)));
        var trace = await Host.GetJsonAsync($"/api/v1/traces/{traceId}");
        var span = Assert.Single(trace.GetProperty("spans").EnumerateArray());
        Assert.Equal("gen_ai.user.message", Assert.Single(span.GetProperty("events").EnumerateArray()).GetProperty("name").GetString());
        AssertJson("""[{"role":"user","content":"tied to the span"}]""", span.GetProperty("llm").GetProperty("input"));
        Assert.DoesNotContain(marker, trace.GetRawText());

        // The trace list (written with the span, before the export was answered) and the model stats still answer.
        var list = await Host.GetJsonAsync("/api/v1/traces?service=logs-orphan-svc");
        Assert.Equal([traceId], list.GetProperty("data").EnumerateArray().Select(t => t.GetProperty("traceId").GetString()));
        await Host.GetJsonAsync("/api/v1/models?service=logs-orphan-svc");
    }

    public static TheoryData<string, string, byte[], int, string> BadLogsRequests => new()
    {
        { "malformed protobuf", "application/x-protobuf", [0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01], 400, "protobuf" },
        { "malformed JSON", "application/json", Encoding.UTF8.GetBytes("{\"resourceLogs\": [ {"), 400, "JSON" },
        {
            // One good record and one with a 3-byte trace id: the whole export is refused, the good record too.
            "hex trace id of wrong length", "application/json", Encoding.UTF8.GetBytes(
                """
                {"resourceLogs":[{"scopeLogs":[{"logRecords":[
                  {"timeUnixNano":"1700000000000000000","traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"0102030405060708","eventName":"gen_ai.user.message","body":{"stringValue":"good"}},
                  {"timeUnixNano":"1700000000000000001","traceId":"abcdef","spanId":"0102030405060708","eventName":"gen_ai.user.message","body":{"stringValue":"bad"}}
                ]}]}]}
                """), 400, "traceId"
        },
        {
            "span id of wrong length", "application/json", Encoding.UTF8.GetBytes(
                """{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"01","body":{"stringValue":"x"}}]}]}]}"""),
            400, "spanId"
        },
        { "wrong content type", "text/plain", Encoding.UTF8.GetBytes("hello"), 415, "text/plain" },
    };

    [Theory]
    [MemberData(nameof(BadLogsRequests))]
    public async Task Malformed_logs_export_is_rejected_with_a_message_and_stores_nothing(string _, string contentType, byte[] body, int status, string messagePart)
    {
        var stored = await TotalLogEventsAsync();

        using var response = await PostLogsAsync(body, contentType);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains(messagePart, await ErrorMessageAsync(response), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(stored, await TotalLogEventsAsync());
    }

    [Fact]
    public async Task Malformed_grpc_logs_export_is_invalid_argument_and_stores_nothing()
    {
        var stored = await TotalLogEventsAsync();
        var request = Logs("logs-bad-grpc-svc", Event(NewTraceId(), NewSpanId(), "gen_ai.user.message", NowUnixNano(), S("fine")));
        var bad = Event(NewTraceId(), NewSpanId(), "gen_ai.user.message", NowUnixNano(), S("bad id"));
        bad.SpanId = ByteString.CopyFrom(1, 2, 3);
        request.ResourceLogs[0].ScopeLogs[0].LogRecords.Add(bad);

        using var channel = GrpcChannel.ForAddress(Host.GrpcEndpoint);
        var error = await Assert.ThrowsAsync<RpcException>(() => new LogsService.LogsServiceClient(channel).ExportAsync(request).ResponseAsync);

        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("spanId", error.Status.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(stored, await TotalLogEventsAsync());
    }

    /// <summary>
    /// The OpenTelemetry .NET SDK as users run it: ILogger records written inside an Activity carry its trace and span
    /// ids; the GenAI event is named by the <c>event.name</c> attribute and its body is JSON object text.
    /// </summary>
    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task Dotnet_sdk_logs_exporter_events_attach_to_the_span_they_were_logged_in(OtlpExportProtocol protocol)
    {
        var service = $"logs-sdk-{protocol}".ToLowerInvariant();
        var endpoint = protocol == OtlpExportProtocol.Grpc ? Host.GrpcEndpoint : Host.HttpEndpoint;
        Uri SignalEndpoint(string path) => protocol == OtlpExportProtocol.Grpc ? endpoint : new Uri(endpoint, path);

        using var source = new ActivitySource("observatory.e2e.logs." + Guid.NewGuid().ToString("N"));
        using var tracerProvider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(service))
            .AddSource(source.Name)
            .SetSampler(new AlwaysOnSampler())
            .AddOtlpExporter(o =>
            {
                o.Protocol = protocol;
                o.Endpoint = SignalEndpoint("/v1/traces");
            })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddOpenTelemetry(o =>
        {
            o.SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(service));
            o.AddOtlpExporter(e =>
            {
                e.Protocol = protocol;
                e.Endpoint = SignalEndpoint("/v1/logs");
            });
        }));
        await using var serviceProvider = services.BuildServiceProvider();
        var logger = serviceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("gen_ai.events");

        string traceId, chatId;
        using (var chat = source.StartActivity("chat gpt-4o-mini", ActivityKind.Client)!)
        {
            chat.SetTag("gen_ai.provider.name", "openai");
            chat.SetTag("gen_ai.operation.name", "chat");
            chat.SetTag("gen_ai.request.model", "gpt-4o-mini");
            chat.SetTag("gen_ai.usage.input_tokens", 12);
            chat.SetTag("gen_ai.usage.output_tokens", 1);
            LogEvent(logger, "gen_ai.user.message", """{"content":"Name a prime."}""");
            LogEvent(logger, "gen_ai.choice", """{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"7"}}""");
            traceId = chat.TraceId.ToHexString();
            chatId = chat.SpanId.ToHexString();
        }

        // Events first, then the span: ForceFlush returns true once the exporter got an OK answer.
        Assert.True(serviceProvider.GetRequiredService<LoggerProvider>().ForceFlush(10_000), "the OTLP logs exporter did not get an OK answer");
        Assert.Equal(2L, await LogEventCountAsync(traceId));
        Assert.True(tracerProvider.ForceFlush(10_000), "the OTLP trace exporter did not get an OK answer");

        var span = (await SpansAsync(traceId))[chatId];
        var llm = span.GetProperty("llm");
        AssertJson("""[{"role":"user","content":"Name a prime."}]""", llm.GetProperty("input"));
        AssertJson("""[{"role":"assistant","content":"7","finish_reason":"stop"}]""", llm.GetProperty("output"));
        var events = span.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(["gen_ai.user.message", "gen_ai.choice"], events.Select(e => e.GetProperty("name").GetString()));
        Assert.All(events, e => Assert.Equal("log", e.GetProperty("source").GetString()));
        Assert.Equal("openai", events[0].GetProperty("attributes").GetProperty("gen_ai.system").GetString());
        Assert.Equal("""{"content":"Name a prime."}""", events[0].GetProperty("body").GetString());
    }

    /// <summary>
    /// A GenAI event through ILogger: the state becomes the record's attributes (event.name, gen_ai.system) and, with no
    /// {OriginalFormat} in it, the SDK exports the formatted message, here the event's JSON body, as the record body.
    /// </summary>
    private static void LogEvent(ILogger logger, string eventName, string jsonBody)
    {
        List<KeyValuePair<string, object?>> state = [new("event.name", eventName), new("gen_ai.system", "openai")];
        logger.Log(LogLevel.Information, new EventId(1, eventName), state, null, (_, _) => jsonBody);
    }

    private async Task<HttpResponseMessage> PostLogsAsync(byte[] body, string contentType)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await Host.Otlp.PostAsync("/v1/logs", content);
    }

    private async Task PostTracesAsync(ExportTraceServiceRequest request)
    {
        using var content = new ByteArrayContent(request.ToByteArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        using var response = await Host.Otlp.PostAsync("/v1/traces", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The spans of a trace by span id, as <c>GET /api/v1/traces/{id}</c> shows them.</summary>
    private async Task<Dictionary<string, JsonElement>> SpansAsync(string traceId) =>
        (await Host.GetJsonAsync($"/api/v1/traces/{traceId}")).GetProperty("spans").EnumerateArray()
            .ToDictionary(s => s.GetProperty("spanId").GetString()!);

    private Task<long> LogEventCountAsync(string traceId) =>
        Host.Database.ScalarAsync<long>("SELECT count(*) FROM log_events WHERE trace_id = $1", traceId);

    private Task<long> TotalLogEventsAsync() => Host.Database.ScalarAsync<long>("SELECT count(*) FROM log_events");

    /// <summary>Content is a JSON array of messages, held as a string: compared as JSON, not as text.</summary>
    private static void AssertJson(string expected, JsonElement actual)
    {
        Assert.Equal(JsonValueKind.String, actual.ValueKind);
        var actualText = actual.GetString()!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actualText)), $"expected {expected}\n  actual {actualText}");
    }

    private static async Task<string> ErrorMessageAsync(HttpResponseMessage response)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return response.Content.Headers.ContentType?.MediaType == "application/x-protobuf"
            ? Observatory.Gateway.Otlp.Proto.Rpc.Status.Parser.ParseFrom(bytes).Message
            : Encoding.UTF8.GetString(bytes);
    }
}
