using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Observatory.EndToEnd.Tests.Alerts;
using static Microsoft.Playwright.Assertions;

namespace Observatory.WebUi.Tests;

/// <summary>The Budgets page against a budget and an alert rule made through the API and crossed by real OTLP traffic.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BudgetsPageTests(BrowserFixture browser, OpenProductFixture product) : IAsyncLifetime
{
    private IPage _page = null!;

    public async Task InitializeAsync() => _page = await browser.NewPageAsync(new ViewportSize { Width = 1280, Height = 900 });

    public async Task DisposeAsync()
    {
        await _page.Context.CloseAsync();
        Assert.Empty(browser.PageErrors);
    }

    [Fact]
    public async Task A_budget_crossed_by_otlp_traffic_shows_as_blocked_and_its_alert_as_firing_with_its_notification()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var service = UiText.Unique("budgeted");
        var hookId = (await PostAsync("/api/v1/alerts/webhooks", new { name = service, url = receiver.Url(service) })).GetProperty("id").GetString()!;
        // Half a cent a day for this service's gpt-4o calls: one chat call ($0.00725) crosses it.
        var budgetId = (await PostAsync("/api/v1/budgets", new { name = service, period = "day", limitUsd = 0.005m, scope = new { service, model = "gpt-4o" } }))
            .GetProperty("id").GetString()!;
        var alertId = (await PostAsync("/api/v1/alerts", new { name = service + " 80%", metric = "budget_percent", threshold = 80, budgetId, webhookIds = new[] { hookId } }))
            .GetProperty("id").GetString()!;

        // g then b opens the page from anywhere.
        await _page.GotoAsync(product.Url + "#/traces?live=0");
        await Expect(_page.Locator("[data-search]")).ToBeVisibleAsync();
        await _page.Keyboard.PressAsync("g");
        await _page.Keyboard.PressAsync("b");
        await Expect(_page.Locator("main h1")).ToHaveTextAsync("Budgets and alerts");
        await Expect(_page.Locator("#nav a[data-page=budgets]")).ToHaveAttributeAsync("aria-current", "page");
        await Expect(_page.Locator("#readOnly")).ToContainTextAsync("Cost control");

        var budget = _page.Locator($"#budgets tr[data-budget='{budgetId}']");
        var alert = _page.Locator($"#alerts tr[data-alert='{alertId}']");
        await Expect(budget.Locator("[data-col=status]")).ToHaveTextAsync("allowed");
        await Expect(budget.Locator("[data-col=spent]")).ToHaveTextAsync("$0");
        await Expect(budget).ToContainTextAsync("service=" + service + " · model=gpt-4o");
        await Expect(alert.Locator("[data-col=state]")).ToContainTextAsync("ok");

        await UiTraces.SendAsync(product.Host.Otlp, new(service));

        // The page reads both tables again every 5 s; the budget is crossed within a second of the export, the alert
        // fires within 10 s (evaluated every 2 s) and is then notified.
        var later = new LocatorAssertionsToHaveTextOptions { Timeout = 30_000 };
        await Expect(budget.Locator("[data-col=status]")).ToHaveTextAsync("blocked", later);
        await Expect(budget.Locator("[data-col=spent]")).ToHaveTextAsync(UiTraces.ChatCost);
        await Expect(budget).ToContainTextAsync("145%"); // $0.00725 of $0.005
        await Expect(budget.Locator("[role=progressbar]")).ToHaveAttributeAsync("aria-valuenow", "100");
        await Expect(alert.Locator("[data-col=state] .badge")).ToHaveTextAsync("firing", later);
        await Expect(alert.Locator("[data-col=state]")).ToContainTextAsync("since");
        await Expect(alert.Locator("td").Nth(4)).ToHaveTextAsync("budget " + service); // the budget it watches, by name

        await alert.Locator("button[data-expand]").ClickAsync();
        await Expect(alert.Locator("button[data-expand]")).ToHaveAttributeAsync("aria-expanded", "true");
        var delivery = _page.Locator($"#alerts tr[data-deliveries='{alertId}'] tbody tr");
        await Expect(delivery).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(delivery).ToContainTextAsync("firing");
        await Expect(delivery).ToContainTextAsync("delivered");
        await Expect(delivery).ToContainTextAsync(hookId);
        await Expect(delivery.Locator("[data-col=attempts]")).ToHaveTextAsync("1");
        Assert.Single(receiver.At(service));
        await Screenshots.SaveAsync(_page);

        // Hide folds the notifications away again.
        await alert.Locator("button[data-expand]").ClickAsync();
        await Expect(_page.Locator($"#alerts tr[data-deliveries='{alertId}']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task On_a_phone_a_budgets_status_and_an_alerts_state_show_without_scrolling_sideways()
    {
        var service = UiText.Unique("phone-budget");
        var budgetId = (await PostAsync("/api/v1/budgets", new { name = service, period = "day", limitUsd = 5m, scope = new { service, model = "gpt-4o" } }))
            .GetProperty("id").GetString()!;
        var alertId = (await PostAsync("/api/v1/alerts", new { name = service + " errors", metric = "error_rate", threshold = 5, windowMinutes = 10, scope = new { service } }))
            .GetProperty("id").GetString()!;
        var phone = await browser.NewPageAsync(new ViewportSize { Width = 390, Height = 844 });
        try
        {
            await phone.GotoAsync(product.Url + "#/budgets");
            var status = phone.Locator($"#budgets tr[data-budget='{budgetId}'] [data-col=status]");
            var state = phone.Locator($"#alerts tr[data-alert='{alertId}'] [data-col=state]");
            await Expect(status).ToHaveTextAsync("allowed");
            await Expect(state).ToContainTextAsync("ok");
            // The columns a phone does not need fold away, so the verdicts sit inside the screen as the page opens.
            foreach (var cell in new[] { status, state })
            {
                var box = await cell.BoundingBoxAsync();
                Assert.NotNull(box);
                Assert.True(box.X + box.Width <= 390, $"a verdict ends at {box.X + box.Width} px, past the phone's 390");
            }

            await Screenshots.SaveAsync(phone, "budgets-phone");
        }
        finally
        {
            await phone.Context.CloseAsync();
        }
    }

    private async Task<JsonElement> PostAsync(string path, object body)
    {
        using var response = await product.Host.Api.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"POST {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
