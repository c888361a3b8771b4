using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Observatory.Core.Projects;
using Observatory.Web.Auth;

namespace Observatory.EndToEnd.Tests;

/// <summary>
/// Random keys cannot buy database lookups or memory: with room for 50 known and 50 unknown keys and a client-address
/// bucket of 20 (refilled at one token every 2 s), missing and wrong keys are limited per address before any lookup, and the key cache
/// never grows past its bounds. Each test calls from loopback addresses of its own.
/// </summary>
public sealed class KeyFloodTests : IAsyncLifetime
{
    private const int Burst = 20;
    private const double PerSecond = 0.5;
    private ObservatoryTestHost _host = null!;
    private string _validKey = null!;

    private ApiKeyCache KeyCache => _host.Services.GetRequiredService<ApiKeyCache>();

    public async Task InitializeAsync()
    {
        _host = await ObservatoryTestHost.StartAsync(
            "--Auth:Mode=keys", "--Auth:KeyCacheSize=50", "--Auth:UnknownKeyCacheSize=50", "--Auth:KeyCacheDuration=00:10:00",
            $"--RateLimits:Unauthenticated:PerSecond={PerSecond}", $"--RateLimits:Unauthenticated:Burst={Burst}");
        var store = new Storage.Projects.ProjectStore(Npgsql.NpgsqlDataSource.Create(_host.Database.ConnectionString));
        _validKey = (await store.CreateKeyAsync("default", ApiKeyRole.Viewer, ApiKeyKind.Both, "flood-test", default)).Secret;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_flood_of_random_keys_from_one_address_gets_429_before_lookups_while_other_callers_go_on()
    {
        using var attacker = LoopbackCaller.Client("127.0.3.1", _host.ApiPort);
        var lookupsBefore = KeyCache.Lookups;
        var started = DateTime.UtcNow;
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? lastLimited = null;
        for (var i = 0; i < 300; i++)
        {
            var response = await GetAsync(attacker, ApiKeys.Generate().Secret);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                lastLimited?.Dispose();
                lastLimited = response;
            }
            else
            {
                response.Dispose();
            }
        }

        var seconds = (DateTime.UtcNow - started).TotalSeconds;
        var allowed = Burst + (int)Math.Ceiling(seconds * PerSecond);
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests, s.ToString()));
        Assert.All(statuses.Take(Burst), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.InRange(statuses.Count(s => s == HttpStatusCode.Unauthorized), Burst, allowed);
        Assert.InRange(KeyCache.Lookups - lookupsBefore, Burst, allowed);

        Assert.NotNull(lastLimited);
        Assert.True(lastLimited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        var error = (await lastLimited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("rate_limited", error.GetProperty("code").GetString());
        Assert.Contains("without a valid API key", error.GetProperty("message").GetString());
        lastLimited.Dispose();

        // Keyless and malformed tries from the same address are limited too; a known key from it is not (no lookup).
        using (var keyless = await GetAsync(attacker, null))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, keyless.StatusCode);
        }

        using (var malformed = await GetAsync(attacker, "not-a-key"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, malformed.StatusCode);
        }

        // Another address has its own bucket: a valid key works and a wrong one still gets a plain 401.
        using var neighbour = LoopbackCaller.Client("127.0.3.2", _host.ApiPort);
        using (var valid = await GetAsync(neighbour, _validKey))
        {
            Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        }

        using (var known = await GetAsync(attacker, _validKey))
        {
            Assert.Equal(HttpStatusCode.OK, known.StatusCode);   // cached by the neighbour's lookup: free
        }

        using (var wrong = await GetAsync(neighbour, ApiKeys.Generate().Secret))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
    }

    [Fact]
    public async Task Random_keys_from_many_addresses_keep_the_key_cache_within_its_bounds()
    {
        var lookupsBefore = KeyCache.Lookups;
        for (var address = 1; address <= 8; address++)
        {
            using var client = LoopbackCaller.Client($"127.0.4.{address}", _host.ApiPort);
            for (var i = 0; i < Burst; i++)
            {
                using var response = await GetAsync(client, ApiKeys.Generate().Secret);
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            }
        }

        Assert.Equal(8 * Burst, KeyCache.Lookups - lookupsBefore);
        Assert.InRange(KeyCache.Count, 1, 100);
    }

    [Fact]
    public async Task A_repeated_unknown_key_is_looked_up_once()
    {
        using var client = LoopbackCaller.Client("127.0.5.1", _host.ApiPort);
        var key = ApiKeys.Generate().Secret;
        var lookupsBefore = KeyCache.Lookups;
        for (var i = 0; i < 5; i++)
        {
            using var response = await GetAsync(client, key);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.Equal(1, KeyCache.Lookups - lookupsBefore);
    }

    [Fact]
    public async Task Ingest_with_wrong_keys_is_limited_per_address_in_the_otlp_error_shape()
    {
        using var exporter = LoopbackCaller.Client("127.0.6.1", _host.HttpPort);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Burst + 5; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/traces") { Content = new StringContent("{}") };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add("x-api-key", ApiKeys.Generate().Secret);
            using var response = await exporter.SendAsync(request);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
                var status = await response.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal(8, status.GetProperty("code").GetInt32());   // google.rpc RESOURCE_EXHAUSTED
                Assert.Contains("without a valid API key", status.GetProperty("message").GetString());
            }
        }

        Assert.Equal(HttpStatusCode.Unauthorized, statuses[0]);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient client, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/traces?limit=1");
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client.SendAsync(request);
    }
}
