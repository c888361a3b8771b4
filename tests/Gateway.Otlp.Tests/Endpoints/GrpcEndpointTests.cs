using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Grpc.Core;
using Observatory.Core.Ingest;
using Observatory.Gateway.Otlp.Proto.Collector.Trace.V1;
using Observatory.Gateway.Otlp.Tests.Samples;

namespace Observatory.Gateway.Otlp.Tests.Endpoints;

public sealed class GrpcEndpointTests
{
    /// <summary>Grpc.Net.Client compresses a request with the algorithm named in this header.</summary>
    private static readonly Metadata Gzip = new() { { "grpc-internal-encoding-request", "gzip" } };

    [Fact]
    public async Task Export_is_ingested_for_the_default_project_on_the_standard_grpc_path()
    {
        await using var host = await OtlpTestHost.StartAsync();

        var response = await host.Grpc.ExportAsync(OtlpSamples.Request());

        Assert.Null(response.PartialSuccess);
        var (project, spans) = Assert.Single(host.Ingestor.Calls);
        Assert.Equal("default", project);
        Assert.Equal(["POST /answer", "chat gpt-4o"], spans.Select(s => s.Name));
    }

    [Fact]
    public async Task Plain_http2_post_to_the_otlp_grpc_path_is_answered_ok()
    {
        await using var host = await OtlpTestHost.StartAsync();
        using var http2 = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        var message = OtlpSamples.SingleSpan().ToByteArray();
        var frame = new byte[5 + message.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), message.Length);
        message.CopyTo(frame, 5);
        using var body = new ByteArrayContent(frame);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");

        using var response = await http2.PostAsync($"http://127.0.0.1:{host.GrpcPort}/opentelemetry.proto.collector.trace.v1.TraceService/Export", body);
        await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("0", response.TrailingHeaders.GetValues("grpc-status").Single());
        Assert.Single(host.Ingestor.Calls);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Gzip_compressed_and_plain_requests_are_both_accepted(bool gzip)
    {
        await using var host = await OtlpTestHost.StartAsync();

        await host.Grpc.ExportAsync(OtlpSamples.SingleSpan(), gzip ? Gzip : null);

        Assert.Single(host.Ingestor.Calls);
        Assert.Equal(gzip ? "gzip" : "identity", Assert.Single(host.RequestEncodings));
    }

    [Fact]
    public async Task Invalid_span_is_invalid_argument_naming_the_field()
    {
        await using var host = await OtlpTestHost.StartAsync();
        var request = OtlpSamples.SingleSpan();
        request.ResourceSpans[0].ScopeSpans[0].Spans[0].TraceId = OtlpSamples.Hex("0af7651916cd43dd8448eb211c8031");

        var error = await Assert.ThrowsAsync<RpcException>(async () => await host.Grpc.ExportAsync(request));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("resourceSpans[0].scopeSpans[0].spans[0].traceId: expected 16 bytes, got 15", error.Status.Detail);
        Assert.Empty(host.Ingestor.Calls);
    }

    [Fact]
    public async Task Store_unavailable_is_unavailable_so_exporters_retry()
    {
        await using var host = await OtlpTestHost.StartAsync();
        host.Ingestor.FailWith = new IngestUnavailableException("database is not accepting writes");

        var error = await Assert.ThrowsAsync<RpcException>(async () => await host.Grpc.ExportAsync(OtlpSamples.SingleSpan()));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal("database is not accepting writes", error.Status.Detail);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Message_over_the_limit_is_resource_exhausted_even_when_it_compresses_small(bool gzip)
    {
        await using var host = await OtlpTestHost.StartAsync(maxRequestBytes: 64 * 1024);
        var request = OtlpSamples.SingleSpan(bigAttribute: new string('x', gzip ? 4 * 1024 * 1024 : 70 * 1024));

        var error = await Assert.ThrowsAsync<RpcException>(async () => await host.Grpc.ExportAsync(request, gzip ? Gzip : null));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Empty(host.Ingestor.Calls);
    }

    [Fact]
    public async Task Message_just_under_the_default_grpc_limit_of_4_mib_is_accepted_when_configured_higher()
    {
        await using var host = await OtlpTestHost.StartAsync(maxRequestBytes: 16 * 1024 * 1024);

        await host.Grpc.ExportAsync(OtlpSamples.SingleSpan(bigAttribute: new string('x', 6 * 1024 * 1024)));

        Assert.Single(host.Ingestor.Calls);
    }

    [Fact]
    public async Task Good_export_still_succeeds_on_the_same_channel_after_bad_ones()
    {
        await using var host = await OtlpTestHost.StartAsync(maxRequestBytes: 64 * 1024);
        var invalid = OtlpSamples.SingleSpan();
        invalid.ResourceSpans[0].ScopeSpans[0].Spans[0].SpanId = ByteString.Empty;

        await Assert.ThrowsAsync<RpcException>(async () => await host.Grpc.ExportAsync(invalid));
        await Assert.ThrowsAsync<RpcException>(async () => await host.Grpc.ExportAsync(OtlpSamples.SingleSpan(bigAttribute: new string('x', 1024 * 1024)), Gzip));
        await host.Grpc.ExportAsync(OtlpSamples.SingleSpan());

        Assert.Single(host.Ingestor.Calls);
    }
}
