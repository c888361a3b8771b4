using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Observatory.TestSupport;
using Xunit.Abstractions;

namespace Observatory.EndToEnd.Tests.Crash;

/// <summary>
/// kill -9 under steady OTLP load, then a restart on the same database: once the exporters' retries are acknowledged,
/// every acknowledged span is stored and every trace summary and minute, hour and day rollup equals a recomputation
/// from the stored spans. Short by default; <c>bench/run-crash.sh</c> runs it longer, with more kills
/// (OBSERVATORY_CRASH_SECONDS, OBSERVATORY_CRASH_KILLS, OBSERVATORY_CRASH_RATE), or against another build of the silo
/// (OBSERVATORY_CRASH_SILO).
/// </summary>
[Trait("Category", "Crash")]
public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task After_kill_9_of_the_all_in_one_process_under_load_every_acknowledged_span_is_stored_and_every_total_equals_a_recomputation()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var product = new ProductProcess(ProductRole.AllInOne, database.ConnectionString, ClusterId());
        await product.StartAsync(StartTimeout);

        var exporter = await LoadAndKillAsync(database, product.HttpPort, [product]);

        await ExactnessAudit.AssertExactAsync(database, exporter, output);
        // The API's model totals count every acknowledged model call once.
        using var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{product.ApiPort}") };
        var from = Uri.EscapeDataString(DateTime.UtcNow.AddHours(-1).ToString("O", CultureInfo.InvariantCulture));
        var models = await api.GetFromJsonAsync<JsonElement>($"/api/v1/models?from={from}");
        Assert.Equal(exporter.AcknowledgedModelCalls, models.GetProperty("data").EnumerateArray().Sum(m => m.GetProperty("requestCount").GetInt64()));
    }

    [Fact]
    public async Task After_kill_9_of_each_silo_of_a_cluster_in_turn_under_load_every_total_equals_a_recomputation()
    {
        // Two silos and a standalone OTLP gateway: the gateway's ingest calls run on either silo, so each is killed once.
        await using var database = await PostgresTestDatabase.CreateAsync();
        var clusterId = ClusterId();
        await using var siloA = new ProductProcess(ProductRole.Silo, database.ConnectionString, clusterId);
        await using var siloB = new ProductProcess(ProductRole.Silo, database.ConnectionString, clusterId);
        await using var gateway = new ProductProcess(ProductRole.OtlpGateway, database.ConnectionString, clusterId);
        await Task.WhenAll(siloA.StartAsync(StartTimeout), siloB.StartAsync(StartTimeout));
        await gateway.StartAsync(StartTimeout);

        var exporter = await LoadAndKillAsync(database, gateway.HttpPort, [siloA, siloB]);

        await ExactnessAudit.AssertExactAsync(database, exporter, output);
    }

    /// <summary>Loads the product through <paramref name="otlpPort"/>, kills the victims in turn mid-load and restarts each.</summary>
    private async Task<RetryingExporter> LoadAndKillAsync(PostgresTestDatabase database, int otlpPort, ProductProcess[] victims)
    {
        var seconds = Setting("OBSERVATORY_CRASH_SECONDS", 8);
        var kills = Math.Max(Setting("OBSERVATORY_CRASH_KILLS", 1), victims.Length);
        var rate = Setting("OBSERVATORY_CRASH_RATE", 1500);
        var exporter = new RetryingExporter(new Uri($"http://127.0.0.1:{otlpPort}"), exporters: 6, spansPerSecond: rate);

        using var stop = new CancellationTokenSource();
        var load = exporter.RunAsync(stop.Token, giveUpAfter: TimeSpan.FromSeconds(120));
        for (var kill = 0; kill < kills; kill++)
        {
            // At an arbitrary moment of the load, not on a period boundary of any timer.
            await Task.Delay(TimeSpan.FromSeconds((double)seconds / (kills + 1)) + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 500)));
            var victim = victims[kill % victims.Length];
            await victim.KillAsync();
            var spansAtKill = await database.ScalarAsync<long>("SELECT count(*) FROM spans");
            await victim.StartAsync(StartTimeout);
            output.WriteLine($"kill {kill + 1}: {spansAtKill} spans stored at the kill; restarted");
        }

        await Task.Delay(TimeSpan.FromSeconds(seconds / (kills + 1.0)));
        stop.Cancel();
        await load;
        output.WriteLine($"{exporter.Acknowledged.Count} spans acknowledged ({exporter.AcknowledgedModelCalls} model calls), {exporter.Retries} retried sends");
        Assert.True(exporter.Retries > 0, "No export was refused or cut off: the kills did not hit the load.");
        return exporter;
    }

    private static string ClusterId() => "crash-" + Guid.NewGuid().ToString("N");

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) ? value : fallback;
}
