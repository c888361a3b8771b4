using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf;

namespace Observatory.EndToEnd.Tests;

/// <summary>The query cache in Redis with a 2 s TTL: ETags and 304s, freshness within the TTL, and writes retiring answers.</summary>
public sealed class RedisQueryCacheTests : IAsyncLifetime
{
    private const int TtlSeconds = 2;
    private ObservatoryTestHost _host = null!;

    public async Task InitializeAsync() => _host = await ObservatoryTestHost.StartAsync(
        [.. RedisTestServer.HostArgs(RedisTestServer.SharedEndpoint, out _), $"--QueryCache:TtlSeconds={TtlSeconds}"]);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Repeated_query_is_served_from_the_cache_and_answers_304_to_its_etag()
    {
        var traceId = await PostTraceAsync("cache-etag-svc");
        await WaitUntilListedAsync("/api/v1/traces?service=cache-etag-svc&limit=11", traceId);   // another entry than the one below
        using var first = await _host.Api.GetAsync("/api/v1/traces?service=cache-etag-svc&limit=10");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("miss", Header(first, "X-Cache"));
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        Assert.True(first.Headers.CacheControl?.Private);
        Assert.Equal(TimeSpan.FromSeconds(TtlSeconds), first.Headers.CacheControl?.MaxAge);
        var body = await first.Content.ReadAsStringAsync();
        Assert.Equal(1, JsonDocument.Parse(body).RootElement.GetProperty("data").GetArrayLength());

        // The same question with its parameters in another order is the same entry.
        using var second = await _host.Api.GetAsync("/api/v1/traces?limit=10&service=cache-etag-svc");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("hit", Header(second, "X-Cache"));
        Assert.Equal(etag, second.Headers.ETag);
        Assert.Equal(body, await second.Content.ReadAsStringAsync());
        Assert.Equal("application/json", second.Content.Headers.ContentType?.MediaType);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/api/v1/traces?service=cache-etag-svc&limit=10");
        conditional.Headers.IfNoneMatch.Add(etag);
        using var notModified = await _host.Api.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(etag, notModified.Headers.ETag);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        using var stale = new HttpRequestMessage(HttpMethod.Get, "/api/v1/traces?service=cache-etag-svc&limit=10");
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"0123\""));
        using var full = await _host.Api.SendAsync(stale);
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.Equal(body, await full.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Freshly_computed_answer_also_answers_304_to_a_matching_etag()
    {
        using var first = await _host.Api.GetAsync("/api/v1/traces?service=cache-nothing-svc");
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/api/v1/traces?service=cache-nothing-svc");
        conditional.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        conditional.Headers.CacheControl = new CacheControlHeaderValue { NoCache = true };   // skip the stored entry: recompute
        using var recomputed = await _host.Api.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, recomputed.StatusCode);
        Assert.Equal("miss", Header(recomputed, "X-Cache"));
    }

    [Fact]
    public async Task Newly_ingested_trace_shows_up_within_the_ttl_plus_one_second()
    {
        const string path = "/api/v1/traces?service=cache-fresh-svc&limit=10";
        string before;
        using (var response = await _host.Api.GetAsync(path))
        {
            before = await response.Content.ReadAsStringAsync();
            Assert.Equal(0, JsonDocument.Parse(before).RootElement.GetProperty("data").GetArrayLength());
        }

        var traceId = await PostTraceAsync("cache-fresh-svc");
        var acknowledged = Stopwatch.StartNew();
        var seen = false;
        while (!seen && acknowledged.Elapsed < TimeSpan.FromSeconds(TtlSeconds + 1))
        {
            using var response = await _host.Api.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            var data = JsonDocument.Parse(body).RootElement.GetProperty("data");
            seen = data.GetArrayLength() == 1;
            if (seen)
            {
                Assert.Equal(traceId, data[0].GetProperty("traceId").GetString());
            }
            else
            {
                // Until then: the answer cached before the export, exactly, or a fresh one the database has not caught up with.
                if (Header(response, "X-Cache") == "hit")
                {
                    Assert.Equal(before, body);
                }

                await Task.Delay(100);
            }
        }

        Assert.True(seen, $"the new trace was not listed {acknowledged.Elapsed.TotalSeconds:0.0} s after its export was acknowledged");
    }

    [Fact]
    public async Task A_write_through_the_api_retires_the_projects_cached_answers_at_once()
    {
        using (await _host.Api.GetAsync("/api/v1/pricing"))
        using (var cached = await _host.Api.GetAsync("/api/v1/pricing"))
        {
            Assert.Equal("hit", Header(cached, "X-Cache"));
        }

        using (var put = await _host.Api.PutAsJsonAsync("/api/v1/pricing/openai/cache-test-model", new
        {
            rates = new { inputPerMillion = 1.0m, outputPerMillion = 2.0m },
            effectiveFrom = "2026-01-01T00:00:00Z",
        }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        using var after = await _host.Api.GetAsync("/api/v1/pricing");
        Assert.Equal("miss", Header(after, "X-Cache"));
        var custom = (await after.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("custom");
        Assert.Contains(custom.EnumerateArray(), p => p.GetProperty("model").GetString() == "cache-test-model");
    }

    [Fact]
    public async Task Answers_other_than_200_are_not_cached()
    {
        for (var i = 0; i < 2; i++)
        {
            using var missing = await _host.Api.GetAsync("/api/v1/sessions/no-such-session");
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Null(missing.Headers.ETag);
            Assert.False(missing.Headers.Contains("X-Cache"));
            Assert.Equal("not_found", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
        }
    }

    [Theory]
    [InlineData("/api/v1/models")]
    [InlineData("/api/v1/models/compare?models=a,b")]
    public async Task Live_answers_are_never_cached(string path)
    {
        for (var i = 0; i < 2; i++)
        {
            using var response = await _host.Api.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains("X-Cache"));
        }
    }

    /// <summary>Trace summaries are written shortly after the export is acknowledged: wait for one, bypassing the cache.</summary>
    private async Task WaitUntilListedAsync(string path, string traceId)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
            using var response = await _host.Api.SendAsync(request);
            var data = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data");
            if (data.EnumerateArray().Any(t => t.GetProperty("traceId").GetString() == traceId))
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"trace {traceId} was never listed at {path}");
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;

    private async Task<string> PostTraceAsync(string service)
    {
        var traceId = Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant();
        var content = new ByteArrayContent(OtlpRequests.LlmTrace(traceId, service, "gpt-4o", 10, 10).ToByteArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        using var response = await _host.Otlp.PostAsync("/v1/traces", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return traceId;
    }
}
