using System.Net.Http.Json;
using System.Text.Json;
using Observatory.EndToEnd.Tests.Crash;
using Observatory.TestSupport;

namespace Observatory.EndToEnd.Tests.Budgets;

/// <summary>A budget's spend lives in grain memory only as a cache: after a restart or a kill -9 it equals the stored spans.</summary>
public sealed class BudgetRestartTests
{
    [Fact]
    public async Task After_a_restart_the_spend_is_what_it_was()
    {
        await using var host = await ObservatoryTestHost.StartAsync();
        var id = await BudgetClient.CreateAsync(host.Api, new { name = "restart", period = "day", limitUsd = 1m, scope = new { service = "budget-restart" } });
        for (var i = 0; i < 3; i++)
        {
            await BudgetClient.SendMiniCallAsync(host.Otlp, "budget-restart");
        }

        var (before, _) = await BudgetClient.PollAsync(host.Api, id, c => c.GetProperty("spentUsd").GetDecimal() == 3 * BudgetClient.MiniCallCost, TimeSpan.FromSeconds(1));
        Assert.Equal(3 * BudgetClient.MiniCallCost, before.GetProperty("spentUsd").GetDecimal());

        await host.RestartAsync();

        var after = await BudgetClient.CheckAsync(host.Api, id);
        Assert.Equal(before.GetProperty("spentUsd").GetDecimal(), after.GetProperty("spentUsd").GetDecimal());
        Assert.Equal(15_000, after.GetProperty("spentTokens").GetInt64());
    }

    [Fact]
    [Trait("Category", "Crash")]
    public async Task After_kill_9_under_load_the_spend_equals_the_stored_spans()
    {
        const string service = "budget-crash";
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var product = new ProductProcess(ProductRole.AllInOne, database.ConnectionString, "budget-crash-" + Guid.NewGuid().ToString("N"));
        await product.StartAsync(TimeSpan.FromSeconds(60));
        using var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{product.ApiPort}") };
        using var otlp = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{product.HttpPort}"), Timeout = TimeSpan.FromSeconds(5) };
        var id = await BudgetClient.CreateAsync(api, new { name = "crash", period = "day", limitUsd = 1000m, scope = new { service } });

        using var stop = new CancellationTokenSource();
        var acknowledged = 0;
        var load = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await BudgetClient.SendMiniCallAsync(otlp, service);
                    acknowledged++;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or Xunit.Sdk.XunitException)
                {
                    // The product is down: an exporter would retry; this one sends the next trace.
                    await Task.Delay(50);
                }
            }
        });
        await Task.Delay(1500);
        await product.KillAsync();
        await product.StartAsync(TimeSpan.FromSeconds(60));
        await Task.Delay(1000);
        stop.Cancel();
        await load;

        var stored = await database.ScalarAsync<decimal>(BudgetClient.StoredCostSql, service);
        Assert.True(acknowledged > 5, $"only {acknowledged} exports were acknowledged");
        Assert.True(stored >= acknowledged * BudgetClient.MiniCallCost, $"{stored} stored for {acknowledged} acknowledged calls");
        // The last acknowledged calls reach the budget within the router's interval: give them a second, then make sure
        // nothing more arrives (a double count would).
        var (check, _) = await BudgetClient.PollAsync(api, id, c => c.GetProperty("spentUsd").GetDecimal() == stored, TimeSpan.FromSeconds(1));
        Assert.Equal(stored, check.GetProperty("spentUsd").GetDecimal());
        await Task.Delay(300);
        Assert.Equal(stored, (await api.GetFromJsonAsync<JsonElement>($"/api/v1/budgets/{id}/check")).GetProperty("spentUsd").GetDecimal());
    }
}
