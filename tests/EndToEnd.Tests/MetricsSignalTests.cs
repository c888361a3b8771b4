using System.Diagnostics.Metrics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using Observatory.Gateway.Otlp.Proto.Collector.Metrics.V1;
using Observatory.Gateway.Otlp.Proto.Metrics.V1;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using static Observatory.EndToEnd.Tests.MetricsSignalPayloads;
using AggregationTemporality = Observatory.Gateway.Otlp.Proto.Metrics.V1.AggregationTemporality;

namespace Observatory.EndToEnd.Tests;

/// <summary>
/// The OTLP metrics signal end to end, over real HTTP (protobuf and JSON, gzip) and gRPC: GenAI and MCP instruments
/// stored with their attributes, cumulative totals turned into deltas once (restarts and retries included), other
/// metrics dropped, and the stored data read back through <c>GET /api/v1/metrics/otlp</c> and its usage view.
/// </summary>
public sealed class MetricsSignalTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private ObservatoryTestHost Host => fixture.Host;

    /// <summary>
    /// The OpenTelemetry .NET SDK's own OTLP metrics exporter, as an app instrumented with System.Diagnostics.Metrics
    /// runs it: two collections, so a cumulative exporter re-sends its running totals and only the growth may count.
    /// </summary>
    [Theory]
    [InlineData(OtlpExportProtocol.Grpc, MetricReaderTemporalityPreference.Cumulative)]
    [InlineData(OtlpExportProtocol.HttpProtobuf, MetricReaderTemporalityPreference.Cumulative)]
    [InlineData(OtlpExportProtocol.HttpProtobuf, MetricReaderTemporalityPreference.Delta)]
    public async Task Dotnet_sdk_metrics_are_stored_once_whatever_the_temporality(OtlpExportProtocol protocol, MetricReaderTemporalityPreference temporality)
    {
        var service = $"metrics-sdk-{protocol}-{temporality}".ToLowerInvariant();
        using var meter = new Meter("observatory.e2e.metrics." + Guid.NewGuid().ToString("N"));
        using var provider = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(service))
            .AddMeter(meter.Name)
            .AddView(GenAiMetricsApp.TimeToFirstToken, new Base2ExponentialBucketHistogramConfiguration())
            .AddView(GenAiMetricsApp.OperationDuration, new ExplicitBucketHistogramConfiguration { Boundaries = DurationBounds })
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Protocol = protocol;
                exporter.Endpoint = protocol == OtlpExportProtocol.Grpc ? Host.GrpcEndpoint : new Uri(Host.HttpEndpoint, "/v1/metrics");
                reader.TemporalityPreference = temporality;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 3_600_000;
            })
            .Build();
        var app = new GenAiMetricsApp(meter);

        app.Chat("gpt-4o-mini", input: 100, output: 20, seconds: 0.5, ttft: 0.12);
        app.Chat("gpt-4o-mini", input: 300, output: 40, seconds: 1.5, ttft: 0.30);
        app.Failed("gpt-4o-mini", seconds: 3.0, errorType: "timeout");
        app.McpCall("tools/call", "get_weather", seconds: 0.25);
        app.OtherMetric.Add(7);
        Assert.True(provider.ForceFlush(10_000), "the OTLP metrics exporter did not get an OK answer");

        app.Chat("gpt-4o-mini", input: 50, output: 10, seconds: 0.7, ttft: 0.09);
        Assert.True(provider.ForceFlush(10_000), "the OTLP metrics exporter did not get an OK answer the second time");

        // Tokens by type: every call counted once, although a cumulative exporter sent the first calls twice.
        var tokens = await Host.GetJsonAsync($"/api/v1/metrics/otlp?instrument=gen_ai.client.token.usage&service={service}&groupBy=gen_ai.token.type&interval=1d");
        var byType = tokens.GetProperty("series").EnumerateArray().ToDictionary(
            s => s.GetProperty("group").GetProperty("gen_ai.token.type").GetString()!, s => Single(s));
        Assert.Equal(450, byType["input"].GetProperty("sum").GetDouble());
        Assert.Equal(3, byType["input"].GetProperty("count").GetInt64());
        Assert.Equal(70, byType["output"].GetProperty("sum").GetDouble());
        Assert.Equal("histogram", tokens.GetProperty("series")[0].GetProperty("kind").GetString());
        Assert.Equal("{token}", tokens.GetProperty("series")[0].GetProperty("unit").GetString());

        // The newer counter: its bins are plain sums.
        var counter = await Host.GetJsonAsync($"/api/v1/metrics/otlp?instrument=gen_ai.client.inference.tokens&service={service}&attr.gen_ai.token.type=output&interval=1d");
        Assert.Equal(70, Single(counter.GetProperty("series")[0]).GetProperty("value").GetDouble());
        Assert.Equal("sum", counter.GetProperty("series")[0].GetProperty("kind").GetString());

        // Time to first token as an exponential histogram: count, sum and percentiles from its buckets.
        var ttft = await Host.GetJsonAsync($"/api/v1/metrics/otlp?instrument=gen_ai.server.time_to_first_token&service={service}&interval=1d&percentiles=50,99");
        Assert.Equal("exponential_histogram", ttft.GetProperty("series")[0].GetProperty("kind").GetString());
        var ttftPoint = Single(ttft.GetProperty("series")[0]);
        Assert.Equal(3, ttftPoint.GetProperty("count").GetInt64());
        Assert.Equal(0.51, ttftPoint.GetProperty("sum").GetDouble(), 6);
        var p50 = ttftPoint.GetProperty("percentiles").GetProperty("p50").GetDouble();
        Assert.InRange(p50, 0.10, 0.14);
        Assert.InRange(ttftPoint.GetProperty("percentiles").GetProperty("p99").GetDouble(), 0.25, 0.31);

        // MCP: stored with its attributes.
        var mcp = await Host.GetJsonAsync($"/api/v1/metrics/otlp?instrument=mcp.client.operation.duration&service={service}&groupBy=mcp.method.name,gen_ai.tool.name&interval=1d");
        var mcpSeries = Assert.Single(mcp.GetProperty("series").EnumerateArray());
        Assert.Equal("tools/call", mcpSeries.GetProperty("group").GetProperty("mcp.method.name").GetString());
        Assert.Equal("get_weather", mcpSeries.GetProperty("group").GetProperty("gen_ai.tool.name").GetString());
        Assert.Equal(1, Single(mcpSeries).GetProperty("count").GetInt64());

        // A metric outside the GenAI and MCP namespaces was accepted and dropped.
        Assert.Equal(0L, await Host.Database.ScalarAsync<long>(
            "SELECT count(*) FROM otlp_metric_series WHERE service_name = $1 AND instrument = 'app.requests'", service));

        // The usage view: the app sent no spans, and still shows its model's calls, tokens and latency.
        var models = await Host.GetJsonAsync($"/api/v1/metrics/otlp/models?service={service}");
        var usage = Assert.Single(models.GetProperty("data").EnumerateArray());
        Assert.Equal("openai", usage.GetProperty("provider").GetString());
        Assert.Equal("gpt-4o-mini-2024-07-18", usage.GetProperty("model").GetString());
        Assert.Equal(4, usage.GetProperty("calls").GetInt64());
        Assert.Equal(1, usage.GetProperty("errors").GetInt64());
        Assert.Equal(450, usage.GetProperty("inputTokens").GetInt64());
        Assert.Equal(70, usage.GetProperty("outputTokens").GetInt64());
        Assert.Equal(100, usage.GetProperty("cacheReadTokens").GetInt64());
        Assert.Equal(JsonValueKind.Null, usage.GetProperty("cacheWriteTokens").ValueKind);
        // Durations 0.5, 0.7, 1.5 and 3.0 s in the advised buckets: the median lies in (0.64, 1.28] s.
        Assert.InRange(usage.GetProperty("latencyMs").GetProperty("p50").GetDouble(), 640, 1280);
    }

    [Fact]
    public async Task Json_export_gzipped_follows_the_otlp_json_mapping_and_gives_percentiles()
    {
        var service = "metrics-json-" + Guid.NewGuid().ToString("N")[..8];
        var t0 = NowUnixNano() - (120 * Second);
        // OTLP/JSON: counts and times as strings, enums by name or number, a snake_case field name, attributes of
        // every type; an explicit histogram, an exponential histogram and a gauge.
        var json = $$$"""
        {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"{{{service}}}"}}]},
          "scopeMetrics":[{"scope":{"name":"opentelemetry.instrumentation.openai_v2","version":"2.1b0"},"metrics":[
            {"name":"gen_ai.client.operation.duration","unit":"s","description":"GenAI operation duration.",
             "histogram":{"aggregationTemporality":"AGGREGATION_TEMPORALITY_CUMULATIVE","dataPoints":[
               {"startTimeUnixNano":"{{{t0}}}","timeUnixNano":"{{{t0 + (60 * Second)}}}","count":"20","sum":55.0,"min":1.2,"max":3.9,
                "explicitBounds":[1,2,4],"bucketCounts":["0","10","10","0"],
                "attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"chat"}},
                              {"key":"gen_ai.provider.name","value":{"stringValue":"anthropic"}},
                              {"key":"gen_ai.request.model","value":{"stringValue":"claude-sonnet-4-5"}},
                              {"key":"server.port","value":{"intValue":"443"}}]}]}},
            {"name":"gen_ai.server.time_per_output_token","unit":"s",
             "exponential_histogram":{"aggregation_temporality":1,"data_points":[
               {"start_time_unix_nano":"{{{t0}}}","time_unix_nano":"{{{t0 + (60 * Second)}}}","count":"4","sum":0.1,"scale":3,"zero_count":"0",
                "positive":{"offset":-45,"bucket_counts":["1","0","3"]}}]}},
            {"name":"gen_ai.client.inference.tokens","unit":"{token}",
             "sum":{"aggregationTemporality":2,"isMonotonic":true,"dataPoints":[
               {"startTimeUnixNano":"{{{t0}}}","timeUnixNano":"{{{t0 + (60 * Second)}}}","asInt":"1200",
                "attributes":[{"key":"gen_ai.token.type","value":{"stringValue":"input"}},{"key":"gen_ai.provider.name","value":{"stringValue":"anthropic"}},
                              {"key":"gen_ai.request.model","value":{"stringValue":"claude-sonnet-4-5"}},{"key":"gen_ai.token.modality","value":{"stringValue":"text"}}]}]}},
            {"name":"gen_ai.server.queue.size","unit":"{request}",
             "gauge":{"dataPoints":[{"timeUnixNano":"{{{t0 + (30 * Second)}}}","asDouble":4},{"timeUnixNano":"{{{t0 + (60 * Second)}}}","asDouble":8}]}}
          ]}]}]}
        """;
        using (var response = await PostMetricsAsync(Gzip(Encoding.UTF8.GetBytes(json)), "application/json", gzip: true))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        }

        // Explicit buckets (1,2] and (2,4] hold 10 each: the median is the first bucket's top, p95 interpolates in the second.
        var duration = await Host.GetJsonAsync(
            $"/api/v1/metrics/otlp?instrument=gen_ai.client.operation.duration&service={service}&attr.server.port=443&interval=1d&percentiles=50,95");
        var point = Single(duration.GetProperty("series")[0]);
        Assert.Equal(20, point.GetProperty("count").GetInt64());
        Assert.Equal(55.0, point.GetProperty("sum").GetDouble());
        Assert.Equal(2.75, point.GetProperty("avg").GetDouble());
        Assert.Equal(1.2, point.GetProperty("min").GetDouble());
        Assert.Equal(3.9, point.GetProperty("max").GetDouble());
        Assert.Equal(2.0, point.GetProperty("percentiles").GetProperty("p50").GetDouble(), 9);
        Assert.Equal(3.8, point.GetProperty("percentiles").GetProperty("p95").GetDouble(), 9);

        // Exponential, scale 3, offset -45: buckets (2^(-45/8), 2^(-44/8)] = 1 and (2^(-43/8), 2^(-42/8)] = 3.
        var tpot = Single((await Host.GetJsonAsync($"/api/v1/metrics/otlp?instrument=gen_ai.server.time_per_output_token&service={service}&interval=1d&percentiles=10,90"))
            .GetProperty("series")[0]);
        Assert.Equal(4, tpot.GetProperty("count").GetInt64());
        Assert.InRange(tpot.GetProperty("percentiles").GetProperty("p10").GetDouble(), Math.Pow(2, -45 / 8.0), Math.Pow(2, -44 / 8.0));
        Assert.InRange(tpot.GetProperty("percentiles").GetProperty("p90").GetDouble(), Math.Pow(2, -43 / 8.0), Math.Pow(2, -42 / 8.0));

        // A gauge's bin is its average level, with min and max.
        var queue = Single((await Host.GetJsonAsync($"/api/v1/metrics/otlp?instrument=gen_ai.server.queue.size&service={service}&interval=1d")).GetProperty("series")[0]);
        Assert.Equal(6, queue.GetProperty("value").GetDouble());
        Assert.Equal(4, queue.GetProperty("min").GetDouble());
        Assert.Equal(8, queue.GetProperty("max").GetDouble());

        // The attributes are stored as sent (types kept), the series under its service.
        var attributes = await Host.Database.ScalarAsync<string>(
            "SELECT attributes::text FROM otlp_metric_series WHERE service_name = $1 AND instrument = 'gen_ai.client.operation.duration'", service);
        Assert.Contains("\"server.port\": 443", attributes);
        Assert.Contains("\"gen_ai.request.model\": \"claude-sonnet-4-5\"", attributes);

        var usage = Assert.Single((await Host.GetJsonAsync($"/api/v1/metrics/otlp/models?service={service}")).GetProperty("data").EnumerateArray());
        Assert.Equal("claude-sonnet-4-5", usage.GetProperty("model").GetString());
        Assert.Equal(20, usage.GetProperty("calls").GetInt64());
        Assert.Equal(1200, usage.GetProperty("inputTokens").GetInt64());
    }

    [Fact]
    public async Task Cumulative_restarts_and_retried_exports_count_every_token_once()
    {
        var service = "metrics-restart-" + Guid.NewGuid().ToString("N")[..8];
        var t0 = NowUnixNano() - (600 * Second);
        var attributes = new[] { Str("gen_ai.token.type", "input"), Str("gen_ai.provider.name", "openai"), Str("gen_ai.request.model", "gpt-4o") };
        const AggregationTemporality cumulative = AggregationTemporality.Cumulative;

        // Running totals 100 then 150 since t0; the second export is then re-sent as is (a retry).
        var first = Request(service, Counter("gen_ai.client.inference.tokens", cumulative, attributes, (t0, t0 + (60 * Second), 100)));
        var second = Request(service, Counter("gen_ai.client.inference.tokens", cumulative, attributes, (t0, t0 + (120 * Second), 150)));
        await PostOkAsync(first);
        await PostOkAsync(second);
        await PostOkAsync(second);
        Assert.Equal(150, await TokenTotalAsync(service));

        // The process restarts: a new start time and a total of 30. Then its counters are lost without a new start time
        // (the total goes down to 10): both restart the series, counting the new totals from zero.
        await PostOkAsync(Request(service, Counter("gen_ai.client.inference.tokens", cumulative, attributes, (t0 + (180 * Second), t0 + (240 * Second), 30))));
        await PostOkAsync(Request(service, Counter("gen_ai.client.inference.tokens", cumulative, attributes, (t0 + (180 * Second), t0 + (300 * Second), 10))));
        Assert.Equal(190, await TokenTotalAsync(service));
        Assert.Equal(2L, await Host.Database.ScalarAsync<long>(
            "SELECT count(*) FROM otlp_metric_points p JOIN otlp_metric_series s USING (project_id, series_key) WHERE s.service_name = $1 AND p.restarted", service));

        // A cumulative histogram: the second total adds one call of 2-4 s; its buckets are stored as the difference.
        var duration = new[] { Str("gen_ai.operation.name", "chat"), Str("gen_ai.provider.name", "openai"), Str("gen_ai.request.model", "gpt-4o") };
        await PostOkAsync(Request(service, Histogram("gen_ai.client.operation.duration", "s", cumulative, duration, t0, t0 + (60 * Second), [1, 2, 4], [1, 2, 0, 0], 3.5)));
        await PostOkAsync(Request(service, Histogram("gen_ai.client.operation.duration", "s", cumulative, duration, t0, t0 + (120 * Second), [1, 2, 4], [1, 2, 1, 0], 6.5)));
        var durations = await Host.GetJsonAsync($"/api/v1/metrics/otlp?instrument=gen_ai.client.operation.duration&service={service}&interval=1d");
        var point = Single(durations.GetProperty("series")[0]);
        Assert.Equal(4, point.GetProperty("count").GetInt64());
        Assert.Equal(6.5, point.GetProperty("sum").GetDouble());
        var stored = await Host.Database.ScalarAsync<string>(
            "SELECT string_agg(array_to_string(p.bucket_counts, ','), ' | ' ORDER BY p.time_unix_nano) FROM otlp_metric_points p " +
            "JOIN otlp_metric_series s USING (project_id, series_key) WHERE s.service_name = $1 AND s.instrument = 'gen_ai.client.operation.duration'", service);
        Assert.Equal("1,2,0,0 | 0,0,1,0", stored);

        // Delta points are stored as sent; a re-sent delta export adds nothing.
        var delta = Request(service, Counter("gen_ai.client.inference.tokens", AggregationTemporality.Delta,
            [Str("gen_ai.token.type", "output"), Str("gen_ai.provider.name", "openai"), Str("gen_ai.request.model", "gpt-4o")],
            (t0, t0 + (60 * Second), 7), (t0 + (60 * Second), t0 + (120 * Second), 5)));
        await PostOkAsync(delta);
        await PostOkAsync(delta);
        var output = await Host.GetJsonAsync($"/api/v1/metrics/otlp?instrument=gen_ai.client.inference.tokens&service={service}&attr.gen_ai.token.type=output&interval=1d");
        Assert.Equal(12, Single(output.GetProperty("series")[0]).GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task Bad_metrics_input_is_refused_with_an_error_naming_the_field_and_nothing_is_stored()
    {
        var service = "metrics-bad-" + Guid.NewGuid().ToString("N")[..8];
        var now = NowUnixNano();
        var before = await Host.Database.ScalarAsync<long>("SELECT count(*) FROM otlp_metric_points");

        // One bucket count short for its bounds.
        var histogram = $$$"""
        {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"{{{service}}}"}}]},"scopeMetrics":[{"metrics":[
          {"name":"gen_ai.client.operation.duration","unit":"s","histogram":{"aggregationTemporality":2,"dataPoints":[
            {"startTimeUnixNano":"{{{now - Second}}}","timeUnixNano":"{{{now}}}","count":"3","explicitBounds":[1,2],"bucketCounts":["1","2"]}]}}]}]}]}
        """;
        using (var response = await PostMetricsAsync(Encoding.UTF8.GetBytes(histogram), "application/json"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("resourceMetrics[0].scopeMetrics[0].metrics[0].histogram.dataPoints[0].bucketCounts: expected 3 bucket counts for 2 explicit bounds, got 2",
                await response.Content.ReadAsStringAsync());
        }

        // A sum without its temporality cannot be summed: the spec forbids UNSPECIFIED.
        var unspecified = Request(service, Counter("gen_ai.client.inference.tokens", AggregationTemporality.Unspecified, [], (now - Second, now, 5)));
        using (var response = await PostMetricsAsync(Bytes(unspecified), "application/x-protobuf"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType?.MediaType);
            var rpcStatus = Observatory.Gateway.Otlp.Proto.Rpc.Status.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
            Assert.Equal("resourceMetrics[0].scopeMetrics[0].metrics[0].sum.aggregationTemporality: must be AGGREGATION_TEMPORALITY_DELTA (1) or " +
                "AGGREGATION_TEMPORALITY_CUMULATIVE (2) for gen_ai.client.inference.tokens, got 0", rpcStatus.Message);
        }

        // The same over gRPC is INVALID_ARGUMENT with the same message.
        using (var channel = GrpcChannel.ForAddress(Host.GrpcEndpoint))
        {
            var client = new MetricsService.MetricsServiceClient(channel);
            var error = await Assert.ThrowsAsync<RpcException>(async () => await client.ExportAsync(unspecified));
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            Assert.Contains("sum.aggregationTemporality", error.Status.Detail);
        }

        using (var response = await PostMetricsAsync([0x0a, 0xff, 0x01], "application/x-protobuf"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        using (var response = await PostMetricsAsync(Encoding.UTF8.GetBytes("{}"), "text/plain"))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        }

        using (var response = await PostMetricsAsync(Encoding.UTF8.GetBytes("{\"resourceMetrics\":[]}"), "application/json", gzip: true))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("gzip", await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(before, await Host.Database.ScalarAsync<long>("SELECT count(*) FROM otlp_metric_points"));

        // The query side names its problems too.
        var (status, body) = await Host.GetWithStatusAsync("/api/v1/metrics/otlp");
        Assert.Equal(400, status);
        Assert.Contains("'instrument' is required", body.GetRawText());
        (status, body) = await Host.GetWithStatusAsync("/api/v1/metrics/otlp?instrument=gen_ai.client.token.usage&percentiles=0,101");
        Assert.Equal(400, status);
        Assert.Contains("'percentiles'", body.GetRawText());
    }

    [Fact]
    public async Task OpenApi_documents_the_metrics_endpoints_and_their_parameters()
    {
        var doc = await Host.GetJsonAsync("/openapi/v1.json");
        var paths = doc.GetProperty("paths");
        var query = paths.GetProperty("/api/v1/metrics/otlp").GetProperty("get");
        var names = query.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "instrument", "interval", "groupBy", "attr.<key>", "service", "percentiles", "from", "to" }, names);
        Assert.False(string.IsNullOrEmpty(query.GetProperty("summary").GetString()));
        Assert.True(query.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(query.GetProperty("responses").TryGetProperty("400", out _));
        Assert.True(paths.TryGetProperty("/api/v1/metrics/otlp/models", out _));
        Assert.True(paths.TryGetProperty("/api/v1/metrics/otlp/instruments", out _));
    }

    private static JsonElement Single(JsonElement series) => Assert.Single(series.GetProperty("points").EnumerateArray());

    private async Task<double> TokenTotalAsync(string service)
    {
        var answer = await Host.GetJsonAsync($"/api/v1/metrics/otlp?instrument=gen_ai.client.inference.tokens&service={service}&attr.gen_ai.token.type=input&interval=1d");
        return answer.GetProperty("series").EnumerateArray().SelectMany(s => s.GetProperty("points").EnumerateArray()).Sum(p => p.GetProperty("value").GetDouble());
    }

    private async Task PostOkAsync(ExportMetricsServiceRequest request)
    {
        using var response = await PostMetricsAsync(Bytes(request), "application/x-protobuf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<HttpResponseMessage> PostMetricsAsync(byte[] body, string contentType, bool gzip = false)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (gzip)
        {
            content.Headers.ContentEncoding.Add("gzip");
        }

        return await Host.Otlp.PostAsync("/v1/metrics", content);
    }

    private static byte[] Gzip(byte[] body)
    {
        using var output = new MemoryStream();
        using (var zip = new GZipStream(output, CompressionLevel.Fastest))
        {
            zip.Write(body);
        }

        return output.ToArray();
    }
}

/// <summary>
/// An app instrumented the way the GenAI conventions describe, with System.Diagnostics.Metrics: the token histogram by
/// type, the newer token counters, the operation duration (error.type on failures), time to first token, and an MCP
/// client call; plus one metric of its own that is not GenAI.
/// </summary>
internal sealed class GenAiMetricsApp(Meter meter)
{
    public const string OperationDuration = "gen_ai.client.operation.duration";
    public const string TimeToFirstToken = "gen_ai.server.time_to_first_token";

    private readonly Histogram<long> _tokenUsage = meter.CreateHistogram<long>("gen_ai.client.token.usage", "{token}", "Number of input and output tokens used.");
    private readonly Counter<long> _tokens = meter.CreateCounter<long>("gen_ai.client.inference.tokens", "{token}");
    private readonly Counter<long> _byCache = meter.CreateCounter<long>("gen_ai.client.inference.input_tokens_by_cache", "{token}");
    private readonly Histogram<double> _duration = meter.CreateHistogram<double>(OperationDuration, "s", "GenAI operation duration.");
    private readonly Histogram<double> _ttft = meter.CreateHistogram<double>(TimeToFirstToken, "s");
    private readonly Histogram<double> _mcp = meter.CreateHistogram<double>("mcp.client.operation.duration", "s");

    public Counter<long> OtherMetric { get; } = meter.CreateCounter<long>("app.requests");

    public void Chat(string model, long input, long output, double seconds, double ttft)
    {
        var tags = Tags(model);
        _tokenUsage.Record(input, [.. tags, new("gen_ai.token.type", "input")]);
        _tokenUsage.Record(output, [.. tags, new("gen_ai.token.type", "output")]);
        _tokens.Add(input, [.. tags, new("gen_ai.token.type", "input"), new("gen_ai.token.modality", "text")]);
        _tokens.Add(output, [.. tags, new("gen_ai.token.type", "output"), new("gen_ai.token.modality", "text")]);
        // A third of each prompt was read from the provider's cache (300 → 100 here, the rest uncached).
        _byCache.Add(input == 300 ? 100 : 0, [.. tags, new("gen_ai.token.cache", "read")]);
        _byCache.Add(input == 300 ? 200 : input, [.. tags, new("gen_ai.token.cache", "uncached")]);
        _duration.Record(seconds, tags);
        _ttft.Record(ttft, tags);
    }

    public void Failed(string model, double seconds, string errorType) => _duration.Record(seconds, [.. Tags(model), new("error.type", errorType)]);

    public void McpCall(string method, string tool, double seconds) =>
        _mcp.Record(seconds, [new("mcp.method.name", method), new("gen_ai.tool.name", tool), new("mcp.protocol.version", "2025-06-18"), new("network.transport", "pipe")]);

    private static KeyValuePair<string, object?>[] Tags(string model) =>
    [
        new("gen_ai.operation.name", "chat"), new("gen_ai.provider.name", "openai"), new("gen_ai.request.model", model),
        new("gen_ai.response.model", model + "-2024-07-18"), new("server.address", "api.openai.com"), new("server.port", 443),
    ];
}
