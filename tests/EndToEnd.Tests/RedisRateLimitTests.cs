using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Observatory.Gateway.Otlp.Proto.Collector.Trace.V1;
using StackExchange.Redis;
using RpcStatus = Observatory.Gateway.Otlp.Proto.Rpc.Status;

namespace Observatory.EndToEnd.Tests;

/// <summary>
/// Token buckets per caller in Redis: a burst of 3 and one token every 2 s, for ingest and query apart. Each test
/// calls from its own loopback address, so each is a caller of its own.
/// </summary>
public sealed class RedisRateLimitTests : IAsyncLifetime
{
    private ObservatoryTestHost _host = null!;
    private string _keyPrefix = null!;

    public async Task InitializeAsync() => _host = await ObservatoryTestHost.StartAsync(
    [
        .. RedisTestServer.HostArgs(RedisTestServer.SharedEndpoint, out _keyPrefix),
        "--RateLimits:Query:PerSecond=0.5", "--RateLimits:Query:Burst=3",
        "--RateLimits:Ingest:PerSecond=0.5", "--RateLimits:Ingest:Burst=3",
    ]);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Query_api_answers_429_with_rate_limit_headers_once_the_burst_is_spent_while_ingest_and_other_callers_go_on()
    {
        using var api = LoopbackCaller.Client("127.0.0.2", _host.ApiPort);
        for (var remaining = 2; remaining >= 0; remaining--)
        {
            using var ok = await api.GetAsync("/api/v1/traces?limit=5");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            AssertLimitHeaders(ok, remaining);
        }

        using (var limited = await api.GetAsync("/api/v1/traces?limit=5"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            AssertLimitHeaders(limited, 0);
            Assert.Equal(TimeSpan.FromSeconds(2), limited.Headers.RetryAfter?.Delta);
            var error = (await limited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
            Assert.Equal("rate_limited", error.GetProperty("code").GetString());
            Assert.Contains("query rate limit", error.GetProperty("message").GetString());
        }

        // The same caller's ingest bucket is untouched, and another caller has a full query bucket.
        using var otlp = LoopbackCaller.Client("127.0.0.2", _host.HttpPort);
        using (var ingest = await PostJsonTraceAsync(otlp))
        {
            Assert.Equal(HttpStatusCode.OK, ingest.StatusCode);
            AssertLimitHeaders(ingest, 2);
        }

        using var other = LoopbackCaller.Client("127.0.0.3", _host.ApiPort);
        using (var fresh = await other.GetAsync("/api/v1/traces?limit=5"))
        {
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
            AssertLimitHeaders(fresh, 2);
        }

        // The bucket lives in Redis, where every gateway process charges it.
        await using var redis = await ConnectionMultiplexer.ConnectAsync(RedisTestServer.SharedEndpoint);
        Assert.True(await redis.GetDatabase().KeyExistsAsync($"{_keyPrefix}rl:query:default:ip:127.0.0.2"));

        // A token comes back every 2 s.
        await Task.Delay(TimeSpan.FromSeconds(2.2));
        using (var refilled = await api.GetAsync("/api/v1/traces?limit=5"))
        {
            Assert.Equal(HttpStatusCode.OK, refilled.StatusCode);
        }
    }

    [Fact]
    public async Task Otlp_http_ingest_answers_429_with_a_resource_exhausted_status_in_the_request_encoding()
    {
        using var otlp = LoopbackCaller.Client("127.0.0.4", _host.HttpPort);
        for (var remaining = 2; remaining >= 0; remaining--)
        {
            using var ok = await PostJsonTraceAsync(otlp);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            AssertLimitHeaders(ok, remaining);
        }

        using (var json = await PostJsonTraceAsync(otlp))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, json.StatusCode);
            AssertLimitHeaders(json, 0);
            Assert.NotNull(json.Headers.RetryAfter);
            Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
            var status = await json.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(8, status.GetProperty("code").GetInt32());
            Assert.Contains("ingest rate limit", status.GetProperty("message").GetString());
        }

        var content = new ByteArrayContent(OtlpRequests.LlmTrace(NewTraceId(), "ratelimit-svc", "gpt-4o", 10, 10).ToByteArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        using (var protobuf = await otlp.PostAsync("/v1/traces", content))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, protobuf.StatusCode);
            Assert.Equal("application/x-protobuf", protobuf.Content.Headers.ContentType?.MediaType);
            var status = RpcStatus.Parser.ParseFrom(await protobuf.Content.ReadAsByteArrayAsync());
            Assert.Equal(8, status.Code);
            Assert.Contains("ingest rate limit", status.Message);
        }

        // The query API is another bucket.
        using var api = LoopbackCaller.Client("127.0.0.4", _host.ApiPort);
        using var query = await api.GetAsync("/api/v1/models");
        Assert.Equal(HttpStatusCode.OK, query.StatusCode);
    }

    [Fact]
    public async Task Otlp_grpc_ingest_answers_resource_exhausted_once_the_burst_is_spent()
    {
        using var channel = GrpcChannel.ForAddress(_host.GrpcEndpoint, new GrpcChannelOptions { HttpHandler = LoopbackCaller.Handler("127.0.0.5") });
        var client = new TraceService.TraceServiceClient(channel);
        for (var i = 0; i < 3; i++)
        {
            using var call = client.ExportAsync(OtlpRequests.LlmTrace(NewTraceId(), "ratelimit-grpc", "gpt-4o", 10, 10));
            await call.ResponseAsync;
            var headers = await call.ResponseHeadersAsync;
            Assert.Equal((2 - i).ToString(System.Globalization.CultureInfo.InvariantCulture), headers.GetValue("x-ratelimit-remaining"));
        }

        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            client.ExportAsync(OtlpRequests.LlmTrace(NewTraceId(), "ratelimit-grpc", "gpt-4o", 10, 10)).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("ingest rate limit", refused.Status.Detail);
        Assert.Equal("0", refused.Trailers.GetValue("x-ratelimit-remaining"));
    }

    [Fact]
    public async Task A_budget_check_is_charged_to_the_callers_ingest_bucket_not_to_the_query_bucket()
    {
        using var api = LoopbackCaller.Client("127.0.0.9", _host.ApiPort);
        for (var i = 0; i < 3; i++)
        {
            using var ok = await api.GetAsync("/api/v1/traces?limit=5");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using (var limited = await api.GetAsync("/api/v1/traces?limit=5"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        }

        // The query bucket is empty, yet the check answers: it took a token from the ingest bucket instead.
        using (var check = await api.GetAsync("/api/v1/budgets/check?service=checkout"))
        {
            Assert.Equal(HttpStatusCode.OK, check.StatusCode);
            AssertLimitHeaders(check, 2);
        }

        await using var redis = await ConnectionMultiplexer.ConnectAsync(RedisTestServer.SharedEndpoint);
        Assert.True(await redis.GetDatabase().KeyExistsAsync($"{_keyPrefix}rl:ingest:default:ip:127.0.0.9"));

        // And the ingest bucket limits it like an export: two more checks, then 429 naming the ingest limit.
        for (var remaining = 1; remaining >= 0; remaining--)
        {
            using var ok = await api.GetAsync("/api/v1/budgets/check?service=checkout");
            AssertLimitHeaders(ok, remaining);
        }

        using var refused = await api.GetAsync("/api/v1/budgets/check?service=checkout");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var error = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Contains("ingest rate limit", error.GetProperty("message").GetString());
    }

    private static void AssertLimitHeaders(HttpResponseMessage response, int remaining)
    {
        Assert.Equal("3", response.Headers.GetValues("X-RateLimit-Limit").Single());
        Assert.Equal(remaining.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues("X-RateLimit-Remaining").Single());
        var reset = int.Parse(response.Headers.GetValues("X-RateLimit-Reset").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(reset, 1, 6);
    }

    /// <summary>The sample OTLP/JSON export; resending it is harmless (a retried export is stored once).</summary>
    private static Task<HttpResponseMessage> PostJsonTraceAsync(HttpClient otlp) =>
        otlp.PostAsync("/v1/traces", new StringContent(File.ReadAllText("test-data/sample-trace.json"), System.Text.Encoding.UTF8, "application/json"));

    private static string NewTraceId() => Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant();
}
