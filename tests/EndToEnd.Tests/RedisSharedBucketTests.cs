using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf;
using StackExchange.Redis;
using RpcStatus = Observatory.Gateway.Otlp.Proto.Rpc.Status;

namespace Observatory.EndToEnd.Tests;

/// <summary>
/// Two product processes that share nothing but Redis (each has its own database, so its own Orleans cluster): a
/// caller's bucket is one bucket, whichever process the caller reaches. A burst of 4 and one token per 1000 s, so
/// no token comes back while a test runs and the counts are exact.
/// </summary>
public sealed class RedisSharedBucketTests : IAsyncLifetime
{
    private const int Burst = 4;
    private ObservatoryTestHost _first = null!;
    private ObservatoryTestHost _second = null!;
    private string _keyPrefix = null!;

    public async Task InitializeAsync()
    {
        // The same key prefix for both: the processes are two gateways of one deployment.
        string[] args =
        [
            .. RedisTestServer.HostArgs(RedisTestServer.SharedEndpoint, out _keyPrefix),
            "--RateLimits:Query:PerSecond=0.001", $"--RateLimits:Query:Burst={Burst}",
            "--RateLimits:Ingest:PerSecond=0.001", $"--RateLimits:Ingest:Burst={Burst}",
        ];
        _first = await ObservatoryTestHost.StartAsync(args);
        _second = await ObservatoryTestHost.StartAsync(args);
        await WaitForRedisAsync(_first);
        await WaitForRedisAsync(_second);
    }

    public async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await _first.DisposeAsync();
    }

    [Fact]
    public async Task Query_requests_alternating_between_two_processes_spend_one_bucket()
    {
        using var first = LoopbackCaller.Client("127.0.0.6", _first.ApiPort);
        using var second = LoopbackCaller.Client("127.0.0.6", _second.ApiPort);
        HttpClient[] processes = [first, second];

        for (var i = 0; i < Burst; i++)
        {
            using var ok = await processes[i % 2].GetAsync("/api/v1/traces?limit=1");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            AssertLimitHeaders(ok, remaining: Burst - 1 - i);
        }

        foreach (var process in processes)
        {
            using var limited = await process.GetAsync("/api/v1/traces?limit=1");
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            AssertLimitHeaders(limited, remaining: 0);
            AssertRetryAfterNextToken(limited);
            var error = (await limited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
            Assert.Equal("rate_limited", error.GetProperty("code").GetString());
        }

        Assert.Equal([$"{_keyPrefix}rl:query:default:ip:127.0.0.6"], await BucketKeysAsync("127.0.0.6"));
    }

    [Fact]
    public async Task Otlp_exports_alternating_between_two_processes_spend_one_bucket()
    {
        using var first = LoopbackCaller.Client("127.0.0.7", _first.HttpPort);
        using var second = LoopbackCaller.Client("127.0.0.7", _second.HttpPort);
        HttpClient[] processes = [first, second];

        for (var i = 0; i < Burst; i++)
        {
            using var ok = await processes[i % 2].PostAsync("/v1/traces", ProtobufTrace());
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            AssertLimitHeaders(ok, remaining: Burst - 1 - i);
        }

        // Refused by either process, each in the request's encoding: a google.rpc.Status RESOURCE_EXHAUSTED.
        using (var protobuf = await first.PostAsync("/v1/traces", ProtobufTrace()))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, protobuf.StatusCode);
            AssertLimitHeaders(protobuf, remaining: 0);
            AssertRetryAfterNextToken(protobuf);
            Assert.Equal("application/x-protobuf", protobuf.Content.Headers.ContentType?.MediaType);
            var status = RpcStatus.Parser.ParseFrom(await protobuf.Content.ReadAsByteArrayAsync());
            Assert.Equal(8, status.Code);
            Assert.Contains("ingest rate limit", status.Message);
        }

        using (var json = await second.PostAsync("/v1/traces", JsonTrace()))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, json.StatusCode);
            AssertLimitHeaders(json, remaining: 0);
            AssertRetryAfterNextToken(json);
            var status = await json.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(8, status.GetProperty("code").GetInt32());
            Assert.Contains("ingest rate limit", status.GetProperty("message").GetString());
        }

        Assert.Equal([$"{_keyPrefix}rl:ingest:default:ip:127.0.0.7"], await BucketKeysAsync("127.0.0.7"));
    }

    [Fact]
    public async Task Concurrent_requests_to_both_processes_get_exactly_the_burst_through()
    {
        using var first = LoopbackCaller.Client("127.0.0.8", _first.ApiPort);
        using var second = LoopbackCaller.Client("127.0.0.8", _second.ApiPort);

        // Three times the burst at once, half to each process: the Redis script charges atomically, so no race lets
        // a fifth request through, and none is refused while a token is left.
        var calls = Enumerable.Range(0, 3 * Burst).Select(async i =>
        {
            using var response = await (i % 2 == 0 ? first : second).GetAsync("/api/v1/traces?limit=1");
            return response.StatusCode;
        });
        var statuses = await Task.WhenAll(calls);

        Assert.Equal(Burst, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(2 * Burst, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    /// <summary>
    /// Until a process has connected to Redis it limits in-process, by design (Redis is optional), so a process that
    /// has just started would count a bucket of its own. /health reports Redis healthy once it is connected.
    /// </summary>
    private static async Task WaitForRedisAsync(ObservatoryTestHost host)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var (_, health) = await host.GetWithStatusAsync("/health");
            if (health.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString() == "healthy")
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the test host did not connect to Redis within 10 s");
    }

    private static void AssertLimitHeaders(HttpResponseMessage response, int remaining)
    {
        Assert.Equal(Burst.ToString(CultureInfo.InvariantCulture), response.Headers.GetValues("X-RateLimit-Limit").Single());
        Assert.Equal(remaining.ToString(CultureInfo.InvariantCulture), response.Headers.GetValues("X-RateLimit-Remaining").Single());
        // Seconds until the bucket is full again: 1000 s per spent token, less the few milliseconds the test has run.
        var reset = int.Parse(response.Headers.GetValues("X-RateLimit-Reset").Single(), CultureInfo.InvariantCulture);
        Assert.InRange(reset, (Burst - remaining) * 1000 - 30, (Burst - remaining) * 1000);
    }

    /// <summary>The next token is 1000 s away, less the little the bucket refilled since the test began.</summary>
    private static void AssertRetryAfterNextToken(HttpResponseMessage response) =>
        Assert.InRange(response.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 970, 1000);

    /// <summary>Every bucket of the caller in Redis: one, shared, rather than one per process.</summary>
    private async Task<string[]> BucketKeysAsync(string callerAddress)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(RedisTestServer.SharedEndpoint);
        return [.. redis.GetServer(RedisTestServer.SharedEndpoint).Keys(pattern: $"{_keyPrefix}*{callerAddress}").Select(k => k.ToString())];
    }

    private static ByteArrayContent ProtobufTrace()
    {
        var traceId = Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant();
        var content = new ByteArrayContent(OtlpRequests.LlmTrace(traceId, "shared-bucket-svc", "gpt-4o", 10, 10).ToByteArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        return content;
    }

    private static StringContent JsonTrace() =>
        new(File.ReadAllText("test-data/sample-trace.json"), System.Text.Encoding.UTF8, "application/json");
}
