using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Observatory.WebUi.Tests;

/// <summary>The Traces page: live arrivals, filters and full-text search, against traces sent over OTLP.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TracesPageTests(BrowserFixture browser, OpenProductFixture product) : IAsyncLifetime
{
    private IPage _page = null!;

    public async Task InitializeAsync() => _page = await browser.NewPageAsync();

    public async Task DisposeAsync()
    {
        await _page.Context.CloseAsync();
        Assert.Empty(browser.PageErrors);
    }

    [Fact]
    public async Task A_trace_sent_over_OTLP_appears_at_the_top_of_the_open_list_without_a_reload()
    {
        var earlier = await UiTraces.SendAsync(product.Host.Otlp, new(UiText.Unique("before")));
        var requests = new List<string>();
        _page.Request += (_, r) => requests.Add(new Uri(r.Url).AbsolutePath);
        int ListReads() { lock (requests) { return requests.Count(p => p == "/api/v1/traces"); } }
        await _page.GotoAsync(product.Url);
        await Expect(_page.Locator($"tr[data-trace='{earlier}']")).ToBeVisibleAsync();
        await Expect(_page.Locator("#liveBadge")).ToBeVisibleAsync();
        // A marker that a reload or navigation would wipe out.
        await _page.EvaluateAsync("() => { window.sameDocument = true; }");
        // The page's load, then the catch-up read once the live stream stands.
        for (var i = 0; i < 100 && ListReads() < 2; i++)
        {
            await Task.Delay(100);
        }

        Assert.Contains("/api/v1/live/traces", requests);
        var listReads = ListReads();
        Assert.Equal(2, listReads);

        var service = UiText.Unique("live");
        var traceId = await UiTraces.SendAsync(product.Host.Otlp, new(service));

        var row = _page.Locator($"tr[data-trace='{traceId}']");
        await Expect(row).ToBeVisibleAsync();
        await Task.Delay(2500); // polling every 2 s, as the page once did, would show here
        Assert.Equal(listReads, ListReads()); // the trace came over the event stream, not from the list
        await Expect(row).ToContainTextAsync(service);
        await Expect(row).ToContainTextAsync("POST /support");
        await Expect(row).ToContainTextAsync("1 error");
        Assert.Equal(traceId, await _page.Locator("#rows tr").First.GetAttributeAsync("data-trace"));
        Assert.True(await _page.EvaluateAsync<bool>("() => window.sameDocument === true"), "the page was reloaded");
        await Screenshots.SaveAsync(_page);
    }

    [Fact]
    public async Task Service_errors_only_and_full_text_search_narrow_the_list()
    {
        var serviceA = UiText.Unique("alpha");
        var serviceB = UiText.Unique("beta");
        var (wordA, wordB, wordC) = (UiText.Unique("alpaca"), UiText.Unique("bison"), UiText.Unique("condor"));
        var a = await UiTraces.SendAsync(product.Host.Otlp, new(serviceA, Word: wordA, Failing: false));
        var b = await UiTraces.SendAsync(product.Host.Otlp, new(serviceB, Word: wordB, Failing: true));
        var c = await UiTraces.SendAsync(product.Host.Otlp, new(serviceA, Word: wordC, Failing: true));

        await _page.GotoAsync(product.Url + "#/traces?live=0");
        await Expect(_page.Locator($"tr[data-trace='{c}']")).ToBeVisibleAsync();

        await _page.FillAsync("#filters [name=service]", serviceA);
        await _page.PressAsync("#filters [name=service]", "Enter");
        await ExpectRowsAsync(a, c);
        Assert.Contains("service=" + serviceA, _page.Url);

        await _page.CheckAsync("#filters [name=errors]");
        await ExpectRowsAsync(c);
        await Screenshots.SaveAsync(_page, "errors-only");

        await _page.ClickAsync("#clear");
        await _page.FillAsync("[data-search]", wordB);
        await _page.PressAsync("[data-search]", "Enter");
        await ExpectRowsAsync(b);

        await _page.FillAsync("[data-search]", wordA);
        await _page.PressAsync("[data-search]", "Enter");
        await ExpectRowsAsync(a);
        await Screenshots.SaveAsync(_page, "search");
    }

    [Fact]
    public async Task The_first_page_is_painted_with_its_traces_in_under_a_second()
    {
        await UiTraces.SendAsync(product.Host.Otlp, new(UiText.Unique("paint")));
        await _page.GotoAsync(product.Url); // warm: the server's first answers compile code
        await Expect(_page.Locator("#rows tr[data-trace]").First).ToBeVisibleAsync();

        await _page.ReloadAsync();
        await _page.Locator("#rows tr[data-trace]").First.WaitForAsync();
        var elapsed = await _page.EvaluateAsync<double>("() => performance.now()");
        var firstPaint = await _page.EvaluateAsync<double>("() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1");
        Assert.InRange(firstPaint, 0, 1000);
        Assert.True(elapsed < 1000, $"the trace list took {elapsed:0} ms to show");
        await Screenshots.SaveAsync(_page);
    }

    /// <summary>The list shows exactly these traces (filters are unique to the test, so nothing else may match).</summary>
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
