using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Observatory.WebUi.Tests;

/// <summary>
/// The trace view of a multi-agent run: agent, tool and MCP badges in the waterfall; an agent's own and inclusive usage
/// exactly as the API gives it; a tool call; an MCP request and its other side; scores from an evaluation event and from
/// <c>POST /api/v1/scores</c> on spans and on the whole trace; the Models page's comparison with each model's score means.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AgentTracePageTests(BrowserFixture browser, OpenProductFixture product) : IAsyncLifetime
{
    private IPage _page = null!;

    public async Task InitializeAsync() => _page = await browser.NewPageAsync(new ViewportSize { Width = 1280, Height = 900 });

    public async Task DisposeAsync()
    {
        await _page.Context.CloseAsync();
        Assert.Empty(browser.PageErrors);
    }

    [Fact]
    public async Task Shows_the_agent_tree_with_own_and_inclusive_usage_tools_mcp_peers_and_scores()
    {
        var (sent, relevance, _) = await SendScoredRunAsync();
        var api = await GetJsonAsync($"/api/v1/traces/{sent.TraceId}");
        await _page.GotoAsync(product.Url + "#/trace/" + sent.TraceId);

        var rows = _page.Locator(".wf-row");
        await Expect(rows).ToHaveCountAsync(9);
        Assert.Equal(
            [sent.Planner, sent.FirstChat, sent.Delegate, sent.Researcher, sent.MiniChat, sent.McpClient, sent.McpServer, sent.SecondMiniChat, sent.LastChat],
            await _page.Locator(".wf-row").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.span)"));

        // Badges: the agent with its version, the tool, the MCP method (and the tool it calls).
        await Expect(Row(sent.Planner).Locator("[data-tag=agent]")).ToHaveTextAsync("planner 1.0.0");
        await Expect(Row(sent.Researcher).Locator("[data-tag=agent]")).ToHaveTextAsync("researcher 2.0.0");
        await Expect(Row(sent.Delegate).Locator("[data-tag=tool]")).ToHaveTextAsync("delegate_research");
        await Expect(Row(sent.McpClient).Locator("[data-tag=mcp]")).ToHaveTextAsync("tools/call");
        await Expect(Row(sent.McpClient).Locator("[data-tag=tool]")).ToHaveTextAsync("get-weather");
        await Expect(Row(sent.McpServer).Locator("[data-tag=mcp]")).ToHaveTextAsync("tools/call");
        await Expect(Row(sent.FirstChat).Locator("[data-tag]")).ToHaveCountAsync(0);

        // The planner: own = its two gpt-4o calls, inclusive = those and the researcher's two gpt-4o-mini calls, as the API
        // computes them (the researcher's repeated usage counts nowhere).
        Assert.Equal((2, 1500L, 300L, 0.00675m, 0), Usage(api, sent.Planner, "own"));
        Assert.Equal((4, 2100L, 400L, 0.0069m, 0), Usage(api, sent.Planner, "inclusive"));
        await Row(sent.Planner).ClickAsync();
        var detail = _page.Locator("#detail");
        await Expect(detail.Locator("#agent")).ToContainTextAsync("asst_planner_01");
        await Expect(detail.Locator("#agent")).ToContainTextAsync("Plans and delegates");
        await ExpectRollupAsync(("2", "4"), ("1,500", "2,100"), ("300", "400"), ("$0.00675", "$0.0069"), ("0", "0"));

        Assert.Equal((2, 600L, 100L, 0.00015m, 0), Usage(api, sent.Researcher, "own"));
        Assert.Equal((2, 600L, 100L, 0.00015m, 0), Usage(api, sent.Researcher, "inclusive"));
        await Row(sent.Researcher).ClickAsync();
        await ExpectRollupAsync(("2", "2"), ("600", "600"), ("100", "100"), ("$0.00015", "$0.00015"), ("0", "0"));
        await Expect(detail.Locator("#notModelCall")).ToBeVisibleAsync();

        // The tool call: name, type, call id, arguments and result.
        await Row(sent.Delegate).ClickAsync();
        await Expect(detail.Locator("#tool")).ToContainTextAsync("delegate_research");
        await Expect(detail.Locator("#tool")).ToContainTextAsync("function");
        await Expect(detail.Locator("#tool")).ToContainTextAsync("call_VSPygqKTWdrhaFErNvMV18Yl");
        await Expect(detail.Locator("#toolArguments")).ToContainTextAsync("\"topic\": \"otel genai\"");
        await Expect(detail.Locator("#toolResult")).ToContainTextAsync("\"summary\": \"3 papers\"");
        await Expect(detail.Locator("#rollup")).ToHaveCountAsync(0);

        // The MCP client span: method, session, request id; its server side is a link that selects it, and back.
        await Row(sent.McpClient).ClickAsync();
        var mcp = detail.Locator("#mcp");
        await Expect(mcp).ToContainTextAsync("tools/call");
        await Expect(mcp).ToContainTextAsync(UiAgentTraces.McpSession);
        await Expect(mcp).ToContainTextAsync("2025-06-18");
        await Expect(mcp.Locator("dd[data-fact='Request id']")).ToHaveTextAsync("1");
        await Expect(detail.Locator("#mcpPeer")).ToHaveAttributeAsync("data-span", sent.McpServer);
        await detail.Locator("#mcpPeer").ClickAsync();
        await Expect(Row(sent.McpServer)).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(Row(sent.McpClient)).ToHaveAttributeAsync("aria-selected", "false");
        await Expect(_page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"span={sent.McpServer}"));
        await Expect(mcp.Locator("dd[data-fact=Side]")).ToHaveTextAsync("server");
        await Expect(detail.Locator("#mcpPeer")).ToHaveAttributeAsync("data-span", sent.McpClient);

        // Scores: the evaluation event on the first gpt-4o call, the posted score on the last, the feedback on the trace.
        await Row(sent.FirstChat).ClickAsync();
        var evaluated = detail.Locator($"#spanScores li[data-score='{relevance}']");
        await Expect(evaluated.Locator(".score-value")).ToHaveTextAsync("0.75 · relevant");
        await Expect(evaluated).ToContainTextAsync("evaluation event");
        await Expect(evaluated.Locator(".score-comment")).ToHaveTextAsync("On topic.");
        await Row(sent.LastChat).ClickAsync();
        var posted = detail.Locator($"#spanScores li[data-score='{relevance}']");
        await Expect(posted.Locator(".score-value")).ToHaveTextAsync("0.5 · partly");
        await Expect(posted).ToContainTextAsync("posted");
        await Expect(posted).ToContainTextAsync("by llm-judge");
        await Expect(posted.Locator(".score-comment")).ToHaveTextAsync("One step missing.");
        var feedback = _page.Locator("#traceScores li[data-score='user_feedback']");
        await Expect(feedback.Locator(".score-value")).ToHaveTextAsync("false");
        await Expect(feedback).ToContainTextAsync("by alice");
        await Expect(feedback.Locator(".score-comment")).ToHaveTextAsync("Wrong city.");
        await Expect(_page.Locator("#traceScores li")).ToHaveCountAsync(1);
        await Screenshots.SaveAsync(_page);
    }

    [Fact]
    public async Task The_models_comparison_lists_each_models_score_means()
    {
        var (_, relevance, tone) = await SendScoredRunAsync();
        await _page.GotoAsync(product.Url + "#/models");
        await Expect(_page.Locator("#rows tr[data-model='gpt-4o-mini']")).ToBeVisibleAsync();
        await Expect(_page.Locator("#rows tr[data-model='gpt-4o-2024-08-06']")).ToBeVisibleAsync();

        await _page.SelectOptionAsync("#cmpA", "gpt-4o-2024-08-06");
        await _page.SelectOptionAsync("#cmpB", "gpt-4o-mini");
        await _page.ClickAsync("#compare");
        var panels = _page.Locator("#comparison .panel");
        await Expect(panels).ToHaveCountAsync(2);

        // gpt-4o: the evaluation's 0.75 and the posted 0.5; gpt-4o-mini: one label, no value.
        var compare = await GetJsonAsync("/api/v1/models/compare?models=gpt-4o-2024-08-06,gpt-4o-mini");
        var means = compare.GetProperty("models").EnumerateArray().SelectMany(m => m.GetProperty("scores").EnumerateArray()
                .Where(s => s.GetProperty("name").GetString() is { } n && (n == relevance || n == tone))
                .Select(s => (m.GetProperty("model").GetString(), s.GetProperty("count").GetInt64(), s.GetProperty("valueCount").GetInt64(),
                    s.GetProperty("mean").ValueKind == JsonValueKind.Null ? (double?)null : s.GetProperty("mean").GetDouble())))
            .ToArray();
        Assert.Equal(new (string?, long, long, double?)[] { ("gpt-4o-2024-08-06", 2L, 2L, 0.625), ("gpt-4o-mini", 1L, 0L, null) }, means);

        var gpt4o = panels.Nth(0).Locator($"dd[data-score='{relevance}']");
        await Expect(gpt4o.Locator("b")).ToHaveTextAsync("0.625");
        await Expect(gpt4o).ToContainTextAsync("2 scores");
        await Expect(panels.Nth(0).Locator($"dd[data-score='{tone}']")).ToHaveCountAsync(0);
        var mini = panels.Nth(1).Locator($"dd[data-score='{tone}']");
        await Expect(mini.Locator("b")).ToHaveTextAsync("—");
        await Expect(mini).ToContainTextAsync("1 score, 0 with a value");
        await Screenshots.SaveAsync(_page);
    }

    [Fact]
    public async Task The_agent_trace_fits_a_phone()
    {
        var (sent, _, _) = await SendScoredRunAsync();
        var phone = await browser.NewPageAsync(new ViewportSize { Width = 390, Height = 844 }, ColorScheme.Dark);
        try
        {
            foreach (var span in new[] { sent.Planner, sent.Delegate, sent.McpClient, sent.LastChat })
            {
                await phone.GotoAsync(product.Url + $"#/trace/{sent.TraceId}?span={span}");
                await Expect(phone.Locator($".wf-row[data-span='{span}']")).ToHaveAttributeAsync("aria-selected", "true");
                await Expect(phone.Locator("#traceScores")).ToBeVisibleAsync();
                var overflow = await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
                Assert.True(overflow <= 0, $"the trace with span {span} selected is {overflow} px wider than the phone");
            }

            await Screenshots.SaveAsync(phone, "agent");
        }
        finally
        {
            await phone.Context.CloseAsync();
        }
    }

    /// <summary>Sends the run (unique score names) and posts a score on its last chat call and a thumbs down on the trace.</summary>
    private async Task<(UiAgentTraces.Sent Sent, string Relevance, string Tone)> SendScoredRunAsync()
    {
        var relevance = UiText.Unique("relevance");
        var tone = UiText.Unique("tone");
        var sent = await UiAgentTraces.SendAsync(product.Host.Otlp, UiText.Unique("agents"), relevance, tone);
        await PostScoreAsync(new
        {
            traceId = sent.TraceId,
            spanId = sent.LastChat,
            name = relevance,
            value = 0.5,
            label = "partly",
            comment = "One step missing.",
            author = "llm-judge",
        });
        await PostScoreAsync(new { traceId = sent.TraceId, name = "user_feedback", boolean = false, comment = "Wrong city.", author = "alice" });
        return (sent, relevance, tone);
    }

    private async Task PostScoreAsync(object body)
    {
        using var response = await product.Host.Api.PostAsJsonAsync("/api/v1/scores", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /api/v1/scores answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await product.Host.Api.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static (int, long, long, decimal, int) Usage(JsonElement trace, string spanId, string which)
    {
        var u = trace.GetProperty("spans").EnumerateArray().Single(s => s.GetProperty("spanId").GetString() == spanId).GetProperty("rollup").GetProperty(which);
        return (u.GetProperty("modelCalls").GetInt32(), u.GetProperty("inputTokens").GetInt64(), u.GetProperty("outputTokens").GetInt64(),
            u.GetProperty("costUsd").GetDecimal(), u.GetProperty("unknownCostCalls").GetInt32());
    }

    /// <summary>The detail panel's usage table, row by row (calls, input, output, cost, unknown-cost calls): own and inclusive.</summary>
    private async Task ExpectRollupAsync(params (string Own, string Inclusive)[] expected)
    {
        var table = _page.Locator("#detail #rollup");
        foreach (var ((own, inclusive), key) in expected.Zip(new[] { "calls", "input", "output", "cost", "unknown" }))
        {
            await Expect(table.Locator($"tr[data-row={key}] td[data-of=own]")).ToHaveTextAsync(own);
            await Expect(table.Locator($"tr[data-row={key}] td[data-of=inclusive]")).ToHaveTextAsync(inclusive);
        }
    }

    private ILocator Row(string spanId) => _page.Locator($".wf-row[data-span='{spanId}']");
}
