using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Observatory.EndToEnd.Tests;

/// <summary>
/// Redis killed under a running host: the API keeps answering 200 (without the cache), /health says degraded,
/// limits still hold per process; when Redis is back, so are the health and the cache.
/// </summary>
public sealed class RedisOutageTests : IAsyncLifetime
{
    private RedisTestServer _redis = null!;
    private ObservatoryTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisTestServer.StartPrivateAsync();
        _host = await ObservatoryTestHost.StartAsync(
        [
            .. RedisTestServer.HostArgs(_redis.Endpoint, out _),
            "--QueryCache:TtlSeconds=60", "--Redis:RetrySeconds=1",
            "--RateLimits:Ingest:PerSecond=0.1", "--RateLimits:Ingest:Burst=3",
        ]);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Api_keeps_answering_health_degrades_and_limits_hold_locally_while_redis_is_down()
    {
        var health = await _host.GetJsonAsync("/health");
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.Equal("healthy", health.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
        Assert.Equal("miss", await CacheStatusAsync());
        Assert.Equal("hit", await CacheStatusAsync());

        await _redis.StopAsync();

        // No request waits on the dead Redis: each is answered from the database, promptly.
        for (var i = 0; i < 5; i++)
        {
            var timer = Stopwatch.StartNew();
            Assert.Equal("miss", await CacheStatusAsync());
            Assert.True(timer.Elapsed < TimeSpan.FromSeconds(1), $"a query took {timer.Elapsed.TotalMilliseconds} ms with Redis down");
        }

        var (status, degraded) = await _host.GetWithStatusAsync("/health");
        Assert.Equal(200, status);
        Assert.Equal("degraded", degraded.GetProperty("status").GetString());
        Assert.Equal("degraded", degraded.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
        Assert.Equal("healthy", degraded.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());

        // Ingest burst of 3 still holds, in this process's own buckets.
        for (var i = 0; i < 3; i++)
        {
            using var accepted = await PostSampleAsync();
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
            Assert.Equal((2 - i).ToString(System.Globalization.CultureInfo.InvariantCulture), accepted.Headers.GetValues("X-RateLimit-Remaining").Single());
        }

        using (var limited = await PostSampleAsync())
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.NotNull(limited.Headers.RetryAfter);
            Assert.Equal(8, (await limited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetInt32());
        }

        // Redis comes back: healthy again and answers are cached again.
        await _redis.StartAsync();
        var recovered = Stopwatch.StartNew();
        string? healthStatus = null;
        while (recovered.Elapsed < TimeSpan.FromSeconds(20) && healthStatus != "healthy")
        {
            await Task.Delay(250);
            healthStatus = (await _host.GetJsonAsync("/health")).GetProperty("status").GetString();
        }

        Assert.Equal("healthy", healthStatus);
        await Task.Delay(TimeSpan.FromSeconds(1.2));   // past the skip window after the last failure
        await CacheStatusAsync();
        Assert.Equal("hit", await CacheStatusAsync());
    }

    private async Task<string?> CacheStatusAsync()
    {
        using var response = await _host.Api.GetAsync("/api/v1/traces?service=outage-cache-svc");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.TryGetValues("X-Cache", out var values) ? values.Single() : null;
    }

    private Task<HttpResponseMessage> PostSampleAsync() =>
        _host.Otlp.PostAsync("/v1/traces", new StringContent(File.ReadAllText("test-data/sample-trace.json"), System.Text.Encoding.UTF8, "application/json"));
}
