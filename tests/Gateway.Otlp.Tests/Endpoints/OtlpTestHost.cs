using System.Collections.Concurrent;
using System.Net;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Observatory.Core.Ingest;
using Observatory.Gateway.Otlp.Proto.Collector.Logs.V1;
using Observatory.Gateway.Otlp.Proto.Collector.Trace.V1;
using Observatory.TestSupport;
using Observatory.Web.Auth;

namespace Observatory.Gateway.Otlp.Tests.Endpoints;

/// <summary>
/// The gateway as a host wires it (ConfigureOtlpKestrel, AddOtlpGateway, MapOtlpGateway) on real Kestrel and free
/// loopback ports, plus a third "API" port that must not serve OTLP, with recording span, log and metric ingestors.
/// </summary>
public sealed class OtlpTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpTestHost(WebApplication app, int grpcPort, int httpPort, int otherPort, RecordingSpanIngestor ingestor, RecordingLogIngestor logIngestor,
        RecordingMetricIngestor metricIngestor, ConcurrentQueue<string> requestEncodings)
    {
        _app = app;
        GrpcPort = grpcPort;
        HttpPort = httpPort;
        OtherPort = otherPort;
        Ingestor = ingestor;
        LogIngestor = logIngestor;
        MetricIngestor = metricIngestor;
        RequestEncodings = requestEncodings;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        Grpc = new TraceService.TraceServiceClient(Channel);
        GrpcLogs = new LogsService.LogsServiceClient(Channel);
    }

    public int GrpcPort { get; }
    public int HttpPort { get; }
    public int OtherPort { get; }
    public RecordingSpanIngestor Ingestor { get; }
    public RecordingLogIngestor LogIngestor { get; }
    public RecordingMetricIngestor MetricIngestor { get; }

    /// <summary>The grpc-encoding / Content-Encoding of each request as the server saw it ("identity" when absent).</summary>
    public ConcurrentQueue<string> RequestEncodings { get; }

    public HttpClient Http { get; }
    public GrpcChannel Channel { get; }
    public TraceService.TraceServiceClient Grpc { get; }
    public LogsService.LogsServiceClient GrpcLogs { get; }

    /// <summary>
    /// Starts the gateway. With <paramref name="keys"/> it requires API keys and looks them up there, with the auth
    /// middleware the standalone gateway's Program installs (and, like it, no exception handler).
    /// </summary>
    public static async Task<OtlpTestHost> StartAsync(long maxRequestBytes = 64 * 1024, Core.Projects.IApiKeyLookup? keys = null)
    {
        int grpcPort = FreePort.Next(), httpPort = FreePort.Next(), otherPort = FreePort.Next();
        var ingestor = new RecordingSpanIngestor();
        var logIngestor = new RecordingLogIngestor();
        var metricIngestor = new RecordingMetricIngestor();
        var encodings = new ConcurrentQueue<string>();

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Otlp:GrpcPort"] = grpcPort.ToString(),
            ["Otlp:HttpPort"] = httpPort.ToString(),
            ["Otlp:MaxRequestBytes"] = maxRequestBytes.ToString(),
            ["Auth:Mode"] = keys is null ? "none" : "keys",
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ConfigureOtlpKestrel(builder.Configuration);
            kestrel.Listen(IPAddress.Loopback, otherPort);
        });
        builder.Services.AddOtlpGateway(builder.Configuration);
        builder.Services.AddSingleton<ISpanIngestor>(ingestor);
        builder.Services.AddSingleton<ILogIngestor>(logIngestor);
        builder.Services.AddSingleton<Core.Metrics.IMetricIngestor>(metricIngestor);
        // The gateway's host brings the key store (PostgreSQL); these tests run with Auth:Mode=none and need none.
        builder.Services.AddSingleton(keys ?? new NoApiKeys());

        var app = builder.Build();
        app.Use((context, next) =>
        {
            var encoding = context.Request.Headers["grpc-encoding"].ToString();
            encodings.Enqueue(encoding.Length > 0 ? encoding : context.Request.Headers.ContentEncoding.ToString() is { Length: > 0 } coding ? coding : "identity");
            return next(context);
        });
        if (keys is not null)
        {
            app.UseObservatoryAuth();
        }

        app.MapOtlpGateway();
        await app.StartAsync();
        return new OtlpTestHost(app, grpcPort, httpPort, otherPort, ingestor, logIngestor, metricIngestor, encodings);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>A key store without keys, for hosts that never look one up.</summary>
internal sealed class NoApiKeys : Core.Projects.IApiKeyLookup
{
    public Task<Core.Projects.ApiKeyRecord?> FindAsync(string keyId, CancellationToken cancellationToken) => Task.FromResult<Core.Projects.ApiKeyRecord?>(null);
}
