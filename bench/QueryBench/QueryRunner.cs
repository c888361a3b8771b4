using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using HdrHistogram;
using Npgsql;

namespace Observatory.Bench.QueryBench;

internal sealed record RunOptions(
    Uri Api, int Iterations, int Warmup, string? Postgres, string Project, int Days, string? ApiKey, double MaxSecondsPerQuery, bool Cached);

internal sealed record LatencyStats(long Count, double P50, double P95, double P99, double Max, double Mean);

internal sealed record QueryResult(
    string Name, string Mode, string ExampleUrl, string Status, LatencyStats? LatencyMs, double AverageResponseBytes, double? AverageRows,
    Dictionary<string, long> XCache, string? Note);

internal sealed record DataSize(
    long SpansEstimate, long TracesEstimate, long RollupRowsEstimate, string SpansTotalSize, string TracesTotalSize, string RollupsTotalSize,
    string DatabaseSize, Dictionary<string, string> SpansIndexSizes, string? OldestTrace, string? NewestTrace);

/// <summary>
/// Measures the read endpoints of the running product, one request at a time (latency, not throughput): each query is
/// probed once (a 404 means "not built yet" and is reported, not failed), warmed up, then timed for N iterations into an
/// HdrHistogram. "db" mode sends <c>Cache-Control: no-cache</c>, which makes the Redis query cache skip its lookup, so
/// every request reaches PostgreSQL; "cached" mode repeats the exact same URL so the cache (when configured) answers.
/// </summary>
internal sealed class QueryRunner(RunOptions options)
{
    private const long HighestMicros = 600_000_000;
    private readonly HttpClient _http = CreateClient(options);
    private readonly Random _rng = new(7);

    private static HttpClient CreateClient(RunOptions o)
    {
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10), AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = o.Api,
            Timeout = TimeSpan.FromSeconds(300),
        };
        if (o.ApiKey is not null)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", o.ApiKey);
        }

        return http;
    }

    public async Task<(List<QueryResult> Results, DataSize? Size, int SampledIds)> RunAsync(CancellationToken ct)
    {
        var size = options.Postgres is null ? null : await ReadDataSizeAsync(options.Postgres, options.Project, ct);
        if (size is not null)
        {
            Console.Error.WriteLine($"data: ~{size.SpansEstimate:N0} spans ({size.SpansTotalSize}), ~{size.TracesEstimate:N0} traces ({size.TracesTotalSize}), " +
                                    $"~{size.RollupRowsEstimate:N0} rollup rows ({size.RollupsTotalSize}); database {size.DatabaseSize}");
        }

        var ids = await SampleTraceIdsAsync(ct);
        Console.Error.WriteLine($"{ids.Count:N0} known trace ids to open at random");
        var services = DataGenerator.Services;
        var to = DateTime.UtcNow.AddMinutes(1);
        var from = to.AddDays(-options.Days);
        string Range() => $"from={Iso(from)}&to={Iso(DateTime.UtcNow.AddMinutes(1))}";
        string FixedRange() => $"from={Iso(from)}&to={Iso(to)}";
        string Q(string word) => Uri.EscapeDataString(word);

        var queries = new List<(string Name, Func<int, string> Url, string? Note)>
        {
            ("traces: list newest 50", _ => "/api/v1/traces?limit=50", null),
            ("traces: list service=… 50", i => $"/api/v1/traces?service={services[i % services.Length]}&limit=50", null),
            ("traces: list model=… 50", i => $"/api/v1/traces?model={DataGenerator.Models[i % 8].ResponseModel}&limit=50", null),
            ("traces: list status=error 50", _ => "/api/v1/traces?status=error&limit=50", null),
            ("trace: get by id", _ => $"/api/v1/traces/{ids[_rng.Next(ids.Count)]}", null),
            ($"models: {options.Days} days", _ => $"/api/v1/models?{Range()}", null),
            ($"costs/summary: {options.Days} days", _ => $"/api/v1/costs/summary?{Range()}", null),
            ("costs/summary: 24 h", _ => "/api/v1/costs/summary", null),
            ($"metrics: cost 1d by model, {options.Days} d", _ => $"/api/v1/metrics?metric=cost&interval=1d&groupBy=model&{Range()}", null),
            ($"costs/attribution user, {options.Days} d", _ => $"/api/v1/costs/attribution?dimension=user&{Range()}", null),
            ($"costs/attribution session, {options.Days} d", _ => $"/api/v1/costs/attribution?dimension=session&{Range()}", null),
            ($"costs/attribution model, {options.Days} d", _ => $"/api/v1/costs/attribution?dimension=model&{Range()}", null),
            ($"users: {options.Days} days, 50", _ => $"/api/v1/users?{Range()}&limit=50", null),
            ($"sessions: {options.Days} days, 50", _ => $"/api/v1/sessions?{Range()}&limit=50", null),
            ($"search q={Vocabulary.Common} (top word)", _ => $"/api/v1/traces?q={Q(Vocabulary.Common)}&limit=50", null),
            ($"search q={Vocabulary.Medium} (rank 41)", _ => $"/api/v1/traces?q={Q(Vocabulary.Medium)}&limit=50", null),
            ($"search q={Vocabulary.Tail} (tail word)", _ => $"/api/v1/traces?q={Q(Vocabulary.Tail)}&limit=50", null),
            ($"search q={Vocabulary.RareWord} (rare)", _ => $"/api/v1/traces?q={Q(Vocabulary.RareWord)}&limit=50", null),
            ("search q=\"refund policy\" (phrase)", _ => $"/api/v1/traces?q={Q(Vocabulary.Phrase)}&limit=50", null),
            ("search q=<no such word>", _ => $"/api/v1/traces?q={Vocabulary.Missing}&limit=50", null),
        };

        var results = new List<QueryResult>();
        foreach (var (name, url, note) in queries)
        {
            results.Add(await MeasureAsync(name, "db", url, noCache: true, note, ct));
        }

        results.Insert(4, await MeasurePagingAsync(ct));

        if (options.Cached)
        {
            // The same URL over and over: the query cache answers after the first miss (per TTL window).
            var cachedQueries = new List<(string, Func<int, string>)>
            {
                ("traces: list newest 50", _ => "/api/v1/traces?limit=50"),
                ($"models: {options.Days} days", _ => $"/api/v1/models?{FixedRange()}"),
                ($"costs/summary: {options.Days} days", _ => $"/api/v1/costs/summary?{FixedRange()}"),
                ($"search q={Vocabulary.Common} (top word)", _ => $"/api/v1/traces?q={Q(Vocabulary.Common)}&limit=50"),
            };
            foreach (var (name, url) in cachedQueries)
            {
                results.Add(await MeasureAsync(name, "cached", url, noCache: false, null, ct));
            }
        }

        return (results, size, ids.Count);
    }

    private async Task<QueryResult> MeasureAsync(string name, string mode, Func<int, string> url, bool noCache, string? note, CancellationToken ct)
    {
        var probeUrl = url(0);
        var probe = await SendAsync(probeUrl, noCache, ct);
        if (probe.Status != 200)
        {
            var status = probe.Status == 404 && !probeUrl.StartsWith("/api/v1/traces/", StringComparison.Ordinal)
                ? "not available (404)"
                : $"HTTP {probe.Status}";
            Console.Error.WriteLine($"  {name,-40} {mode,-6} {status}: {Trim(probe.Body)}");
            return new QueryResult(name, mode, probeUrl, status, null, probe.Bytes, null, new(), Trim(probe.Body));
        }

        for (var i = 0; i < options.Warmup; i++)
        {
            await SendAsync(url(i + 1), noCache, ct);
        }

        var histogram = new LongHistogram(HighestMicros, 3);
        var xcache = new Dictionary<string, long>();
        long bytes = 0;
        long rows = 0;
        var rowCounted = 0;
        var budget = Stopwatch.StartNew();
        var errors = 0;
        for (var i = 0; i < options.Iterations; i++)
        {
            var r = await SendAsync(url(i + options.Warmup + 1), noCache, ct);
            if (r.Status != 200)
            {
                errors++;
                if (budget.Elapsed.TotalSeconds > options.MaxSecondsPerQuery)
                {
                    note = $"stopped after {i + 1} iterations (--max-seconds-per-query {options.MaxSecondsPerQuery})";
                    break;
                }

                continue;
            }

            histogram.RecordValue(Math.Clamp(r.Micros, 1, HighestMicros));
            bytes += r.Bytes;
            if (r.Rows is { } n)
            {
                rows += n;
                rowCounted++;
            }

            if (r.XCache is { } x)
            {
                xcache[x] = xcache.GetValueOrDefault(x) + 1;
            }

            if (budget.Elapsed.TotalSeconds > options.MaxSecondsPerQuery && i >= 4)
            {
                note = $"stopped after {i + 1} iterations (--max-seconds-per-query {options.MaxSecondsPerQuery})";
                break;
            }
        }

        var stats = Stats(histogram);
        var result = new QueryResult(name, mode, probeUrl, errors == 0 ? "ok" : $"ok ({errors} non-200)", stats,
            histogram.TotalCount == 0 ? 0 : Math.Round((double)bytes / histogram.TotalCount), rowCounted == 0 ? null : Math.Round((double)rows / rowCounted, 1),
            xcache, note);
        Console.Error.WriteLine($"  {name,-40} {mode,-6} p50 {stats.P50,9:F1} ms  p95 {stats.P95,9:F1} ms  (n={stats.Count}{(note is null ? "" : "; " + note)})");
        return result;
    }

    /// <summary>Walks 5 pages of the newest-first list with the cursor; times each page after the first, and the whole walk.</summary>
    private async Task<QueryResult> MeasurePagingAsync(CancellationToken ct)
    {
        const string name = "traces: 5 pages deep (cursor)";
        var pages = new LongHistogram(HighestMicros, 3);
        var walks = 0;
        var budget = Stopwatch.StartNew();
        string? status = null;
        var services = DataGenerator.Services;
        for (var i = 0; i < options.Iterations + options.Warmup; i++)
        {
            // Alternate the plain list and a service filter so consecutive walks do not read the same rows.
            var baseUrl = i % 2 == 0 ? "/api/v1/traces?limit=50" : $"/api/v1/traces?service={services[i / 2 % services.Length]}&limit=50";
            string? cursor = null;
            long walk = 0;
            for (var page = 0; page < 5; page++)
            {
                var r = await SendAsync(cursor is null ? baseUrl : $"{baseUrl}&cursor={Uri.EscapeDataString(cursor)}", true, ct);
                if (r.Status != 200)
                {
                    status = $"HTTP {r.Status}";
                    break;
                }

                walk += r.Micros;
                if (page > 0 && i >= options.Warmup)
                {
                    pages.RecordValue(Math.Clamp(r.Micros, 1, HighestMicros));
                }

                cursor = r.NextCursor;
                if (cursor is null)
                {
                    break;
                }
            }

            if (i >= options.Warmup)
            {
                walks++;
            }

            if (budget.Elapsed.TotalSeconds > options.MaxSecondsPerQuery * 2 && walks >= 4)
            {
                break;
            }
        }

        var stats = Stats(pages);
        Console.Error.WriteLine($"  {name,-40} {"db",-6} p50 {stats.P50,9:F1} ms  p95 {stats.P95,9:F1} ms  per page 2–5 (n={stats.Count}, {walks} walks)");
        return new QueryResult(name, "db", "/api/v1/traces?limit=50&cursor=…", status ?? "ok", stats, 0, 50, new(), "latency of pages 2–5, list and service filter alternating");
    }

    private sealed record Response(int Status, long Micros, long Bytes, string Body, string? XCache, int? Rows, string? NextCursor);

    private async Task<Response> SendAsync(string url, bool noCache, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (noCache)
        {
            request.Headers.CacheControl = new System.Net.Http.Headers.CacheControlHeaderValue { NoCache = true };
        }

        var started = Stopwatch.GetTimestamp();
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        var micros = (Stopwatch.GetTimestamp() - started) * 1_000_000 / Stopwatch.Frequency;
        var xcache = response.Headers.TryGetValues("X-Cache", out var values) ? values.FirstOrDefault() : null;
        int? rows = null;
        string? next = null;
        if ((int)response.StatusCode == 200 && body.Length > 0 && body[0] == (byte)'{')
        {
            try
            {
                using var doc = JsonDocument.Parse(body);
                if (doc.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
                {
                    rows = data.GetArrayLength();
                }
                else if (doc.RootElement.TryGetProperty("spans", out var spans) && spans.ValueKind == JsonValueKind.Array)
                {
                    rows = spans.GetArrayLength();
                }

                foreach (var cursorName in new[] { "nextCursor", "next", "cursor" })
                {
                    if (doc.RootElement.TryGetProperty(cursorName, out var c) && c.ValueKind == JsonValueKind.String)
                    {
                        next = c.GetString();
                    }
                }
            }
            catch (JsonException)
            {
            }
        }

        return new Response((int)response.StatusCode, micros, body.Length, (int)response.StatusCode == 200 ? "" : System.Text.Encoding.UTF8.GetString(body), xcache, rows, next);
    }

    /// <summary>Trace ids to open: sampled from the database when given, else collected from the list and its filters.</summary>
    private async Task<List<string>> SampleTraceIdsAsync(CancellationToken ct)
    {
        var ids = new List<string>();
        if (options.Postgres is not null)
        {
            await using var connection = new NpgsqlConnection(options.Postgres);
            await connection.OpenAsync(ct);
            await using var cmd = new NpgsqlCommand(
                "SELECT trace_id FROM traces TABLESAMPLE SYSTEM (0.2) WHERE project_id = @p LIMIT 5000", connection);
            cmd.Parameters.AddWithValue("p", options.Project);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                ids.Add(reader.GetString(0));
            }
        }

        if (ids.Count < 100)
        {
            foreach (var service in DataGenerator.Services.Prepend(null))
            {
                ids.AddRange(await _http.GetFromJsonSafeAsync(
                    service is null ? "/api/v1/traces?limit=1000" : $"/api/v1/traces?service={service}&limit=1000", ct));
            }
        }

        if (ids.Count == 0)
        {
            throw new InvalidOperationException("No traces found: seed first (QueryBench seed).");
        }

        return ids.Distinct().ToList();
    }

    private static async Task<DataSize> ReadDataSizeAsync(string cs, string project, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync(ct);
        async Task<T> Scalar<T>(string sql)
        {
            await using var cmd = new NpgsqlCommand(sql, connection);
            cmd.Parameters.AddWithValue("p", project);
            return (T)(await cmd.ExecuteScalarAsync(ct))!;
        }

        var indexes = new Dictionary<string, string>();
        await using (var cmd = new NpgsqlCommand(
            "SELECT indexrelname, pg_size_pretty(pg_relation_size(indexrelid)) FROM pg_stat_user_indexes WHERE relname = 'spans' ORDER BY 1", connection))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                indexes[reader.GetString(0)] = reader.GetString(1);
            }
        }

        var range = await Scalar<string>(
            "SELECT coalesce(to_char(min(start_time), 'YYYY-MM-DD HH24:MI') || ' … ' || to_char(max(start_time), 'YYYY-MM-DD HH24:MI'), '') FROM traces WHERE project_id = @p");
        // A hypertable's parent holds no rows itself: ask TimescaleDB for its estimate and its size over all chunks.
        var timescale = await Scalar<bool>("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb')");
        string IfHypertable(string table, string then, string otherwise) => !timescale ? otherwise
            : $"CASE WHEN EXISTS (SELECT 1 FROM timescaledb_information.hypertables WHERE hypertable_name = '{table}') THEN {then} ELSE {otherwise} END";
        string Rows(string table) => "SELECT " + IfHypertable(table, $"approximate_row_count('{table}')::real",
            $"(SELECT reltuples FROM pg_class WHERE relname = '{table}')");
        string Size(string table) => "SELECT pg_size_pretty(" + IfHypertable(table, $"hypertable_size('{table}')",
            $"pg_total_relation_size('{table}')") + ")";
        return new DataSize(
            (long)await Scalar<float>(Rows("spans")),
            (long)await Scalar<float>(Rows("traces")),
            (long)await Scalar<float>(Rows("model_rollups")),
            await Scalar<string>(Size("spans")),
            await Scalar<string>(Size("traces")),
            await Scalar<string>(Size("model_rollups")),
            await Scalar<string>("SELECT pg_size_pretty(pg_database_size(current_database()))"),
            indexes,
            range.Split(" … ").FirstOrDefault(),
            range.Split(" … ").LastOrDefault());
    }

    private static LatencyStats Stats(LongHistogram h) => h.TotalCount == 0
        ? new LatencyStats(0, 0, 0, 0, 0, 0)
        : new LatencyStats(h.TotalCount, Ms(h.GetValueAtPercentile(50)), Ms(h.GetValueAtPercentile(95)), Ms(h.GetValueAtPercentile(99)),
            Ms(h.GetMaxValue()), Math.Round(h.GetMean() / 1000.0, 2));

    private static double Ms(long micros) => Math.Round(micros / 1000.0, 2);

    private static string Iso(DateTime t) => t.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string Trim(string body) => body.Length > 160 ? body[..160] + "…" : body;
}

internal static class HttpClientExtensions
{
    /// <summary>The trace ids of a trace list answer (<c>{"data":[{"traceId":…}]}</c>).</summary>
    public static async Task<List<string>> GetFromJsonSafeAsync(this HttpClient http, string url, CancellationToken ct)
    {
        var ids = new List<string>();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.CacheControl = new System.Net.Http.Headers.CacheControlHeaderValue { NoCache = true };
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            return ids;
        }

        using var doc = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(ct));
        if (doc.RootElement.TryGetProperty("data", out var data))
        {
            foreach (var t in data.EnumerateArray())
            {
                if (t.TryGetProperty("traceId", out var id) && id.GetString() is { } s)
                {
                    ids.Add(s);
                }
            }
        }

        return ids;
    }
}
