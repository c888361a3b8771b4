using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Grpc.Core;
using Npgsql;
using Observatory.Core.Projects;
using Observatory.EndToEnd.Tests;
using Observatory.Storage.Projects;
using Observatory.TestSupport;

namespace Observatory.Dashboards.Tests;

/// <summary>
/// The product with API keys and a tight query rate limit, scraped before and after known traffic: span exports over
/// OTLP/HTTP and OTLP/gRPC, log exports over both, one invalid export per signal and transport, an export without a
/// key, a rate-limited query, and one export per signal and transport while the database is down.
/// </summary>
public sealed class MetricsTraffic : IAsyncLifetime
{
    /// <summary>Spans per accepted OTLP/HTTP export (a root span plus its model calls), and the one gRPC export.</summary>
    public static readonly int[] HttpExportSpans = [2, 3, 5];
    public const int GrpcExportSpans = 4;

    /// <summary>Log records of the accepted log export on each transport.</summary>
    public const int HttpLogRecords = 2;
    public const int GrpcLogRecords = 3;

    /// <summary>Spans, and log records, of each export sent while the database refuses connections (503 / UNAVAILABLE).</summary>
    public const int OutageExportSpans = 3;
    public const int OutageLogRecords = 2;

    /// <summary>The (signal, transport) pairs: each gets one invalid export and one export during the outage.</summary>
    public static readonly (string Signal, string Transport)[] Routes = [("spans", "http"), ("spans", "grpc"), ("logs", "http"), ("logs", "grpc")];

    private ObservatoryTestHost _host = null!;

    public PrometheusScrape Before { get; private set; } = null!;
    public PrometheusScrape After { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // The key stays cached through the database outage below, so those exports reach the writers.
        _host = await ObservatoryTestHost.StartAsync("--Auth:Mode=keys", "--Auth:KeyCacheDuration=00:10:00",
            "--RateLimits:Query:PerSecond=0.1", "--RateLimits:Query:Burst=1");
        var store = new ProjectStore(NpgsqlDataSource.Create(_host.Database.ConnectionString));
        var key = (await store.CreateKeyAsync("default", ApiKeyRole.Admin, ApiKeyKind.Both, "metrics", default)).Secret;
        // Never used before the outage, so checking it then needs the database.
        var uncachedKey = (await store.CreateKeyAsync("default", ApiKeyRole.Admin, ApiKeyKind.Ingest, "metrics-uncached", default)).Secret;
        _host.Otlp.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        _host.Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var exports = new OtlpExports(_host.Otlp, _host.GrpcEndpoint, key);

        // The health gauges come from the checks' publisher, which first runs two seconds after start.
        await WaitForAsync(scrape => scrape.Has("observatory_health_status", ("check", "database")));
        Before = await ScrapeAsync();
        await SendTrafficAsync(exports);
        using (var uncachedHttp = new HttpClient { BaseAddress = _host.HttpEndpoint })
        {
            uncachedHttp.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", uncachedKey);
            using var uncached = new OtlpExports(uncachedHttp, _host.GrpcEndpoint, uncachedKey);
            await SendDuringOutageAsync(exports, uncached);
        }

        var spans = HttpExportSpans.Sum() + GrpcExportSpans;
        // The exporter serves a cached scrape for a moment: wait until the last counters of the traffic show. The health
        // publisher may have run during the outage (every 15 s) and reported the database down: wait for it to report the
        // recovery too, or the health assertions would race it.
        After = await WaitForAsync(scrape =>
            scrape.Sum("observatory_health_status", ("check", "database")) == 1
            && scrape.Sum("observatory_health_status", ("check", "cluster")) == 1
            && Delta(scrape, "observatory_storage_copy_rows_sum", ("table", "spans")) >= spans
            && Delta(scrape, "observatory_storage_copy_rows_sum", ("table", "log_events")) >= HttpLogRecords + GrpcLogRecords
            && Delta(scrape, "observatory_rate_limited_total") >= 1
            && Delta(scrape, "observatory_otlp_export_duration_seconds_count", ("outcome", "rejected")) >= Routes.Length + 2
            && Delta(scrape, "observatory_otlp_export_duration_seconds_count", ("outcome", "failed")) >= Routes.Length + 2);
    }

    public async Task DisposeAsync()
    {
        await SetConnectionsAllowedAsync(true);
        await _host.DisposeAsync();
    }

    public double Delta(string name, params (string Label, string Value)[] labels) => Delta(After, name, labels);

    private double Delta(PrometheusScrape now, string name, params (string Label, string Value)[] labels) => now.Sum(name, labels) - Before.Sum(name, labels);

    private async Task SendTrafficAsync(OtlpExports exports)
    {
        foreach (var spans in HttpExportSpans)
        {
            await exports.PostTracesAsync(OtlpExports.Trace(spans), HttpStatusCode.OK);
        }

        await exports.ExportTracesAsync(OtlpExports.Trace(GrpcExportSpans));
        await exports.PostLogsAsync(OtlpExports.Logs(HttpLogRecords), HttpStatusCode.OK);
        await exports.ExportLogsAsync(OtlpExports.Logs(GrpcLogRecords));

        // Bad input, one per signal and transport: JSON cut off mid-array, and valid protobuf with a 3- or 2-byte trace id.
        await exports.PostMalformedJsonAsync("/v1/traces", "{\"resourceSpans\": [");
        await exports.PostMalformedJsonAsync("/v1/logs", "{\"resourceLogs\": [");
        await exports.ExportTracesAsync(OtlpExports.TraceWithBadTraceId(2), StatusCode.InvalidArgument);
        await exports.ExportLogsAsync(OtlpExports.Logs(2, traceIdBytes: 2), StatusCode.InvalidArgument);
        // Broken gRPC framing, refused before the gateway's handler: a compressed flag of 7, a length prefix past the body.
        await exports.PostGrpcFrameAsync("opentelemetry.proto.collector.trace.v1.TraceService", [7, 0, 0, 0, 2, 0x0a, 0x00]);
        await exports.PostGrpcFrameAsync("opentelemetry.proto.collector.logs.v1.LogsService", [0, 0, 0, 0x10, 0, 0x0a, 0x00]);

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

    /// <summary>
    /// One export per signal and transport while PostgreSQL refuses this database's connections: the span writer retries
    /// each once and fails, the log writer fails; OTLP/HTTP answers 503 and OTLP/gRPC UNAVAILABLE, so exporters retry.
    /// Sent one after another, so each is its own write transaction. Then a span export per transport with a key the
    /// edge has not seen yet: its lookup fails, and it must be a retryable failed export too.
    /// </summary>
    private async Task SendDuringOutageAsync(OtlpExports exports, OtlpExports uncached)
    {
        await SetConnectionsAllowedAsync(false);
        try
        {
            await exports.PostTracesAsync(OtlpExports.Trace(OutageExportSpans), HttpStatusCode.ServiceUnavailable);
            await exports.ExportTracesAsync(OtlpExports.Trace(OutageExportSpans), StatusCode.Unavailable);
            await exports.PostLogsAsync(OtlpExports.Logs(OutageLogRecords), HttpStatusCode.ServiceUnavailable);
            await exports.ExportLogsAsync(OtlpExports.Logs(OutageLogRecords), StatusCode.Unavailable);
            await uncached.PostTracesAsync(OtlpExports.Trace(OutageExportSpans), HttpStatusCode.ServiceUnavailable);
            await uncached.ExportTracesAsync(OtlpExports.Trace(OutageExportSpans), StatusCode.Unavailable);
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

    private async Task<PrometheusScrape> WaitForAsync(Func<PrometheusScrape, bool> ready)
    {
        for (var attempt = 0; ; attempt++)
        {
            var scrape = await ScrapeAsync();
            if (ready(scrape) || attempt == 200)   // 40 s: more than two health publisher periods
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
}
