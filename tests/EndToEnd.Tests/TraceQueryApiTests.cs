using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf;

namespace Observatory.EndToEnd.Tests;

/// <summary>The trace list's filters, keyset paging and validation, over data this test wrote.</summary>
public sealed class TraceQueryApiTests(HostFixture fixture) : IClassFixture<HostFixture>, IAsyncLifetime
{
    private static readonly DateTime Base = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);
    private readonly List<string> _written = [];
    private ObservatoryTestHost Host => fixture.Host;

    public async Task InitializeAsync()
    {
        if (await Host.Database.ScalarAsync<long>("SELECT count(*) FROM traces WHERE service_name LIKE 'query-%'") > 0)
        {
            return;
        }

        // Seven traces a minute apart: service query-a has gpt-4o, query-b has gpt-4o-mini.
        for (var i = 0; i < 7; i++)
        {
            var id = $"{i + 1:x2}".PadLeft(32, 'c');
            var service = i % 2 == 0 ? "query-a" : "query-b";
            var model = i % 2 == 0 ? "gpt-4o" : "gpt-4o-mini";
            using var content = new ByteArrayContent(OtlpRequests.LlmTrace(id, service, model, 100, 10, Base.AddMinutes(i)).ToByteArray());
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
            (await Host.Otlp.PostAsync("/v1/traces", content)).EnsureSuccessStatusCode();
            _written.Add(id);
        }

        // The list reads trace summaries, which the spans' own transaction wrote before the exports were answered.
        Assert.Equal(7L, await Host.Database.ScalarAsync<long>("SELECT count(*) FROM traces WHERE service_name LIKE 'query-%'"));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task List_is_newest_first_and_pages_with_a_keyset_cursor()
    {
        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await Host.GetJsonAsync($"/api/v1/traces?from=2026-03-01T00:00:00Z&to=2026-03-02T00:00:00Z&limit=3" +
                (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            seen.AddRange(page.GetProperty("data").EnumerateArray().Select(t => t.GetProperty("traceId").GetString()!));
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(1, 7).Reverse().Select(i => $"{i:x2}".PadLeft(32, 'c')), seen);
    }

    [Fact]
    public async Task Filters_by_service_model_status_and_time()
    {
        Assert.Equal(4, await CountAsync("service=query-a&from=2026-03-01T00:00:00Z"));
        Assert.Equal(3, await CountAsync("model=gpt-4o-mini&from=2026-03-01T00:00:00Z&to=2026-03-02T00:00:00Z"));
        Assert.Equal(0, await CountAsync("service=query-a&status=error"));
        Assert.Equal(4, await CountAsync("service=query-a&status=ok"));
        Assert.Equal(2, await CountAsync("from=2026-03-01T12:02:00Z&to=2026-03-01T12:04:00Z"));

        var first = (await Host.GetJsonAsync("/api/v1/traces?service=query-b&limit=1")).GetProperty("data")[0];
        Assert.Equal("handle", first.GetProperty("rootSpanName").GetString());
        Assert.Equal(2, first.GetProperty("spanCount").GetInt32());
        Assert.Equal(1, first.GetProperty("llmCallCount").GetInt32());
        Assert.Equal(100, first.GetProperty("inputTokens").GetInt64());
        Assert.Equal(900, first.GetProperty("durationMs").GetDouble());
        Assert.Equal(["gpt-4o-mini"], first.GetProperty("models").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(new DateTime(2026, 3, 1, 12, 5, 0, DateTimeKind.Utc), first.GetProperty("startTime").GetDateTime().ToUniversalTime());
    }

    [Theory]
    [InlineData("/api/v1/traces?limit=0", "limit")]
    [InlineData("/api/v1/traces?limit=abc", "limit")]
    [InlineData("/api/v1/traces?limit=1001", "limit")]
    [InlineData("/api/v1/traces?status=broken", "status")]
    [InlineData("/api/v1/traces?from=yesterday", "from")]
    [InlineData("/api/v1/traces?cursor=not-a-cursor", "cursor")]
    [InlineData("/api/v1/traces/not-a-trace-id", "traceId")]
    [InlineData("/api/v1/traces/0123456789abcdef0123456789abcdeg", "traceId")]
    [InlineData("/api/v1/models?to=2026-13-45", "to")]
    public async Task Malformed_parameters_get_400_naming_the_parameter(string path, string parameter)
    {
        var (status, body) = await Host.GetWithStatusAsync(path);
        Assert.Equal(400, status);
        Assert.Equal("bad_request", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains($"'{parameter}'", body.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Unknown_trace_is_404_and_upper_case_ids_are_accepted()
    {
        var (status, body) = await Host.GetWithStatusAsync($"/api/v1/traces/{new string('e', 32)}");
        Assert.Equal(404, status);
        Assert.Equal("not_found", body.GetProperty("error").GetProperty("code").GetString());

        var upper = $"{1:x2}".PadLeft(32, 'c').ToUpperInvariant();
        var trace = await Host.GetJsonAsync($"/api/v1/traces/{upper}");
        Assert.Equal(upper.ToLowerInvariant(), trace.GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task Health_reports_healthy_on_the_api_and_silo_ports()
    {
        var api = await Host.GetJsonAsync("/health");
        Assert.Equal("healthy", api.GetProperty("status").GetString());
        using var silo = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Host.SiloHttpPort}") };
        using var response = await silo.GetAsync("/health");
        Assert.Equal(200, (int)response.StatusCode);
        // The silo's membership status: the only silo of its cluster, and Active.
        var cluster = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks").GetProperty("cluster");
        Assert.Equal("healthy", cluster.GetProperty("status").GetString());
        Assert.Matches(@"^silo S127\.0\.0\.1:\d+:\d+ is Active; 1 active silo\(s\)$", cluster.GetProperty("description").GetString());
        using var dashboard = await silo.GetAsync("/dashboard/");
        Assert.Equal(200, (int)dashboard.StatusCode);
    }

    private async Task<int> CountAsync(string query) =>
        (await Host.GetJsonAsync($"/api/v1/traces?{query}")).GetProperty("data").GetArrayLength();
}
