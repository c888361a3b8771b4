using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Observatory.Gateway.Api.Live;
using Observatory.Gateway.Otlp.Proto.Collector.Trace.V1;
using OpenTelemetry.Exporter;

namespace Observatory.EndToEnd.Tests.Live;

/// <summary>The product with a short heartbeat and a small per-subscriber buffer, so both can be watched in a test.</summary>
public sealed class LiveHostFixture : IAsyncLifetime
{
    public ObservatoryTestHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await ObservatoryTestHost.StartAsync("--Live:HeartbeatSeconds=0.5", "--Live:SubscriberBuffer=16");

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>
/// GET /api/v1/live/traces and /live/models: what an OTLP export commits arrives as Server-Sent Events in the list
/// endpoints' item shapes, filtered like the lists, with heartbeats; a client that stops reading is dropped.
/// </summary>
public sealed class LiveEventsTests(LiveHostFixture fixture) : IClassFixture<LiveHostFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private ObservatoryTestHost Host => fixture.Host;

    [Fact]
    public async Task A_trace_exported_over_OTLP_arrives_as_an_event_equal_to_its_trace_list_item()
    {
        await using var live = await SseConnection.OpenAsync(Host.Api, "/api/v1/live/traces");
        Assert.Equal("text/event-stream", live.Response.Content.Headers.ContentType?.MediaType);
        Assert.False(live.Response.Headers.Contains("X-Cache"), "the query cache must leave the stream alone");
        var service = "live-" + Guid.NewGuid().ToString("N")[..8];

        var sent = LlmTraceSender.Send(Host.HttpEndpoint, OtlpExportProtocol.HttpProtobuf, gzip: false, service);

        var trace = await live.NextDataAsync(Wait, t => t.GetProperty("traceId").GetString() == sent.TraceId && t.GetProperty("spanCount").GetInt32() == 4);
        Assert.NotNull(trace);
        var listed = await Host.GetJsonAsync($"/api/v1/traces?service={service}");
        Assert.Equal(listed.GetProperty("data")[0].GetRawText(), trace.Value.GetRawText());
        Assert.Equal("POST /chat", trace.Value.GetProperty("rootSpanName").GetString());
        Assert.Equal(2, trace.Value.GetProperty("llmCallCount").GetInt32());
        Assert.Equal(1, trace.Value.GetProperty("errorCount").GetInt32());
        Assert.Equal(LlmTraceSender.OpenAiCost + LlmTraceSender.AnthropicCost, trace.Value.GetProperty("costUsd").GetDecimal());
        Assert.Equal("user-42", trace.Value.GetProperty("userId").GetString());
    }

    [Fact]
    public async Task Filters_narrow_the_live_traces_as_they_narrow_the_list()
    {
        var (wanted, other) = ("live-" + Guid.NewGuid().ToString("N")[..8], "live-" + Guid.NewGuid().ToString("N")[..8]);
        await using var byService = await SseConnection.OpenAsync(Host.Api, $"/api/v1/live/traces?service={wanted}");
        await using var errorsOfOther = await SseConnection.OpenAsync(Host.Api, $"/api/v1/live/traces?service={other}&status=error&provider=anthropic");
        await using var noMatch = await SseConnection.OpenAsync(Host.Api, $"/api/v1/live/traces?service={other}&provider=cohere");

        var first = NewTraceId();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(OtlpRequests.LlmTrace(first, other, "gpt-4o", 10, 10))).StatusCode);
        var second = LlmTraceSender.Send(Host.HttpEndpoint, OtlpExportProtocol.HttpProtobuf, gzip: false, wanted);
        var third = LlmTraceSender.Send(Host.HttpEndpoint, OtlpExportProtocol.HttpProtobuf, gzip: false, other);

        var got = await byService.NextDataAsync(Wait, _ => true);
        Assert.Equal(second.TraceId, got?.GetProperty("traceId").GetString());
        var error = await errorsOfOther.NextDataAsync(Wait, _ => true);
        Assert.Equal(third.TraceId, error?.GetProperty("traceId").GetString()); // not `first`: it has no error and no anthropic call
        Assert.Null(await noMatch.NextDataAsync(TimeSpan.FromSeconds(1), _ => true));
        Assert.NotEqual(first, third.TraceId);
    }

    [Fact]
    public async Task A_bad_filter_is_answered_400_before_any_stream_starts()
    {
        using var response = await Host.Api.GetAsync("/api/v1/live/traces?minCost=cheap");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var models = await Host.Api.GetAsync("/api/v1/live/models?limit=5");
        Assert.Equal(HttpStatusCode.BadRequest, models.StatusCode);
    }

    [Fact]
    public async Task Model_calls_arrive_as_per_second_usage_in_the_models_list_shape()
    {
        var service = "live-" + Guid.NewGuid().ToString("N")[..8];
        await using var live = await SseConnection.OpenAsync(Host.Api, $"/api/v1/live/models?service={service}");

        LlmTraceSender.Send(Host.HttpEndpoint, OtlpExportProtocol.HttpProtobuf, gzip: false, service);

        var models = new Dictionary<string, JsonElement>();
        while (models.Count < 2 && await live.NextDataAsync(Wait, _ => true) is { } item)
        {
            models[item.GetProperty("model").GetString()!] = item;
        }

        var gpt = models["gpt-4o-2024-08-06"];
        Assert.Equal("openai", gpt.GetProperty("provider").GetString());
        Assert.Equal(1, gpt.GetProperty("requestCount").GetInt64());
        Assert.Equal(1000, gpt.GetProperty("inputTokens").GetInt64());
        Assert.Equal(500, gpt.GetProperty("outputTokens").GetInt64());
        Assert.Equal(200, gpt.GetProperty("cacheReadTokens").GetInt64());
        Assert.Equal(LlmTraceSender.OpenAiCost, gpt.GetProperty("costUsd").GetDecimal());
        Assert.InRange(gpt.GetProperty("ttftMs").GetProperty("p50").GetDouble(), 247, 253); // 0.25 s, ±1% sketch accuracy
        Assert.True(gpt.TryGetProperty("second", out var second) && second.GetDateTime() > DateTime.UtcNow.AddMinutes(-1));
        var claude = models["claude-3-5-sonnet-20241022"];
        Assert.Equal(2000, claude.GetProperty("inputTokens").GetInt64());

        // The same shape as the models list: every property the list's items have, and only `second` besides.
        var listed = (await Host.GetJsonAsync($"/api/v1/models?service={service}")).GetProperty("data")[0];
        Assert.Equal(
            listed.EnumerateObject().Select(p => p.Name).Append("second").Order(),
            gpt.EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task An_idle_stream_carries_a_heartbeat_comment_at_the_configured_interval()
    {
        await using var live = await SseConnection.OpenAsync(Host.Api, "/api/v1/live/models?service=nobody-" + Guid.NewGuid().ToString("N"));
        var started = DateTime.UtcNow;
        Assert.NotNull(await live.NextAsync(TimeSpan.FromSeconds(5), m => m.Comment == ": heartbeat"));
        Assert.NotNull(await live.NextAsync(TimeSpan.FromSeconds(5), m => m.Comment == ": heartbeat"));
        Assert.InRange((DateTime.UtcNow - started).TotalSeconds, 0.4, 4); // two beats, 0.5 s apart
    }

    [Fact]
    public async Task A_client_that_stops_reading_is_dropped_while_a_reading_client_keeps_every_event()
    {
        var hub = Host.Services.GetService(typeof(LiveHub)) as LiveHub ?? throw new InvalidOperationException("no LiveHub");
        var droppedBefore = hub.DroppedCount;
        var service = "flood-" + Guid.NewGuid().ToString("N")[..8];
        await using var reader = await SseConnection.OpenAsync(Host.Api, "/api/v1/live/traces");
        using var stalled = await OpenStalledAsync($"/api/v1/live/traces?service={service}");

        // Traces until the stalled client's socket buffers (up to 4 MiB here), the server's response buffer and its
        // 16-event buffer are full: about 10,000.
        var sent = new HashSet<string>();
        for (var round = 0; round < 150 && hub.DroppedCount == droppedBefore; round++)
        {
            var request = new ExportTraceServiceRequest();
            for (var i = 0; i < 200; i++)
            {
                var id = NewTraceId();
                sent.Add(id);
                request.ResourceSpans.AddRange(OtlpRequests.LlmTrace(id, service, "gpt-4o", 10, 10).ResourceSpans);
            }

            Assert.Equal(HttpStatusCode.OK, (await PostAsync(request)).StatusCode);
        }

        Assert.Equal(droppedBefore + 1, hub.DroppedCount);
        Assert.False(reader.WasDropped, "the reading client was dropped");
        // The stalled stream ends: with an overflow event if the client gets that far, else the connection is cut.
        Assert.True(await EndsWithOverflowOrCutAsync(stalled), "the stalled stream did not end");

        // The reading client was not dropped and saw every trace (each at least once).
        var seen = new HashSet<string>();
        while (seen.Count < sent.Count && await reader.NextDataAsync(Wait, t => sent.Contains(t.GetProperty("traceId").GetString()!)) is { } trace)
        {
            seen.Add(trace.GetProperty("traceId").GetString()!);
        }

        Assert.Equal(sent.Count, seen.Count);
        for (var i = 0; i < 50 && hub.SubscriberCount != 1; i++)
        {
            await Task.Delay(100); // earlier tests' streams may still be closing
        }

        Assert.Equal(1, hub.SubscriberCount);
    }

    /// <summary>Reads the socket on until an overflow event, the connection's end or a reset; false after 20 s of none.</summary>
    private static async Task<bool> EndsWithOverflowOrCutAsync(Socket socket)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var buffer = new byte[64 * 1024];
        var tail = "";
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token) is var read and > 0)
            {
                tail = (tail + Encoding.UTF8.GetString(buffer, 0, read))[^Math.Min(tail.Length + read, 200)..];
                if (tail.Contains("event: overflow", StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return true;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
            return true; // cut: it did not take the overflow event within the grace period
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>An SSE request on a socket with a tiny receive window that, after the opening comment, is never read.</summary>
    private async Task<Socket> OpenStalledAsync(string path)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await socket.ConnectAsync(IPAddress.Loopback, Host.ApiPort);
        await socket.SendAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{Host.ApiPort}\r\nAccept: text/event-stream\r\n\r\n"));
        var head = new StringBuilder();
        var buffer = new byte[1];
        while (!head.ToString().Contains(": subscribed", StringComparison.Ordinal))
        {
            Assert.True(await socket.ReceiveAsync(buffer) > 0, "the server closed the stream: " + head);
            head.Append((char)buffer[0]);
        }

        Assert.StartsWith("HTTP/1.1 200", head.ToString());
        return socket;
    }

    private async Task<HttpResponseMessage> PostAsync(ExportTraceServiceRequest request)
    {
        var content = new ByteArrayContent(request.ToByteArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        return await Host.Otlp.PostAsync("/v1/traces", content);
    }

    private static string NewTraceId() => Guid.NewGuid().ToString("N");
}
