using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf;

namespace Observatory.EndToEnd.Tests.Budgets;

/// <summary>The budget calls the tests make, over the product's REST API and OTLP/HTTP.</summary>
internal static class BudgetClient
{
    /// <summary>gpt-4o-mini at $0.15 / $0.60 per 1M: 4,000 in + 1,000 out.</summary>
    public const decimal MiniCallCost = 0.0012m;

    public static async Task<string> CreateAsync(HttpClient api, object body)
    {
        using var response = await api.PostAsJsonAsync("/api/v1/budgets", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /api/v1/budgets answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    public static async Task<JsonElement> CheckAsync(HttpClient api, string budgetId)
    {
        using var response = await api.GetAsync($"/api/v1/budgets/{budgetId}/check");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"check answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Polls the check until <paramref name="done"/> holds or <paramref name="within"/> passes; returns the last answer and when it came.</summary>
    public static async Task<(JsonElement Check, TimeSpan After)> PollAsync(HttpClient api, string budgetId, Func<JsonElement, bool> done, TimeSpan within)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var check = await CheckAsync(api, budgetId);
            if (done(check) || watch.Elapsed > within)
            {
                return (check, watch.Elapsed);
            }

            await Task.Delay(10);
        }
    }

    /// <summary>One export of a root span and a gpt-4o-mini call (see <see cref="MiniCallCost"/>); asserts the OK.</summary>
    public static async Task<byte[]> SendMiniCallAsync(HttpClient otlp, string service, DateTime? start = null)
    {
        var traceId = Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant();
        var body = OtlpRequests.LlmTrace(traceId, service, "gpt-4o-mini", inputTokens: 4000, outputTokens: 1000, start).ToByteArray();
        await PostAsync(otlp, body);
        return body;
    }

    public static async Task PostAsync(HttpClient otlp, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        using var response = await otlp.PostAsync("/v1/traces", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>What the stored spans say a service's model calls cost since midnight UTC: the truth a budget must equal.</summary>
    public static string StoredCostSql =>
        "SELECT coalesce(sum(cost_usd), 0) FROM spans WHERE service_name = $1 AND is_llm AND start_time >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'";
}
