using System.Net;

namespace Observatory.EndToEnd.Tests;

/// <summary>
/// Keyless callers behind a reverse proxy: with the proxy named in <c>Network:TrustedProxies</c> each client address in
/// <c>X-Forwarded-For</c> has its own bucket; from an address that is not trusted the header is ignored, so nobody can
/// dodge a limit by writing it.
/// </summary>
public sealed class TrustedProxyTests : IAsyncLifetime
{
    private const int Burst = 2;
    private ObservatoryTestHost _host = null!;

    public async Task InitializeAsync() => _host = await ObservatoryTestHost.StartAsync(
        "--Network:TrustedProxies=127.0.0.7, 10.9.0.0/16",
        "--RateLimits:Query:PerSecond=0.001", $"--RateLimits:Query:Burst={Burst}");

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Clients_behind_a_trusted_proxy_get_a_bucket_each()
    {
        using var proxy = LoopbackCaller.Client("127.0.0.7", _host.ApiPort);
        for (var i = 0; i < Burst; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(proxy, "203.0.113.1"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync(proxy, "203.0.113.1"));

        // Another client through the same proxy, and the proxy's own requests, have full buckets.
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(proxy, "203.0.113.2"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(proxy, null));
    }

    [Fact]
    public async Task The_header_from_an_untrusted_address_is_ignored()
    {
        using var stranger = LoopbackCaller.Client("127.0.0.8", _host.ApiPort);
        for (var i = 0; i < Burst; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(stranger, $"198.51.100.{i + 1}"));
        }

        // A new forwarded address each time does not buy a new bucket.
        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync(stranger, "198.51.100.99"));
    }

    [Fact]
    public async Task A_malformed_trusted_proxy_setting_stops_the_start_with_a_message()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => ObservatoryTestHost.StartAsync("--Network:TrustedProxies=10.0.0.0/8, proxy.local"));
        Assert.Contains("'proxy.local'", Flatten(failure));
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string? forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/traces?limit=1");
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private static string Flatten(Exception ex) => ex.InnerException is null ? ex.Message : ex.Message + " | " + Flatten(ex.InnerException);
}
