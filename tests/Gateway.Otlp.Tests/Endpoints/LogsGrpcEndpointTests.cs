using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Grpc.Core;
using Observatory.Core.Ingest;
using Observatory.Gateway.Otlp.Tests.Samples;

namespace Observatory.Gateway.Otlp.Tests.Endpoints;

/// <summary>OTLP/gRPC <c>LogsService.Export</c>: the same limits, compression and status codes as <c>TraceService.Export</c>.</summary>
public sealed class LogsGrpcEndpointTests
{
    /// <summary>Grpc.Net.Client compresses a request with the algorithm named in this header.</summary>
    private static readonly Metadata Gzip = new() { { "grpc-internal-encoding-request", "gzip" } };

    [Fact]
    public async Task Logs_export_is_ingested_for_the_default_project()
    {
        await using var host = await OtlpTestHost.StartAsync();

        var response = await host.GrpcLogs.ExportAsync(LogSamples.Request());

        Assert.Null(response.PartialSuccess);
        var (project, records) = Assert.Single(host.LogIngestor.Calls);
        Assert.Equal("default", project);
        Assert.Equal(LogSamples.Expected, LogDump.Of(records));
        Assert.Empty(host.Ingestor.Calls);
    }

    [Fact]
    public async Task Plain_http2_post_to_the_otlp_logs_grpc_path_is_answered_ok()
    {
        await using var host = await OtlpTestHost.StartAsync();
        using var http2 = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        var message = LogSamples.SingleRecord().ToByteArray();
        var frame = new byte[5 + message.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), message.Length);
        message.CopyTo(frame, 5);
        using var body = new ByteArrayContent(frame);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");

        using var response = await http2.PostAsync($"http://127.0.0.1:{host.GrpcPort}/opentelemetry.proto.collector.logs.v1.LogsService/Export", body);
        await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("0", response.TrailingHeaders.GetValues("grpc-status").Single());
        Assert.Single(host.LogIngestor.Calls);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Gzip_compressed_and_plain_requests_are_both_accepted(bool gzip)
    {
        await using var host = await OtlpTestHost.StartAsync();

        await host.GrpcLogs.ExportAsync(LogSamples.SingleRecord(), gzip ? Gzip : null);

        Assert.Equal("gen_ai.user.message", Assert.Single(Assert.Single(host.LogIngestor.Calls).Records).EventName);
        Assert.Equal(gzip ? "gzip" : "identity", Assert.Single(host.RequestEncodings));
    }

    [Fact]
    public async Task Malformed_span_id_is_invalid_argument_naming_the_field()
    {
        await using var host = await OtlpTestHost.StartAsync();
        var request = LogSamples.SingleRecord();
        request.ResourceLogs[0].ScopeLogs[0].LogRecords[0].SpanId = ByteString.CopyFrom(1, 2, 3);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await host.GrpcLogs.ExportAsync(request));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("resourceLogs[0].scopeLogs[0].logRecords[0].spanId: expected 8 bytes or none, got 3", error.Status.Detail);
        Assert.Empty(host.LogIngestor.Calls);
    }

    [Fact]
    public async Task Store_unavailable_is_unavailable_so_exporters_retry()
    {
        await using var host = await OtlpTestHost.StartAsync();
        host.LogIngestor.FailWith = new IngestUnavailableException("log store is not accepting writes");

        var error = await Assert.ThrowsAsync<RpcException>(async () => await host.GrpcLogs.ExportAsync(LogSamples.SingleRecord()));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal("log store is not accepting writes", error.Status.Detail);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Message_over_the_limit_is_resource_exhausted_even_when_it_compresses_small(bool gzip)
    {
        await using var host = await OtlpTestHost.StartAsync(maxRequestBytes: 64 * 1024);
        var request = LogSamples.SingleRecord(bigBody: new string('x', gzip ? 4 * 1024 * 1024 : 70 * 1024));

        var error = await Assert.ThrowsAsync<RpcException>(async () => await host.GrpcLogs.ExportAsync(request, gzip ? Gzip : null));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Empty(host.LogIngestor.Calls);
    }

    [Fact]
    public async Task Traces_and_logs_share_one_channel_and_each_reaches_its_own_ingestor()
    {
        await using var host = await OtlpTestHost.StartAsync();

        await host.GrpcLogs.ExportAsync(LogSamples.SingleRecord());
        await host.Grpc.ExportAsync(OtlpSamples.SingleSpan());
        await host.GrpcLogs.ExportAsync(LogSamples.SingleRecord(), Gzip);

        Assert.Equal(2, host.LogIngestor.Calls.Count);
        Assert.Equal("chat gpt-4o-mini", Assert.Single(Assert.Single(host.Ingestor.Calls).Spans).Name);
    }
}
