using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Observatory.Core.Alerts;
using Observatory.EndToEnd.Tests.Budgets;

namespace Observatory.EndToEnd.Tests.Alerts;

/// <summary>The product with private webhook targets allowed (the receiver is on loopback) and quick retries, plus the receiver.</summary>
public sealed class AlertHostFixture : IAsyncLifetime
{
    public ObservatoryTestHost Host { get; private set; } = null!;
    public WebhookReceiver Receiver { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Receiver = await WebhookReceiver.StartAsync();
        Host = await ObservatoryTestHost.StartAsync(
            "--Alerts:AllowPrivateWebhookTargets=true", "--Alerts:RetryDelay=00:00:00.200", "--Alerts:DeliveryRetries=4");
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

/// <summary>Alert rules evaluated by grains from real OTLP traffic over loopback, notifying a real webhook receiver on loopback.</summary>
public sealed class AlertTests(AlertHostFixture fixture) : IClassFixture<AlertHostFixture>
{
    private ObservatoryTestHost Host => fixture.Host;
    private WebhookReceiver Receiver => fixture.Receiver;

    /// <summary>The product evaluates every 2 s (the default); "within 10 s" is the promise.</summary>
    private static readonly TimeSpan Promise = TimeSpan.FromSeconds(10);

    private async Task<(string Id, string Secret)> AddWebhookAsync(string path, string? format = null)
    {
        var hook = await AlertClient.PostAsync(Host.Api, "/api/v1/alerts/webhooks", new { name = path, url = Receiver.Url(path), format });
        return (hook.GetProperty("id").GetString()!, hook.GetProperty("secret").GetString()!);
    }

    private static JsonElement Json(WebhookReceiver.Received r) => JsonDocument.Parse(r.Body).RootElement.Clone();

    [Fact]
    public async Task An_error_rate_alert_fires_and_resolves_from_otlp_traffic_notifying_once_each_with_a_valid_signature()
    {
        var (hookId, secret) = await AddWebhookAsync("errors");
        var rule = await AlertClient.PostAsync(Host.Api, "/api/v1/alerts", new
        {
            name = "error rate",
            metric = "error_rate",
            threshold = 50,
            windowMinutes = 5,
            webhookIds = new[] { hookId },
            scope = new { service = "alert-errors" },
        });
        var id = rule.GetProperty("id").GetString()!;
        Assert.Equal("ok", rule.GetProperty("state").GetString());

        // One good call, then two failing ones: 2 of 3 = 67 % >= 50 %.
        await AlertClient.SendCallAsync(Host.Otlp, "alert-errors", error: false);
        await AlertClient.SendCallAsync(Host.Otlp, "alert-errors", error: true);
        await AlertClient.SendCallAsync(Host.Otlp, "alert-errors", error: true);
        var (firing, after) = await AlertClient.PollAsync(Host.Api, $"/api/v1/alerts/{id}", a => a.GetProperty("state").GetString() == "firing", Promise + TimeSpan.FromSeconds(5));
        Assert.Equal("firing", firing.GetProperty("state").GetString());
        Assert.True(after < Promise, $"fired {after.TotalSeconds:0.0} s after the acknowledgement");
        // 1 of 2, then 2 of 3: the evaluation may have seen either.
        Assert.InRange(firing.GetProperty("stateValue").GetDouble(), 50, 67);
        Assert.Equal(1, firing.GetProperty("firings").GetInt64());

        await AlertClient.WaitAsync(() => Receiver.At("errors").Count >= 1, Promise, "the firing notification");
        var fired = Receiver.At("errors").Single();
        Assert.Equal("firing", fired.Event);
        Assert.True(WebhookSignature.Verify(secret, fired.Body, fired.Signature), $"signature {fired.Signature} does not verify");
        var body = Json(fired);
        Assert.Equal("firing", body.GetProperty("event").GetString());
        Assert.Equal(id, body.GetProperty("rule").GetProperty("id").GetString());
        Assert.Equal("error_rate", body.GetProperty("rule").GetProperty("metric").GetString());
        Assert.Equal("alert-errors", body.GetProperty("scope").GetProperty("service").GetString());
        Assert.Equal(50, body.GetProperty("threshold").GetDouble());
        Assert.Equal(firing.GetProperty("stateValue").GetDouble(), body.GetProperty("value").GetDouble());
        Assert.Equal("last 5 min", body.GetProperty("window").GetString());
        Assert.Equal($"/api/v1/alerts/{id}", body.GetProperty("links").GetProperty("alert").GetString());

        // Four good calls: 2 of 7 = 29 % < 50 %.
        for (var i = 0; i < 4; i++)
        {
            await AlertClient.SendCallAsync(Host.Otlp, "alert-errors", error: false);
        }

        var (resolved, resolvedAfter) = await AlertClient.PollAsync(Host.Api, $"/api/v1/alerts/{id}", a => a.GetProperty("state").GetString() == "resolved", Promise + TimeSpan.FromSeconds(5));
        Assert.Equal("resolved", resolved.GetProperty("state").GetString());
        Assert.True(resolvedAfter < Promise, $"resolved {resolvedAfter.TotalSeconds:0.0} s after the acknowledgement");
        Assert.InRange(resolved.GetProperty("stateValue").GetDouble(), 28, 41); // 2 of 5, 6 or 7
        await AlertClient.WaitAsync(() => Receiver.At("errors").Count >= 2, Promise, "the resolved notification");

        // Several more evaluations: nothing is sent again for the same firing or resolve.
        await Task.Delay(TimeSpan.FromSeconds(5));
        var sent = Receiver.At("errors");
        Assert.Equal(["firing", "resolved"], sent.Select(r => r.Event));
        Assert.True(WebhookSignature.Verify(secret, sent[1].Body, sent[1].Signature));

        var log = await AlertClient.GetAsync(Host.Api, $"/api/v1/alerts/{id}/deliveries");
        var rows = log.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(["resolved", "firing"], rows.Select(r => r.GetProperty("event").GetString()));
        Assert.All(rows, r => Assert.True(r.GetProperty("delivered").GetBoolean()));
        Assert.All(rows, r => Assert.Equal(1, r.GetProperty("attemptCount").GetInt32()));
        Assert.All(rows, r => Assert.Equal(hookId, r.GetProperty("webhookId").GetString()));
    }

    [Fact]
    public async Task A_failing_receiver_gets_retries_until_it_answers_and_the_log_shows_every_attempt()
    {
        var (hookId, secret) = await AddWebhookAsync("flaky");
        Receiver.FailFirst("flaky", 2);
        var rule = await AlertClient.PostAsync(Host.Api, "/api/v1/alerts", new
        {
            name = "any call",
            metric = "calls",
            threshold = 1,
            windowMinutes = 5,
            webhookIds = new[] { hookId },
            scope = new { service = "alert-flaky" },
        });
        var id = rule.GetProperty("id").GetString()!;

        await AlertClient.SendCallAsync(Host.Otlp, "alert-flaky", error: false);
        var (log, _) = await AlertClient.PollAsync(Host.Api, $"/api/v1/alerts/{id}/deliveries", l => l.GetProperty("data").GetArrayLength() > 0, Promise + TimeSpan.FromSeconds(10));

        var delivery = Assert.Single(log.GetProperty("data").EnumerateArray());
        Assert.True(delivery.GetProperty("delivered").GetBoolean());
        var attempts = delivery.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal([503, 503, 200], attempts.Select(a => a.GetProperty("statusCode").GetInt32()));
        Assert.Equal([1, 2, 3], attempts.Select(a => a.GetProperty("attempt").GetInt32()));
        var at = attempts.Select(a => a.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.True(at[0] < at[1] && at[1] < at[2], string.Join(", ", at));

        var received = Receiver.At("flaky");
        Assert.Equal(3, received.Count);
        Assert.All(received, r => Assert.True(WebhookSignature.Verify(secret, r.Body, r.Signature)));
        Assert.Single(received.Select(r => Convert.ToBase64String(r.Body)).Distinct());
        Assert.Equal(delivery.GetProperty("body").GetString(), System.Text.Encoding.UTF8.GetString(received[2].Body));
    }

    [Fact]
    public async Task A_budget_percentage_alert_fires_once_at_80_percent_with_a_slack_body()
    {
        var (hookId, secret) = await AddWebhookAsync("budget", format: "slack");
        // Ten gpt-4o-mini calls of $0.0012 fill a $0.012 budget; 80 % is the eighth.
        var budgetId = await BudgetClient.CreateAsync(Host.Api, new { name = "alerted", period = "day", limitUsd = 0.012m, scope = new { service = "alert-budget" } });
        var rule = await AlertClient.PostAsync(Host.Api, "/api/v1/alerts", new { name = "budget 80", metric = "budget_percent", threshold = 80, budgetId, webhookIds = new[] { hookId } });
        var id = rule.GetProperty("id").GetString()!;

        for (var i = 0; i < 7; i++)
        {
            await BudgetClient.SendMiniCallAsync(Host.Otlp, "alert-budget");
        }

        // 70 %: three evaluations later, still nothing.
        await Task.Delay(TimeSpan.FromSeconds(5));
        var below = await AlertClient.GetAsync(Host.Api, $"/api/v1/alerts/{id}");
        Assert.Equal("ok", below.GetProperty("state").GetString());
        Assert.Equal(70, below.GetProperty("currentValue").GetDouble(), 6);
        Assert.Empty(Receiver.At("budget"));

        await BudgetClient.SendMiniCallAsync(Host.Otlp, "alert-budget");
        var watch = Stopwatch.StartNew();
        await AlertClient.WaitAsync(() => Receiver.At("budget").Count >= 1, Promise, "the 80 % notification");
        Assert.True(watch.Elapsed < Promise);

        // 90 % and 100 %: the same firing, no second notification.
        await BudgetClient.SendMiniCallAsync(Host.Otlp, "alert-budget");
        await BudgetClient.SendMiniCallAsync(Host.Otlp, "alert-budget");
        await Task.Delay(TimeSpan.FromSeconds(5));
        var sent = Assert.Single(Receiver.At("budget"));
        Assert.True(WebhookSignature.Verify(secret, sent.Body, sent.Signature));
        var body = Json(sent);
        Assert.StartsWith("[FIRING] budget 80: budget_percent = 80 (threshold 80, budget " + budgetId, body.GetProperty("text").GetString());
        Assert.Equal(budgetId, body.GetProperty("rule").GetProperty("budgetId").GetString());
        Assert.Equal($"/api/v1/budgets/{budgetId}/check", body.GetProperty("links").GetProperty("budget").GetString());

        var now = await AlertClient.GetAsync(Host.Api, $"/api/v1/alerts/{id}");
        Assert.Equal("firing", now.GetProperty("state").GetString());
        Assert.Equal(1, now.GetProperty("firings").GetInt64());
        Assert.Equal(100, now.GetProperty("currentValue").GetDouble(), 6);
    }

    [Fact]
    public async Task Rules_and_webhooks_are_created_read_replaced_and_deleted_and_bad_ones_get_a_400_naming_the_problem()
    {
        var rule = await AlertClient.PostAsync(Host.Api, "/api/v1/alerts", new { name = "p95", metric = "latency_p95", threshold = 2000, windowMinutes = 10, minCalls = 5 });
        var id = rule.GetProperty("id").GetString()!;
        Assert.StartsWith("alr_", id);
        var list = await AlertClient.GetAsync(Host.Api, "/api/v1/alerts");
        Assert.Contains(list.GetProperty("data").EnumerateArray(), a => a.GetProperty("id").GetString() == id);

        using (var put = await Host.Api.PutAsJsonAsync($"/api/v1/alerts/{id}", new { name = "ttft", metric = "ttft_p95", threshold = 500, windowMinutes = 15 }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var replaced = await AlertClient.GetAsync(Host.Api, $"/api/v1/alerts/{id}");
        Assert.Equal("ttft_p95", replaced.GetProperty("metric").GetString());
        Assert.Equal(15, replaced.GetProperty("windowMinutes").GetInt32());
        Assert.Equal(1, replaced.GetProperty("minCalls").GetInt32());

        await AlertClient.PostAsync(Host.Api, "/api/v1/alerts", new { name = "x", metric = "p99", threshold = 1 }, HttpStatusCode.BadRequest);
        var missing = await AlertClient.PostAsync(Host.Api, "/api/v1/alerts", new { name = "x", metric = "cost" }, HttpStatusCode.BadRequest);
        Assert.Contains("'threshold'", missing.GetProperty("error").GetProperty("message").GetString());
        var noBudget = await AlertClient.PostAsync(Host.Api, "/api/v1/alerts", new { name = "x", metric = "budget_percent", threshold = 80, budgetId = "bud_nope" }, HttpStatusCode.BadRequest);
        Assert.Contains("budgetId 'bud_nope' is not a budget of this project.", noBudget.GetProperty("error").GetProperty("message").GetString());
        var noHook = await AlertClient.PostAsync(Host.Api, "/api/v1/alerts", new { name = "x", metric = "calls", threshold = 1, webhookIds = new[] { "whk_nope" } }, HttpStatusCode.BadRequest);
        Assert.Contains("'whk_nope' is not a webhook of this project.", noHook.GetProperty("error").GetProperty("message").GetString());
        var window = await AlertClient.PostAsync(Host.Api, "/api/v1/alerts", new { name = "x", metric = "calls", threshold = 1, windowMinutes = 0 }, HttpStatusCode.BadRequest);
        Assert.Contains("windowMinutes must be 1-1440.", window.GetProperty("error").GetProperty("message").GetString());

        var badUrl = await AlertClient.PostAsync(Host.Api, "/api/v1/alerts/webhooks", new { name = "x", url = "ftp://example.com/" }, HttpStatusCode.BadRequest);
        Assert.Contains("absolute http or https URL", badUrl.GetProperty("error").GetProperty("message").GetString());
        var badFormat = await AlertClient.PostAsync(Host.Api, "/api/v1/alerts/webhooks", new { name = "x", url = Receiver.Url("x"), format = "teams" }, HttpStatusCode.BadRequest);
        Assert.Contains("'format' must be 'json' or 'slack'", badFormat.GetProperty("error").GetProperty("message").GetString());

        var (hookId, _) = await AddWebhookAsync("crud");
        var hooks = await AlertClient.GetAsync(Host.Api, "/api/v1/alerts/webhooks");
        var listed = hooks.GetProperty("data").EnumerateArray().Single(h => h.GetProperty("id").GetString() == hookId);
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("secret").ValueKind);
        Assert.Equal(HttpStatusCode.NoContent, (await Host.Api.DeleteAsync($"/api/v1/alerts/webhooks/{hookId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Host.Api.DeleteAsync($"/api/v1/alerts/webhooks/{hookId}")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await Host.Api.DeleteAsync($"/api/v1/alerts/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Host.Api.GetAsync($"/api/v1/alerts/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Host.Api.GetAsync($"/api/v1/alerts/{id}/deliveries")).StatusCode);
    }
}

/// <summary>With the default settings, webhooks to loopback and private addresses are refused with a 400 that names the reason.</summary>
public sealed class WebhookTargetTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Theory]
    [InlineData("http://127.0.0.1:9/hook", "is a loopback address (127.0.0.1)")]
    [InlineData("http://localhost:9/hook", "is a loopback address")]
    [InlineData("http://10.0.0.5/hook", "is a private (10.0.0.0/8) address (10.0.0.5)")]
    [InlineData("http://169.254.169.254/latest/meta-data", "is a link-local (169.254.0.0/16) address")]
    [InlineData("http://[::1]:9/hook", "is a loopback address (::1)")]
    public async Task Private_and_loopback_targets_are_refused_naming_the_reason(string url, string reason)
    {
        var refused = await AlertClient.PostAsync(fixture.Host.Api, "/api/v1/alerts/webhooks", new { name = "internal", url }, HttpStatusCode.BadRequest);
        var message = refused.GetProperty("error").GetProperty("message").GetString()!;
        Assert.Contains(reason, message);
        Assert.Contains("Alerts:AllowPrivateWebhookTargets", message);
        var hooks = await AlertClient.GetAsync(fixture.Host.Api, "/api/v1/alerts/webhooks");
        Assert.DoesNotContain(hooks.GetProperty("data").EnumerateArray(), h => h.GetProperty("url").GetString() == url);
    }
}
