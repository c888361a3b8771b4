using Google.Protobuf;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Observatory.WebUi.Tests;

/// <summary>The Traces page's cost, latency and attribute filters, and paging through more than a page of traces.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TracesFilterTests(BrowserFixture browser, OpenProductFixture product) : IAsyncLifetime
{
    private IPage _page = null!;

    public async Task InitializeAsync() => _page = await browser.NewPageAsync();

    public async Task DisposeAsync()
    {
        await _page.Context.CloseAsync();
        Assert.Empty(browser.PageErrors);
    }

    [Fact]
    public async Task Cost_latency_and_attribute_filters_narrow_the_list()
    {
        var service = UiText.Unique("ranges");
        var priced = await UiTraces.SendAsync(product.Host.Otlp, new(service)); // gpt-4o: $0.00725 and a little
        var unpriced = await UiTraces.SendAsync(product.Host.Otlp, new(service, Model: UiText.Unique("no-price-"))); // embeddings only
        await _page.GotoAsync(product.Url + $"#/traces?live=0&service={service}");
        await ExpectRowsAsync(priced, unpriced);

        await ApplyAsync("minCost", "0.001");
        await ExpectRowsAsync(priced);
        await ApplyAsync("minCost", "");
        await ApplyAsync("maxCost", "0.001");
        await ExpectRowsAsync(unpriced);
        await ApplyAsync("maxCost", "");

        // Both traces last 2.6 s.
        await ApplyAsync("minDuration", "2500");
        await ExpectRowsAsync(priced, unpriced);
        await ApplyAsync("maxDuration", "2000");
        await ExpectRowsAsync();
        await ApplyAsync("minDuration", "");
        await ApplyAsync("maxDuration", "");

        await ApplyAsync("attr", "gen_ai.request.model=gpt-4o");
        await ExpectRowsAsync(priced);
        Assert.Contains("attr=gen_ai.request.model", Uri.UnescapeDataString(_page.Url));
        await Screenshots.SaveAsync(_page);
        await ApplyAsync("attr", "gen_ai.agent.name=billing");
        await ExpectRowsAsync();
    }

    [Fact]
    public async Task Older_and_newer_page_through_more_traces_than_fit_a_page()
    {
        var service = UiText.Unique("paging");
        var export = new Gateway.Otlp.Proto.Collector.Trace.V1.ExportTraceServiceRequest();
        for (var i = 0; i < 51; i++)
        {
            export.ResourceSpans.AddRange(UiTraces.Build(Guid.NewGuid().ToString("N"), new(service, Failing: false)).ResourceSpans);
        }

        using (var content = new ByteArrayContent(export.ToByteArray()))
        {
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-protobuf");
            using var response = await product.Host.Otlp.PostAsync("/v1/traces", content);
            Assert.True(response.IsSuccessStatusCode);
        }

        await _page.GotoAsync(product.Url + $"#/traces?live=0&service={service}");
        var rows = _page.Locator("#rows tr[data-trace]");
        await Expect(rows).ToHaveCountAsync(50);
        await Expect(_page.Locator("#newer")).ToBeDisabledAsync();
        var firstOfPageOne = await rows.First.GetAttributeAsync("data-trace");

        await _page.ClickAsync("#older");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(_page.Locator("#pageInfo")).ToContainTextAsync("page 2");
        await Expect(_page.Locator("#older")).ToBeDisabledAsync();
        Assert.NotEqual(firstOfPageOne, await rows.First.GetAttributeAsync("data-trace"));
        await Screenshots.SaveAsync(_page);

        await _page.ClickAsync("#newer");
        await Expect(rows).ToHaveCountAsync(50);
        Assert.Equal(firstOfPageOne, await rows.First.GetAttributeAsync("data-trace"));
    }

    private async Task ApplyAsync(string field, string value)
    {
        await _page.FillAsync($"#filters [name={field}]", value);
        await _page.PressAsync($"#filters [name={field}]", "Enter");
    }

    private async Task ExpectRowsAsync(params string[] traceIds)
    {
        var rows = _page.Locator("#rows tr[data-trace]");
        await Expect(rows).ToHaveCountAsync(traceIds.Length);
        foreach (var id in traceIds)
        {
            await Expect(_page.Locator($"#rows tr[data-trace='{id}']")).ToBeVisibleAsync();
        }
    }
}
