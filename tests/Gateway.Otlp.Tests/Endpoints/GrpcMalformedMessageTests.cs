using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Grpc.Core;
using Observatory.Gateway.Otlp.Tests.Samples;

namespace Observatory.Gateway.Otlp.Tests.Endpoints;

/// <summary>
/// Bytes that are not an OTLP export request, sent over gRPC exactly as a broken exporter would: each is answered
/// INVALID_ARGUMENT with a message naming the problem (never UNKNOWN or INTERNAL, which read as a server fault), and
/// the same channel keeps serving.
/// </summary>
public sealed class GrpcMalformedMessageTests
{
    private const string TracesService = "opentelemetry.proto.collector.trace.v1.TraceService";
    private const string LogsService = "opentelemetry.proto.collector.logs.v1.LogsService";

    public static TheoryData<string, string, byte[], string> MalformedMessages => new()
    {
        { "traces: truncated varint", TracesService, [0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01], "protobuf" },
        { "traces: length past the end", TracesService, [0x0a, 0x7f, 0x0a], "protobuf" },
        { "traces: wrong wire type", TracesService, [0x0b, 0x01], "protobuf" },
        { "traces: truncated valid request", TracesService, Truncated(OtlpSamples.Request().ToByteArray()), "protobuf" },
        { "logs: truncated varint", LogsService, [0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01], "protobuf" },
        { "logs: truncated valid request", LogsService, Truncated(LogSamples.Request().ToByteArray()), "protobuf" },
        { "logs: invalid trace id", LogsService, LogWithTraceIdOf(5).ToByteArray(), "traceId" },
    };

    [Theory]
    [MemberData(nameof(MalformedMessages))]
    public async Task Malformed_message_is_invalid_argument_naming_the_problem(string _, string service, byte[] message, string messagePart)
    {
        await using var host = await OtlpTestHost.StartAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => RawExportAsync(host, service, message));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(messagePart, error.Status.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(host.Ingestor.Calls);
        Assert.Empty(host.LogIngestor.Calls);
        await host.Grpc.ExportAsync(OtlpSamples.SingleSpan());
        Assert.Single(host.Ingestor.Calls);
    }

    public static TheoryData<string, byte[], string> MalformedFrames => new()
    {
        { "gzip flag with a body that is not gzip", Frame(compressed: true, [0x0a, 0x00, 0x01, 0x02]), "gzip" },
        { "gzip flag with a truncated gzip body", Frame(compressed: true, Gzip(OtlpSamples.Request().ToByteArray())[..20]), "protobuf" },
        { "length prefix longer than the body", [0, 0, 0, 0x10, 0, 0x0a, 0x00], "message" },
        { "half a length prefix", [0, 0, 0], "message" },
        { "compressed flag that is neither 0 nor 1", new byte[] { 7, 0, 0, 0, 2, 0x0a, 0x00 }, "flag 7" },
    };

    [Theory]
    [MemberData(nameof(MalformedFrames))]
    public async Task Malformed_grpc_frame_is_invalid_argument(string _, byte[] body, string messagePart)
    {
        await using var host = await OtlpTestHost.StartAsync();
        using var http2 = new HttpClient();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{host.GrpcPort}/{TracesService}/Export") { Content = content, Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        request.Headers.Add("grpc-encoding", "gzip");

        using var response = await http2.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();

        var (status, message) = GrpcStatusOf(response);
        Assert.True(status == ((int)StatusCode.InvalidArgument).ToString(), $"HTTP {(int)response.StatusCode}, grpc-status {status}: {message}");
        Assert.Contains(messagePart, message, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(host.Ingestor.Calls);
    }

    /// <summary>grpc-status and grpc-message from the trailers, or from the headers of a trailers-only answer.</summary>
    private static (string? Status, string Message) GrpcStatusOf(HttpResponseMessage response)
    {
        string? Read(string name) =>
            response.TrailingHeaders.TryGetValues(name, out var trailer) ? trailer.Single()
            : response.Headers.TryGetValues(name, out var header) ? header.Single() : null;
        return (Read("grpc-status"), Uri.UnescapeDataString(Read("grpc-message") ?? ""));
    }

    private static async Task RawExportAsync(OtlpTestHost host, string service, byte[] message)
    {
        var method = new Method<byte[], byte[]>(MethodType.Unary, service, "Export", Marshallers.Create(b => b, b => b), Marshallers.Create(b => b, b => b));
        await host.Channel.CreateCallInvoker().AsyncUnaryCall(method, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(10)), message);
    }

    private static byte[] Truncated(byte[] message) => message[..(message.Length * 2 / 3)];

    private static Proto.Collector.Logs.V1.ExportLogsServiceRequest LogWithTraceIdOf(int bytes)
    {
        var request = LogSamples.SingleRecord();
        request.ResourceLogs[0].ScopeLogs[0].LogRecords[0].TraceId = ByteString.CopyFrom(new byte[bytes]);
        return request;
    }

    private static byte[] Frame(bool compressed, byte[] payload)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }
}
