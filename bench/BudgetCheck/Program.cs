// Budget check latency: creates a few budgets, then asks GET /api/v1/budgets/{id}/check and the bulk
// GET /api/v1/budgets/check at a fixed total rate (open loop: request i is due at start + i / rate), while an OTLP/JSON
// load of model calls feeds the same budgets. Prints p50/p95/p99/max per kind after a warm-up; --json writes the same.
// Usage: dotnet Observatory.BudgetCheck.dll [--api URL] [--otlp URL] [--rate CHECKS/S] [--duration S] [--warmup S]
//        [--bulk-share 0..1] [--ingest-rate SPANS/S] [--concurrency N] [--key KEY] [--json PATH]
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HdrHistogram;

var o = Options.Parse(args);
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = o.Concurrency + 4, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
{
    Timeout = TimeSpan.FromSeconds(30),
};
if (o.Key is not null)
{
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", o.Key);
}

var service = "bench-budget-" + Guid.NewGuid().ToString("N")[..8];
var ids = new List<string>();
foreach (var body in new object[]
{
    new { name = "bench day", period = "day", limitUsd = 1_000_000m, scope = new { service } },
    new { name = "bench user", period = "month", timeZone = "Europe/Paris", limitUsd = 1_000_000m, scope = new { service, userId = "bench-user" } },
    new { name = "bench rolling", period = "rolling", windowMinutes = 60, limitTokens = 1_000_000_000_000L, scope = new { service, model = "gpt-4o-mini" } },
})
{
    using var created = await http.PostAsJsonAsync(new Uri(o.Api, "/api/v1/budgets"), body);
    var text = await created.Content.ReadAsStringAsync();
    if (!created.IsSuccessStatusCode)
    {
        Console.Error.WriteLine($"creating a budget failed: {(int)created.StatusCode} {text}");
        return 1;
    }

    ids.Add(JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!);
}

using var stop = new CancellationTokenSource();
var ingested = 0L;
var ingest = o.IngestRate > 0 ? Task.Run(() => IngestAsync(stop.Token)) : Task.CompletedTask;

var single = new LongHistogram(TimeStamp.Minutes(1), 3);
var bulk = new LongHistogram(TimeStamp.Minutes(1), 3);
long next = -1, late = 0, failed = 0, measured = 0;
var start = Stopwatch.GetTimestamp();
var interval = (double)Stopwatch.Frequency / o.Rate;
var measureFrom = start + (long)(o.WarmupSeconds * Stopwatch.Frequency);
var measureTo = measureFrom + (long)(o.DurationSeconds * Stopwatch.Frequency);
var workers = Enumerable.Range(0, o.Concurrency).Select(_ => Task.Run(async () =>
{
    while (true)
    {
        var i = Interlocked.Increment(ref next);
        var due = start + (long)(i * interval);
        if (due >= measureTo)
        {
            return;
        }

        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
        else if (wait < TimeSpan.FromMilliseconds(-1) && due >= measureFrom)
        {
            Interlocked.Increment(ref late);
        }

        var isBulk = (i % 1000) < o.BulkShare * 1000;
        var path = isBulk ? $"/api/v1/budgets/check?service={service}&userId=bench-user&model=gpt-4o-mini" : $"/api/v1/budgets/{ids[(int)(i % ids.Count)]}/check";
        var sent = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.GetAsync(new Uri(o.Api, path));
            await response.Content.ReadAsByteArrayAsync();
            var took = Stopwatch.GetTimestamp() - sent;
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref failed);
            }
            else if (sent >= measureFrom)
            {
                var histogram = isBulk ? bulk : single;
                lock (histogram)
                {
                    histogram.RecordValue(took);
                }

                Interlocked.Increment(ref measured);
            }
        }
        catch (HttpRequestException)
        {
            Interlocked.Increment(ref failed);
        }
    }
})).ToArray();
await Task.WhenAll(workers);
stop.Cancel();
await ingest;

double Ms(LongHistogram h, double percentile) => h.TotalCount == 0 ? double.NaN : h.GetValueAtPercentile(percentile) * 1000.0 / Stopwatch.Frequency;
double Max(LongHistogram h) => h.TotalCount == 0 ? double.NaN : h.GetMaxValue() * 1000.0 / Stopwatch.Frequency;
var result = new
{
    rate = o.Rate,
    durationSeconds = o.DurationSeconds,
    achievedPerSecond = measured / o.DurationSeconds,
    ingestSpansPerSecond = o.IngestRate,
    ingestedSpans = ingested,
    late,
    failed,
    single = new { count = single.TotalCount, p50 = Ms(single, 50), p95 = Ms(single, 95), p99 = Ms(single, 99), max = Max(single) },
    bulk = new { count = bulk.TotalCount, p50 = Ms(bulk, 50), p95 = Ms(bulk, 95), p99 = Ms(bulk, 99), max = Max(bulk) },
};
var all = new LongHistogram(TimeStamp.Minutes(1), 3);
all.Add(single);
all.Add(bulk);
Console.WriteLine($"checks: {measured} in {o.DurationSeconds} s ({measured / o.DurationSeconds:0} /s, target {o.Rate}), {late} sent >1 ms late, {failed} failed; {ingested} spans ingested alongside");
Console.WriteLine($"single  n={single.TotalCount,7}  p50 {Ms(single, 50):0.00} ms  p95 {Ms(single, 95):0.00} ms  p99 {Ms(single, 99):0.00} ms  max {Max(single):0.00} ms");
Console.WriteLine($"bulk    n={bulk.TotalCount,7}  p50 {Ms(bulk, 50):0.00} ms  p95 {Ms(bulk, 95):0.00} ms  p99 {Ms(bulk, 99):0.00} ms  max {Max(bulk):0.00} ms");
Console.WriteLine($"all     n={all.TotalCount,7}  p50 {Ms(all, 50):0.00} ms  p95 {Ms(all, 95):0.00} ms  p99 {Ms(all, 99):0.00} ms  max {Max(all):0.00} ms");
foreach (var id in ids)
{
    var check = await http.GetFromJsonAsync<JsonElement>(new Uri(o.Api, $"/api/v1/budgets/{id}/check"));
    Console.WriteLine($"budget {id}: spentUsd {check.GetProperty("spentUsd")}, spentTokens {check.GetProperty("spentTokens")}");
    await http.DeleteAsync(new Uri(o.Api, $"/api/v1/budgets/{id}"));
}

if (o.Json is not null)
{
    await File.WriteAllTextAsync(o.Json, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
}

return 0;

// OTLP/JSON exports of 10 gpt-4o-mini calls each (one trace per export), at the ingest rate, into the budgets' service.
async Task IngestAsync(CancellationToken ct)
{
    const int spansPerExport = 10;
    var every = TimeSpan.FromSeconds((double)spansPerExport / o.IngestRate);
    using var timer = new PeriodicTimer(every);
    var inFlight = new List<Task>();
    try
    {
        while (await timer.WaitForNextTickAsync(ct))
        {
            inFlight.RemoveAll(t => t.IsCompleted);
            if (inFlight.Count < 8)
            {
                inFlight.Add(SendAsync());
            }
        }
    }
    catch (OperationCanceledException)
    {
    }

    await Task.WhenAll(inFlight);

    async Task SendAsync()
    {
        var trace = Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant();
        var now = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var spans = string.Join(',', Enumerable.Range(0, spansPerExport).Select(n =>
            $$$"""{"traceId":"{{{trace}}}","spanId":"{{{n + 1:x16}}}","name":"chat gpt-4o-mini","kind":3,"startTimeUnixNano":"{{{now}}}","endTimeUnixNano":"{{{now}}}","attributes":[{"key":"gen_ai.provider.name","value":{"stringValue":"openai"}},{"key":"gen_ai.operation.name","value":{"stringValue":"chat"}},{"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o-mini"}},{"key":"user.id","value":{"stringValue":"bench-user"}},{"key":"gen_ai.usage.input_tokens","value":{"intValue":"400"}},{"key":"gen_ai.usage.output_tokens","value":{"intValue":"100"}}]}"""));
        var json = $$$"""{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"{{{service}}}"}}]},"scopeSpans":[{"spans":[{{{spans}}}]}]}]}""";
        try
        {
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(new Uri(o.Otlp, "/v1/traces"), content);
            if (response.IsSuccessStatusCode)
            {
                Interlocked.Add(ref ingested, spansPerExport);
            }
        }
        catch (HttpRequestException)
        {
        }
    }
}

internal sealed record Options(Uri Api, Uri Otlp, int Rate, double DurationSeconds, double WarmupSeconds, double BulkShare, int IngestRate, int Concurrency, string? Key, string? Json)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var (name, value) = args[i].Split('=', 2) is [var n, var v] ? (n, v) : (args[i], i + 1 < args.Length ? args[++i] : "");
            values[name.TrimStart('-')] = value;
        }

        string Get(string name, string fallback) => values.GetValueOrDefault(name, fallback);
        return new Options(
            new Uri(Get("api", "http://127.0.0.1:8080")), new Uri(Get("otlp", "http://127.0.0.1:4318")),
            int.Parse(Get("rate", "1000")), double.Parse(Get("duration", "30")), double.Parse(Get("warmup", "5")),
            double.Parse(Get("bulk-share", "0.5")), int.Parse(Get("ingest-rate", "1000")), int.Parse(Get("concurrency", "32")),
            values.GetValueOrDefault("key"), values.GetValueOrDefault("json"));
    }
}
