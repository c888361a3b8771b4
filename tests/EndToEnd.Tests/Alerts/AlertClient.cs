using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf;
using Observatory.EndToEnd.Tests.Budgets;
using Observatory.Gateway.Otlp.Proto.Trace.V1;

namespace Observatory.EndToEnd.Tests.Alerts;

/// <summary>The alert calls the tests make, over the product's REST API and OTLP/HTTP.</summary>
internal static class AlertClient
{
    public static async Task<JsonElement> PostAsync(HttpClient api, string path, object body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var response = await api.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"POST {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> GetAsync(HttpClient api, string path)
    {
        using var response = await api.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Polls <paramref name="path"/> until <paramref name="done"/> holds or <paramref name="within"/> passes; returns the last answer and when it came.</summary>
    public static async Task<(JsonElement Body, TimeSpan After)> PollAsync(HttpClient api, string path, Func<JsonElement, bool> done, TimeSpan within)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var body = await GetAsync(api, path);
            if (done(body) || watch.Elapsed > within)
            {
                return (body, watch.Elapsed);
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Waits until <paramref name="done"/> holds of something the test watches (not the API), or fails after <paramref name="within"/>.</summary>
    public static async Task WaitAsync(Func<bool> done, TimeSpan within, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!done())
        {
            Assert.True(watch.Elapsed < within, $"{what} did not happen within {within.TotalSeconds} s");
            await Task.Delay(50);
        }
    }

    /// <summary>One export of a root span and a gpt-4o-mini call whose span status is error or not; asserts the OK.</summary>
    public static async Task SendCallAsync(HttpClient otlp, string service, bool error)
    {
        var traceId = Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant();
        var request = OtlpRequests.LlmTrace(traceId, service, "gpt-4o-mini", inputTokens: 4000, outputTokens: 1000);
        if (error)
        {
            request.ResourceSpans[0].ScopeSpans[0].Spans[1].Status = new Status { Code = Status.Types.StatusCode.Error, Message = "rate limited" };
        }

        await BudgetClient.PostAsync(otlp, request.ToByteArray());
    }
}
