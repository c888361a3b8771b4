using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Observatory.WebUi.Tests;

/// <summary>The Models page follows new calls live, draws its charts (tokens by kind among them) and compares two models.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ModelsPageTests(BrowserFixture browser, OpenProductFixture product) : IAsyncLifetime
{
    private IPage _page = null!;

    public async Task InitializeAsync() => _page = await browser.NewPageAsync(new ViewportSize { Width = 1280, Height = 900 });

    public async Task DisposeAsync()
    {
        await _page.Context.CloseAsync();
        Assert.Empty(browser.PageErrors);
    }

    [Fact]
    public async Task A_new_models_calls_appear_in_the_open_table_and_two_models_compare()
    {
        await UiTraces.SendAsync(product.Host.Otlp, new(UiText.Unique("models")));
        await _page.GotoAsync(product.Url + "#/models");
        var gpt4o = _page.Locator("#rows tr[data-model^='gpt-4o']").First;
        await Expect(gpt4o).ToBeVisibleAsync();
        await Expect(_page.Locator("#charts .uplot")).ToHaveCountAsync(7);
        await _page.EvaluateAsync("() => { window.sameDocument = true; }");

        var model = UiText.Unique("ui-model-");
        await UiTraces.SendAsync(product.Host.Otlp, new(UiText.Unique("models"), Model: model, Failing: false));

        var row = _page.Locator($"#rows tr[data-model='{model}']");
        await Expect(row).ToBeVisibleAsync();
        await Expect(row).ToContainTextAsync("1,000"); // input tokens
        Assert.True(await _page.EvaluateAsync<bool>("() => window.sameDocument === true"), "the page was reloaded");

        await _page.SelectOptionAsync("#cmpA", model);
        await _page.SelectOptionAsync("#cmpB", "claude-3-5-sonnet-20241022");
        await _page.ClickAsync("#compare");
        await Expect(_page.Locator("#comparison .panel")).ToHaveCountAsync(2);
        await Expect(_page.Locator("#comparison .panel").Nth(1)).ToContainTextAsync("100.0%"); // every claude call failed
        await Screenshots.SaveAsync(_page);
    }

    [Fact]
    public async Task The_tokens_by_kind_chart_draws_the_five_kinds_of_the_services_calls()
    {
        // Two runs of the agent: per run the chat call has 1000 input (200 cache read, 100 cache write) and 500 output
        // (50 reasoning), the embeddings call 12 input, the failed call no usage.
        var service = UiText.Unique("kinds");
        await UiTraces.SendAsync(product.Host.Otlp, new(service));
        await UiTraces.SendAsync(product.Host.Otlp, new(service));
        await _page.GotoAsync(product.Url + $"#/models?service={service}");

        var chart = _page.Locator(".chart", new() { Has = _page.Locator("#kindTotals") });
        await Expect(chart.Locator("h3")).ToHaveTextAsync("Tokens by kind");
        await Expect(chart.Locator(".uplot")).ToBeVisibleAsync();
        foreach (var (kind, label, total) in new[]
                 {
                     ("input", "input", "2,024"), ("output", "output", "1,000"), ("cacheRead", "cache read", "400"),
                     ("cacheWrite", "cache write", "200"), ("reasoning", "reasoning", "100"),
                 })
        {
            // The totals are summed from the columns the chart draws.
            await Expect(chart.Locator($"[data-kind={kind}]")).ToHaveTextAsync($"{label} {total}");
        }

        await Screenshots.SaveAsync(_page);
    }
}
