using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;
using Grpc.Net.Client;

namespace Observatory.Bench.LoadGen;

/// <summary>
/// How one exporter sends a serialized <c>ExportTraceServiceRequest</c>: OTLP/HTTP protobuf POST to <c>/v1/traces</c>,
/// or the OTLP/gRPC <c>TraceService/Export</c> call with the same bytes. Returns null when the export was acknowledged,
/// else what went wrong (an HTTP status, <c>grpc:Unavailable</c>, <c>timeout</c>, …).
/// </summary>
internal abstract class Transport : IDisposable
{
    public abstract Task<string?> SendAsync(byte[] buffer, int length, bool gzip, MemoryStream gzipped, CancellationToken cancellationToken);

    /// <summary>An empty export: proves the endpoint speaks OTLP without writing anything.</summary>
    public async Task PreflightAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        string? failure;
        try
        {
            failure = await SendAsync([], 0, gzip: false, new MemoryStream(), cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or RpcException)
        {
            throw new BenchException($"cannot reach {endpoint}: {ex.Message}. Is the product running (./observatory up)?");
        }

        if (failure is not null)
        {
            throw new BenchException($"{endpoint} answered {failure} to an empty export; is it the OTLP port of that protocol?");
        }
    }

    public abstract void Dispose();

    /// <summary>One HTTP/1.1 connection per exporter in flight, shared by all workers.</summary>
    public sealed class Http : Transport
    {
        private static readonly MediaTypeHeaderValue ContentType = new("application/x-protobuf");
        private readonly SocketsHttpHandler _handler;
        private readonly HttpClient _client;
        private readonly Uri _uri;

        public Http(Uri endpoint, int concurrency)
        {
            _handler = new SocketsHttpHandler
            {
                MaxConnectionsPerServer = concurrency,
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                UseProxy = false,
                AutomaticDecompression = DecompressionMethods.None,
            };
            _client = new HttpClient(_handler) { Timeout = TimeSpan.FromSeconds(60) };
            _uri = new Uri(endpoint, "/v1/traces");
        }

        public override async Task<string?> SendAsync(byte[] buffer, int length, bool gzip, MemoryStream gzipped, CancellationToken cancellationToken)
        {
            ByteArrayContent content;
            if (gzip)
            {
                RequestFactory.Gzip(buffer.AsSpan(0, length), gzipped);
                content = new ByteArrayContent(gzipped.GetBuffer(), 0, (int)gzipped.Length);
                content.Headers.ContentEncoding.Add("gzip");
            }
            else
            {
                content = new ByteArrayContent(buffer, 0, length);
            }

            content.Headers.ContentType = ContentType;
            try
            {
                using var response = await _client.PostAsync(_uri, content, cancellationToken);
                // Drain the (normally empty) body so the connection is reused.
                await response.Content.CopyToAsync(Stream.Null, cancellationToken);
                return response.IsSuccessStatusCode ? null : ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            finally
            {
                content.Dispose();
            }
        }

        public override void Dispose()
        {
            _client.Dispose();
            _handler.Dispose();
        }
    }

    /// <summary>
    /// OTLP/gRPC: the request bytes are sent as they are (a pass-through marshaller), so both protocols carry identical
    /// exports. One channel (one HTTP/2 connection) per worker, like a fleet of exporters each with its own channel.
    /// </summary>
    public sealed class Grpc : Transport
    {
        private static readonly Marshaller<byte[]> Bytes = Marshallers.Create<byte[]>(b => b, b => b);

        private static readonly Method<byte[], byte[]> Export = new(
            MethodType.Unary, "opentelemetry.proto.collector.trace.v1.TraceService", "Export", Bytes, Bytes);

        private readonly GrpcChannel _channel;
        private readonly CallInvoker _invoker;

        public Grpc(Uri endpoint)
        {
            _channel = GrpcChannel.ForAddress(endpoint, new GrpcChannelOptions
            {
                HttpHandler = new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan },
                MaxSendMessageSize = 64 * 1024 * 1024,
            });
            _invoker = _channel.CreateCallInvoker();
        }

        public override async Task<string?> SendAsync(byte[] buffer, int length, bool gzip, MemoryStream gzipped, CancellationToken cancellationToken)
        {
            var body = buffer.AsSpan(0, length).ToArray();
            try
            {
                await _invoker.AsyncUnaryCall(Export, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(60), cancellationToken: cancellationToken), body);
                return null;
            }
            catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
            {
                return ex.StatusCode == StatusCode.DeadlineExceeded ? "timeout" : "grpc:" + ex.StatusCode;
            }
        }

        public override void Dispose() => _channel.Dispose();
    }
}
