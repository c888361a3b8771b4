// Measures how long after an OTLP export is acknowledged its traces arrive on GET /api/v1/live/traces: one SSE
// reader, and a fixed-rate OTLP/HTTP load of whole traces (each trace in one export), for a warm-up and a measured
// window. Prints p50/p95/p99/max and how many acknowledged traces never arrived; --json writes the same.
// Usage: dotnet Observatory.LiveLatency.dll [--api URL] [--otlp URL] [--rate SPANS/S] [--duration S] [--warmup S]
//        [--spans-per-request N] [--spans-per-trace N] [--concurrency N] [--key KEY] [--json PATH]
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Google.Protobuf;
using HdrHistogram;
using Observatory.Bench.LiveLatency;

var options = LiveOptions.Parse(args);
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency + 1 }) { Timeout = Timeout.InfiniteTimeSpan };
var arrivals = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
using var stop = new CancellationTokenSource();

// The reader: every trace event's arrival time, the first one per trace.
var opened = new TaskCompletionSource();
var reader = Task.Run(async () =>
{
    using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(options.Api, "/api/v1/live/traces"));
    if (options.Key is not null)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Key);
    }

    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop.Token);
    response.EnsureSuccessStatusCode();
    using var lines = new StreamReader(await response.Content.ReadAsStreamAsync(stop.Token));
    try
    {
        while (await lines.ReadLineAsync(stop.Token) is { } line)
        {
            if (line.StartsWith(": subscribed", StringComparison.Ordinal))
            {
                opened.TrySetResult();
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                var now = Stopwatch.GetTimestamp();
                using var doc = JsonDocument.Parse(line.AsMemory(6));
                arrivals.TryAdd(doc.RootElement.GetProperty("traceId").GetString()!, now);
            }
            else if (line.StartsWith("event: overflow", StringComparison.Ordinal))
            {
                Console.Error.WriteLine("the server dropped the reader (overflow): results are incomplete");
            }
        }
    }
    catch (OperationCanceledException)
    {
    }
});
await opened.Task.WaitAsync(TimeSpan.FromSeconds(30));

// The load: request i is due at start + i × spans-per-request / rate; acknowledgement times per trace.
var acks = new ConcurrentDictionary<string, (long At, bool Measured)>(StringComparer.Ordinal);
var factory = new TraceFactory(options.SpansPerTrace);
var tracesPerRequest = Math.Max(1, options.SpansPerRequest / options.SpansPerTrace);
var interval = Stopwatch.Frequency * tracesPerRequest * options.SpansPerTrace / options.Rate;
var start = Stopwatch.GetTimestamp();
var measureFrom = start + (long)(options.WarmupSeconds * Stopwatch.Frequency);
var measureTo = measureFrom + (long)(options.DurationSeconds * Stopwatch.Frequency);
long next = -1, failed = 0;
var workers = Enumerable.Range(0, options.Concurrency).Select(_ => Task.Run(async () =>
{
    while (true)
    {
        var i = Interlocked.Increment(ref next);
        var due = start + (long)(i * interval);
        if (due >= measureTo)
        {
            return;
        }

        if (Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due) is var wait && wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        var (body, traceIds) = factory.Build(tracesPerRequest);
        using var content = new ByteArrayContent(body.ToByteArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri(options.Otlp, "/v1/traces")) { Content = content };
        if (options.Key is not null)
        {
            post.Headers.Add("x-api-key", options.Key);
        }

        var sentAt = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(post);
        var ackAt = Stopwatch.GetTimestamp();
        if (!response.IsSuccessStatusCode)
        {
            Interlocked.Increment(ref failed);
            continue;
        }

        foreach (var id in traceIds)
        {
            acks[id] = (ackAt, sentAt >= measureFrom);
        }
    }
})).ToArray();
await Task.WhenAll(workers);
await Task.Delay(TimeSpan.FromSeconds(5)); // stragglers
stop.Cancel();
await reader;

var histogram = new LongHistogram(60_000_000, 3);
long measured = 0, missing = 0, early = 0;
foreach (var (id, ack) in acks.Where(a => a.Value.Measured))
{
    measured++;
    if (!arrivals.TryGetValue(id, out var arrived))
    {
        missing++;
        continue;
    }

    // An event can beat the acknowledgement to the client (the publisher runs as the reply goes out): that is 0.
    early += arrived < ack.At ? 1 : 0;
    histogram.RecordValue(Math.Max(0, (long)Stopwatch.GetElapsedTime(ack.At, arrived).TotalMicroseconds));
}

double Ms(double percentile) => histogram.TotalCount == 0 ? double.NaN : histogram.GetValueAtPercentile(percentile) / 1000.0;
var result = new
{
    targetSpansPerSecond = options.Rate,
    acknowledgedSpansPerSecond = measured * tracesPerRequest * options.SpansPerTrace / (double)tracesPerRequest / options.DurationSeconds,
    measuredTraces = measured,
    missingTraces = missing,
    eventsBeforeAck = early,
    failedExports = failed,
    latencyMs = new { p50 = Ms(50), p95 = Ms(95), p99 = Ms(99), max = histogram.TotalCount == 0 ? double.NaN : histogram.GetMaxValue() / 1000.0 },
};
var text = JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true });
Console.WriteLine(text);
if (options.JsonPath is not null)
{
    await File.WriteAllTextAsync(options.JsonPath, text);
}

return missing == 0 && failed == 0 ? 0 : 1;
