using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Observatory.Storage.Projects;

namespace Observatory.EndToEnd.Tests;

/// <summary>With API keys, buckets belong to keys: two keys of one project, from one address, do not share a limit.</summary>
public sealed class RedisPerKeyRateLimitTests : IAsyncLifetime
{
    private ObservatoryTestHost _host = null!;
    private string _keyPrefix = null!;

    public async Task InitializeAsync() => _host = await ObservatoryTestHost.StartAsync(
    [
        .. RedisTestServer.HostArgs(RedisTestServer.SharedEndpoint, out _keyPrefix),
        "--Auth:Mode=keys",
        "--RateLimits:Query:PerSecond=0.5", "--RateLimits:Query:Burst=2",
    ]);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Each_key_has_its_own_query_bucket()
    {
        var store = new ProjectStore(Npgsql.NpgsqlDataSource.Create(_host.Database.ConnectionString));
        var first = (await store.CreateKeyAsync("default", Core.Projects.ApiKeyRole.Viewer, Core.Projects.ApiKeyKind.Query, "first", default)).Secret;
        var second = (await store.CreateKeyAsync("default", Core.Projects.ApiKeyRole.Viewer, Core.Projects.ApiKeyKind.Query, "second", default)).Secret;

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(first));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync(first));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(second));

        // The bucket in Redis is named by the key's public id, never by its secret.
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(RedisTestServer.SharedEndpoint);
        var keys = redis.GetServer(RedisTestServer.SharedEndpoint).Keys(pattern: _keyPrefix + "*").Select(k => k.ToString()).ToList();
        Assert.Contains(keys, k => k.Contains(first[..12], StringComparison.Ordinal));
        Assert.DoesNotContain(keys, k => k.Contains(first, StringComparison.Ordinal));
    }

    private async Task<HttpStatusCode> StatusAsync(string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/traces?limit=1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await _host.Api.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            Assert.Equal("rate_limited", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
        }

        return response.StatusCode;
    }
}
