using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;
using Grpc.Net.Client;

namespace Observatory.EndToEnd.Tests.Mutation;

/// <summary>How the gateway answered one export: the status as text, and whether it is an answer a client may get.</summary>
internal sealed record WireAnswer(string Status, string Message, bool Accepted, bool Rejected)
{
    /// <summary>Accepted, or rejected as the client's fault with a message; anything else is a server error or a hang.</summary>
    public bool IsClientAnswer => Accepted || (Rejected && Message.Length > 0);

    public override string ToString() => $"{Status} \"{Message}\"";
}

/// <summary>Sends raw export bodies the way exporters do: OTLP/HTTP (protobuf or JSON, gzip or not) and OTLP/gRPC (framed by the client library, or by hand).</summary>
internal sealed class OtlpWire(ObservatoryTestHost host) : IDisposable
{
    public const string TracesService = "opentelemetry.proto.collector.trace.v1.TraceService";
    public const string LogsService = "opentelemetry.proto.collector.logs.v1.LogsService";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(b => b, b => b);
    private static readonly Metadata GzipRequest = new() { { "grpc-internal-encoding-request", "gzip" } };

    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(host.GrpcEndpoint);
    private readonly HttpClient _http2 = new();

    public async Task<WireAnswer> HttpAsync(string path, string contentType, byte[] body, bool gzipHeader)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (gzipHeader)
        {
            content.Headers.ContentEncoding.Add("gzip");
        }

        try
        {
            using var response = await host.Otlp.PostAsync(path, content, timeout.Token);
            var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            var status = (int)response.StatusCode;
            var message = status == 200 ? "" : ErrorMessage(response, bytes);
            return new WireAnswer($"HTTP {status}", message, status == 200, status is 400 or 413 or 415);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return new WireAnswer("no answer", $"within {Timeout.TotalSeconds} s", false, false);
        }
    }

    public async Task<WireAnswer> GrpcAsync(string service, byte[] message, bool gzip)
    {
        var method = new Method<byte[], byte[]>(MethodType.Unary, service, "Export", Raw, Raw);
        try
        {
            await _channel.CreateCallInvoker().AsyncUnaryCall(method, null, new CallOptions(gzip ? GzipRequest : null, DateTime.UtcNow + Timeout), message);
            return new WireAnswer("gRPC OK", "", true, false);
        }
        catch (RpcException ex)
        {
            return Grpc(ex.StatusCode, ex.Status.Detail);
        }
    }

    /// <summary>A gRPC request whose 5-byte frame the caller built (flag, length) around the message, sent over HTTP/2.</summary>
    public async Task<WireAnswer> GrpcFrameAsync(string service, byte[] frame, bool gzipHeader)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        using var content = new ByteArrayContent(frame);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(host.GrpcEndpoint, $"/{service}/Export"))
        {
            Content = content,
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        if (gzipHeader)
        {
            request.Headers.Add("grpc-encoding", "gzip");
        }

        try
        {
            using var response = await _http2.SendAsync(request, timeout.Token);
            await response.Content.ReadAsByteArrayAsync(timeout.Token);
            string? Read(string name) =>
                response.TrailingHeaders.TryGetValues(name, out var trailer) ? trailer.Single()
                : response.Headers.TryGetValues(name, out var header) ? header.Single() : null;
            if (response.StatusCode != HttpStatusCode.OK || Read("grpc-status") is not { } code)
            {
                return new WireAnswer($"HTTP {(int)response.StatusCode} without grpc-status", "", false, false);
            }

            return Grpc((StatusCode)int.Parse(code), Uri.UnescapeDataString(Read("grpc-message") ?? ""));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return new WireAnswer("no answer", $"within {Timeout.TotalSeconds} s", false, false);
        }
    }

    public static byte[] Frame(byte flag, int declaredLength, byte[] message)
    {
        var frame = new byte[5 + message.Length];
        frame[0] = flag;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), declaredLength);
        message.CopyTo(frame, 5);
        return frame;
    }

    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    public void Dispose()
    {
        _channel.Dispose();
        _http2.Dispose();
    }

    private static WireAnswer Grpc(StatusCode code, string message) =>
        new($"gRPC {code}", message, code == StatusCode.OK, code is StatusCode.InvalidArgument or StatusCode.ResourceExhausted);

    private static string ErrorMessage(HttpResponseMessage response, byte[] body)
    {
        try
        {
            return response.Content.Headers.ContentType?.MediaType == "application/x-protobuf"
                ? Observatory.Gateway.Otlp.Proto.Rpc.Status.Parser.ParseFrom(body).Message
                : System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("message").GetString() ?? "";
        }
        catch (Exception ex) when (ex is Google.Protobuf.InvalidProtocolBufferException or System.Text.Json.JsonException or KeyNotFoundException)
        {
            return "";
        }
    }
}
