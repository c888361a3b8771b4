using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Google.Protobuf;
using Observatory.Core.Ingest;
using Observatory.Gateway.Otlp.Proto.Collector.Logs.V1;
using Observatory.Gateway.Otlp.Tests.Samples;
using static Observatory.Gateway.Otlp.Tests.Endpoints.OtlpHttpContent;

namespace Observatory.Gateway.Otlp.Tests.Endpoints;

/// <summary>OTLP/HTTP <c>POST /v1/logs</c>: the same encodings, limits and error answers as <c>/v1/traces</c>.</summary>
public sealed class LogsHttpEndpointTests
{
    private const string LogsPath = "/v1/logs";

    [Fact]
    public async Task Protobuf_logs_are_ingested_for_the_default_project_and_answered_in_protobuf()
    {
        await using var host = await OtlpTestHost.StartAsync();

        using var response = await host.Http.PostAsync(LogsPath, Body(LogSamples.Request().ToByteArray(), Protobuf));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Protobuf, response.Content.Headers.ContentType?.MediaType);
        Assert.Null(ExportLogsServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync()).PartialSuccess);
        var (project, records) = Assert.Single(host.LogIngestor.Calls);
        Assert.Equal("default", project);
        Assert.Equal(LogSamples.Expected, LogDump.Of(records));
        Assert.Empty(host.Ingestor.Calls);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    public async Task Json_logs_with_hex_ids_are_ingested_and_answered_in_json(string contentType)
    {
        await using var host = await OtlpTestHost.StartAsync();

        using var response = await host.Http.PostAsync(LogsPath, Body(Encoding.UTF8.GetBytes(LogSamples.Json), contentType));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Json, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        Assert.Equal(LogSamples.Expected, LogDump.Of(Assert.Single(host.LogIngestor.Calls).Records));
    }

    [Theory]
    [InlineData(Protobuf, "gzip")]
    [InlineData(Protobuf, null)]
    [InlineData(Json, "gzip")]
    [InlineData(Json, null)]
    public async Task Gzip_and_identity_bodies_are_both_accepted(string contentType, string? contentEncoding)
    {
        await using var host = await OtlpTestHost.StartAsync();
        var bytes = contentType == Protobuf ? LogSamples.SingleRecord().ToByteArray() : Encoding.UTF8.GetBytes(LogSamples.SingleRecordJson);

        using var response = await host.Http.PostAsync(LogsPath, Body(bytes, contentType, contentEncoding));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        var record = Assert.Single(Assert.Single(host.LogIngestor.Calls).Records);
        Assert.Equal(("gen_ai.user.message", "0af7651916cd43dd8448eb211c80319c", "00f067aa0ba902b7"), (record.EventName, record.TraceId, record.SpanId));
        Assert.Equal(contentEncoding ?? "identity", Assert.Single(host.RequestEncodings));
    }

    [Fact]
    public async Task Malformed_id_in_json_is_400_with_a_json_status_naming_the_field()
    {
        await using var host = await OtlpTestHost.StartAsync();
        var json = LogSamples.SingleRecordJson.Replace("\"0af7651916cd43dd8448eb211c80319c\"", "\"0af7651916cd43dd8448eb211c80319\"");

        using var response = await host.Http.PostAsync(LogsPath, Body(Encoding.UTF8.GetBytes(json), Json, "gzip"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(Json, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"code":3,"message":"resourceLogs[0].scopeLogs[0].logRecords[0].traceId: expected 32 hex characters or an empty string, got 31"}""",
            await response.Content.ReadAsStringAsync());
        Assert.Empty(host.LogIngestor.Calls);
    }

    [Fact]
    public async Task Malformed_protobuf_is_400_with_a_protobuf_status_naming_the_logs_request()
    {
        await using var host = await OtlpTestHost.StartAsync();

        using var response = await host.Http.PostAsync(LogsPath, Body([0x0A, 0x05, 0x01], Protobuf));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var status = await ProtobufStatusAsync(response);
        Assert.Equal(3, status.Code);
        Assert.StartsWith("invalid protobuf ExportLogsServiceRequest: ", status.Message);
    }

    [Fact]
    public async Task Unsupported_content_type_is_415_naming_it_and_the_accepted_types()
    {
        await using var host = await OtlpTestHost.StartAsync();

        using var response = await host.Http.PostAsync(LogsPath, Body("level=info msg=hello"u8.ToArray(), "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("""{"code":3,"message":"unsupported Content-Type 'text/plain'; expected application/x-protobuf or application/json"}""",
            await response.Content.ReadAsStringAsync());
        Assert.Empty(host.LogIngestor.Calls);
    }

    [Fact]
    public async Task Body_over_the_limit_is_413_and_so_is_a_gzip_bomb()
    {
        await using var host = await OtlpTestHost.StartAsync(maxRequestBytes: 64 * 1024);
        var big = LogSamples.SingleRecord(bigBody: new string('x', 70 * 1024)).ToByteArray();
        var bomb = LogSamples.SingleRecord(bigBody: new string('x', 10 * 1024 * 1024)).ToByteArray();

        using var tooLarge = await host.Http.PostAsync(LogsPath, Body(big, Protobuf));
        using var bombed = await host.Http.PostAsync(LogsPath, Body(bomb, Protobuf, "gzip"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        var status = await ProtobufStatusAsync(tooLarge);
        Assert.Equal((8, $"request body of {big.Length} bytes exceeds the limit of 65536 bytes"), (status.Code, status.Message));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, bombed.StatusCode);
        status = await ProtobufStatusAsync(bombed);
        Assert.Equal((8, "decompressed request body exceeds the limit of 65536 bytes"), (status.Code, status.Message));
        Assert.Empty(host.LogIngestor.Calls);
    }

    [Fact]
    public async Task Chunked_json_body_over_the_limit_is_413()
    {
        await using var host = await OtlpTestHost.StartAsync(maxRequestBytes: 64 * 1024);
        var bytes = Encoding.UTF8.GetBytes(LogSamples.SingleRecordJson.Replace("\"Hello\"", $"\"{new string('x', 70 * 1024)}\""));
        using var body = new StreamContent(new NonSeekableStream(bytes));
        body.Headers.ContentType = MediaTypeHeaderValue.Parse(Json);

        using var response = await host.Http.PostAsync(LogsPath, body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("""{"code":8,"message":"request body exceeds the limit of 65536 bytes"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Store_unavailable_is_503_with_retry_after_in_the_request_encoding()
    {
        await using var host = await OtlpTestHost.StartAsync();
        host.LogIngestor.FailWith = new IngestUnavailableException("log store is not accepting writes");

        using var json = await host.Http.PostAsync(LogsPath, Body(Encoding.UTF8.GetBytes(LogSamples.SingleRecordJson), Json));
        using var protobuf = await host.Http.PostAsync(LogsPath, Body(LogSamples.SingleRecord().ToByteArray(), Protobuf));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, json.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), json.Headers.RetryAfter?.Delta);
        Assert.Equal("""{"code":14,"message":"log store is not accepting writes"}""", await json.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, protobuf.StatusCode);
        var status = await ProtobufStatusAsync(protobuf);
        Assert.Equal((14, "log store is not accepting writes"), (status.Code, status.Message));
    }

    [Fact]
    public async Task Traces_and_logs_share_the_port_and_each_reaches_its_own_ingestor()
    {
        await using var host = await OtlpTestHost.StartAsync();

        using var logs = await host.Http.PostAsync(LogsPath, Body(LogSamples.Request().ToByteArray(), Protobuf, "gzip"));
        using var traces = await host.Http.PostAsync("/v1/traces", Body(Encoding.UTF8.GetBytes(OtlpSamples.Json), Json, "gzip"));
        using var tracesAsLogs = await host.Http.PostAsync(LogsPath, Body(Encoding.UTF8.GetBytes(OtlpSamples.Json), Json));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], new[] { logs.StatusCode, traces.StatusCode, tracesAsLogs.StatusCode });
        Assert.Equal(4, Assert.Single(host.LogIngestor.Calls).Records.Count);
        var spans = Assert.Single(host.Ingestor.Calls).Spans;
        Assert.Equal([OtlpSamples.RootSpanId, OtlpSamples.ChatSpanId], spans.Select(s => s.SpanId));
    }

    [Fact]
    public async Task Logs_are_served_only_on_the_otlp_http_port()
    {
        await using var host = await OtlpTestHost.StartAsync();
        using var other = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{host.OtherPort}") };
        using var grpcPort = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{host.GrpcPort}"), DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };

        using var onOther = await other.PostAsync(LogsPath, Body(LogSamples.SingleRecord().ToByteArray(), Protobuf));
        using var onGrpc = await grpcPort.PostAsync(LogsPath, Body(LogSamples.SingleRecord().ToByteArray(), Protobuf));

        Assert.Equal(HttpStatusCode.NotFound, onOther.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, onGrpc.StatusCode);
        Assert.Empty(host.LogIngestor.Calls);
    }
}
