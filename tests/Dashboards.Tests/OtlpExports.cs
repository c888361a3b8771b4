using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Observatory.EndToEnd.Tests;
using Observatory.Gateway.Otlp.Proto.Collector.Logs.V1;
using Observatory.Gateway.Otlp.Proto.Collector.Trace.V1;
using Observatory.Gateway.Otlp.Proto.Common.V1;
using Observatory.Gateway.Otlp.Proto.Logs.V1;

namespace Observatory.Dashboards.Tests;

/// <summary>
/// Sends OTLP exports of both signals over both transports, as exporters do: OTLP/HTTP protobuf or JSON with an
/// <c>HttpClient</c>, OTLP/gRPC with the generated client over a real HTTP/2 channel. Each send asserts the answer it expects.
/// </summary>
public sealed class OtlpExports(HttpClient http, Uri grpcEndpoint, string key) : IDisposable
{
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(grpcEndpoint);
    private readonly Metadata _auth = new() { { "authorization", "Bearer " + key } };

    /// <summary>A trace of <paramref name="spans"/> spans: a root span and its model calls.</summary>
    public static ExportTraceServiceRequest Trace(int spans) =>
        AnalyticsTraceBuilder.Build(Guid.NewGuid().ToString("N"), "metrics-test", DateTime.UtcNow.AddMinutes(-1), "u", "s",
            Enumerable.Range(0, spans - 1).Select(i => new AnalyticsCall("gpt-4o", 10 + i, 100, 10)).ToArray());

    /// <summary><paramref name="records"/> GenAI events of one span; a trace id of the wrong length makes the export invalid.</summary>
    public static ExportLogsServiceRequest Logs(int records, int traceIdBytes = 16)
    {
        var scope = new ScopeLogs();
        var now = (ulong)((DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100);
        for (var i = 0; i < records; i++)
        {
            scope.LogRecords.Add(new LogRecord
            {
                TimeUnixNano = now + (ulong)i,
                EventName = "gen_ai.user.message",
                TraceId = ByteString.CopyFrom(Guid.NewGuid().ToByteArray()[..traceIdBytes]),
                SpanId = ByteString.CopyFrom(Guid.NewGuid().ToByteArray()[..8]),
                Body = new AnyValue { StringValue = $"question {i}" },
            });
        }

        return new ExportLogsServiceRequest { ResourceLogs = { new ResourceLogs { ScopeLogs = { scope } } } };
    }

    /// <summary>A trace whose spans carry a 3-byte trace id: valid protobuf, invalid OTLP.</summary>
    public static ExportTraceServiceRequest TraceWithBadTraceId(int spans)
    {
        var request = Trace(spans);
        foreach (var span in request.ResourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans))
        {
            span.TraceId = ByteString.CopyFrom(1, 2, 3);
        }

        return request;
    }

    public Task PostTracesAsync(ExportTraceServiceRequest request, HttpStatusCode expected) => PostAsync("/v1/traces", request, expected);

    public Task PostLogsAsync(ExportLogsServiceRequest request, HttpStatusCode expected) => PostAsync("/v1/logs", request, expected);

    /// <summary>An OTLP/JSON body that ends mid-array: 400, nothing decoded.</summary>
    public async Task PostMalformedJsonAsync(string path, string body)
    {
        using var response = await http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    /// <summary>OTLP/gRPC <c>TraceService.Export</c>; <paramref name="expected"/> is the status the gateway must answer.</summary>
    public async Task ExportTracesAsync(ExportTraceServiceRequest request, StatusCode expected = StatusCode.OK)
    {
        var client = new TraceService.TraceServiceClient(_channel);
        await ExpectAsync(() => client.ExportAsync(request, _auth).ResponseAsync, expected);
    }

    /// <summary>OTLP/gRPC <c>LogsService.Export</c>.</summary>
    public async Task ExportLogsAsync(ExportLogsServiceRequest request, StatusCode expected = StatusCode.OK)
    {
        var client = new LogsService.LogsServiceClient(_channel);
        await ExpectAsync(() => client.ExportAsync(request, _auth).ResponseAsync, expected);
    }

    /// <summary>
    /// A raw OTLP/gRPC request body (the 5-byte frame prefix and the message) as a broken exporter frames it, over h2c:
    /// Grpc.AspNetCore refuses it before the gateway's handler runs, and the gateway answers INVALID_ARGUMENT.
    /// </summary>
    public async Task PostGrpcFrameAsync(string service, byte[] body)
    {
        using var raw = new HttpClient();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(grpcEndpoint, $"/{service}/Export"))
        {
            Content = content,
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await raw.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        var status = response.TrailingHeaders.TryGetValues("grpc-status", out var trailer) ? trailer.Single()
            : response.Headers.TryGetValues("grpc-status", out var header) ? header.Single() : null;
        Assert.Equal(((int)StatusCode.InvalidArgument).ToString(System.Globalization.CultureInfo.InvariantCulture), status);
    }

    private async Task PostAsync(string path, IMessage request, HttpStatusCode expected)
    {
        using var content = new ByteArrayContent(request.ToByteArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        using var response = await http.PostAsync(path, content);
        Assert.Equal(expected, response.StatusCode);
    }

    private static async Task ExpectAsync<T>(Func<Task<T>> call, StatusCode expected)
    {
        if (expected == StatusCode.OK)
        {
            await call();
            return;
        }

        var failure = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(expected, failure.StatusCode);
    }

    public void Dispose() => _channel.Dispose();
}
