using System.Net;
using System.Text;

namespace Observatory.EndToEnd.Tests;

/// <summary>A raw OTLP/JSON request (hex ids, int64 as strings) — the README tour's sample — read back exactly.</summary>
public sealed class RawOtlpJsonTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private const string SampleTraceId = "5b8efff798038103d269b633813fc60c";
    private ObservatoryTestHost Host => fixture.Host;

    [Fact]
    public async Task Sample_trace_is_stored_with_its_hex_ids_tokens_and_costs()
    {
        var json = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "test-data", "sample-trace.json"));
        using var response = await Host.Otlp.PostAsync("/v1/traces", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString());

        var trace = await Host.GetJsonAsync($"/api/v1/traces/{SampleTraceId}");
        var spans = trace.GetProperty("spans").EnumerateArray().ToList();
        Assert.Equal(4, spans.Count);
        var root = spans.Single(s => s.GetProperty("name").GetString() == "POST /chat");
        var rootId = root.GetProperty("spanId").GetString();
        Assert.All(spans.Where(s => s.GetProperty("spanId").GetString() != rootId),
            s => Assert.Equal(rootId, s.GetProperty("parentSpanId").GetString()));

        var summary = trace.GetProperty("summary");
        Assert.Equal("support-bot", summary.GetProperty("serviceName").GetString());
        Assert.Equal(2, summary.GetProperty("llmCallCount").GetInt32());
        Assert.Equal(1, summary.GetProperty("errorCount").GetInt32());
        // gpt-4o: 1200 in, 350 out at $2.50/$10 per 1M; claude-3-5-sonnet: 950 in at $3 per 1M.
        Assert.Equal(1200 + 950, summary.GetProperty("inputTokens").GetInt64());
        Assert.Equal(0.003m + 0.0035m + 0.00285m, summary.GetProperty("costUsd").GetDecimal());
        Assert.Equal(["claude-3-5-sonnet-20241022", "gpt-4o-2024-08-06"],
            summary.GetProperty("models").EnumerateArray().Select(m => m.GetString()));

        var models = (await Host.GetJsonAsync("/api/v1/models?service=support-bot&from=2026-01-01T00:00:00Z&to=2030-01-01T00:00:00Z"))
            .GetProperty("data").EnumerateArray().ToList();
        var gpt = models.Single(m => m.GetProperty("model").GetString() == "gpt-4o-2024-08-06");
        Assert.Equal(0.0065m, gpt.GetProperty("costUsd").GetDecimal());
        var claude = models.Single(m => m.GetProperty("model").GetString() == "claude-3-5-sonnet-20241022");
        Assert.Equal(1, claude.GetProperty("errorCount").GetInt64());
    }
}
