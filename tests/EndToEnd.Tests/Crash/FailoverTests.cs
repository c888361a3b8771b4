using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Observatory.TestSupport;
using Xunit.Abstractions;

namespace Observatory.EndToEnd.Tests.Crash;

/// <summary>
/// The compose shape as processes: three silos (<c>Observatory:Mode=silo</c>), a standalone OTLP gateway and a
/// standalone REST gateway under steady OTLP load; a fourth silo joins, then one of the first three is killed with
/// kill -9 and not restarted. Every acknowledged span is stored and every total exact, the dead silo is declared Dead
/// in the membership table, every GET endpoint of the REST gateway answers 2xx or 503 with Retry-After throughout,
/// and the longest pause in acknowledgements around the kill is measured and reported. A live SSE stream on the
/// standalone REST gateway delivers the load's traces.
/// </summary>
[Trait("Category", "Crash")]
public sealed class FailoverTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The bound asserted on the longest acknowledgement pause. Measured 1.9–5.2 s: exports in flight to the killed
    /// silo wait out the ingest call's 5 s bound (GrainIngestor.CallTimeout), the rest go on. Without the bound they
    /// waited Orleans' 30 s. The aim is ≤ 2 s; the bound leaves room for a loaded 2-core CI machine.
    /// </summary>
    private static readonly TimeSpan PauseBound = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task Killing_a_silo_of_three_under_load_loses_nothing_and_the_gateways_keep_answering()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var clusterId = "failover-" + Guid.NewGuid().ToString("N");
        var silos = Enumerable.Range(0, 4).Select(_ => new ProductProcess(ProductRole.Silo, database.ConnectionString, clusterId)).ToArray();
        await using var otlp = new ProductProcess(ProductRole.OtlpGateway, database.ConnectionString, clusterId);
        await using var api = new ProductProcess(ProductRole.ApiGateway, database.ConnectionString, clusterId);
        try
        {
            await Task.WhenAll(silos.Take(3).Select(s => s.StartAsync(StartTimeout)));
            await Task.WhenAll(otlp.StartAsync(StartTimeout), api.StartAsync(StartTimeout));

            var exporter = new RetryingExporter(new Uri($"http://127.0.0.1:{otlp.HttpPort}"), exporters: 6, spansPerSecond: 1500);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{api.ApiPort}"), Timeout = TimeSpan.FromSeconds(30) };
            // The standalone REST gateway, an Orleans client of the cluster, streams live traces from the silos' streams.
            using var sse = new HttpClient { BaseAddress = http.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
            await using var liveBefore = await Live.SseConnection.OpenAsync(sse, "/api/v1/live/traces?service=crash-chat");
            using var stop = new CancellationTokenSource();
            var load = exporter.RunAsync(stop.Token, giveUpAfter: TimeSpan.FromSeconds(120));
            using var stopArrivals = new CancellationTokenSource();
            var liveBeforeEvents = ArrivalsAsync(liveBefore, () => exporter.Elapsed, stopArrivals.Token);

            await Task.Delay(TimeSpan.FromSeconds(3));
            var endpoints = await ProbedEndpointsAsync(http);
            var probes = new ConcurrentQueue<Probe>();
            var probing = ProbeAsync(http, endpoints, probes, () => exporter.Elapsed, stop.Token);

            // Scale out, then lose a silo that was there from the start.
            await silos[3].StartAsync(StartTimeout);
            await Task.Delay(TimeSpan.FromSeconds(3));
            var victim = silos[Random.Shared.Next(3)];
            var killedAt = exporter.Elapsed;
            await victim.KillAsync();
            var declaredDeadAfter = await WaitUntilDeclaredDeadAsync(database, clusterId, victim.SiloPort);
            // A browser reconnecting after the failover is served again (the UI reconnects within 1–10 s).
            await using var liveAfter = await Live.SseConnection.OpenAsync(sse, "/api/v1/live/traces?service=crash-chat");
            var openedAfter = exporter.Elapsed;
            var afterFailover = await liveAfter.NextDataAsync(TimeSpan.FromSeconds(30), t => t.GetProperty("traceId").GetString() is { Length: 32 });
            var firstAfter = exporter.Elapsed;
            // Long enough for a full probe round after the death even if one probe waits out a grain call's 10 s bound.
            await Task.Delay(TimeSpan.FromSeconds(12));

            stop.Cancel();
            await load;
            await probing;

            var pause = exporter.LongestPause(killedAt - TimeSpan.FromSeconds(1), killedAt + TimeSpan.FromSeconds(10));
            var before = exporter.LongestPause(killedAt - TimeSpan.FromSeconds(6), killedAt - TimeSpan.FromSeconds(1));
            output.WriteLine($"declared Dead {declaredDeadAfter.TotalSeconds:0.0} s after kill -9");
            output.WriteLine($"longest acknowledgement pause: {pause.TotalMilliseconds:0} ms around the kill, {before.TotalMilliseconds:0} ms in the 5 s before it");
            output.WriteLine($"{exporter.Acknowledged.Count} spans acknowledged, {exporter.Retries} retried sends");
            output.WriteLine($"{probes.Count} API probes: {string.Join(", ", probes.GroupBy(p => p.Status).Select(g => $"{g.Count()} × {(int)g.Key}"))}");

            // Reported, not asserted: how soon live events flow again after the death. Usually 0–5 s after the silo is declared
            // Dead (its stream queue grains and pulling agents move; the live provider retries a failed read after 200 ms,
            // LiveStreamBackoff). But a delivery to this standalone API that was in flight through the dead silo as the
            // client's gateway waits out Orleans' 30 s response timeout, and the subscription's later events wait behind it.
            await stopArrivals.CancelAsync();
            var arrivals = await liveBeforeEvents;
            var afterKill = arrivals.Where(a => a > killedAt).ToList();
            var gap = arrivals.Zip(arrivals.Skip(1), (a, b) => (From: a, Gap: b - a)).Where(g => g.From > killedAt - TimeSpan.FromSeconds(2)).MaxBy(g => g.Gap);
            output.WriteLine($"live stream opened before the kill: {arrivals.Count} events, first after the kill {(afterKill.Count == 0 ? "none" : $"{(afterKill[0] - killedAt).TotalSeconds:0.0} s")} after it, longest gap {gap.Gap.TotalSeconds:0.0} s from {(gap.From - killedAt).TotalSeconds:0.0} s");
            output.WriteLine($"live stream opened {(openedAfter - killedAt).TotalSeconds:0.0} s after the kill: first event {(afterFailover is null ? "none within 30 s" : $"{(firstAfter - killedAt).TotalSeconds:0.0} s after the kill, {(firstAfter - openedAfter).TotalSeconds:0.0} s after opening, {(firstAfter - killedAt - declaredDeadAfter).TotalSeconds:0.0} s after declared Dead")}");
            Assert.NotEmpty(arrivals);

            // The REST gateway never answered a failure other than a retryable 503, and kept answering.
            var bad = probes.Where(p => !(IsSuccess(p.Status) || (p.Status == HttpStatusCode.ServiceUnavailable && p.RetryAfter))).ToList();
            Assert.True(bad.Count == 0, "answers other than 2xx or 503 + Retry-After: " + string.Join("; ", bad.Take(10)));
            foreach (var endpoint in endpoints)
            {
                Assert.Contains(probes, p => p.Path == endpoint && p.At > killedAt + declaredDeadAfter && IsSuccess(p.Status));
            }

            Assert.True(pause <= PauseBound, $"acknowledgements paused for {pause.TotalMilliseconds:0} ms after the kill");

            // Every acknowledged span stored once, every summary and rollup exact, and the API's totals count each call once.
            await ExactnessAudit.AssertExactAsync(database, exporter, output);
            var from = Uri.EscapeDataString(DateTime.UtcNow.AddHours(-1).ToString("O", CultureInfo.InvariantCulture));
            var models = await http.GetFromJsonAsync<JsonElement>($"/api/v1/models?from={from}");
            Assert.Equal(exporter.AcknowledgedModelCalls, models.GetProperty("data").EnumerateArray().Sum(m => m.GetProperty("requestCount").GetInt64()));
        }
        catch
        {
            foreach (var process in silos.Append(otlp).Append(api))
            {
                output.WriteLine(process.Output[Math.Max(0, process.Output.Length - 4000)..]);
            }

            throw;
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    /// <summary>When each trace event of the stream arrived, on the given clock, until stopped.</summary>
    private static async Task<List<TimeSpan>> ArrivalsAsync(Live.SseConnection connection, Func<TimeSpan> clock, CancellationToken stop)
    {
        var arrivals = new List<TimeSpan>();
        while (!stop.IsCancellationRequested)
        {
            if (await connection.NextDataAsync(TimeSpan.FromMilliseconds(500), t => t.GetProperty("traceId").GetString() is { Length: 32 }) is not null)
            {
                arrivals.Add(clock());
            }
        }

        return arrivals;
    }

    /// <summary>Every GET route of the OpenAPI document without a path parameter, plus one trace by id.</summary>
    private static async Task<List<string>> ProbedEndpointsAsync(HttpClient http)
    {
        var document = await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject()
            .Where(p => !p.Name.Contains('{') && p.Value.TryGetProperty("get", out _) && !OpenApiOperations.IsEventStream(p.Name))
            .Select(p => p.Name)
            .ToList();
        var traces = await http.GetFromJsonAsync<JsonElement>("/api/v1/traces?limit=1");
        paths.Add("/api/v1/traces/" + traces.GetProperty("data")[0].GetProperty("traceId").GetString());
        // Routes that answer other than 2xx when healthy (e.g. a required query parameter) say nothing about failover.
        var healthy = new List<string>();
        foreach (var path in paths)
        {
            using var response = await http.GetAsync(path);
            if (IsSuccess(response.StatusCode))
            {
                healthy.Add(path);
            }
        }

        Assert.Contains("/api/v1/models", healthy);
        return healthy;
    }

    private static async Task ProbeAsync(HttpClient http, List<string> endpoints, ConcurrentQueue<Probe> probes, Func<TimeSpan> now, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            foreach (var path in endpoints)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.CacheControl = new System.Net.Http.Headers.CacheControlHeaderValue { NoCache = true };
                using var response = await http.SendAsync(request, CancellationToken.None);
                probes.Enqueue(new Probe(path, response.StatusCode, response.Headers.RetryAfter is not null, now()));
            }

            try
            {
                await Task.Delay(200, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<TimeSpan> WaitUntilDeclaredDeadAsync(PostgresTestDatabase database, string clusterId, int siloPort)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            // Orleans' SiloStatus.Dead is 6.
            var dead = await database.ScalarAsync<long>(
                $"SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = '{clusterId}' AND port = {siloPort} AND status = 6");
            if (dead > 0)
            {
                return clock.Elapsed;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The killed silo (port {siloPort}) was not declared Dead within 60 s.");
    }

    private static bool IsSuccess(HttpStatusCode status) => (int)status is >= 200 and < 300;

    private sealed record Probe(string Path, HttpStatusCode Status, bool RetryAfter, TimeSpan At);
}
