using System.Net;
using System.Net.Http.Json;

namespace Observatory.EndToEnd.Tests.Alerts;

/// <summary>An alert's state and window outlive the process: stored state, windows read back from the spans.</summary>
public sealed class AlertRestartTests(AlertHostFixture fixture) : IClassFixture<AlertHostFixture>
{
    private ObservatoryTestHost Host => fixture.Host;
    private WebhookReceiver Receiver => fixture.Receiver;

    [Fact]
    public async Task A_firing_alert_is_still_firing_after_a_restart_sends_nothing_again_and_goes_on_evaluating()
    {
        var hook = await AlertClient.PostAsync(Host.Api, "/api/v1/alerts/webhooks", new { name = "restart", url = Receiver.Url("restart") });
        var hookId = hook.GetProperty("id").GetString()!;
        var rule = await AlertClient.PostAsync(Host.Api, "/api/v1/alerts", new
        {
            name = "two calls",
            metric = "calls",
            threshold = 2,
            windowMinutes = 30,
            webhookIds = new[] { hookId },
            scope = new { service = "alert-restart" },
        });
        var id = rule.GetProperty("id").GetString()!;
        await AlertClient.SendCallAsync(Host.Otlp, "alert-restart", error: false);
        await AlertClient.SendCallAsync(Host.Otlp, "alert-restart", error: false);
        await AlertClient.WaitAsync(() => Receiver.At("restart").Count == 1, TimeSpan.FromSeconds(10), "the firing notification");

        await Host.RestartAsync();

        // The state comes from the database, the window from the stored spans.
        var (after, _) = await AlertClient.PollAsync(Host.Api, $"/api/v1/alerts/{id}", a => a.GetProperty("currentValue").ValueKind == System.Text.Json.JsonValueKind.Number, TimeSpan.FromSeconds(10));
        Assert.Equal("firing", after.GetProperty("state").GetString());
        Assert.Equal(2, after.GetProperty("currentValue").GetDouble());
        Assert.Equal(1, after.GetProperty("firings").GetInt64());
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.Single(Receiver.At("restart"));

        // Still evaluated: a higher threshold resolves it, once.
        using var put = await Host.Api.PutAsJsonAsync($"/api/v1/alerts/{id}", new
        {
            name = "three calls",
            metric = "calls",
            threshold = 3,
            windowMinutes = 30,
            webhookIds = new[] { hookId },
            scope = new { service = "alert-restart" },
        });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        await AlertClient.WaitAsync(() => Receiver.At("restart").Count == 2, TimeSpan.FromSeconds(10), "the resolved notification");
        Assert.Equal(["firing", "resolved"], Receiver.At("restart").Select(r => r.Event));
        var resolved = await AlertClient.GetAsync(Host.Api, $"/api/v1/alerts/{id}");
        Assert.Equal("resolved", resolved.GetProperty("state").GetString());
    }
}
