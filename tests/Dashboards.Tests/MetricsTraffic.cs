using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Npgsql;
using Observatory.Core.Projects;
using Observatory.EndToEnd.Tests;
using Observatory.Gateway.Otlp.Proto.Collector.Trace.V1;
using Observatory.Storage.Projects;
using Observatory.TestSupport;

namespace Observatory.Dashboards.Tests;

/// <summary>
/// The product with API keys and a tight query rate limit, scraped before and after known traffic: OTLP/HTTP and
/// OTLP/gRPC span exports, a log export, a malformed export, an export without a key, a rate-limited query and an export
/// while the database is down.
/// </summary>
public sealed class MetricsTraffic : IAsyncLifetime
{
    /// <summary>Spans per accepted OTLP/HTTP export (a root span plus its model calls), and the one gRPC export.</summary>
    public static readonly int[] HttpExportSpans = [2, 3, 5];
    public const int GrpcExportSpans = 4;
    public const int LogRecords = 2;

    /// <summary>Spans of the export sent while the database refuses connections (answered 503).</summary>
    public const int OutageExportSpans = 3;

    private ObservatoryTestHost _host = null!;

    public PrometheusScrape Before { get; private set; } = null!;
    public PrometheusScrape After { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // The key stays cached through the database outage below, so that export reaches the writer.
        _host = await ObservatoryTestHost.StartAsync("--Auth:Mode=keys", "--Auth:KeyCacheDuration=00:10:00",
            "--RateLimits:Query:PerSecond=0.1", "--RateLimits:Query:Burst=1");
        var store = new ProjectStore(NpgsqlDataSource.Create(_host.Database.ConnectionString));
        var key = (await store.CreateKeyAsync("default", ApiKeyRole.Admin, ApiKeyKind.Both, "metrics", default)).Secret;

        // The health gauges come from the checks' publisher, which first runs two seconds after start.
        await WaitForAsync(scrape => scrape.Has("observatory_health_status", ("check", "database")));
        Before = await ScrapeAsync();
        await SendTrafficAsync(key);
        await SendDuringOutageAsync();
        var spans = HttpExportSpans.Sum() + GrpcExportSpans;
        // The exporter serves a cached scrape for a moment: wait until the last counters of the traffic show.
        After = await WaitForAsync(scrape =>
            Delta(scrape, "observatory_storage_copy_rows_sum", ("table", "spans")) >= spans
            && Delta(scrape, "observatory_storage_copy_rows_sum", ("table", "log_events")) >= LogRecords
            && Delta(scrape, "observatory_rate_limited_total") >= 1
            && Delta(scrape, "observatory_otlp_export_duration_seconds_count", ("outcome", "rejected")) >= 1
            && Delta(scrape, "observatory_otlp_export_duration_seconds_count", ("outcome", "failed")) >= 1);
    }

    public async Task DisposeAsync()
    {
        await SetConnectionsAllowedAsync(true);
        await _host.DisposeAsync();
    }

    public double Delta(string name, params (string Label, string Value)[] labels) => Delta(After, name, labels);

    private double Delta(PrometheusScrape now, string name, params (string Label, string Value)[] labels) => now.Sum(name, labels) - Before.Sum(name, labels);

    private async Task SendTrafficAsync(string key)
    {
        _host.Otlp.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        _host.Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        foreach (var spans in HttpExportSpans)
        {
            await _host.SendAsync(Trace(spans));
        }

        using (var channel = GrpcChannel.ForAddress(_host.GrpcEndpoint))
        {
            var client = new TraceService.TraceServiceClient(channel);
            await client.ExportAsync(Trace(GrpcExportSpans), new Metadata { { "authorization", "Bearer " + key } });
        }

        using (var logs = await _host.Otlp.PostAsync("/v1/logs", new StringContent(LogsJson, Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, logs.StatusCode);
        }

        using (var malformed = await _host.Otlp.PostAsync("/v1/traces", new StringContent("{\"resourceSpans\": [", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        }

        using (var anonymous = new HttpClient { BaseAddress = _host.HttpEndpoint })
        using (var missingKey = await anonymous.PostAsync("/v1/traces", new StringContent("{}", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, missingKey.StatusCode);
        }

        using (var first = await _host.Api.GetAsync("/api/v1/traces"))
        using (var second = await _host.Api.GetAsync("/api/v1/traces"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        }
    }

    /// <summary>One export while PostgreSQL refuses this database's connections: the writer retries once, fails, answers 503.</summary>
    private async Task SendDuringOutageAsync()
    {
        await SetConnectionsAllowedAsync(false);
        try
        {
            using var content = new ByteArrayContent(Trace(OutageExportSpans).ToByteArray());
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
            using var response = await _host.Otlp.PostAsync("/v1/traces", content);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }
        finally
        {
            await SetConnectionsAllowedAsync(true);
        }
    }

    /// <summary>An outage of this test's database only: refuse new connections and end the open ones.</summary>
    private async Task SetConnectionsAllowedAsync(bool allowed)
    {
        await using var connection = new NpgsqlConnection(PostgresTestDatabase.ServerConnectionString);
        await connection.OpenAsync();
        var name = _host.Database.Name;
        await using var alter = new NpgsqlCommand($"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS {(allowed ? "true" : "false")}", connection);
        await alter.ExecuteNonQueryAsync();
        if (!allowed)
        {
            await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", connection);
            kill.Parameters.AddWithValue(name);
            await kill.ExecuteNonQueryAsync();
        }
    }

    private static ExportTraceServiceRequest Trace(int spans) =>
        AnalyticsTraceBuilder.Build(Guid.NewGuid().ToString("N"), "metrics-test", DateTime.UtcNow.AddMinutes(-1), "u", "s",
            Enumerable.Range(0, spans - 1).Select(i => new AnalyticsCall("gpt-4o", 10 + i, 100, 10)).ToArray());

    private async Task<PrometheusScrape> WaitForAsync(Func<PrometheusScrape, bool> ready)
    {
        for (var attempt = 0; ; attempt++)
        {
            var scrape = await ScrapeAsync();
            if (ready(scrape) || attempt == 100)
            {
                return scrape;
            }

            await Task.Delay(200);
        }
    }

    private async Task<PrometheusScrape> ScrapeAsync()
    {
        using var silo = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_host.SiloHttpPort}") };
        return new PrometheusScrape(await silo.GetStringAsync("/metrics"));
    }

    private const string LogsJson = """
        {"resourceLogs":[{"scopeLogs":[{"logRecords":[
          {"timeUnixNano":"1795687200810000000","traceId":"5b8efff798038103d269b633813fc60c","spanId":"a1f2c3d4e5b60718",
           "eventName":"gen_ai.user.message","body":{"kvlistValue":{"values":[{"key":"content","value":{"stringValue":"Where is my order?"}}]}}},
          {"timeUnixNano":"1795687203090000000","traceId":"5b8efff798038103d269b633813fc60c","spanId":"a1f2c3d4e5b60718",
           "eventName":"gen_ai.choice","body":{"kvlistValue":{"values":[{"key":"finish_reason","value":{"stringValue":"stop"}}]}}}]}]}]}
        """;
}
