using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using OpenTelemetry.Exporter;

namespace Observatory.EndToEnd.Tests;

/// <summary>Restarting the all-in-one process keeps every acknowledged span, trace and model total.</summary>
public sealed class RestartTests : IAsyncLifetime
{
    private ObservatoryTestHost _host = null!;

    public async Task InitializeAsync() => _host = await ObservatoryTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Restart_keeps_spans_traces_and_model_totals()
    {
        var traces = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            traces.Add(LlmTraceSender.Send(_host.GrpcEndpoint, OtlpExportProtocol.Grpc, gzip: false, "restart-svc").TraceId);
        }

        // A batch spread over two minutes, so more than one rollup bucket is live at restart.
        var earlier = Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant();
        using (var content = new ByteArrayContent(OtlpRequests.LlmTrace(earlier, "restart-svc", "gpt-4o", 300, 30, DateTime.UtcNow.AddMinutes(-3)).ToByteArray()))
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
            using var response = await _host.Otlp.PostAsync("/v1/traces", content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        traces.Add(earlier);
        var before = await SnapshotAsync(traces);
        Assert.Equal(6, before.ListedTraceIds.Count);

        await _host.RestartAsync();

        var after = await SnapshotAsync(traces);
        Assert.Equal(before.ListedTraceIds, after.ListedTraceIds);
        Assert.Equal(before.TraceBodies, after.TraceBodies);
        Assert.Equal(before.Models, after.Models);
        // What survived is in the tables themselves, not only in a grain's memory.
        Assert.Equal(6 * 4 - 2, await _host.Database.ScalarAsync<long>("SELECT count(*) FROM spans WHERE service_name = 'restart-svc'"));
        Assert.Equal(6L, await _host.Database.ScalarAsync<long>("SELECT count(*) FROM traces WHERE service_name = 'restart-svc'"));
        Assert.Equal(11L, await _host.Database.ScalarAsync<long>(
            "SELECT coalesce(sum(request_count), 0) FROM model_rollups WHERE service_name = 'restart-svc'"));
    }

    private async Task<Snapshot> SnapshotAsync(List<string> traceIds)
    {
        // Every trace is listed as soon as its export was answered: summaries are written with the spans.
        var list = await _host.GetJsonAsync("/api/v1/traces?service=restart-svc&limit=100");
        var listed = list.GetProperty("data").EnumerateArray().Select(t => t.GetProperty("traceId").GetString()!).Order().ToList();

        var bodies = new List<string>();
        foreach (var id in traceIds)
        {
            bodies.Add((await _host.GetJsonAsync($"/api/v1/traces/{id}")).GetRawText());
        }

        var models = (await _host.GetJsonAsync("/api/v1/models?service=restart-svc")).GetRawText();
        return new Snapshot(listed, bodies, models);
    }

    private sealed record Snapshot(List<string> ListedTraceIds, List<string> TraceBodies, string Models);
}
