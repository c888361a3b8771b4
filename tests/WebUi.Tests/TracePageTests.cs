using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Observatory.WebUi.Tests;

/// <summary>The Trace page: the span tree to scale, an LLM call's facts, cost and messages, events, attributes.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TracePageTests(BrowserFixture browser, OpenProductFixture product) : IAsyncLifetime
{
    private IPage _page = null!;

    public async Task InitializeAsync() => _page = await browser.NewPageAsync(new ViewportSize { Width = 1280, Height = 900 });

    public async Task DisposeAsync()
    {
        await _page.Context.CloseAsync();
        Assert.Empty(browser.PageErrors);
    }

    [Fact]
    public async Task Shows_the_span_tree_to_scale_with_kinds_and_opens_on_the_failed_call()
    {
        var traceId = await UiTraces.SendAsync(product.Host.Otlp, new(UiText.Unique("tree")));
        await _page.GotoAsync(product.Url + "#/trace/" + traceId);

        var rows = _page.Locator(".wf-row");
        await Expect(rows).ToHaveCountAsync(6);
        // Tree order, depth first: root, agent, then its children by start time.
        Assert.Equal(
            ["POST /support", "invoke_agent support", "embeddings text-embedding-3-small", "execute_tool lookup_order", "chat gpt-4o", "chat claude-3-5-sonnet"],
            await _page.Locator(".wf-row .wf-name .n").AllTextContentsAsync());
        Assert.Equal(["server", "agent", "embeddings", "tool", "chat", "chat"], await _page.Locator(".wf-row .wf-name .badge:first-child").AllTextContentsAsync());
        Assert.Contains("padding-left:28px", await Row("execute_tool lookup_order").Locator(".wf-name").GetAttributeAsync("style"));

        // Durations to scale: the gpt-4o call takes 1650 of the trace's 2600 ms and starts at 650 ms.
        var bar = await Row("chat gpt-4o").Locator(".wf-bar").GetAttributeAsync("style");
        Assert.Matches(@"left:25(\.0+)?%;width:63\.46", bar!);

        // The failed call is highlighted and selected first, with the provider's error.
        var failed = Row("chat claude-3-5-sonnet");
        await Expect(failed).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\berror\b"));
        await Expect(failed).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(_page.Locator("#detail .alert")).ToContainTextAsync("rate_limit_error: slow down");
        await Expect(_page.Locator("#detail .events li.exception")).ToContainTextAsync("Error code: 429");

        // Keyboard: arrows move the selection through the tree.
        await failed.FocusAsync();
        await _page.Keyboard.PressAsync("ArrowUp");
        await Expect(Row("chat gpt-4o")).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(_page.Locator("#detail h2")).ToContainTextAsync("chat gpt-4o");
        await Screenshots.SaveAsync(_page);
    }

    [Fact]
    public async Task Shows_a_calls_modality_parts_and_the_rate_that_priced_them()
    {
        var traceId = await UiTraces.SendAsync(product.Host.Otlp, new(UiText.Unique("modality"), Failing: false, Audio: true));
        await _page.GotoAsync(product.Url + "#/trace/" + traceId);
        await Row("chat gpt-4o").ClickAsync();
        var detail = _page.Locator("#detail");

        // The totals stay the totals; the parts show beside them. gpt-4o lists no audio rate: its text rates priced them.
        Assert.Equal(["1,000", "200", "100", "500", "50"], await detail.Locator("#tokens b").AllTextContentsAsync());
        Assert.Equal(["300", "700", "400", "100"], await detail.Locator("#modalities b").AllTextContentsAsync());
        Assert.Equal(["text in", "audio in", "text out", "audio out"], await detail.Locator("#modalities span").AllTextContentsAsync());
        await Expect(detail.Locator("#cost")).ToContainTextAsync(UiTraces.ChatCost);
        await Expect(detail.Locator("#cost")).ToContainTextAsync("audio_input=input_rate, audio_output=output_rate");
        await Expect(detail.Locator("#modalityWarning")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Shows_an_LLM_calls_facts_cost_and_messages_and_searches_its_attributes()
    {
        var traceId = await UiTraces.SendAsync(product.Host.Otlp, new(UiText.Unique("facts"), Word: "parcel"));
        await _page.GotoAsync(product.Url + "#/trace/" + traceId);
        await Row("chat gpt-4o").ClickAsync();
        var detail = _page.Locator("#detail");

        await Expect(detail.Locator(".facts").First).ToContainTextAsync("openai");
        await Expect(detail.Locator(".facts").First).ToContainTextAsync("gpt-4o");
        await Expect(detail.Locator(".facts").First).ToContainTextAsync("250 ms"); // time to first token
        await Expect(detail.Locator(".facts").First).ToContainTextAsync("stop");
        Assert.Equal(["1,000", "200", "100", "500", "50"], await detail.Locator("#tokens b").AllTextContentsAsync());
        await Expect(detail.Locator("#cost")).ToContainTextAsync(UiTraces.ChatCost);
        await Expect(detail.Locator("#cost")).ToContainTextAsync("computed");

        await Expect(detail.Locator("#input .msg.system")).ToContainTextAsync("You are a support agent.");
        await Expect(detail.Locator("#input .msg.user")).ToContainTextAsync("Where is my parcel 1234?");
        await Expect(detail.Locator("#output .msg.assistant")).ToContainTextAsync("It ships tomorrow.");
        await Expect(detail.Locator("#output .tool-call .name")).ToContainTextAsync("lookup_order");
        await Expect(detail.Locator("#output .tool-call pre")).ToContainTextAsync("\"order_id\": \"1234\"");

        var attributeRows = detail.Locator("#attrs tr");
        var all = await attributeRows.CountAsync();
        await detail.Locator("#attrSearch").FillAsync("cache_read");
        await Expect(detail.Locator("#attrs tr:not([hidden])")).ToHaveCountAsync(1);
        await Expect(detail.Locator("#attrs tr:not([hidden]) mark")).ToHaveTextAsync("cache_read");
        Assert.True(all > 5, $"only {all} attributes listed");

        // The trace's JSON, as the API serves it.
        var href = await _page.Locator("#jsonLink").GetAttributeAsync("href");
        Assert.Equal("/api/v1/traces/" + traceId, href);
        var json = await _page.Context.APIRequest.GetAsync(product.Url.TrimEnd('/') + href);
        Assert.Equal(200, json.Status);
        Assert.Contains(traceId, await json.TextAsync());
        await Screenshots.SaveAsync(_page);
    }

    private ILocator Row(string name) => _page.Locator(".wf-row", new() { Has = _page.Locator(".n", new() { HasTextString = name }) }).First;
}
