using System.Net;

namespace Observatory.EndToEnd.Tests;

/// <summary>The process's own numbers in the Prometheus text format at <c>/metrics</c> on the silo's HTTP port.</summary>
public sealed class SelfMetricsTests : IAsyncLifetime
{
    private ObservatoryTestHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await ObservatoryTestHost.StartAsync("--RateLimits:Query:PerSecond=0.1", "--RateLimits:Query:Burst=1");

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Metrics_show_http_runtime_orleans_and_rate_limited_requests()
    {
        using (var ok = await _host.Api.GetAsync("/api/v1/traces"))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using (var limited = await _host.Api.GetAsync("/api/v1/traces"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        }

        using var silo = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_host.SiloHttpPort}") };
        string text = "";
        for (var attempt = 0; attempt < 50 && !text.Contains("observatory_rate_limited_total"); attempt++)
        {
            await Task.Delay(200);   // the exporter collects on scrape, but serves one cached scrape for a moment
            using var response = await silo.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
            text = await response.Content.ReadAsStringAsync();
        }

        Assert.Matches(@"observatory_rate_limited_total\{[^}]*kind=""query""[^}]*\} [1-9]", text);
        Assert.Contains("http_server_request_duration_seconds_bucket", text);   // ASP.NET Core
        Assert.Contains("dotnet_gc_", text);                                     // the runtime
        Assert.Contains("orleans_", text);                                       // Orleans
    }
}
