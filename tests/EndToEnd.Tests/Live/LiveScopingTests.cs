using System.Net;

namespace Observatory.EndToEnd.Tests.Live;

/// <summary>With <c>Auth:Mode=keys</c> the live streams take the same keys as the rest of the API and show a key its own project only.</summary>
public sealed class LiveScopingTests(KeyedProductFixture fixture) : IClassFixture<KeyedProductFixture>
{
    [Theory]
    [InlineData("none", HttpStatusCode.Unauthorized)]
    [InlineData("revoked", HttpStatusCode.Unauthorized)]
    [InlineData("ingest", HttpStatusCode.Forbidden)]
    public async Task A_caller_without_a_valid_query_key_gets_no_stream(string caller, HttpStatusCode expected)
    {
        foreach (var path in new[] { "/api/v1/live/traces", "/api/v1/live/models" })
        {
            await using var live = await SseConnection.OpenAsync(fixture.Host.Api, path, caller == "none" ? null : fixture.Keys[caller]);
            Assert.Equal(expected, live.Response.StatusCode);
            Assert.Equal("application/json", live.Response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task A_trace_of_one_project_reaches_its_viewers_and_nobody_of_another_project()
    {
        await using var alpha = await SseConnection.OpenAsync(fixture.Host.Api, "/api/v1/live/traces", fixture.Keys["viewer"]);
        await using var beta = await SseConnection.OpenAsync(fixture.Host.Api, "/api/v1/live/traces", fixture.Keys["beta"]);
        await using var betaModels = await SseConnection.OpenAsync(fixture.Host.Api, "/api/v1/live/models", fixture.Keys["beta"]);

        var traceId = Guid.NewGuid().ToString("N");
        using (var sent = await fixture.PostTraceAsync(traceId, "ingest"))
        {
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        }

        var seen = await alpha.NextDataAsync(TimeSpan.FromSeconds(15), t => t.GetProperty("traceId").GetString() == traceId);
        Assert.NotNull(seen);
        // Model deltas go out once a second: wait past the next one before deciding beta saw nothing.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.DoesNotContain(beta.Drain(), m => m.Data is not null);
        Assert.DoesNotContain(betaModels.Drain(), m => m.Data is not null);
    }
}
