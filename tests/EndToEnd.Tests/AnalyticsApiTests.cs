using System.Text.Json;

namespace Observatory.EndToEnd.Tests;

/// <summary>
/// The analytics endpoints over data this test wrote. Window W = 2025-06-10 10:00–12:00 UTC holds five traces:
/// <code>
/// T1 10:00 alice/s1 svc-chat   gpt-4o-mini 1000 in 100 out, 100 ms, ttft 50                     $0.00021
/// T2 10:05 alice/s1 svc-chat   gpt-4o-mini 2000/200, 200 ms, ttft 60                            $0.00042
///                              gpt-4o 1000 in (200 cache reads)/500 out, 1000 ms                $0.00725
/// T3 10:30 bob/s2   svc-batch  gpt-4o 500/50, 400 ms, error                                     $0.00175
/// T4 11:10 bob/s3   svc-batch  claude-3-5-sonnet-20241022 (anthropic) 2000/100, 800 ms, ttft 300 $0.0075
/// T5 11:20 (nobody) svc-chat   gpt-4o-mini text_completion without usage, 300 ms, error          $0
/// </code>
/// The hour before W holds one call (carol/s4, gpt-4o-mini 1000/100, $0.00021); 2025-06-11 10:00–10:02 holds 100
/// perf-model calls of 10, 20, …, 1000 ms (ttft half of that); 2025-05-01…05 holds 1, 2, …, 5 gpt-4o-mini calls a day;
/// 2025-06-20 12:00 holds two kinds-model calls with every token kind (input/output/cache read/cache write/reasoning):
/// 1000/500/200/100/50 and 2000/300/0/1000/120.
/// </summary>
public sealed class AnalyticsApiTests(HostFixture fixture) : IClassFixture<HostFixture>, IAsyncLifetime
{
    private const string W = "from=2025-06-10T10:00:00Z&to=2025-06-10T12:00:00Z";
    private const string Perf = "from=2025-06-11T10:00:00Z&to=2025-06-11T11:00:00Z";
    private const decimal Mini = 0.00021m;
    private const decimal Total = 0.00021m + 0.00042m + 0.00725m + 0.00175m + 0.0075m;
    private static readonly DateTime Day = new(2025, 6, 10, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Kinds = new(2025, 6, 20, 12, 0, 0, DateTimeKind.Utc);
    private ObservatoryTestHost Host => fixture.Host;

    public async Task InitializeAsync()
    {
        if (await Host.Database.ScalarAsync<long>("SELECT count(*) FROM spans") > 0)
        {
            return;
        }

        // Another project's usage in the same window and names: nothing of it may show.
        await Host.Database.ScalarAsync<long>(
            """
            WITH t AS (INSERT INTO traces (project_id, trace_id, service_name, root_span_name, has_root, start_time, end_time, duration_ms,
                    span_count, llm_call_count, error_count, input_tokens, output_tokens, cost_usd, models, user_id, session_id)
                VALUES ('other', 'ffffffffffffffffffffffffffffffff', 'svc-chat', 'handle', true, '2025-06-10T10:30:00Z', '2025-06-10T10:31:00Z',
                    60000, 2, 1, 0, 9000, 900, 9, '{gpt-4o}', 'alice', 's1') RETURNING 1),
                 r AS (INSERT INTO model_rollups (project_id, provider, model, service_name, bucket_start, request_count, error_count,
                    calls_without_usage, input_tokens, output_tokens, cost_usd, latency_sketch)
                VALUES ('other', 'openai', 'gpt-4o', 'svc-chat', '2025-06-10T10:30:00Z', 1, 0, 0, 9000, 900, 9, '\x') RETURNING 1),
                 h AS (INSERT INTO model_rollups_hourly (project_id, provider, model, service_name, bucket_start, request_count, error_count,
                    calls_without_usage, input_tokens, output_tokens, cost_usd, latency_sketch)
                VALUES ('other', 'openai', 'gpt-4o', 'svc-chat', '2025-06-10T10:00:00Z', 1, 0, 0, 9000, 900, 9, '\x') RETURNING 1),
                 d AS (INSERT INTO model_rollups_daily (project_id, provider, model, service_name, bucket_start, request_count, error_count,
                    calls_without_usage, input_tokens, output_tokens, cost_usd, latency_sketch)
                VALUES ('other', 'openai', 'gpt-4o', 'svc-chat', '2025-06-10T00:00:00Z', 1, 0, 0, 9000, 900, 9, '\x') RETURNING 1)
            SELECT count(*) FROM t, r, h, d
            """);
        var n = 0;
        string Id() => $"{++n:x4}".PadLeft(32, 'a');
        await Host.SendAsync(AnalyticsTraceBuilder.Build(Id(), "svc-chat", Day.AddHours(10), "alice", "s1",
            new AnalyticsCall("gpt-4o-mini", 100, 1000, 100, TtftMs: 50)));
        await Host.SendAsync(AnalyticsTraceBuilder.Build(Id(), "svc-chat", Day.AddHours(10).AddMinutes(5), "alice", "s1",
            new AnalyticsCall("gpt-4o-mini", 200, 2000, 200, TtftMs: 60),
            new AnalyticsCall("gpt-4o", 1000, 1000, 500, CacheReadTokens: 200)));
        await Host.SendAsync(AnalyticsTraceBuilder.Build(Id(), "svc-batch", Day.AddHours(10).AddMinutes(30), "bob", "s2",
            new AnalyticsCall("gpt-4o", 400, 500, 50, IsError: true)));
        await Host.SendAsync(AnalyticsTraceBuilder.Build(Id(), "svc-batch", Day.AddHours(11).AddMinutes(10), "bob", "s3",
            new AnalyticsCall("claude-3-5-sonnet-20241022", 800, 2000, 100, Provider: "anthropic", TtftMs: 300)));
        await Host.SendAsync(AnalyticsTraceBuilder.Build(Id(), "svc-chat", Day.AddHours(11).AddMinutes(20), null, null,
            new AnalyticsCall("gpt-4o-mini", 300, Operation: "text_completion", IsError: true)));
        await Host.SendAsync(AnalyticsTraceBuilder.Build(Id(), "svc-chat", Day.AddHours(9), "carol", "s4",
            new AnalyticsCall("gpt-4o-mini", 100, 1000, 100)));
        for (var t = 0; t < 10; t++)
        {
            var calls = Enumerable.Range(t * 10 + 1, 10).Select(i => new AnalyticsCall("perf-model", i * 10, 10, 1, TtftMs: i * 5)).ToArray();
            await Host.SendAsync(AnalyticsTraceBuilder.Build(Id(), "svc-perf", Day.AddDays(1).AddHours(10).AddMinutes(t < 5 ? 0 : 2), null, null, calls));
        }

        for (var d = 0; d < 5; d++)
        {
            for (var c = 0; c <= d; c++)
            {
                await Host.SendAsync(AnalyticsTraceBuilder.Build(Id(), "svc-forecast", new DateTime(2025, 5, 1 + d, 12, c, 0, DateTimeKind.Utc), null, null,
                    new AnalyticsCall("gpt-4o-mini", 100, 1000, 100)));
            }
        }

        await Host.SendAsync(AnalyticsTraceBuilder.Build(Id(), "svc-kinds", Kinds, null, null,
            new AnalyticsCall("kinds-model", 100, 1000, 500, CacheReadTokens: 200, CacheWriteTokens: 100, ReasoningTokens: 50),
            new AnalyticsCall("kinds-model", 100, 2000, 300, CacheWriteTokens: 1000, ReasoningTokens: 120)));
        await Host.AssertAnalyticsStoredAsync(traces: 32, calls: 124);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Metrics_counts_requests_per_model_and_hour_from_rollups()
    {
        var body = await Host.GetJsonAsync($"/api/v1/metrics?metric=requests&interval=1h&groupBy=model&{W}");
        Assert.Equal("requests", body.GetProperty("metric").GetString());
        Assert.Equal("1h", body.GetProperty("interval").GetString());
        Assert.Equal("model", body.GetProperty("groupBy").GetString());
        Assert.Equal(
            new Dictionary<string, (DateTime, decimal)[]>
            {
                ["claude-3-5-sonnet-20241022"] = [(Day.AddHours(11), 1)],
                ["gpt-4o"] = [(Day.AddHours(10), 2)],
                ["gpt-4o-mini"] = [(Day.AddHours(10), 2), (Day.AddHours(11), 1)],
            },
            Series(body));
    }

    [Fact]
    public async Task Metrics_sums_cost_errors_and_tokens()
    {
        Assert.Equal([(Day.AddHours(10), 0.00021m + 0.00042m + 0.00725m + 0.00175m), (Day.AddHours(11), 0.0075m)],
            Series(await Host.GetJsonAsync($"/api/v1/metrics?metric=cost&interval=1h&{W}"))[""]);
        Assert.Equal(
            new Dictionary<string, (DateTime, decimal)[]>
            {
                ["svc-batch"] = [(Day.AddHours(10), 1), (Day.AddHours(11), 0)],
                ["svc-chat"] = [(Day.AddHours(10), 0), (Day.AddHours(11), 1)],
            },
            Series(await Host.GetJsonAsync($"/api/v1/metrics?metric=errors&interval=1h&groupBy=service&{W}")));
        // Grouped by user: read from spans, a call belongs to its trace's user; the call without usage counts 0 tokens.
        Assert.Equal(
            new Dictionary<string, (DateTime, decimal)[]>
            {
                [""] = [(Day, 0)],
                ["alice"] = [(Day, 1100 + 2200 + 1500)],
                ["bob"] = [(Day, 550 + 2100)],
            },
            Series(await Host.GetJsonAsync($"/api/v1/metrics?metric=tokens&interval=1d&groupBy=user&{W}")));
        Assert.Equal(
            new Dictionary<string, (DateTime, decimal)[]> { ["chat"] = [(Day, 5)], ["text_completion"] = [(Day, 1)] },
            Series(await Host.GetJsonAsync($"/api/v1/metrics?metric=requests&interval=1d&groupBy=operation&{W}")));
    }

    [Fact]
    public async Task Token_metrics_carry_the_five_kinds_from_rollups_and_from_spans()
    {
        const string window = "from=2025-06-20T12:00:00Z&to=2025-06-20T13:00:00Z";
        // Grouped by model: the minute rollups; filtered by operation: the spans. Both must sum the same calls.
        foreach (var path in new[] { $"/api/v1/metrics?metric=tokens&interval=1h&groupBy=model&{window}", $"/api/v1/metrics?metric=tokens&interval=5m&operation=chat&{window}" })
        {
            var series = Assert.Single((await Host.GetJsonAsync(path)).GetProperty("series").EnumerateArray());
            Assert.Equal(path.Contains("groupBy") ? "kinds-model" : null, series.GetProperty("group").GetString());
            var point = Assert.Single(series.GetProperty("points").EnumerateArray());
            Assert.Equal(Kinds, point.GetProperty("time").GetDateTime().ToUniversalTime());
            Assert.Equal(
                [("value", 3800), ("input", 3000), ("output", 800), ("cacheRead", 200), ("cacheWrite", 1100), ("reasoning", 170)],
                point.EnumerateObject().Where(p => p.Name != "time").Select(p => (p.Name, p.Value.GetInt64())).ToArray());
        }

        // Other counters keep their {time, value} points.
        var requests = (await Host.GetJsonAsync($"/api/v1/metrics?metric=requests&interval=1h&{window}")).GetProperty("series")[0].GetProperty("points")[0];
        Assert.Equal(["time", "value"], requests.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Metrics_filters_on_rollup_and_span_dimensions()
    {
        Assert.Equal([(Day, 2m)], Series(await Host.GetJsonAsync($"/api/v1/metrics?interval=1d&model=gpt-4o&{W}"))[""]);
        Assert.Equal([(Day, 1m)], Series(await Host.GetJsonAsync($"/api/v1/metrics?interval=1d&provider=anthropic&{W}"))[""]);
        Assert.Equal([(Day, 3m)], Series(await Host.GetJsonAsync($"/api/v1/metrics?interval=1d&user=alice&{W}"))[""]);
        Assert.Equal([(Day, 1m)], Series(await Host.GetJsonAsync($"/api/v1/metrics?interval=1d&session=s3&{W}"))[""]);
        Assert.Equal([(Day, 2m)], Series(await Host.GetJsonAsync($"/api/v1/metrics?interval=1d&user=alice&model=gpt-4o-mini&{W}"))[""]);
        Assert.Empty(Series(await Host.GetJsonAsync($"/api/v1/metrics?interval=1d&service=nobody&{W}")));
    }

    [Fact]
    public async Task Latency_percentiles_are_merged_from_the_stored_sketches()
    {
        var day = (await Host.GetJsonAsync($"/api/v1/metrics?metric=latency&interval=1d&groupBy=model&{Perf}"))
            .GetProperty("series").EnumerateArray().Single();
        Assert.Equal("perf-model", day.GetProperty("group").GetString());
        var point = day.GetProperty("points").EnumerateArray().Single();
        Assert.Equal(Day.AddDays(1), point.GetProperty("time").GetDateTime().ToUniversalTime());
        Assert.Equal(100, point.GetProperty("count").GetInt64());
        AssertWithin1Percent(500, point.GetProperty("p50").GetDouble());
        AssertWithin1Percent(950, point.GetProperty("p95").GetDouble());
        AssertWithin1Percent(990, point.GetProperty("p99").GetDouble());

        // Per minute: 10–500 ms in the first, 510–1000 ms in the second.
        var minutes = (await Host.GetJsonAsync($"/api/v1/metrics?metric=latency&interval=1m&{Perf}"))
            .GetProperty("series")[0].GetProperty("points").EnumerateArray().ToList();
        Assert.Equal([Day.AddDays(1).AddHours(10), Day.AddDays(1).AddHours(10).AddMinutes(2)], minutes.Select(p => p.GetProperty("time").GetDateTime().ToUniversalTime()));
        Assert.Equal([50L, 50L], minutes.Select(p => p.GetProperty("count").GetInt64()));
        AssertWithin1Percent(250, minutes[0].GetProperty("p50").GetDouble());
        AssertWithin1Percent(750, minutes[1].GetProperty("p50").GetDouble());

        var ttft = (await Host.GetJsonAsync($"/api/v1/metrics?metric=ttft&interval=1h&{Perf}")).GetProperty("series")[0].GetProperty("points")[0];
        Assert.Equal(100, ttft.GetProperty("count").GetInt64());
        AssertWithin1Percent(250, ttft.GetProperty("p50").GetDouble());
        AssertWithin1Percent(495, ttft.GetProperty("p99").GetDouble());
    }

    [Fact]
    public async Task Latency_by_user_is_sketched_from_the_calls()
    {
        var series = (await Host.GetJsonAsync($"/api/v1/metrics?metric=latency&interval=1d&groupBy=user&{W}")).GetProperty("series")
            .EnumerateArray().ToDictionary(s => s.GetProperty("group").GetString() ?? "", s => s.GetProperty("points")[0]);
        Assert.Equal(["", "alice", "bob"], series.Keys.Order());
        Assert.Equal(3, series["alice"].GetProperty("count").GetInt64());
        AssertWithin1Percent(200, series["alice"].GetProperty("p50").GetDouble());
        // The sketch answers the value of rank ⌊q·(n−1)⌋: with three calls p99 is the second slowest.
        AssertWithin1Percent(200, series["alice"].GetProperty("p99").GetDouble());
        AssertWithin1Percent(400, series["bob"].GetProperty("p50").GetDouble());
        AssertWithin1Percent(300, series[""].GetProperty("p50").GetDouble());
        var ttft = (await Host.GetJsonAsync($"/api/v1/metrics?metric=ttft&interval=1d&user=alice&{W}")).GetProperty("series")[0].GetProperty("points")[0];
        Assert.Equal(2, ttft.GetProperty("count").GetInt64());
        AssertWithin1Percent(50, ttft.GetProperty("p50").GetDouble());
    }

    [Fact]
    public async Task Cost_summary_splits_tokens_compares_with_the_previous_period_and_ranks()
    {
        var body = await Host.GetJsonAsync($"/api/v1/costs/summary?{W}");
        var totals = body.GetProperty("totals");
        Assert.Equal(Total, totals.GetProperty("costUsd").GetDecimal());
        Assert.Equal(6, totals.GetProperty("requests").GetInt64());
        Assert.Equal(2, totals.GetProperty("errors").GetInt64());
        Assert.Equal(1, totals.GetProperty("callsWithoutUsage").GetInt64());
        var tokens = totals.GetProperty("tokens");
        Assert.Equal((6500L, 6300L, 200L, 0L, 950L, 0L, 7450L), (
            tokens.GetProperty("input").GetInt64(), tokens.GetProperty("inputUncached").GetInt64(), tokens.GetProperty("cacheRead").GetInt64(),
            tokens.GetProperty("cacheWrite").GetInt64(), tokens.GetProperty("output").GetInt64(), tokens.GetProperty("reasoning").GetInt64(),
            tokens.GetProperty("total").GetInt64()));

        var previous = body.GetProperty("previous");
        Assert.Equal(Day.AddHours(8), previous.GetProperty("from").GetDateTime().ToUniversalTime());
        Assert.Equal(Mini, previous.GetProperty("costUsd").GetDecimal());
        Assert.Equal(1, previous.GetProperty("requests").GetInt64());
        Assert.Equal(1100, previous.GetProperty("tokens").GetInt64());
        var change = body.GetProperty("change");
        Assert.Equal(Total - Mini, change.GetProperty("costUsd").GetProperty("absolute").GetDecimal());
        Assert.Equal(Math.Round((Total - Mini) / Mini * 100, 4), change.GetProperty("costUsd").GetProperty("percent").GetDecimal());
        Assert.Equal(500m, change.GetProperty("requests").GetProperty("percent").GetDecimal());
        Assert.Equal(6350m, change.GetProperty("tokens").GetProperty("absolute").GetDecimal());

        Assert.Equal([("gpt-4o", 0.009m), ("claude-3-5-sonnet-20241022", 0.0075m), ("gpt-4o-mini", 0.00063m)], Keys(body.GetProperty("topModels")));
        Assert.Equal([("svc-batch", 0.00925m), ("svc-chat", 0.00788m)], Keys(body.GetProperty("topServices")));
        Assert.Equal([("bob", 0.00925m), ("alice", 0.00788m)], Keys(body.GetProperty("topUsers")));
        Assert.Equal([0.00767m, 0.0075m, 0.00175m, 0.00021m, 0m],
            body.GetProperty("topTraces").EnumerateArray().Select(t => t.GetProperty("costUsd").GetDecimal()));
    }

    [Fact]
    public async Task Cost_attribution_by_user_and_model_with_shares()
    {
        var users = await Host.GetJsonAsync($"/api/v1/costs/attribution?dimension=user&{W}");
        Assert.Equal(Total, users.GetProperty("totalCostUsd").GetDecimal());
        var rows = users.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(["bob", "alice", null], rows.Select(r => r.GetProperty("key").GetString()));
        Assert.Equal([2L, 3L, 1L], rows.Select(r => r.GetProperty("requests").GetInt64()));
        Assert.Equal([2500L, 4000L, 0L], rows.Select(r => r.GetProperty("inputTokens").GetInt64()));
        Assert.Equal([150L, 800L, 0L], rows.Select(r => r.GetProperty("outputTokens").GetInt64()));
        Assert.Equal([Math.Round(0.00925m / Total, 6), Math.Round(0.00788m / Total, 6), 0m], rows.Select(r => r.GetProperty("share").GetDecimal()));

        var models = (await Host.GetJsonAsync($"/api/v1/costs/attribution?dimension=provider&{W}")).GetProperty("data");
        Assert.Equal([("openai", Total - 0.0075m), ("anthropic", 0.0075m)], Keys(models));
        var top = (await Host.GetJsonAsync($"/api/v1/costs/attribution?dimension=session&limit=1&{W}")).GetProperty("data");
        Assert.Equal([("s1", 0.00788m)], Keys(top));
    }

    [Fact]
    public async Task Cost_forecast_extends_the_daily_trend()
    {
        var body = await Host.GetJsonAsync("/api/v1/costs/forecast?from=2025-05-01T00:00:00Z&to=2025-05-06T00:00:00Z&horizonDays=3");
        Assert.Equal(
            Enumerable.Range(1, 5).Select(i => ($"2025-05-0{i}", Mini * i)),
            body.GetProperty("history").EnumerateArray().Select(d => (d.GetProperty("date").GetString()!, d.GetProperty("costUsd").GetDecimal())));
        var trend = body.GetProperty("trend");
        Assert.Equal(Mini, trend.GetProperty("slopeUsdPerDay").GetDecimal());
        Assert.Equal(Mini, trend.GetProperty("interceptUsd").GetDecimal());
        Assert.Equal(1, trend.GetProperty("rSquared").GetDouble(), 6);
        // A perfect line leaves no residual: the band collapses onto it.
        Assert.Equal(
            [("2025-05-06", Mini * 6, Mini * 6, Mini * 6), ("2025-05-07", Mini * 7, Mini * 7, Mini * 7), ("2025-05-08", Mini * 8, Mini * 8, Mini * 8)],
            body.GetProperty("forecast").EnumerateArray().Select(d => (d.GetProperty("date").GetString()!, d.GetProperty("costUsd").GetDecimal(),
                d.GetProperty("lower").GetDecimal(), d.GetProperty("upper").GetDecimal())));
        Assert.Equal(Mini * 21, body.GetProperty("totalForecastUsd").GetDecimal());
    }

    [Fact]
    public async Task Sessions_page_newest_first_and_show_traces_and_timeline()
    {
        var first = await Host.GetJsonAsync($"/api/v1/sessions?{W}&limit=2");
        var rows = first.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(["s3", "s2"], rows.Select(r => r.GetProperty("sessionId").GetString()));
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await Host.GetJsonAsync($"/api/v1/sessions?{W}&limit=2&cursor={Uri.EscapeDataString(cursor!)}");
        var s1 = second.GetProperty("data").EnumerateArray().Single();
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
        Assert.Equal(("s1", "alice", 2L, 3L, 3000L + 1000L, 800L, 0.00788m), (
            s1.GetProperty("sessionId").GetString(), s1.GetProperty("userId").GetString(), s1.GetProperty("traceCount").GetInt64(),
            s1.GetProperty("llmCallCount").GetInt64(), s1.GetProperty("inputTokens").GetInt64(), s1.GetProperty("outputTokens").GetInt64(),
            s1.GetProperty("costUsd").GetDecimal()));
        Assert.Equal(Day.AddHours(10), s1.GetProperty("firstSeen").GetDateTime().ToUniversalTime());
        Assert.Equal(["s3", "s2"], (await Host.GetJsonAsync($"/api/v1/sessions?{W}&user=bob")).GetProperty("data").EnumerateArray().Select(r => r.GetProperty("sessionId").GetString()));

        var detail = await Host.GetJsonAsync("/api/v1/sessions/s1?from=2025-06-01T00:00:00Z&to=2025-06-30T00:00:00Z");
        Assert.Equal(0.00788m, detail.GetProperty("session").GetProperty("costUsd").GetDecimal());
        Assert.Equal([0.00021m, 0.00767m], detail.GetProperty("traces").EnumerateArray().Select(t => t.GetProperty("costUsd").GetDecimal()));
        var timeline = detail.GetProperty("timeline").EnumerateArray().ToList();
        Assert.Equal(["gpt-4o-mini", "gpt-4o-mini", "gpt-4o"], timeline.Select(c => c.GetProperty("model").GetString()));
        Assert.Equal([0.00021m, 0.00042m, 0.00725m], timeline.Select(c => c.GetProperty("costUsd").GetDecimal()));
        Assert.Equal([100d, 200d, 1000d], timeline.Select(c => Math.Round(c.GetProperty("durationMs").GetDouble(), 3)));
        Assert.Equal(Day.AddHours(10).AddMinutes(5).AddMilliseconds(210), timeline[2].GetProperty("time").GetDateTime().ToUniversalTime());

        var (status, error) = await Host.GetWithStatusAsync($"/api/v1/sessions/s1?{Perf}");
        Assert.Equal(404, status);
        Assert.Equal("not_found", error.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Users_list_and_detail()
    {
        var users = (await Host.GetJsonAsync($"/api/v1/users?{W}")).GetProperty("data").EnumerateArray().ToList();
        Assert.Equal([("bob", 2L, 2L, 2L, 0.00925m), ("alice", 1L, 2L, 3L, 0.00788m)], users.Select(u => (
            u.GetProperty("userId").GetString(), u.GetProperty("sessionCount").GetInt64(), u.GetProperty("traceCount").GetInt64(),
            u.GetProperty("llmCallCount").GetInt64(), u.GetProperty("costUsd").GetDecimal())));

        var bob = await Host.GetJsonAsync("/api/v1/users/bob?from=2025-06-01T00:00:00Z&to=2025-06-30T00:00:00Z");
        Assert.Equal(1L, bob.GetProperty("user").GetProperty("errorCount").GetInt64());
        Assert.Equal([("claude-3-5-sonnet-20241022", "anthropic", 1L, 0.0075m), ("gpt-4o", "openai", 1L, 0.00175m)],
            bob.GetProperty("topModels").EnumerateArray().Select(m => (m.GetProperty("model").GetString(), m.GetProperty("provider").GetString(),
                m.GetProperty("requests").GetInt64(), m.GetProperty("costUsd").GetDecimal())));
        Assert.Equal(["s3", "s2"], bob.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("sessionId").GetString()));
        Assert.Equal([0.0075m, 0.00175m], bob.GetProperty("recentTraces").EnumerateArray().Select(t => t.GetProperty("costUsd").GetDecimal()));
        Assert.Equal(404, (await Host.GetWithStatusAsync($"/api/v1/users/nobody?{W}")).Status);
    }

    [Fact]
    public async Task Models_compare_side_by_side()
    {
        var body = await Host.GetJsonAsync($"/api/v1/models/compare?models=gpt-4o,gpt-4o-mini,claude-3-5-sonnet-20241022,never-used&{W}");
        var models = body.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("model").GetString()!);
        Assert.Equal(["gpt-4o", "gpt-4o-mini", "claude-3-5-sonnet-20241022", "never-used"], models.Keys);

        var gpt4o = models["gpt-4o"];
        Assert.Equal((2L, 1L, 0.5m, 0.0045m, 1025m), (gpt4o.GetProperty("requests").GetInt64(), gpt4o.GetProperty("errors").GetInt64(),
            gpt4o.GetProperty("errorRate").GetDecimal(), gpt4o.GetProperty("avgCostPerCallUsd").GetDecimal(), gpt4o.GetProperty("avgTokensPerCall").GetDecimal()));
        AssertWithin1Percent(400, gpt4o.GetProperty("latencyMs").GetProperty("p50").GetDouble());
        AssertWithin1Percent(400, gpt4o.GetProperty("latencyMs").GetProperty("p99").GetDouble());
        Assert.Equal(JsonValueKind.Null, gpt4o.GetProperty("ttftMs").GetProperty("p50").ValueKind);

        var mini = models["gpt-4o-mini"];
        Assert.Equal((3L, 1L, 0.000315m, 1500m, 150m), (mini.GetProperty("requests").GetInt64(), mini.GetProperty("callsWithoutUsage").GetInt64(),
            mini.GetProperty("avgCostPerCallUsd").GetDecimal(), mini.GetProperty("avgInputTokensPerCall").GetDecimal(), mini.GetProperty("avgOutputTokensPerCall").GetDecimal()));
        Assert.Equal(Math.Round(1m / 3, 6), mini.GetProperty("errorRate").GetDecimal());
        AssertWithin1Percent(200, mini.GetProperty("latencyMs").GetProperty("p50").GetDouble());
        AssertWithin1Percent(50, mini.GetProperty("ttftMs").GetProperty("p50").GetDouble());
        Assert.Equal(0, models["never-used"].GetProperty("requests").GetInt64());

        Assert.Equal("gpt-4o-mini", body.GetProperty("fastest").GetString());
        Assert.Equal("gpt-4o-mini", body.GetProperty("cheapest").GetString());
        Assert.Equal("claude-3-5-sonnet-20241022", body.GetProperty("mostReliable").GetString());
    }

    [Theory]
    [InlineData("/api/v1/metrics?metric=bogus", "metric")]
    [InlineData("/api/v1/metrics?interval=2m", "interval")]
    [InlineData("/api/v1/metrics?groupBy=country", "groupBy")]
    [InlineData("/api/v1/metrics?groupBy=model;DROP TABLE spans", "groupBy")]
    [InlineData("/api/v1/metrics?from=yesterday", "from")]
    [InlineData("/api/v1/metrics?to=2025-13-45", "to")]
    [InlineData("/api/v1/metrics?from=2025-06-10T12:00:00Z&to=2025-06-10T10:00:00Z", "from")]
    [InlineData("/api/v1/metrics?from=2025-01-01T00:00:00Z&to=2025-06-01T00:00:00Z&interval=1d", "from")]
    [InlineData("/api/v1/metrics?from=2025-05-01T00:00:00Z&to=2025-06-01T00:00:00Z&interval=1m", "interval")]
    [InlineData("/api/v1/metrics?user=%01", "user")]
    [InlineData("/api/v1/costs/summary?from=not-a-date", "from")]
    [InlineData("/api/v1/costs/attribution", "dimension")]
    [InlineData("/api/v1/costs/attribution?dimension=operation", "dimension")]
    [InlineData("/api/v1/costs/attribution?dimension=user&limit=0", "limit")]
    [InlineData("/api/v1/costs/attribution?dimension=user&limit=1001", "limit")]
    [InlineData("/api/v1/costs/forecast?horizonDays=0", "horizonDays")]
    [InlineData("/api/v1/costs/forecast?horizonDays=91", "horizonDays")]
    [InlineData("/api/v1/costs/forecast?from=2025-05-01T00:00:00Z&to=2025-05-01T23:00:00Z", "from")]
    [InlineData("/api/v1/sessions?limit=abc", "limit")]
    [InlineData("/api/v1/sessions?cursor=not-a-cursor", "cursor")]
    [InlineData("/api/v1/sessions?to=soon", "to")]
    [InlineData("/api/v1/sessions/s1?from=bad", "from")]
    [InlineData("/api/v1/users?cursor=%25%25", "cursor")]
    [InlineData("/api/v1/users/bob?to=later", "to")]
    [InlineData("/api/v1/models/compare?models=gpt-4o", "models")]
    [InlineData("/api/v1/models/compare?models=a,b,c,d,e,f,g,h,i,j,k", "models")]
    [InlineData("/api/v1/models/compare?models=a,b&from=x", "from")]
    public async Task Malformed_parameters_get_400_naming_the_parameter(string path, string parameter)
    {
        var (status, body) = await Host.GetWithStatusAsync(path);
        Assert.Equal(400, status);
        Assert.Equal("bad_request", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains($"'{parameter}'", body.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Another_projects_usage_is_invisible()
    {
        Assert.Equal(Total, (await Host.GetJsonAsync($"/api/v1/costs/summary?{W}")).GetProperty("totals").GetProperty("costUsd").GetDecimal());
        Assert.Equal(0.00788m, (await Host.GetJsonAsync($"/api/v1/users/alice?{W}")).GetProperty("user").GetProperty("costUsd").GetDecimal());
        Assert.Equal(2, (await Host.GetJsonAsync($"/api/v1/models/compare?models=gpt-4o,gpt-4o-mini&{W}")).GetProperty("models")[0].GetProperty("requests").GetInt64());
        Assert.Equal([(Day, 2m)], Series(await Host.GetJsonAsync($"/api/v1/metrics?interval=1d&model=gpt-4o&{W}"))[""]);
    }

    [Fact]
    public async Task Injection_attempts_in_filters_are_plain_values()
    {
        var body = await Host.GetJsonAsync($"/api/v1/metrics?interval=1d&user={Uri.EscapeDataString("alice' OR '1'='1")}&{W}");
        Assert.Empty(body.GetProperty("series").EnumerateArray());
        Assert.Equal(404, (await Host.GetWithStatusAsync($"/api/v1/sessions/{Uri.EscapeDataString("s1' OR 1=1 --")}?{W}")).Status);
        Assert.Equal(6, (await Host.GetJsonAsync($"/api/v1/costs/summary?{W}")).GetProperty("totals").GetProperty("requests").GetInt64());
    }

    private static Dictionary<string, (DateTime, decimal)[]> Series(JsonElement body) =>
        body.GetProperty("series").EnumerateArray().ToDictionary(
            s => s.GetProperty("group").GetString() ?? "",
            s => s.GetProperty("points").EnumerateArray()
                .Select(p => (p.GetProperty("time").GetDateTime().ToUniversalTime(), p.GetProperty("value").GetDecimal())).ToArray());

    private static List<(string?, decimal)> Keys(JsonElement rows) =>
        rows.EnumerateArray().Select(r => (r.GetProperty("key").GetString(), r.GetProperty("costUsd").GetDecimal())).ToList();

    private static void AssertWithin1Percent(double expected, double actual) =>
        Assert.InRange(actual, expected * 0.99, expected * 1.01);
}
