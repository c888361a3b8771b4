using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Google.Protobuf;
using Observatory.Core.Ingest;
using Observatory.Gateway.Otlp.Proto.Collector.Trace.V1;
using Observatory.Gateway.Otlp.Tests.Samples;
using static Observatory.Gateway.Otlp.Tests.Endpoints.OtlpHttpContent;

namespace Observatory.Gateway.Otlp.Tests.Endpoints;

public sealed class HttpEndpointTests
{
    [Fact]
    public async Task Protobuf_export_is_ingested_for_the_default_project_and_answered_in_protobuf()
    {
        await using var host = await OtlpTestHost.StartAsync();

        using var response = await host.Http.PostAsync("/v1/traces", Body(OtlpSamples.Request().ToByteArray(), Protobuf));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Protobuf, response.Content.Headers.ContentType?.MediaType);
        var answer = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Null(answer.PartialSuccess);
        var (project, spans) = Assert.Single(host.Ingestor.Calls);
        Assert.Equal("default", project);
        Assert.Equal([(OtlpSamples.RootSpanId, null), (OtlpSamples.ChatSpanId, OtlpSamples.RootSpanId)], spans.Select(s => (s.SpanId, s.ParentSpanId)));
        Assert.All(spans, s => Assert.Equal(OtlpSamples.TraceId, s.TraceId));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON;charset=\"UTF-8\"")]
    public async Task Json_export_is_ingested_and_answered_in_json(string contentType)
    {
        await using var host = await OtlpTestHost.StartAsync();

        using var response = await host.Http.PostAsync("/v1/traces", Body(Encoding.UTF8.GetBytes(OtlpSamples.Json), contentType));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Json, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        Assert.Equal(2, Assert.Single(host.Ingestor.Calls).Spans.Count);
    }

    [Theory]
    [InlineData(Protobuf, "gzip")]
    [InlineData(Protobuf, "identity")]
    [InlineData(Protobuf, null)]
    [InlineData(Json, "gzip")]
    [InlineData(Json, "GZIP")]
    [InlineData(Json, null)]
    public async Task Gzip_and_identity_bodies_are_both_accepted(string contentType, string? contentEncoding)
    {
        await using var host = await OtlpTestHost.StartAsync();
        var bytes = contentType == Protobuf ? OtlpSamples.SingleSpan().ToByteArray() : Encoding.UTF8.GetBytes(OtlpSamples.SingleSpanJson);

        using var response = await host.Http.PostAsync("/v1/traces", Body(bytes, contentType, contentEncoding));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("chat gpt-4o-mini", Assert.Single(Assert.Single(host.Ingestor.Calls).Spans).Name);
        Assert.Equal(contentEncoding ?? "identity", Assert.Single(host.RequestEncodings));
    }

    [Fact]
    public async Task Unsupported_content_type_is_415_naming_it_and_the_accepted_types()
    {
        await using var host = await OtlpTestHost.StartAsync();

        using var response = await host.Http.PostAsync("/v1/traces", Body("hello"u8.ToArray(), "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("""{"code":3,"message":"unsupported Content-Type 'text/plain'; expected application/x-protobuf or application/json"}""",
            await response.Content.ReadAsStringAsync());
        Assert.Empty(host.Ingestor.Calls);
    }

    [Fact]
    public async Task Unsupported_content_encoding_is_415_in_the_request_encoding()
    {
        await using var host = await OtlpTestHost.StartAsync();
        using var body = Body(OtlpSamples.SingleSpan().ToByteArray(), Protobuf);
        body.Headers.ContentEncoding.Add("br");

        using var response = await host.Http.PostAsync("/v1/traces", body);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var status = await ProtobufStatusAsync(response);
        Assert.Equal((3, "unsupported Content-Encoding 'br'; expected gzip or identity"), (status.Code, status.Message));
    }

    [Fact]
    public async Task Malformed_protobuf_is_400_with_a_protobuf_status()
    {
        await using var host = await OtlpTestHost.StartAsync();

        using var response = await host.Http.PostAsync("/v1/traces", Body([0x0A, 0x05, 0x01], Protobuf));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var status = await ProtobufStatusAsync(response);
        Assert.Equal(3, status.Code);
        Assert.StartsWith("invalid protobuf ExportTraceServiceRequest: ", status.Message);
    }

    [Fact]
    public async Task Invalid_json_span_is_400_with_a_json_status_naming_the_field()
    {
        await using var host = await OtlpTestHost.StartAsync();
        var json = OtlpSamples.SingleSpanJson.Replace("\"00f067aa0ba902b7\"", "\"00f067aa0ba902b\"");

        using var response = await host.Http.PostAsync("/v1/traces", Body(Encoding.UTF8.GetBytes(json), Json, "gzip"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(Json, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"code":3,"message":"resourceSpans[0].scopeSpans[0].spans[0].spanId: expected 16 hex characters, got 15"}""",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Corrupt_gzip_is_400()
    {
        await using var host = await OtlpTestHost.StartAsync();
        using var body = Body("definitely not gzip"u8.ToArray(), Json);
        body.Headers.ContentEncoding.Add("gzip");

        using var response = await host.Http.PostAsync("/v1/traces", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("""{"code":3,"message":"invalid gzip body: """, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Body_over_the_limit_is_413_naming_the_limit()
    {
        await using var host = await OtlpTestHost.StartAsync(maxRequestBytes: 64 * 1024);
        var bytes = OtlpSamples.SingleSpan(bigAttribute: new string('x', 70 * 1024)).ToByteArray();

        using var response = await host.Http.PostAsync("/v1/traces", Body(bytes, Protobuf));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var status = await ProtobufStatusAsync(response);
        Assert.Equal((8, $"request body of {bytes.Length} bytes exceeds the limit of 65536 bytes"), (status.Code, status.Message));
        Assert.Empty(host.Ingestor.Calls);
    }

    [Fact]
    public async Task Chunked_body_over_the_limit_is_413_too()
    {
        await using var host = await OtlpTestHost.StartAsync(maxRequestBytes: 64 * 1024);
        var bytes = Encoding.UTF8.GetBytes(OtlpSamples.SingleSpanJson.Replace("gpt-4o-mini\"}}", new string('x', 70 * 1024) + "\"}}"));
        using var body = new StreamContent(new NonSeekableStream(bytes));
        body.Headers.ContentType = MediaTypeHeaderValue.Parse(Json);

        using var response = await host.Http.PostAsync("/v1/traces", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("""{"code":8,"message":"request body exceeds the limit of 65536 bytes"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Gzip_bomb_is_413_on_its_decompressed_size()
    {
        await using var host = await OtlpTestHost.StartAsync(maxRequestBytes: 64 * 1024);
        var bytes = OtlpSamples.SingleSpan(bigAttribute: new string('x', 10 * 1024 * 1024)).ToByteArray();

        using var response = await host.Http.PostAsync("/v1/traces", Body(bytes, Protobuf, "gzip"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var status = await ProtobufStatusAsync(response);
        Assert.Equal((8, "decompressed request body exceeds the limit of 65536 bytes"), (status.Code, status.Message));
    }

    [Fact]
    public async Task Store_unavailable_is_503_with_retry_after()
    {
        await using var host = await OtlpTestHost.StartAsync();
        host.Ingestor.FailWith = new IngestUnavailableException("database is not accepting writes");

        using var response = await host.Http.PostAsync("/v1/traces", Body(Encoding.UTF8.GetBytes(OtlpSamples.SingleSpanJson), Json));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        Assert.Equal("""{"code":14,"message":"database is not accepting writes"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Good_export_still_succeeds_on_the_same_connection_after_bad_ones()
    {
        await using var host = await OtlpTestHost.StartAsync(maxRequestBytes: 64 * 1024);

        using (await host.Http.PostAsync("/v1/traces", Body([0xFF, 0xFF, 0xFF], Protobuf)))
        using (await host.Http.PostAsync("/v1/traces", Body("{"u8.ToArray(), Json, "gzip")))
        using (await host.Http.PostAsync("/v1/traces", Body(OtlpSamples.SingleSpan(bigAttribute: new string('x', 1024 * 1024)).ToByteArray(), Protobuf, "gzip")))
        {
        }

        using var response = await host.Http.PostAsync("/v1/traces", Body(OtlpSamples.SingleSpan().ToByteArray(), Protobuf));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(host.Ingestor.Calls);
    }

    [Fact]
    public async Task Otlp_http_is_served_only_on_its_own_port()
    {
        await using var host = await OtlpTestHost.StartAsync();
        using var other = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{host.OtherPort}") };

        using var response = await other.PostAsync("/v1/traces", Body(OtlpSamples.SingleSpan().ToByteArray(), Protobuf));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(host.Ingestor.Calls);
    }
}
