using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf;

namespace Observatory.EndToEnd.Tests;

/// <summary>Custom per-project prices and re-costing, checked against numbers computed by hand.</summary>
public sealed class PricingTests : IAsyncLifetime
{
    private ObservatoryTestHost _host = null!;

    public async Task InitializeAsync() => _host = await ObservatoryTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_custom_price_applies_to_new_calls_and_a_recost_brings_spans_traces_and_model_stats_along()
    {
        // Three calls to gpt-4o-mini at list price ($0.15 / $0.60 per 1M), two minutes apart in one hour of March.
        var start = new DateTime(2026, 3, 2, 10, 0, 0, DateTimeKind.Utc);
        var traces = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var id = $"{i + 1:x2}".PadLeft(32, 'a');
            await PostAsync(OtlpRequests.LlmTrace(id, "pricing-svc", "gpt-4o-mini", inputTokens: 10_000, outputTokens: 2_000, start.AddMinutes(2 * i)));
            traces.Add(id);
        }

        const decimal listPerCall = 10_000 * 0.15m / 1_000_000 + 2_000 * 0.60m / 1_000_000;   // 0.0027
        Assert.Equal(3 * listPerCall, await ModelCostAsync());

        // The project negotiated $0.10 / $0.40 from January on.
        using (var put = await _host.Api.PutAsJsonAsync("/api/v1/pricing/openai/gpt-4o-mini", new
        {
            rates = new { inputPerMillion = 0.10m, outputPerMillion = 0.40m },
            effectiveFrom = "2026-01-01T00:00:00Z",
        }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var listed = await _host.GetJsonAsync("/api/v1/pricing");
        var custom = listed.GetProperty("custom").EnumerateArray().Single();
        Assert.Equal("gpt-4o-mini", custom.GetProperty("model").GetString());
        Assert.True(listed.GetProperty("builtIn").GetArrayLength() > 50);

        // New calls are priced with it at once (this process invalidates its cache; others refresh within 2 s).
        const decimal customPerCall = 10_000 * 0.10m / 1_000_000 + 2_000 * 0.40m / 1_000_000;   // 0.0018
        var fresh = $"{9:x2}".PadLeft(32, 'a');
        await PostAsync(OtlpRequests.LlmTrace(fresh, "pricing-svc", "gpt-4o-mini", 10_000, 2_000, start.AddMinutes(30)));
        var freshSpan = (await _host.GetJsonAsync($"/api/v1/traces/{fresh}")).GetProperty("spans").EnumerateArray()
            .Single(s => s.GetProperty("llm").ValueKind == JsonValueKind.Object).GetProperty("llm");
        Assert.Equal(customPerCall, freshSpan.GetProperty("costUsd").GetDecimal());
        Assert.Equal("computed", freshSpan.GetProperty("costSource").GetString());
        // The cost says it came from the project's own price version, not the list.
        Assert.Equal(("openai/gpt-4o-mini@2026-01-01", "custom"), Pricing(freshSpan));
        var before = await LlmOfAsync(traces[0]);
        Assert.Equal(("openai/gpt-4o-mini", "2026.12.03"), Pricing(before));
        Assert.Equal(3 * listPerCall + customPerCall, await ModelCostAsync());

        // Re-cost the first three calls: everything agrees with the new price.
        using (var recost = await _host.Api.PostAsJsonAsync("/api/v1/pricing/recost", new
        {
            provider = "openai",
            model = "gpt-4o-mini",
            from = "2026-03-02T10:00:00Z",
            to = "2026-03-02T10:10:00Z",
        }))
        {
            var body = await recost.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(HttpStatusCode.OK, recost.StatusCode);
            Assert.Equal(3, body.GetProperty("spansUpdated").GetInt32());
            Assert.Equal(3 * (customPerCall - listPerCall), body.GetProperty("costDeltaUsd").GetDecimal());
        }

        foreach (var id in traces)
        {
            var trace = await _host.GetJsonAsync($"/api/v1/traces/{id}");
            Assert.Equal(customPerCall, trace.GetProperty("summary").GetProperty("costUsd").GetDecimal());
            // A re-cost rewrites what priced the span along with its cost.
            Assert.Equal(("openai/gpt-4o-mini@2026-01-01", "custom"), Pricing(await LlmOfAsync(id)));
        }

        Assert.Equal(4 * customPerCall, await ModelCostAsync());
        Assert.Equal(4 * customPerCall, await _host.Database.ScalarAsync<decimal>(
            "SELECT sum(cost_usd) FROM spans WHERE service_name = 'pricing-svc' AND is_llm"));
        // The re-cost's own transaction moved the trace summaries along.
        var list = await _host.GetJsonAsync("/api/v1/traces?service=pricing-svc&limit=10");
        Assert.All(list.GetProperty("data").EnumerateArray(), t => Assert.Equal(customPerCall, t.GetProperty("costUsd").GetDecimal()));
        foreach (var table in new[] { "model_rollups", "model_rollups_hourly", "model_rollups_daily" })
        {
            Assert.Equal(4 * customPerCall, await _host.Database.ScalarAsync<decimal>(
                $"SELECT sum(cost_usd) FROM {table} WHERE service_name = 'pricing-svc'"));
        }

        // A range of minutes and hours (not whole days) agrees too.
        Assert.Equal(4 * customPerCall, (await _host.GetJsonAsync("/api/v1/models?service=pricing-svc&from=2026-03-02T09:59:00Z&to=2026-03-02T12:00:00Z"))
            .GetProperty("data").EnumerateArray().Sum(m => m.GetProperty("costUsd").GetDecimal()));
    }

    [Theory]
    [InlineData("""{"rates":{"inputPerMillion":-1,"outputPerMillion":1}}""", "negative")]
    [InlineData("""{"effectiveFrom":"2026-01-01T00:00:00Z"}""", "rates")]
    [InlineData("""{"rates": "cheap"}""", "price")]
    public async Task A_malformed_price_is_rejected_with_400(string body, string messagePart)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await _host.Api.PutAsync("/api/v1/pricing/openai/gpt-4o", content);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(messagePart, error.GetProperty("error").GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, (await _host.GetJsonAsync("/api/v1/pricing")).GetProperty("custom").GetArrayLength());
    }

    private async Task<decimal> ModelCostAsync() =>
        (await _host.GetJsonAsync("/api/v1/models?service=pricing-svc&from=2026-03-01T00:00:00Z&to=2026-03-03T00:00:00Z"))
            .GetProperty("data").EnumerateArray().Sum(m => m.GetProperty("costUsd").GetDecimal());

    private async Task PostAsync(Observatory.Gateway.Otlp.Proto.Collector.Trace.V1.ExportTraceServiceRequest request)
    {
        using var content = new ByteArrayContent(request.ToByteArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        using var response = await _host.Otlp.PostAsync("/v1/traces", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<JsonElement> LlmOfAsync(string traceId) =>
        (await _host.GetJsonAsync($"/api/v1/traces/{traceId}")).GetProperty("spans").EnumerateArray()
            .Single(s => s.GetProperty("llm").ValueKind == JsonValueKind.Object).GetProperty("llm");

    private static (string?, string?) Pricing(JsonElement llm) =>
        (llm.GetProperty("pricing").GetProperty("entry").GetString(), llm.GetProperty("pricing").GetProperty("catalogVersion").GetString());
}
