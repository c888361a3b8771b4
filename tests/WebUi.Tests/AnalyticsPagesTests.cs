using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Observatory.WebUi.Tests;

/// <summary>Costs, Sessions, Users and Settings against traces sent over OTLP; and the pages on a phone in the dark theme.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AnalyticsPagesTests(BrowserFixture browser, OpenProductFixture product) : IAsyncLifetime
{
    private IPage _page = null!;

    public async Task InitializeAsync() => _page = await browser.NewPageAsync(new ViewportSize { Width = 1280, Height = 900 });

    public async Task DisposeAsync()
    {
        await _page.Context.CloseAsync();
        Assert.Empty(browser.PageErrors);
    }

    [Fact]
    public async Task Users_and_sessions_list_their_totals_and_open_their_traces()
    {
        var (user, session) = (UiText.Unique("user"), UiText.Unique("sess"));
        var traceId = await UiTraces.SendAsync(product.Host.Otlp, new(UiText.Unique("people"), User: user, Session: session));

        await _page.GotoAsync(product.Url + "#/users");
        var userRow = _page.Locator($"#rows tr[data-id='{user}']");
        await Expect(userRow).ToContainTextAsync(UiTraces.ChatCost);
        await userRow.Locator("td").Nth(2).ClickAsync(); // the trace count: any cell opens the user's traces
        await Expect(_page.Locator("#rows tr[data-trace]")).ToHaveCountAsync(1);
        await Expect(_page.Locator($"#rows tr[data-trace='{traceId}']")).ToBeVisibleAsync();
        await Expect(_page.Locator("#filters [name=user]")).ToHaveValueAsync(user);

        await _page.GotoAsync(product.Url + "#/sessions");
        var sessionRow = _page.Locator($"#rows tr[data-id='{session}']");
        await Expect(sessionRow).ToContainTextAsync(user);
        await Screenshots.SaveAsync(_page);
        await sessionRow.Locator("a").First.ClickAsync();
        await Expect(_page.Locator("#rows tr[data-trace]")).ToHaveCountAsync(1);
        await Expect(_page.Locator($"#rows tr[data-trace='{traceId}']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Costs_show_totals_attribution_and_a_forecast()
    {
        var user = UiText.Unique("payer");
        await UiTraces.SendAsync(product.Host.Otlp, new(UiText.Unique("costs"), User: user));
        await _page.GotoAsync(product.Url + "#/costs");
        await Expect(_page.Locator("#totalCost")).Not.ToHaveTextAsync("$0");
        await Expect(_page.Locator("#attribution tbody tr").First).ToBeVisibleAsync();
        await _page.ClickAsync("[data-by=user]");
        await Expect(_page.Locator("#attribution tr", new() { HasTextString = user })).ToContainTextAsync(UiTraces.ChatCost);
        await Expect(_page.Locator("#forecastChart .uplot")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(_page);
    }

    [Fact]
    public async Task Settings_save_a_custom_price_when_keys_are_off()
    {
        var model = UiText.Unique("house-model-");
        await _page.GotoAsync(product.Url + "#/settings");
        await Expect(_page.Locator("#keys")).ToBeVisibleAsync(); // Auth:Mode=none: the local user is an admin
        var form = _page.Locator("#priceForm");
        await form.Locator("[name=provider]").FillAsync("acme");
        await form.Locator("[name=model]").FillAsync(model);
        await form.Locator("[name=inputPerMillion]").FillAsync("1.5");
        await form.Locator("[name=outputPerMillion]").FillAsync("6");
        await form.Locator("button[type=submit]").ClickAsync();
        await Expect(_page.Locator("#prices tr", new() { HasTextString = model })).ToContainTextAsync("$1.5");
        await Expect(_page.Locator("#catalog tr", new() { HasTextString = "claude-sonnet-4-5" }).First).ToContainTextAsync("$3");
        await Screenshots.SaveAsync(_page);
    }

    [Fact]
    public async Task Pages_fit_a_phone_in_the_dark_theme()
    {
        var traceId = await UiTraces.SendAsync(product.Host.Otlp, new(UiText.Unique("phone")));
        var phone = await browser.NewPageAsync(new ViewportSize { Width = 390, Height = 844 }, ColorScheme.Dark);
        try
        {
            foreach (var route in new[] { "#/traces", "#/trace/" + traceId, "#/models", "#/costs", "#/budgets" })
            {
                // Not NetworkIdle: the live pages keep their event stream open. Wait for the page's first API answer.
                await phone.RunAndWaitForResponseAsync(
                    () => phone.GotoAsync(product.Url + route),
                    r => r.Url.Contains("/api/v1/", StringComparison.Ordinal) && !r.Url.Contains("/api/v1/live/", StringComparison.Ordinal));
                await phone.WaitForLoadStateAsync(LoadState.Load);
                await Expect(phone.Locator("main h1")).ToBeVisibleAsync();
                Assert.Equal("dark", await phone.EvaluateAsync<string>("() => document.documentElement.dataset.theme"));
                // Wide tables scroll inside their own box; the page itself never scrolls sideways.
                var overflow = await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
                Assert.True(overflow <= 0, $"{route} is {overflow} px wider than the phone");
                await Screenshots.SaveAsync(phone, route.Split('/')[1]);
            }
        }
        finally
        {
            await phone.Context.CloseAsync();
        }
    }
}
