using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Observatory.Silo.Hosting;
using Observatory.TestSupport;

namespace Observatory.EndToEnd.Tests;

/// <summary>
/// The real all-in-one process (silo + OTLP gateway + REST API), started in-process on free loopback ports
/// against a throwaway PostgreSQL database; it can be restarted on the same database and ports.
/// </summary>
public sealed class ObservatoryTestHost : IAsyncDisposable
{
    private readonly string[] _args;
    private readonly bool _ownsDatabase;
    private WebApplication? _app;

    private ObservatoryTestHost(PostgresTestDatabase database, string[] extraArgs, bool ownsDatabase = true)
    {
        Database = database;
        _ownsDatabase = ownsDatabase;
        var ports = FreePort.Next(6);
        (GrpcPort, HttpPort, ApiPort, SiloHttpPort) = (ports[0], ports[1], ports[2], ports[3]);
        _args =
        [
            $"--ConnectionStrings:Observatory={database.ConnectionString}",
            $"--Otlp:GrpcPort={GrpcPort}",
            $"--Otlp:HttpPort={HttpPort}",
            $"--Api:Port={ApiPort}",
            $"--Silo:HttpPort={SiloHttpPort}",
            $"--Orleans:SiloPort={ports[4]}",
            $"--Orleans:GatewayPort={ports[5]}",
            $"--Orleans:ClusterId=e2e-{Guid.NewGuid():N}",
            "--Logging:LogLevel:Default=Warning",
            // Tests seed data with fixed, often old, dates: retention (tested in Storage.Tests) must not remove it mid-class.
            "--Retention:Interval=00:00:00",
            // Every test calls from 127.0.0.1: one caller to the rate limiter. Tests of the limits set their own.
            "--RateLimits:Query:PerSecond=100000", "--RateLimits:Query:Burst=100000",
            "--RateLimits:Ingest:PerSecond=100000", "--RateLimits:Ingest:Burst=100000",
            "--RateLimits:Unauthenticated:PerSecond=100000", "--RateLimits:Unauthenticated:Burst=100000",
            .. extraArgs,
        ];
        Api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ApiPort}") };
        Otlp = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}") };
    }

    public PostgresTestDatabase Database { get; }
    public int GrpcPort { get; }
    public int HttpPort { get; }
    public int ApiPort { get; }
    public int SiloHttpPort { get; }
    public HttpClient Api { get; }
    public HttpClient Otlp { get; }
    public Uri GrpcEndpoint => new($"http://127.0.0.1:{GrpcPort}");
    public Uri HttpEndpoint => new($"http://127.0.0.1:{HttpPort}");

    /// <summary>The running process's services, for reading its own counters (not for changing its behaviour).</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The product is not running.");

    /// <summary>Starts the product; <paramref name="extraArgs"/> add configuration (<c>--Section:Key=value</c>).</summary>
    public static async Task<ObservatoryTestHost> StartAsync(params string[] extraArgs)
    {
        var host = new ObservatoryTestHost(await PostgresTestDatabase.CreateAsync(migrate: false), extraArgs);
        await host.StartAppAsync();
        return host;
    }

    /// <summary>A second process of the product on another host's database (its own cluster id and ports); the database stays the caller's.</summary>
    public static async Task<ObservatoryTestHost> StartOnAsync(PostgresTestDatabase database, params string[] extraArgs)
    {
        var host = new ObservatoryTestHost(database, extraArgs, ownsDatabase: false);
        await host.StartAppAsync();
        return host;
    }

    /// <summary>Stops the process the way SIGTERM does (grains deactivate, queued writes finish) and starts it again.</summary>
    public async Task RestartAsync()
    {
        await StopAppAsync();
        await StartAppAsync();
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Api.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task<(int Status, JsonElement Body)> GetWithStatusAsync(string path)
    {
        using var response = await Api.GetAsync(path);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return ((int)response.StatusCode, body);
    }

    private async Task StartAppAsync()
    {
        _app = ObservatoryApp.Create(_args);
        await _app.StartAsync();
    }

    private async Task StopAppAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAppAsync();
        Api.Dispose();
        Otlp.Dispose();
        if (_ownsDatabase)
        {
            await Database.DisposeAsync();
        }
    }
}
