using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using static Observatory.EndToEnd.Tests.TraceSearchData;

namespace Observatory.EndToEnd.Tests;

/// <summary>
/// The trace list's extended filters, <c>q=</c> full-text search and <c>POST /api/v1/traces/search</c>: each returns
/// exactly the expected traces, newest first, over data this test wrote.
/// </summary>
public sealed class TraceSearchApiTests(TraceSearchHostFixture fixture) : IClassFixture<TraceSearchHostFixture>, IAsyncLifetime
{
    private ObservatoryTestHost Host => fixture.Host;

    public Task InitializeAsync() => EnsureWrittenAsync(Host);

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string, string[]> ListFilters => new()
    {
        { "provider=anthropic", [T2] },
        { "provider=openai", [T4, T3, T1] },
        { "operation=embeddings", [T3] },
        { "operation=execute_tool", [T2] },
        { "user=alice", [T3, T1] },
        { "session=s1", [T2, T1] },
        { "minDuration=1000", [T4, T2] },
        { "maxDuration=200", [T5, T3] },
        { "minDuration=200&maxDuration=900", [T3, T1] },
        { "minCost=0.001", [T2, T1] },
        { "maxCost=0.0001", [T5, T4, T3] },
        { "minTokens=2500", [T3, T2] },
        { "maxTokens=150", [T5, T4, T1] },
        { "attr.app.tenant=acme", [T5, T1] },
        { "attr.app.tenant=acme_corp", [T3] },
        { "attr.app.retries=3", [T1] },
        { "attr.app.cached=true", [T1] },
        { "attr.tool.name=lookup", [T2] },
        { "attr.app.tenant=acme&attr.app.retries=3", [T1] },
        { "provider=openai&user=alice&minTokens=1000", [T3] },
        { "service=search-chat&status=error", [T2] },
        { "model=gpt-4o&provider=openai", [T1] },
        { "from=2026-04-01T10:01:00Z&to=2026-04-01T10:03:00Z&provider=openai", [T3] },
        { "q=parcel", [T1] },
        { "q=REVENUE", [T2] },
        { "q=%22quarterly%20report%22", [T2] },
        { "q=%22report%20quarterly%22", [] },
        { "q=parcel%20OR%20manual", [T3, T1] },
        { "q=parcel%20-tomorrow", [] },
        { "q=m%C3%BCnchen", [T4] },
        { "q=%F0%9F%9A%80%20gr%C3%BC%C3%9Fe", [T4] },
        { "q=schön", [T4] },
        { "provider=mistral", [] },
    };

    [Theory]
    [MemberData(nameof(ListFilters))]
    public async Task List_filters_return_exactly_the_matching_traces_newest_first(string query, string[] expected) =>
        Assert.Equal(expected, await ListAsync(query));

    [Fact]
    public async Task Filtered_list_pages_with_the_keyset_cursor()
    {
        var first = await Host.GetJsonAsync("/api/v1/traces?provider=openai&limit=2");
        Assert.Equal([T4, T3], Ids(first));
        var cursor = first.GetProperty("nextCursor").GetString()!;
        var second = await Host.GetJsonAsync($"/api/v1/traces?provider=openai&limit=2&cursor={Uri.EscapeDataString(cursor)}");
        Assert.Equal([T1], Ids(second));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task Summaries_carry_the_facts_the_filters_match_on()
    {
        var t2 = (await Host.GetJsonAsync("/api/v1/traces?provider=anthropic")).GetProperty("data")[0];
        Assert.Equal("bob", t2.GetProperty("userId").GetString());
        Assert.Equal("s1", t2.GetProperty("sessionId").GetString());
        Assert.Equal(3, t2.GetProperty("spanCount").GetInt32());
        Assert.Equal(1, t2.GetProperty("errorCount").GetInt32());
        Assert.Equal(0.05m, t2.GetProperty("costUsd").GetDecimal());
        Assert.Equal(3000, t2.GetProperty("durationMs").GetDouble());
    }

    public static TheoryData<string, string[]> SearchFilters => new()
    {
        { """{"field":"service","op":"eq","value":"search-chat"}""", [T2, T1] },
        { """{"field":"service","op":"ne","value":"search-chat"}""", [T5, T4, T3] },
        { """{"field":"service","op":"in","value":["search-embed","search-batch","nope"]}""", [T5, T3] },
        { """{"field":"service","op":"startsWith","value":"search-a"}""", [T4] },
        { """{"field":"service","op":"contains","value":"CHAT"}""", [T2, T1] },
        { """{"field":"model","op":"eq","value":"gpt-4o"}""", [T1] },
        { """{"field":"model","op":"ne","value":"gpt-4o"}""", [T5, T4, T3, T2] },
        { """{"field":"model","op":"in","value":["gpt-4o-mini","text-embedding-3-small"]}""", [T4, T3] },
        { """{"field":"model","op":"startsWith","value":"gpt-4o"}""", [T4, T1] },
        { """{"field":"model","op":"contains","value":"CLAUDE"}""", [T2] },
        { """{"field":"provider","op":"in","value":["anthropic","mistral"]}""", [T2] },
        { """{"field":"provider","op":"ne","value":"openai"}""", [T5, T2] },
        { """{"field":"operation","op":"startsWith","value":"emb"}""", [T3] },
        { """{"field":"user","op":"eq","value":"alice"}""", [T3, T1] },
        { """{"field":"user","op":"ne","value":"alice"}""", [T5, T4, T2] },
        { """{"field":"session","op":"in","value":["s2"]}""", [T3] },
        { """{"field":"status","op":"eq","value":"error"}""", [T2] },
        { """{"field":"status","op":"ne","value":"error"}""", [T5, T4, T3, T1] },
        { """{"field":"status","op":"in","value":["ok","error"]}""", [T5, T4, T3, T2, T1] },
        { """{"field":"durationMs","op":"gt","value":900}""", [T4, T2] },
        { """{"field":"durationMs","op":"gte","value":900}""", [T4, T2, T1] },
        { """{"field":"durationMs","op":"lt","value":200}""", [T5] },
        { """{"field":"durationMs","op":"lte","value":200}""", [T5, T3] },
        { """{"field":"durationMs","op":"eq","value":1500}""", [T4] },
        { """{"field":"durationMs","op":"in","value":[50,3000]}""", [T5, T2] },
        { """{"field":"costUsd","op":"gt","value":0.002}""", [T2] },
        { """{"field":"costUsd","op":"eq","value":0.0001}""", [T3] },
        { """{"field":"costUsd","op":"ne","value":0}""", [T4, T3, T2, T1] },
        { """{"field":"inputTokens","op":"eq","value":2000}""", [T2] },
        { """{"field":"outputTokens","op":"gte","value":50}""", [T2, T1] },
        { """{"field":"totalTokens","op":"in","value":[150,20]}""", [T4, T1] },
        { """{"field":"spanCount","op":"eq","value":3}""", [T2] },
        { """{"field":"spanCount","op":"lt","value":2}""", [T5] },
        { """{"field":"errorCount","op":"gt","value":0}""", [T2] },
        { """{"field":"startTime","op":"gte","value":"2026-04-01T10:03:00Z"}""", [T5, T4] },
        { """{"field":"startTime","op":"lt","value":"2026-04-01T12:01:00+02:00"}""", [T1] },
        { """{"field":"startTime","op":"eq","value":"2026-04-01T10:02:00Z"}""", [T3] },
        { """{"field":"attr.app.tenant","op":"startsWith","value":"acme"}""", [T5, T3, T1] },
        { """{"field":"attr.app.tenant","op":"contains","value":"_"}""", [T3] },
        { """{"field":"attr.app.tenant","op":"contains","value":"'"}""", [T4] },
        { """{"field":"attr.app.tenant","op":"in","value":["globex","acme"]}""", [T5, T2, T1] },
        { """{"field":"attr.app.promo","op":"contains","value":"%_"}""", [T3] },
        { """{"field":"attr.app.promo","op":"startsWith","value":"100%"}""", [T3] },
        { """{"field":"attr.app.retries","op":"eq","value":3}""", [T1] },
        { """{"field":"attr.app.cached","op":"eq","value":true}""", [T1] },
        { """{"field":"attr.app.tenant","op":"ne","value":"acme"}""", [T4, T3, T2] },
        { """{"field":"content","op":"contains","value":"parcel"}""", [T1] },
        { """{"field":"content","op":"contains","value":"twelve percent"}""", [T2] },
        { """{"field":"content","op":"contains","value":"manual OR danke"}""", [T4, T3] },
        { """{"and":[{"field":"provider","op":"eq","value":"openai"},{"field":"user","op":"eq","value":"alice"}]}""", [T3, T1] },
        {
            """{"or":[{"and":[{"field":"provider","op":"eq","value":"openai"},{"field":"user","op":"eq","value":"alice"}]},{"not":{"field":"status","op":"eq","value":"ok"}}]}""",
            [T3, T2, T1]
        },
        { """{"not":{"field":"user","op":"eq","value":"alice"}}""", [T5, T4, T2] },
        { """{"not":{"not":{"field":"user","op":"eq","value":"alice"}}}""", [T3, T1] },
        { """{"not":{"or":[{"field":"model","op":"startsWith","value":"gpt"},{"field":"content","op":"contains","value":"manual"}]}}""", [T5, T2] },
        { """{"and":[]}""", [T5, T4, T3, T2, T1] },
        { """{"or":[]}""", [] },
    };

    [Theory]
    [MemberData(nameof(SearchFilters))]
    public async Task Search_operators_return_exactly_the_matching_traces_newest_first(string filter, string[] expected)
    {
        var (status, body) = await SearchAsync($$"""{"filter":{{filter}}}""");
        Assert.True(status == 200, body.ToString());
        Assert.Equal(expected, Ids(body));
    }

    [Fact]
    public async Task Search_without_a_filter_lists_everything_and_pages_with_the_cursor()
    {
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var (status, page) = await SearchAsync(JsonSerializer.Serialize(new { limit = 2, cursor }));
            Assert.Equal(200, status);
            seen.AddRange(Ids(page));
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal([T5, T4, T3, T2, T1], seen);
    }

    [Fact]
    public async Task Another_projects_rows_never_match()
    {
        // A trace and a span of another project that share T1's id and would match these filters if the project scope leaked.
        await Host.Database.ScalarAsync<long>(
            """
            WITH added AS (
                INSERT INTO traces (project_id, trace_id, service_name, root_span_name, has_root, start_time, end_time, duration_ms,
                                    span_count, llm_call_count, error_count, input_tokens, output_tokens, cost_usd, models)
                VALUES ('search-other', $1, 'search-chat', 'handle', true, $2, $2, 1, 1, 1, 0, 1, 1, 0, ARRAY['gpt-4o'])
                ON CONFLICT DO NOTHING RETURNING 1)
            SELECT count(*) FROM added
            """, T1, Base);
        await Host.Database.ScalarAsync<long>(
            """
            WITH added AS (
                INSERT INTO spans (project_id, trace_id, span_id, name, kind, service_name, start_time, end_time, start_unix_nano,
                                   end_unix_nano, status, is_llm, provider, attributes, resource_attributes, events, input)
                VALUES ('search-other', $1, '00000000000000ff', 'chat', 3, 'search-chat', $2, $2, 0, 0, 0, true, 'cohere',
                        '{"app.tenant":"leak"}', '{}', '[]', 'leaked secret words')
                ON CONFLICT DO NOTHING RETURNING 1)
            SELECT count(*) FROM added
            """, T1, Base);

        Assert.Equal([T2, T1], await ListAsync("service=search-chat"));
        Assert.Empty(await ListAsync("provider=cohere"));
        Assert.Empty(await ListAsync("attr.app.tenant=leak"));
        Assert.Empty(await ListAsync("q=leaked"));
        var (_, body) = await SearchAsync("""{"filter":{"field":"provider","op":"eq","value":"cohere"}}""");
        Assert.Empty(Ids(body));
    }

    private async Task<string[]> ListAsync(string query) => Ids(await Host.GetJsonAsync($"/api/v1/traces?{query}"));

    private async Task<(int Status, JsonElement Body)> SearchAsync(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await Host.Api.PostAsync("/api/v1/traces/search", content);
        return ((int)response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static string[] Ids(JsonElement page) =>
        page.GetProperty("data").EnumerateArray().Select(t => t.GetProperty("traceId").GetString()!).ToArray();
}
