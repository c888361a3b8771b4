using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Net.Client;
using Observatory.Gateway.Otlp.Proto.Collector.Logs.V1;
using Observatory.Gateway.Otlp.Proto.Collector.Trace.V1;
using Observatory.Gateway.Otlp.Proto.Common.V1;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using static Observatory.EndToEnd.Tests.LogsSignalPayloads;
using OtlpSpan = Observatory.Gateway.Otlp.Proto.Trace.V1.Span;

namespace Observatory.EndToEnd.Tests;

/// <summary>
/// Evaluations and feedback end to end (issue 12): <c>gen_ai.evaluation.result</c> events as span events (the .NET SDK's
/// OTLP exporter over gRPC and HTTP) and as log records (OTLP/JSON and gRPC), scores posted by an app and by a person,
/// all shown in the trace view, aggregated exactly by <c>GET /api/v1/scores</c> and in model comparison, and stored
/// once however often an export or a POST is retried.
/// </summary>
public sealed class ScoresTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private const long Ms = 1_000_000;

    private ObservatoryTestHost Host => fixture.Host;

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task Evaluation_span_events_from_the_dotnet_sdk_become_scores_of_their_span(OtlpExportProtocol protocol)
    {
        var service = $"scores-sdk-{protocol}".ToLowerInvariant();
        using var source = new ActivitySource("observatory.e2e.scores." + Guid.NewGuid().ToString("N"));
        using var tracerProvider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(service))
            .AddSource(source.Name)
            .SetSampler(new AlwaysOnSampler())
            .AddOtlpExporter(o =>
            {
                o.Protocol = protocol;
                o.Endpoint = protocol == OtlpExportProtocol.Grpc ? Host.GrpcEndpoint : new Uri(Host.HttpEndpoint, "/v1/traces");
            })
            .Build();

        string traceId, chatId;
        using (var chat = source.StartActivity("chat gpt-4o", ActivityKind.Client)!)
        {
            chat.SetTag("gen_ai.provider.name", "openai");
            chat.SetTag("gen_ai.operation.name", "chat");
            chat.SetTag("gen_ai.request.model", "gpt-4o");
            chat.SetTag("gen_ai.response.id", "chatcmpl-123");
            chat.SetTag("gen_ai.usage.input_tokens", 40);
            chat.SetTag("gen_ai.usage.output_tokens", 12);
            // The spec's example: parented to the operation evaluated, value, label and explanation.
            chat.AddEvent(new ActivityEvent("gen_ai.evaluation.result", tags: new ActivityTagsCollection
            {
                ["gen_ai.evaluation.name"] = "Relevance",
                ["gen_ai.evaluation.score.value"] = 4.0,
                ["gen_ai.evaluation.score.label"] = "relevant",
                ["gen_ai.evaluation.explanation"] = "The response is factually accurate but lacks sufficient detail to fully address the question.",
                ["gen_ai.response.id"] = "chatcmpl-123",
            }));
            chat.AddEvent(new ActivityEvent("gen_ai.evaluation.result", tags: new ActivityTagsCollection
            {
                ["gen_ai.evaluation.name"] = "IntentResolution",
                ["gen_ai.evaluation.score.label"] = "pass",
            }));
            // No name: not a score, and the span is stored all the same.
            chat.AddEvent(new ActivityEvent("gen_ai.evaluation.result", tags: new ActivityTagsCollection { ["gen_ai.evaluation.score.value"] = 1.0 }));
            traceId = chat.TraceId.ToHexString();
            chatId = chat.SpanId.ToHexString();
        }

        Assert.True(tracerProvider.ForceFlush(10_000), "the OTLP trace exporter did not get an OK answer");

        // The exporter's OK came after COMMIT, so the scores are already stored.
        Assert.Equal(2L, await ScoreCountAsync(traceId));
        var trace = await Host.GetJsonAsync($"/api/v1/traces/{traceId}");
        var span = Assert.Single(trace.GetProperty("spans").EnumerateArray());
        Assert.Equal(chatId, span.GetProperty("spanId").GetString());
        Assert.Equal(3, span.GetProperty("events").GetArrayLength());
        var scores = span.GetProperty("scores").EnumerateArray().OrderBy(s => s.GetProperty("name").GetString()).ToList();
        Assert.Equal(
            [("IntentResolution", null, "pass", "categorical", "event", null), ("Relevance", 4.0, "relevant", "numeric", "event", "chatcmpl-123")],
            scores.Select(s => (Str(s, "name"), Num(s, "value"), Str(s, "label"), Str(s, "kind"), Str(s, "source"), Str(s, "responseId"))));
        Assert.StartsWith("The response is factually accurate", Str(scores[1], "comment"));
        Assert.Equal(0, trace.GetProperty("scores").GetArrayLength());
    }

    [Fact]
    public async Task Evaluation_log_records_over_http_json_and_grpc_become_scores_and_resent_exports_store_them_once()
    {
        var traceId = NewTraceId();
        var rootId = NewSpanId();
        var chatId = NewSpanId();
        var t0 = NowUnixNano();
        var chat = ChatSpan(chatId, rootId, t0 + 100 * Ms);
        chat.Attributes.Add(LogsSignalPayloads.Str("gen_ai.response.id", "resp_abc"));
        await PostTracesAsync(Traces(traceId, "scores-logs-svc", new SpanSpec(rootId, null, "POST /answer", t0, 900 * Ms) { Kind = OtlpSpan.Types.SpanKind.Server }, chat));

        // OTLP/JSON: one record tied to the chat span, one that names the trace and only the completion (no span id).
        var json = $$$$"""
        {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"scores-logs-svc"}}]},
          "scopeLogs":[{"scope":{"name":"evaluator"},"logRecords":[
            {"timeUnixNano":"{{{{t0 + 950 * Ms}}}}","traceId":"{{{{traceId}}}}","spanId":"{{{{chatId}}}}","eventName":"gen_ai.evaluation.result",
             "attributes":[{"key":"gen_ai.evaluation.name","value":{"stringValue":"Groundedness"}},
                           {"key":"gen_ai.evaluation.score.value","value":{"doubleValue":0.25}},
                           {"key":"gen_ai.evaluation.score.label","value":{"stringValue":"not_grounded"}},
                           {"key":"gen_ai.evaluation.explanation","value":{"stringValue":"Cites a source not in the context."}}]},
            {"timeUnixNano":"{{{{t0 + 960 * Ms}}}}","traceId":"{{{{traceId}}}}","eventName":"gen_ai.evaluation.result",
             "attributes":[{"key":"gen_ai.evaluation.name","value":{"stringValue":"Coherence"}},
                           {"key":"gen_ai.evaluation.score.value","value":{"intValue":"5"}},
                           {"key":"gen_ai.response.id","value":{"stringValue":"resp_abc"}}]}
          ]}]}]}
        """;
        // gRPC: a whole-trace evaluation (trace id, no span, no response id) and a broken one (no value, no label).
        var grpc = Logs(
            "scores-logs-svc",
            Event(traceId, "", "gen_ai.evaluation.result", t0 + 970 * Ms, null,
                LogsSignalPayloads.Str("gen_ai.evaluation.name", "TaskCompletion"), LogsSignalPayloads.Str("gen_ai.evaluation.score.label", "complete")),
            Event(traceId, chatId, "gen_ai.evaluation.result", t0 + 980 * Ms, null, LogsSignalPayloads.Str("gen_ai.evaluation.name", "Broken")));

        // Every export twice, as an exporter does when it lost the acknowledgement.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using (var content = new StringContent(json, Encoding.UTF8, "application/json"))
            using (var response = await Host.Otlp.PostAsync("/v1/logs", content))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            using var channel = GrpcChannel.ForAddress(Host.GrpcEndpoint);
            await new LogsService.LogsServiceClient(channel).ExportAsync(grpc);
        }

        Assert.Equal(3L, await ScoreCountAsync(traceId));
        Assert.Equal(4L, await Host.Database.ScalarAsync<long>("SELECT count(*) FROM log_events WHERE trace_id = $1", traceId));
        var trace = await Host.GetJsonAsync($"/api/v1/traces/{traceId}");
        var spans = trace.GetProperty("spans").EnumerateArray().ToDictionary(s => s.GetProperty("spanId").GetString()!);
        var chatScores = spans[chatId].GetProperty("scores").EnumerateArray().ToList();
        Assert.Equal(
            [("Groundedness", 0.25, "not_grounded", "log", "Cites a source not in the context."), ("Coherence", 5.0, null, "log", null)],
            chatScores.Select(s => (Str(s, "name"), Num(s, "value"), Str(s, "label"), Str(s, "source"), Str(s, "comment"))));
        Assert.Equal(0, spans[rootId].GetProperty("scores").GetArrayLength());
        var whole = Assert.Single(trace.GetProperty("scores").EnumerateArray());
        Assert.Equal(("TaskCompletion", "complete", "categorical"), (Str(whole, "name"), Str(whole, "label"), Str(whole, "kind")));
    }

    [Fact]
    public async Task A_resent_trace_export_does_not_duplicate_its_evaluation_scores()
    {
        var traceId = NewTraceId();
        var chatId = NewSpanId();
        var t0 = NowUnixNano() - (10_000 * Ms); // scored in the past: the aggregate's default range ends now
        var chat = ChatSpan(chatId, null, t0);
        chat.Events.Add(EvaluationEvent(t0 + 800 * Ms, "Relevance", 0.9));
        chat.Events.Add(EvaluationEvent(t0 + 800 * Ms, "Relevance", 0.9));
        var request = Traces(traceId, "scores-resend-svc", chat);

        await PostTracesAsync(request);
        await PostTracesAsync(request);
        using (var channel = GrpcChannel.ForAddress(Host.GrpcEndpoint))
        {
            await new TraceService.TraceServiceClient(channel).ExportAsync(request);
        }

        // Two identical events of one span are two evaluations; three sends of them are still two.
        Assert.Equal(2L, await ScoreCountAsync(traceId));
        var scores = await Host.GetJsonAsync("/api/v1/scores?service=scores-resend-svc");
        var group = Assert.Single(scores.GetProperty("groups").EnumerateArray());
        Assert.Equal(("Relevance", 2L, 0.9), (Str(group, "name"), group.GetProperty("count").GetInt64(), Num(group, "mean")));
    }

    [Fact]
    public async Task Scores_posted_by_an_app_and_a_person_before_the_trace_show_in_its_view_and_a_retried_post_is_stored_once()
    {
        var traceId = NewTraceId();
        var chatId = NewSpanId();

        // The app's evaluator scores the call before the trace is exported (the trace may never come: no 404).
        var app = $$"""
            {"id":"eval-run-42:{{traceId}}","traceId":"{{traceId}}","spanId":"{{chatId}}","name":"helpfulness","value":0.75,
             "label":"helpful","comment":"Answered, one step missing.","author":"llm-judge-v2"}
            """;
        var (status, body) = await PostScoreAsync(app);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(("eval-run-42:" + traceId, traceId, chatId, "numeric", true),
            (Str(body, "id"), Str(body, "traceId"), Str(body, "spanId"), Str(body, "kind"), body.GetProperty("stored").GetBoolean()));

        // The same POST again (a retry): answered 200, stored once.
        (status, body) = await PostScoreAsync(app);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body.GetProperty("stored").GetBoolean());

        // A person's thumbs down on the whole trace, with a comment.
        (status, body) = await PostScoreAsync($$"""{"traceId":"{{traceId.ToUpperInvariant()}}","name":"user_feedback","value":false,"comment":"Wrong city.","author":"alice"}""");
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(("boolean", null), (Str(body, "kind"), Str(body, "spanId")));
        Assert.Equal(2L, await ScoreCountAsync(traceId));

        await PostTracesAsync(Traces(traceId, "scores-post-svc", ChatSpan(chatId, null, NowUnixNano())));
        var trace = await Host.GetJsonAsync($"/api/v1/traces/{traceId}");
        var spanScore = Assert.Single(Assert.Single(trace.GetProperty("spans").EnumerateArray()).GetProperty("scores").EnumerateArray());
        Assert.Equal(("helpfulness", 0.75, "helpful", "api", "llm-judge-v2", "Answered, one step missing."),
            (Str(spanScore, "name"), Num(spanScore, "value"), Str(spanScore, "label"), Str(spanScore, "source"), Str(spanScore, "author"), Str(spanScore, "comment")));
        var traceScore = Assert.Single(trace.GetProperty("scores").EnumerateArray());
        Assert.Equal(("user_feedback", 0.0, "false", "boolean", "alice", "Wrong city."),
            (Str(traceScore, "name"), Num(traceScore, "value"), Str(traceScore, "label"), Str(traceScore, "kind"), Str(traceScore, "author"), Str(traceScore, "comment")));
    }

    [Fact]
    public async Task Aggregates_are_exact_by_name_model_service_agent_and_day_and_model_comparison_shows_the_means()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var metric = "accuracy-" + run;
        var (modelA, modelB) = ("agg-a-" + run, "agg-b-" + run);
        var (svc1, svc2) = ("scores-agg-1-" + run, "scores-agg-2-" + run);
        var t0 = NowUnixNano() - (10_000 * Ms); // scored in the past: the aggregate's default range ends now

        // Model A in service 1 scored 1, 2, 3 and 4 (agent "planner" on its spans); model B in service 2 scored 0.5,
        // plus a label-only score, on chat spans under an invoke_agent span of agent "critic"; the labels
        // pass/pass/fail/pass on A, fail on B.
        async Task SendAsync(string service, string model, string? agent, string? parentAgent, params (double? Value, string Label)[] scores)
        {
            var specs = new List<SpanSpec>();
            var traceId = NewTraceId();
            string? parentId = null;
            if (parentAgent is not null)
            {
                var run = new SpanSpec(NewSpanId(), null, "invoke_agent " + parentAgent, t0 - Ms, 2_000 * Ms) { Kind = OtlpSpan.Types.SpanKind.Internal };
                run.Attributes.Add(LogsSignalPayloads.Str("gen_ai.operation.name", "invoke_agent"));
                run.Attributes.Add(LogsSignalPayloads.Str("gen_ai.agent.name", parentAgent));
                specs.Add(run);
                parentId = run.SpanId;
            }

            foreach (var (value, label) in scores)
            {
                var span = ChatSpan(NewSpanId(), parentId, t0, model);
                if (agent is not null)
                {
                    span.Attributes.Add(LogsSignalPayloads.Str("gen_ai.agent.name", agent));
                }

                span.Events.Add(EvaluationEvent(t0 + 750 * Ms, metric, value, label));
                specs.Add(span);
            }

            await PostTracesAsync(Traces(traceId, service, [.. specs]));
        }

        await SendAsync(svc1, modelA, "planner", null, (1, "fail"), (2, "pass"), (3, "pass"), (4, "pass"));
        await SendAsync(svc2, modelB, null, "critic", (0.5, "fail"), (null, "fail"));

        var byModel = await GroupsAsync($"/api/v1/scores?name={metric}&groupBy=model");
        Assert.Equal(2, byModel.Count);
        var a = byModel[modelA];
        Assert.Equal((4L, 4L, 2.5, 1.0, 4.0, 2.5), (a.GetProperty("count").GetInt64(), a.GetProperty("valueCount").GetInt64(), Num(a, "mean"), Num(a, "min"), Num(a, "max"), Num(a, "p50")));
        Assert.Equal("""{"fail":1,"pass":3}""", a.GetProperty("labels").GetRawText());
        var b = byModel[modelB];
        Assert.Equal((2L, 1L, 0.5, 0.5), (b.GetProperty("count").GetInt64(), b.GetProperty("valueCount").GetInt64(), Num(b, "mean"), Num(b, "p50")));
        Assert.Equal("""{"fail":2}""", b.GetProperty("labels").GetRawText());

        var byService = await GroupsAsync($"/api/v1/scores?name={metric}&groupBy=service");
        Assert.Equal([(svc1, 4L), (svc2, 2L)], byService.OrderBy(g => g.Key).Select(g => (g.Key, g.Value.GetProperty("count").GetInt64())));

        // Agent: the span's own gen_ai.agent.name, else its nearest agent ancestor's (model B's calls run inside "critic").
        var byAgent = (await Host.GetJsonAsync($"/api/v1/scores?name={metric}&groupBy=agent")).GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal([("critic", 0.5), ("planner", 2.5)], byAgent.Select(g => (Str(g, "group"), Num(g, "mean"))).OrderBy(g => g.Item1, StringComparer.Ordinal));

        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var byDay = await GroupsAsync($"/api/v1/scores?name={metric}&groupBy=day");
        var day = Assert.Single(byDay);
        Assert.Equal((today, 6L, 5L, 2.1), (day.Key, day.Value.GetProperty("count").GetInt64(), day.Value.GetProperty("valueCount").GetInt64(), Num(day.Value, "mean")));

        // Filters: a model, a service, an agent.
        var filtered = (await Host.GetJsonAsync($"/api/v1/scores?name={metric}&model={modelB}")).GetProperty("groups");
        Assert.Equal(2L, Assert.Single(filtered.EnumerateArray()).GetProperty("count").GetInt64());
        filtered = (await Host.GetJsonAsync($"/api/v1/scores?service={svc1}&agent=planner")).GetProperty("groups");
        Assert.Equal((metric, 4L), (Str(Assert.Single(filtered.EnumerateArray()), "name"), filtered[0].GetProperty("count").GetInt64()));

        // Model comparison carries each model's mean per score name.
        var compare = await Host.GetJsonAsync($"/api/v1/models/compare?models={modelA},{modelB}");
        var models = compare.GetProperty("models").EnumerateArray().ToDictionary(m => Str(m, "model")!);
        var scoreA = Assert.Single(models[modelA].GetProperty("scores").EnumerateArray());
        Assert.Equal((metric, 4L, 2.5), (Str(scoreA, "name"), scoreA.GetProperty("count").GetInt64(), Num(scoreA, "mean")));
        var scoreB = Assert.Single(models[modelB].GetProperty("scores").EnumerateArray());
        Assert.Equal((2L, 1L, 0.5), (scoreB.GetProperty("count").GetInt64(), scoreB.GetProperty("valueCount").GetInt64(), Num(scoreB, "mean")));
    }

    public static TheoryData<string, string> BadScores => new()
    {
        { """{"name":"x","value":1}""", "'traceId'" },
        { """{"traceId":"nothex","name":"x","value":1}""", "'traceId'" },
        { """{"traceId":"5b8efff798038103d269b633813fc60c","value":1}""", "'name'" },
        { """{"traceId":"5b8efff798038103d269b633813fc60c","name":"x"}""", "'value'" },
        { """{"traceId":"5b8efff798038103d269b633813fc60c","name":"x","value":"high"}""", "'value' must be a number" },
        { """{"traceId":"5b8efff798038103d269b633813fc60c","name":"x","value":1,"boolean":true}""", "not both" },
        { """{"traceId":"5b8efff798038103d269b633813fc60c","name":"x","boolean":"yes"}""", "'boolean'" },
        { """{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"abc","name":"x","value":1}""", "'spanId'" },
        { """{"traceId":"5b8efff798038103d269b633813fc60c","name":7,"value":1}""", "'name' must be a string" },
        { """{"traceId":"5b8efff798038103d269b633813fc60c","name":"x","value":1,"score":1}""", "Unknown field 'score'" },
        { """{"traceId":"5b8efff798038103d269b633813fc60c","name":"x","value":1,"time":"yesterday"}""", "'time'" },
        { """[{"traceId":"5b8efff798038103d269b633813fc60c"}]""", "JSON object" },
        { """{"traceId":""", "not JSON" },
    };

    [Theory]
    [MemberData(nameof(BadScores))]
    public async Task A_bad_score_gets_a_400_naming_the_field_and_stores_nothing(string json, string expected)
    {
        var before = await Host.Database.ScalarAsync<long>("SELECT count(*) FROM scores");
        var (status, body) = await PostScoreAsync(json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(expected, body.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(before, await Host.Database.ScalarAsync<long>("SELECT count(*) FROM scores"));
    }

    [Theory]
    [InlineData("groupBy=user", "'groupBy'")]
    [InlineData("from=2026-13-01", "'from'")]
    [InlineData("from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", "'from' must be before 'to'")]
    public async Task A_bad_aggregate_query_gets_a_400_naming_the_parameter(string query, string expected)
    {
        var (status, body) = await Host.GetWithStatusAsync("/api/v1/scores?" + query);

        Assert.Equal(400, status);
        Assert.Contains(expected, body.GetProperty("error").GetProperty("message").GetString());
    }

    private static OtlpSpan.Types.Event EvaluationEvent(long timeUnixNano, string name, double? value, string? label = null)
    {
        var e = new OtlpSpan.Types.Event { Name = "gen_ai.evaluation.result", TimeUnixNano = (ulong)timeUnixNano };
        e.Attributes.Add(LogsSignalPayloads.Str("gen_ai.evaluation.name", name));
        if (value is { } v)
        {
            e.Attributes.Add(new KeyValue { Key = "gen_ai.evaluation.score.value", Value = new AnyValue { DoubleValue = v } });
        }

        if (label is not null)
        {
            e.Attributes.Add(LogsSignalPayloads.Str("gen_ai.evaluation.score.label", label));
        }

        return e;
    }

    private async Task<Dictionary<string, JsonElement>> GroupsAsync(string path) =>
        (await Host.GetJsonAsync(path)).GetProperty("groups").EnumerateArray().ToDictionary(g => Str(g, "group")!);

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostScoreAsync(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await Host.Api.PostAsync("/api/v1/scores", content);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task PostTracesAsync(ExportTraceServiceRequest request)
    {
        using var content = new ByteArrayContent(request.ToByteArray());
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-protobuf");
        using var response = await Host.Otlp.PostAsync("/v1/traces", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private Task<long> ScoreCountAsync(string traceId) =>
        Host.Database.ScalarAsync<long>("SELECT count(*) FROM scores WHERE trace_id = $1", traceId);

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static double? Num(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
}
