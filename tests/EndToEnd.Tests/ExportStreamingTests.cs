using System.Net;
using System.Text.Json;
using Observatory.Gateway.Otlp.Proto.Collector.Trace.V1;

namespace Observatory.EndToEnd.Tests;

/// <summary>A large export streams: the first rows arrive before the last are read, without a buffered body.</summary>
public sealed class ExportStreamingTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private const int Traces = 5000;
    private const string Service = "exp-bulk";
    private ObservatoryTestHost Host => fixture.Host;

    [Fact]
    public async Task Five_thousand_traces_stream_chunked_and_a_job_writes_them_all()
    {
        await SeedAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/export/traces?format=csv&service={Service}");
        using var response = await Host.Api.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // Streamed, not buffered: no Content-Length, chunked, and the header row can be read before the body ends.
        Assert.Null(response.Content.Headers.ContentLength);
        Assert.True(response.Headers.TransferEncodingChunked);
        await using var body = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(body);
        Assert.StartsWith("traceId,serviceName,", await reader.ReadLineAsync());
        var first = await reader.ReadLineAsync();
        Assert.Contains($",{Service},", first);
        var rows = 1;
        while (await reader.ReadLineAsync() is { } line)
        {
            Assert.Contains($",{Service},", line);
            rows++;
        }

        Assert.Equal(Traces, rows);

        // The same export as a job: progress ends at every row, and the file has them all.
        using var created = await Host.Api.PostAsync($"/api/v1/exports?format=jsonl&service={Service}", null);
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        var done = await ExportTestData.WaitForJobAsync(Host, id, "done");
        Assert.Equal(Traces, done.GetProperty("rowsWritten").GetInt64());
        Assert.Equal(Traces, done.GetProperty("rowsEstimated").GetInt64());
        var file = await Host.Api.GetStringAsync($"/api/v1/exports/{id}/download");
        Assert.Equal(Traces, file.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    /// <summary>5,000 two-span traces in ten OTLP requests of 500 traces each.</summary>
    private async Task SeedAsync()
    {
        var start = new DateTime(2026, 5, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var batch = 0; batch < Traces / 500; batch++)
        {
            var request = new ExportTraceServiceRequest();
            for (var i = 0; i < 500; i++)
            {
                var n = batch * 500 + i;
                var traceId = $"{n:x8}".PadLeft(32, 'b');
                request.ResourceSpans.AddRange(OtlpRequests.LlmTrace(traceId, Service, "gpt-4o-mini", 10, 5, start.AddSeconds(n)).ResourceSpans);
            }

            await ExportTestData.PostAsync(Host, request);
        }

        await ExportTestData.AssertTracesStoredAsync(Host, $"project_id = 'default' AND service_name = '{Service}'", Traces);
    }
}

/// <summary>A host whose export workers are paused (<c>Export:Concurrency=0</c>), so jobs stay queued until cancelled.</summary>
public sealed class PausedExportHostFixture : IAsyncLifetime
{
    public ObservatoryTestHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await ObservatoryTestHost.StartAsync("--Export:Concurrency=0");

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>Cancelling a job that has not finished.</summary>
public sealed class ExportCancelTests(PausedExportHostFixture fixture) : IClassFixture<PausedExportHostFixture>
{
    private ObservatoryTestHost Host => fixture.Host;

    [Fact]
    public async Task A_queued_job_is_cancelled_and_cannot_be_downloaded()
    {
        using var created = await Host.Api.PostAsync("/api/v1/exports?format=parquet&service=nothing-here", null);
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        var queued = await Host.GetJsonAsync($"/api/v1/exports/{id}");
        Assert.Equal("queued", queued.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, queued.GetProperty("downloadUrl").ValueKind);
        Assert.Equal(409, (await Host.GetWithStatusAsync($"/api/v1/exports/{id}/download")).Status);

        using var cancel = await Host.Api.DeleteAsync($"/api/v1/exports/{id}");
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("cancelled", JsonDocument.Parse(await cancel.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());

        var after = await Host.GetJsonAsync($"/api/v1/exports/{id}");
        Assert.Equal("cancelled", after.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.String, after.GetProperty("finishedAt").ValueKind);
        Assert.Equal(409, (await Host.GetWithStatusAsync($"/api/v1/exports/{id}/download")).Status);

        // A second DELETE forgets the cancelled job.
        using var forget = await Host.Api.DeleteAsync($"/api/v1/exports/{id}");
        Assert.Equal(HttpStatusCode.NoContent, forget.StatusCode);
        Assert.Equal(404, (await Host.GetWithStatusAsync($"/api/v1/exports/{id}")).Status);
    }
}
