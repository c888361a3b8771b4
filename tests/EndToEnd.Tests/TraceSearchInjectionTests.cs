using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using static Observatory.EndToEnd.Tests.TraceSearchData;

namespace Observatory.EndToEnd.Tests;

/// <summary>
/// SQL injection and malformed values in every trace filter and in the search body: malformed input gets a 400 naming
/// the offending parameter or path, merely odd input gets the right (usually empty) answer, and stored data is untouched.
/// </summary>
public sealed class TraceSearchInjectionTests(TraceSearchHostFixture fixture) : IClassFixture<TraceSearchHostFixture>, IAsyncLifetime
{
    private static readonly string[] Hostile =
    [
        "' OR 1=1 --", "'; DROP TABLE spans; --", "\" OR \"\"=\"", "%", "_", "%%", "\\", "\\'", "acme' --", "acme%",
        "1; DELETE FROM traces", "$1", "@tf_0", "Ωmega ✓ 𝄞 لا", "search-chat' OR service_name LIKE '%",
    ];

    private static readonly string[] TextParameters = ["service", "model", "provider", "operation", "user", "session", "q", "attr.app.tenant"];

    private static readonly string[] TextFields = ["service", "model", "provider", "operation", "user", "session", "attr.app.tenant"];

    private ObservatoryTestHost Host => fixture.Host;

    public Task InitializeAsync() => EnsureWrittenAsync(Host);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Hostile_text_in_every_filter_matches_nothing_and_changes_nothing()
    {
        var before = await CountsAsync();
        foreach (var parameter in TextParameters)
        {
            foreach (var value in Hostile)
            {
                var path = $"/api/v1/traces?{parameter}={Uri.EscapeDataString(value)}";
                var (status, body) = await Host.GetWithStatusAsync(path);
                Assert.True(status == 200, $"{path} answered {status}: {body}");
                Assert.True(Ids(body).Length == 0, $"{path} matched {string.Join(",", Ids(body))}");
            }
        }

        // An attribute key is as hostile as its value.
        var (keyStatus, keyBody) = await Host.GetWithStatusAsync($"/api/v1/traces?{Uri.EscapeDataString("attr.' OR 1=1 --")}=x");
        Assert.Equal(200, keyStatus);
        Assert.Empty(Ids(keyBody));

        foreach (var field in TextFields)
        {
            foreach (var value in Hostile)
            {
                foreach (var op in new[] { "eq", "contains", "startsWith" })
                {
                    var filter = JsonSerializer.Serialize(new { field, op, value });
                    var (status, body) = await SearchAsync($$"""{"filter":{{filter}}}""");
                    Assert.True(status == 200, $"{filter} answered {status}: {body}");
                    var expected = LegitimateMatches(field, op, value);
                    Assert.True(expected.SequenceEqual(Ids(body)), $"{filter} matched {string.Join(",", Ids(body))}");
                }

                var listFilter = JsonSerializer.Serialize(new { field, op = "in", value = new[] { value, "' OR ''='" } });
                var (inStatus, inBody) = await SearchAsync($$"""{"filter":{{listFilter}}}""");
                Assert.Equal(200, inStatus);
                Assert.Empty(Ids(inBody));
            }
        }

        foreach (var value in Hostile)
        {
            var filter = JsonSerializer.Serialize(new { field = "content", op = "contains", value });
            var (status, body) = await SearchAsync($$"""{"filter":{{filter}}}""");
            Assert.True(status == 200, $"{filter} answered {status}: {body}");
            Assert.Empty(Ids(body));
        }

        Assert.Equal(before, await CountsAsync());
    }

    [Theory]
    [InlineData("minDuration=abc", "minDuration")]
    [InlineData("minDuration=NaN", "minDuration")]
    [InlineData("maxDuration=Infinity", "maxDuration")]
    [InlineData("maxDuration=1e400", "maxDuration")]
    [InlineData("minDuration=1%3B%20DROP%20TABLE%20spans", "minDuration")]
    [InlineData("minCost=NaN", "minCost")]
    [InlineData("maxCost=1e400", "maxCost")]
    [InlineData("minCost=%27%20OR%201%3D1%20--", "minCost")]
    [InlineData("minTokens=1.5", "minTokens")]
    [InlineData("maxTokens=99999999999999999999999", "maxTokens")]
    [InlineData("minTokens=0x10", "minTokens")]
    [InlineData("maxTokens=NaN", "maxTokens")]
    [InlineData("status=%27%20OR%201%3D1%20--", "status")]
    [InlineData("from=%27%3B%20DROP%20TABLE%20spans%3B%20--", "from")]
    [InlineData("to=NaN", "to")]
    [InlineData("cursor=%27%20OR%201%3D1%20--", "cursor")]
    [InlineData("limit=1%20OR%201%3D1", "limit")]
    [InlineData("min_cost=1", "min_cost")]
    [InlineData("search=parcel", "search")]
    [InlineData("%27%3B%20DROP%20TABLE%20spans%3B%20--=1", "'; DROP TABLE spans; --")]
    [InlineData("attr.=x", "attr.")]
    [InlineData("provider=a&provider=b", "provider")]
    [InlineData("service=a%00b", "service")]
    [InlineData("attr.app.tenant=a%00b", "attr.app.tenant")]
    public async Task Malformed_list_parameters_get_400_naming_the_parameter(string query, string parameter)
    {
        var (status, body) = await Host.GetWithStatusAsync($"/api/v1/traces?{query}");
        Assert.True(status == 400, $"{query} answered {status}: {body}");
        Assert.Equal("bad_request", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains($"'{parameter}'", body.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Overlong_values_get_400()
    {
        var (status, body) = await Host.GetWithStatusAsync($"/api/v1/traces?q={new string('a', 1001)}");
        Assert.Equal(400, status);
        Assert.Contains("'q'", body.GetProperty("error").GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("maxTokens=9223372036854775807", new[] { "5", "4", "3", "2", "1" })]
    [InlineData("minTokens=9223372036854775807", new string[0])]
    [InlineData("minTokens=-9223372036854775808", new[] { "5", "4", "3", "2", "1" })]
    [InlineData("maxCost=79228162514264337593543950335", new[] { "5", "4", "3", "2", "1" })]
    [InlineData("minCost=0.0000000000000000000000000001", new[] { "4", "3", "2", "1" })]
    [InlineData("minDuration=1e308", new string[0])]
    [InlineData("minDuration=-1e308", new[] { "5", "4", "3", "2", "1" })]
    [InlineData("minDuration=5000&maxDuration=10", new string[0])]
    [InlineData("from=9999-12-31T00:00:00Z", new string[0])]
    [InlineData("to=0001-01-02T00:00:00Z", new string[0])]
    [InlineData("q=%25", new string[0])]
    [InlineData("q=%22%22", new string[0])]
    [InlineData("q=---", new string[0])]
    [InlineData("service=&provider=", new[] { "5", "4", "3", "2", "1" })]
    public async Task Odd_but_wellformed_values_get_exact_answers(string query, string[] expected)
    {
        var (status, body) = await Host.GetWithStatusAsync($"/api/v1/traces?{query}");
        Assert.True(status == 200, $"{query} answered {status}: {body}");
        Assert.Equal(expected.Select(n => Traces[int.Parse(n) - 1].TraceId), Ids(body));
    }

    public static TheoryData<string, string> MalformedBodies => new()
    {
        { "{", "JSON" },
        { "[]", "object" },
        { "\"filter\"", "object" },
        { """{"filtre":{}}""", "'filtre'" },
        { """{"filter":[]}""", "'filter'" },
        { """{"filter":"service = 'x' OR 1=1"}""", "'filter'" },
        { """{"filter":{}}""", "'filter'" },
        { """{"filter":{"and":{}}}""", "'filter.and'" },
        { """{"filter":{"and":[],"or":[]}}""", "'filter'" },
        { """{"filter":{"and":[1]}}""", "'filter.and[0]'" },
        { """{"filter":{"field":"password","op":"eq","value":"x"}}""", "'filter.field'" },
        { """{"filter":{"field":"service; DROP TABLE spans; --","op":"eq","value":"x"}}""", "'filter.field'" },
        { """{"filter":{"field":"t.project_id","op":"eq","value":"other"}}""", "'filter.field'" },
        { """{"filter":{"field":42,"op":"eq","value":"x"}}""", "'filter.field'" },
        { """{"filter":{"field":"attr.","op":"eq","value":"x"}}""", "'filter.field'" },
        { """{"filter":{"field":"service","op":"like","value":"x"}}""", "'filter.op'" },
        { """{"filter":{"field":"service","op":"= 'x' OR 1=1 --","value":"x"}}""", "'filter.op'" },
        { """{"filter":{"field":"service","value":"x"}}""", "'filter.op'" },
        { """{"filter":{"field":"service","op":"eq"}}""", "'filter.value'" },
        { """{"filter":{"field":"service","op":"eq","value":"x","sql":"DROP TABLE spans"}}""", "'filter'" },
        { """{"filter":{"field":"service","field":"model","op":"eq","value":"x"}}""", "'filter'" },
        { """{"filter":{"field":"service","op":"gt","value":"x"}}""", "'filter.op'" },
        { """{"filter":{"field":"durationMs","op":"contains","value":"1"}}""", "'filter.op'" },
        { """{"filter":{"field":"startTime","op":"in","value":["2026-04-01T10:00:00Z"]}}""", "'filter.op'" },
        { """{"filter":{"field":"content","op":"eq","value":"parcel"}}""", "'filter.op'" },
        { """{"filter":{"field":"status","op":"startsWith","value":"e"}}""", "'filter.op'" },
        { """{"filter":{"field":"service","op":"eq","value":42}}""", "'filter.value'" },
        { """{"filter":{"field":"service","op":"eq","value":null}}""", "'filter.value'" },
        { """{"filter":{"field":"service","op":"eq","value":["x"]}}""", "'filter.value'" },
        { """{"filter":{"field":"durationMs","op":"gt","value":"100"}}""", "'filter.value'" },
        { """{"filter":{"field":"durationMs","op":"gt","value":"NaN"}}""", "'filter.value'" },
        { """{"filter":{"field":"durationMs","op":"gt","value":1e400}}""", "'filter.value'" },
        { """{"filter":{"field":"costUsd","op":"gt","value":true}}""", "'filter.value'" },
        { """{"filter":{"field":"costUsd","op":"gt","value":1e400}}""", "'filter.value'" },
        { """{"filter":{"field":"inputTokens","op":"gt","value":1.5}}""", "'filter.value'" },
        { """{"filter":{"field":"inputTokens","op":"gt","value":1e30}}""", "'filter.value'" },
        { """{"filter":{"field":"spanCount","op":"eq","value":"1 OR 1=1"}}""", "'filter.value'" },
        { """{"filter":{"field":"startTime","op":"gt","value":12345}}""", "'filter.value'" },
        { """{"filter":{"field":"startTime","op":"gt","value":"yesterday'; DROP TABLE spans; --"}}""", "'filter.value'" },
        { """{"filter":{"field":"status","op":"eq","value":"broken"}}""", "'filter.value'" },
        { """{"filter":{"field":"service","op":"in","value":"x"}}""", "'filter.value'" },
        { """{"filter":{"field":"service","op":"in","value":[]}}""", "'filter.value'" },
        { """{"filter":{"field":"service","op":"in","value":["x",1]}}""", "'filter.value[1]'" },
        { """{"filter":{"field":"totalTokens","op":"in","value":[1,"2"]}}""", "'filter.value[1]'" },
        { """{"filter":{"field":"service","op":"eq","value":"a\u0000b"}}""", "'filter.value'" },
        { """{"filter":{"field":"service","op":"eq","value":"\ud800"}}""", "'filter.value'" },
        { """{"filter":{"field":"attr.a\u0000b","op":"eq","value":"x"}}""", "'filter.field'" },
        { """{"filter":{"or":[{"field":"user","op":"eq","value":"alice"},{"not":{"field":"nope","op":"eq","value":1}}]}}""", "'filter.or[1].not.field'" },
        { """{"limit":0}""", "'limit'" },
        { """{"limit":"10"}""", "'limit'" },
        { """{"limit":1001}""", "'limit'" },
        { """{"limit":99999999999999999999}""", "'limit'" },
        { """{"cursor":"' OR 1=1 --"}""", "'cursor'" },
        { """{"cursor":5}""", "'cursor'" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task Malformed_search_bodies_get_400_naming_the_offending_part(string json, string named)
    {
        var (status, body) = await SearchAsync(json);
        Assert.True(status == 400, $"{json} answered {status}: {body}");
        Assert.Equal("bad_request", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains(named, body.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Deep_wide_and_huge_filters_are_refused()
    {
        var before = await CountsAsync();
        const string leaf = """{"field":"user","op":"eq","value":"alice"}""";

        var ten = leaf;
        for (var i = 1; i < 10; i++)
        {
            ten = $$"""{"not":{{ten}}}""";
        }

        var (okStatus, okBody) = await SearchAsync($$"""{"filter":{{ten}}}""");
        Assert.Equal(200, okStatus); // nine NOTs: not alice
        Assert.Equal([T5, T4, T2], Ids(okBody));

        var (deepStatus, deepBody) = await SearchAsync("{\"filter\":{\"not\":" + ten + "}}");
        Assert.Equal(400, deepStatus);
        Assert.Contains("deeper than 10", deepBody.GetProperty("error").GetProperty("message").GetString());

        var abyss = string.Concat(Enumerable.Repeat("""{"not":""", 5000)) + leaf + new string('}', 5000);
        var (abyssStatus, abyssBody) = await SearchAsync($$"""{"filter":{{abyss}}}""");
        Assert.Equal(400, abyssStatus);
        Assert.Equal("bad_request", abyssBody.GetProperty("error").GetProperty("code").GetString());

        var wide = "{\"filter\":{\"or\":[" + string.Join(",", Enumerable.Repeat(leaf, 100)) + "]}}";
        var (wideStatus, wideBody) = await SearchAsync(wide);
        Assert.Equal(400, wideStatus);
        Assert.Contains("more than 100 nodes", wideBody.GetProperty("error").GetProperty("message").GetString());

        var values = JsonSerializer.Serialize(Enumerable.Range(0, 101).Select(i => $"u{i}"));
        var (inStatus, inBody) = await SearchAsync("{\"filter\":{\"field\":\"user\",\"op\":\"in\",\"value\":" + values + "}}");
        Assert.Equal(400, inStatus);
        Assert.Contains("'filter.value'", inBody.GetProperty("error").GetProperty("message").GetString());

        var huge = JsonSerializer.Serialize(new { filter = new { field = "content", op = "contains", value = new string('x', 70_000) } });
        var (hugeStatus, _) = await SearchAsync(huge);
        Assert.Equal(413, hugeStatus);

        Assert.Equal(before, await CountsAsync());
    }

    /// <summary>
    /// What a hostile string may legitimately match when taken literally: "_" is in acme_corp and execute_tool, and
    /// T4's tenant was written with the injection text in it.
    /// </summary>
    private static string[] LegitimateMatches(string field, string op, string value) => (field, op, value) switch
    {
        ("attr.app.tenant", "contains", "_") => [T3],
        ("operation", "contains", "_") => [T2],
        ("attr.app.tenant", "contains", "'; DROP TABLE spans; --") => [T4],
        _ => [],
    };

    private async Task<(long Spans, long Traces, long LogEvents)> CountsAsync() => (
        await Host.Database.ScalarAsync<long>("SELECT count(*) FROM spans"),
        await Host.Database.ScalarAsync<long>("SELECT count(*) FROM traces"),
        await Host.Database.ScalarAsync<long>("SELECT count(*) FROM log_events"));

    private async Task<(int Status, JsonElement Body)> SearchAsync(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await Host.Api.PostAsync("/api/v1/traces/search", content);
        return ((int)response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static string[] Ids(JsonElement page) =>
        page.GetProperty("data").EnumerateArray().Select(t => t.GetProperty("traceId").GetString()!).ToArray();
}
