using System.Text.Json;
using Microsoft.Playwright;
using Observatory.EndToEnd.Tests.Live;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Observatory.WebUi.Tests;

/// <summary>
/// The live Models table shows exactly what was sent, also when the page's first read already counted calls whose
/// live update arrives after it (a race that once showed gpt-4o with 4 calls where 2 were sent, for up to 15 s).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ModelsTableExactTests(BrowserFixture browser, OpenProductFixture product, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    // Two agent runs' gpt-4o calls, cells Calls to Reasoning and Cost: 2 calls, no errors, every call with usage,
    // 2 × (1000 input of which 200 cache read and 100 cache write, 500 output of which 50 reasoning), 2 × $0.00725.
    private const string TwoRuns = "2|0|0|2,000|400|200|1,000|100|$0.0145";

    // Holds the page's first GET /api/v1/models until the test releases it (the page sends it once its live stream
    // stands), and counts the reads: how many, and how many at once at most.
    private const string HoldFirstRead = """
        (() => {
          const realFetch = window.fetch.bind(window);
          const reads = window.modelReads = { count: 0, inFlight: 0, maxInFlight: 0 };
          const released = new Promise((resolve) => { window.releaseFirstRead = resolve; });
          window.fetch = async (input, init) => {
            if (new URL(String(input.url ?? input), location.href).pathname !== '/api/v1/models') return realFetch(input, init);
            const first = reads.count++ === 0;
            reads.maxInFlight = Math.max(reads.maxInFlight, ++reads.inFlight);
            try {
              if (first) { window.firstReadHeld = true; await released; }
              const response = await realFetch(input, init);
              return new Response(await response.text(), { status: response.status, statusText: response.statusText, headers: response.headers });
            } finally {
              reads.inFlight--;
            }
          };
        })();
        """;

    // Every state the gpt-4o row ever shows (its cells Calls to Reasoning and Cost), so a brief wrong count is seen too.
    private const string RecordGpt4oRow = """
        () => {
          window.gpt4oRows = [];
          const rows = document.querySelector('#rows');
          new MutationObserver(() => {
            const row = rows.querySelector("tr[data-model='gpt-4o']");
            if (row) window.gpt4oRows.push([...row.cells].filter((_, i) => (i >= 1 && i <= 8) || i === 10).map((c) => c.textContent.trim()).join('|'));
          }).observe(rows, { childList: true, subtree: true, characterData: true });
        }
        """;

    private IPage _page = null!;

    public async Task InitializeAsync() => _page = await browser.NewPageAsync(new ViewportSize { Width = 1280, Height = 900 });

    public async Task DisposeAsync()
    {
        await _page.Context.CloseAsync();
        Assert.Empty(browser.PageErrors);
    }

    [Fact]
    public async Task Calls_the_first_read_counted_are_not_counted_again_when_their_live_update_arrives()
    {
        var service = UiText.Unique("exact");
        await using var live = await SseConnection.OpenAsync(product.Host.Api, $"/api/v1/live/models?service={service}");
        await _page.AddInitScriptAsync(HoldFirstRead);
        await _page.GotoAsync(product.Url + $"#/models?service={service}");
        await _page.WaitForFunctionAsync("() => window.firstReadHeld === true");
        await _page.EvaluateAsync(RecordGpt4oRow);

        // Two runs commit and their live update is published while the page's first read is on its way: the read will
        // count them, and the update reaches the page after it.
        await UiTraces.SendAsync(product.Host.Otlp, new(service));
        await UiTraces.SendAsync(product.Host.Otlp, new(service));
        await UpdatesAsync(live, "gpt-4o", calls: 2);
        await _page.EvaluateAsync("() => window.releaseFirstRead()");
        var released = System.Diagnostics.Stopwatch.StartNew();

        var gpt4o = _page.Locator("#rows tr[data-model='gpt-4o']");
        await Expect(gpt4o).ToBeVisibleAsync();
        Assert.Equal(TwoRuns, await CellsAsync(gpt4o));

        // A few more live updates (another model of the same service): each shows up, and gpt-4o stays as sent.
        var other = UiText.Unique("ui-model-");
        for (var run = 1; run <= 3; run++)
        {
            await UiTraces.SendAsync(product.Host.Otlp, new(service, Model: other, Failing: false));
            await UpdatesAsync(live, other, calls: 1);
            var updated = System.Diagnostics.Stopwatch.StartNew();
            await Expect(_page.Locator($"#rows tr[data-model='{other}'] td").Nth(1)).ToHaveTextAsync(run.ToString());
            output.WriteLine($"run {run}: the table showed it {updated.ElapsedMilliseconds} ms after the live update reached the test");
            Assert.Equal(TwoRuns, await CellsAsync(gpt4o));
        }

        var shown = await _page.EvaluateAsync<string[]>("() => window.gpt4oRows");
        Assert.NotEmpty(shown);
        Assert.All(shown, state => Assert.Equal(TwoRuns, state));
        var reads = await _page.EvaluateAsync<JsonElement>("() => window.modelReads");
        Assert.Equal(1, reads.GetProperty("maxInFlight").GetInt32()); // one read at a time
        Assert.InRange(reads.GetProperty("count").GetInt32(), 2, 2 + (int)released.Elapsed.TotalSeconds); // and about one a second at most
        output.WriteLine($"{reads.GetProperty("count").GetInt32()} reads of /api/v1/models in {released.Elapsed.TotalSeconds:0.0} s after the first");
        await Screenshots.SaveAsync(_page);
    }

    /// <summary>Waits until the live stream has carried <paramref name="calls"/> calls of the model (in one update or several).</summary>
    private static async Task UpdatesAsync(SseConnection live, string model, int calls)
    {
        for (var seen = 0; seen < calls;)
        {
            var update = await live.NextDataAsync(Wait, m => m.GetProperty("model").GetString() == model);
            Assert.True(update is not null, $"no live update for {model} within {Wait.TotalSeconds} s");
            seen += (int)update.Value.GetProperty("requestCount").GetInt64();
        }
    }

    private static async Task<string> CellsAsync(ILocator row)
    {
        var cells = await row.Locator("td").AllTextContentsAsync();
        return string.Join('|', cells.Where((_, i) => (i >= 1 && i <= 8) || i == 10).Select(c => c.Trim()));
    }
}
