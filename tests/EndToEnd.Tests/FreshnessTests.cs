using System.Diagnostics;
using OpenTelemetry.Exporter;

namespace Observatory.EndToEnd.Tests;

/// <summary>Live numbers with no batch delay: what an export acknowledged is readable at once.</summary>
public sealed class FreshnessTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private ObservatoryTestHost Host => fixture.Host;

    [Fact]
    public async Task Acknowledged_span_is_readable_at_once_and_counted_in_model_stats_within_one_second()
    {
        var sent = LlmTraceSender.Send(Host.HttpEndpoint, OtlpExportProtocol.HttpProtobuf, gzip: false, "fresh-svc");
        var acknowledged = Stopwatch.StartNew();

        // No polling here: the trace must be there on the first read after the acknowledgement.
        var trace = await Host.GetJsonAsync($"/api/v1/traces/{sent.TraceId}");
        Assert.Equal(4, trace.GetProperty("spans").GetArrayLength());

        long requests = 0;
        while (acknowledged.Elapsed < TimeSpan.FromSeconds(1))
        {
            var models = await Host.GetJsonAsync("/api/v1/models?service=fresh-svc");
            requests = models.GetProperty("data").EnumerateArray().Sum(m => m.GetProperty("requestCount").GetInt64());
            if (requests == 2)
            {
                break;
            }
        }

        Assert.Equal(2, requests);
        Assert.True(acknowledged.Elapsed < TimeSpan.FromSeconds(1), $"model stats took {acknowledged.Elapsed.TotalMilliseconds} ms");
    }
}
