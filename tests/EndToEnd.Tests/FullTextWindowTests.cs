using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Google.Protobuf;
using Observatory.Gateway.Otlp.Proto.Common.V1;

namespace Observatory.EndToEnd.Tests;

/// <summary>
/// Full-text search checks the newest few hundred traces one by one, then a few thousand more, then the rest through the
/// index: matches on either side of each step, hours and days apart, all come back, in order, across pages.
/// </summary>
public sealed class FullTextWindowTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private ObservatoryTestHost Host => fixture.Host;

    [Fact]
    public async Task Matches_spread_over_days_are_found_newest_first_and_page_with_the_cursor()
    {
        var now = DateTime.UtcNow;
        var ages = new[] { TimeSpan.FromMinutes(5), TimeSpan.FromHours(3), TimeSpan.FromDays(9), TimeSpan.FromDays(40) };
        var ids = new List<string>();
        foreach (var age in ages)
        {
            var id = Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant();
            var request = OtlpRequests.LlmTrace(id, "fts-window-svc", "gpt-4o", 10, 10, now - age);
            request.ResourceSpans[0].ScopeSpans[0].Spans[1].Attributes.Add(new KeyValue
            {
                Key = "gen_ai.input.messages",
                Value = new AnyValue { StringValue = """[{"role":"user","parts":[{"type":"text","content":"where is the zebrafinch parcel"}]}]""" },
            });
            using var content = new ByteArrayContent(request.ToByteArray());
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
            Assert.Equal(HttpStatusCode.OK, (await Host.Otlp.PostAsync("/v1/traces", content)).StatusCode);
            ids.Add(id);
        }

        // Decoys without the word: one newest of all, and 2,100 between the 5-minute and the 3-hour match, so the
        // 3-hour match lies beyond both one-by-one steps (400, then 1,600 traces) and is found through the index.
        const int Decoys = 2_100;
        for (var batch = 0; batch < Decoys / 300; batch++)
        {
            var request = new Observatory.Gateway.Otlp.Proto.Collector.Trace.V1.ExportTraceServiceRequest();
            for (var i = 0; i < 300; i++)
            {
                var age = TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(2 * (batch * 300 + i));
                var decoy = OtlpRequests.LlmTrace(Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant(), "fts-window-svc", "gpt-4o", 1, 1, now - age);
                request.ResourceSpans.Add(decoy.ResourceSpans);
            }

            using var content = new ByteArrayContent(request.ToByteArray());
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
            Assert.Equal(HttpStatusCode.OK, (await Host.Otlp.PostAsync("/v1/traces", content)).StatusCode);
        }

        using (var newest = new ByteArrayContent(OtlpRequests.LlmTrace(Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant(), "fts-window-svc", "gpt-4o", 1, 1, now).ToByteArray()))
        {
            newest.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
            Assert.Equal(HttpStatusCode.OK, (await Host.Otlp.PostAsync("/v1/traces", newest)).StatusCode);
        }

        await AssertSummariesStoredAsync(ages.Length + Decoys + 1);
        var all = await PageAsync("/api/v1/traces?q=zebrafinch&limit=10");
        Assert.Equal(ids, all.Ids);
        Assert.Null(all.Next);

        var paged = new List<string>();
        string? cursor = null;
        do
        {
            var page = await PageAsync("/api/v1/traces?q=zebrafinch&limit=1" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            paged.AddRange(page.Ids);
            cursor = page.Next;
        }
        while (cursor is not null);

        Assert.Equal(ids, paged);
    }

    private async Task<(List<string> Ids, string? Next)> PageAsync(string path)
    {
        var page = await Host.GetJsonAsync(path);
        var next = page.GetProperty("nextCursor");
        return (page.GetProperty("data").EnumerateArray().Select(t => t.GetProperty("traceId").GetString()!).ToList(),
            next.ValueKind == JsonValueKind.Null ? null : next.GetString());
    }

    private async Task AssertSummariesStoredAsync(long count) =>
        Assert.Equal(count, await Host.Database.ScalarAsync<long>("SELECT count(*) FROM traces WHERE service_name = 'fts-window-svc'"));
}
