// LLM Observatory ingest benchmark: OTLP/HTTP load against the running product, then a binary-COPY baseline of the
// same spans into a scratch copy of the spans table. See bench/README.md.
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;
using Observatory.Bench.LoadGen;

var endpoint = new Option<string?>("--endpoint") { Description = "OTLP base address of the product (default http://127.0.0.1:4318, with --protocol grpc http://127.0.0.1:4317)" };
var protocol = new Option<string>("--protocol") { Description = "http (OTLP/HTTP protobuf) or grpc (OTLP/gRPC)", DefaultValueFactory = _ => "http" };
var rate = new Option<double>("--rate") { Description = "target spans/s (0 = as fast as the in-flight limit allows)", DefaultValueFactory = _ => 5000 };
var duration = new Option<int>("--duration") { Description = "measured seconds", DefaultValueFactory = _ => 30 };
var warmup = new Option<int>("--warmup") { Description = "warm-up seconds (sent, not measured)", DefaultValueFactory = _ => 5 };
var spansPerTrace = new Option<int>("--spans-per-trace") { DefaultValueFactory = _ => 8 };
var llmShare = new Option<double>("--llm-share") { Description = "fraction of spans that are LLM calls", DefaultValueFactory = _ => 0.5 };
var spansPerRequest = new Option<int>("--spans-per-request") { Description = "spans per export (whole traces; rounded down to a multiple of --spans-per-trace)", DefaultValueFactory = _ => 100 };
var concurrency = new Option<int>("--concurrency") { Description = "requests in flight", DefaultValueFactory = _ => 16 };
var gzip = new Option<bool>("--gzip") { Description = "gzip request bodies (Content-Encoding: gzip)" };
var postgres = new Option<string?>("--postgres") { Description = "Npgsql connection string of the product's database; runs the COPY baseline" };
var json = new Option<string?>("--json") { Description = "write the results as JSON to this path" };
var templates = new Option<int>("--templates") { Description = "distinct pre-built request templates", DefaultValueFactory = _ => 16 };
var copyRows = new Option<int>("--copy-rows") { Description = "minimum rows for the COPY baseline (it uses max(this, spans accepted by the load phase))", DefaultValueFactory = _ => 200_000 };
var copyMaxRows = new Option<int>("--copy-max-rows") { Description = "cap on the COPY baseline's rows", DefaultValueFactory = _ => 600_000 };
var copyBatch = new Option<int>("--copy-batch") { Description = "rows per COPY", DefaultValueFactory = _ => 5000 };
var copyConnections = new Option<int>("--copy-connections") { DefaultValueFactory = _ => 2 };
var copyOnly = new Option<bool>("--copy-only") { Description = "skip the load phase" };
var noStaged = new Option<bool>("--no-staged-copy") { Description = "skip the product-path (staged) COPY variant" };
var serverPid = new Option<int?>("--server-pid") { Description = "PID of the product process for CPU accounting (default: found by name)" };
var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 42 };

var root = new RootCommand("OTLP/HTTP ingest load generator and binary-COPY baseline for LLM Observatory")
{
    endpoint, protocol, rate, duration, warmup, spansPerTrace, llmShare, spansPerRequest, concurrency, gzip, postgres, json,
    templates, copyRows, copyMaxRows, copyBatch, copyConnections, copyOnly, noStaged, serverPid, seed,
};

root.SetAction(async (parse, cancellationToken) =>
{
    var wire = parse.GetValue(protocol)!;
    if (wire is not ("http" or "grpc"))
    {
        Console.Error.WriteLine($"error: --protocol must be http or grpc, not '{wire}'");
        return 1;
    }

    var options = new BenchOptions
    {
        Grpc = wire == "grpc",
        Endpoint = new Uri(parse.GetValue(endpoint) ?? (wire == "grpc" ? "http://127.0.0.1:4317" : "http://127.0.0.1:4318")),
        Rate = parse.GetValue(rate),
        DurationSeconds = parse.GetValue(duration),
        WarmupSeconds = parse.GetValue(warmup),
        SpansPerTrace = parse.GetValue(spansPerTrace),
        LlmShare = parse.GetValue(llmShare),
        SpansPerRequest = parse.GetValue(spansPerRequest),
        Concurrency = parse.GetValue(concurrency),
        Gzip = parse.GetValue(gzip),
        Postgres = parse.GetValue(postgres),
        JsonPath = parse.GetValue(json),
        Templates = parse.GetValue(templates),
        CopyRows = parse.GetValue(copyRows),
        CopyMaxRows = parse.GetValue(copyMaxRows),
        CopyBatchRows = parse.GetValue(copyBatch),
        CopyConnections = parse.GetValue(copyConnections),
        CopyOnly = parse.GetValue(copyOnly),
        SkipStagedCopy = parse.GetValue(noStaged),
        ServerPid = parse.GetValue(serverPid),
        Seed = parse.GetValue(seed),
    };

    var problems = Validate(options).ToList();
    if (problems.Count > 0)
    {
        problems.ForEach(p => Console.Error.WriteLine("error: " + p));
        return 1;
    }

    try
    {
        return await RunAsync(options, cancellationToken);
    }
    catch (BenchException ex)
    {
        Console.Error.WriteLine("error: " + ex.Message);
        return 2;
    }
});

return await root.Parse(args).InvokeAsync();

static IEnumerable<string> Validate(BenchOptions o)
{
    if (o.Rate < 0) yield return "--rate must be >= 0";
    if (o.DurationSeconds < 1) yield return "--duration must be >= 1";
    if (o.WarmupSeconds < 0) yield return "--warmup must be >= 0";
    if (o.SpansPerTrace < 1) yield return "--spans-per-trace must be >= 1";
    if (o.SpansPerRequest < 1) yield return "--spans-per-request must be >= 1";
    if (o.LlmShare is < 0 or > 1) yield return "--llm-share must be within 0..1";
    if (o.Concurrency < 1) yield return "--concurrency must be >= 1";
    if (o.Templates < 1) yield return "--templates must be >= 1";
    if (o.CopyBatchRows < 1 || o.CopyConnections < 1) yield return "--copy-batch and --copy-connections must be >= 1";
    if (o.CopyOnly && o.Postgres is null) yield return "--copy-only needs --postgres";
    if (o.Gzip && o.Grpc) yield return "--gzip is for OTLP/HTTP; gRPC requests are sent uncompressed";
}

static async Task<int> RunAsync(BenchOptions options, CancellationToken cancellationToken)
{
    var factory = new RequestFactory(options);
    Console.Error.WriteLine(
        $"LoadGen: {(options.Grpc ? "OTLP/gRPC" : "OTLP/HTTP")} {options.Endpoint} rate={(options.Rate > 0 ? options.Rate.ToString("N0", CultureInfo.InvariantCulture) : "max")} spans/s, " +
        $"{factory.SpansPerRequest} spans/request ({options.TracesPerRequest} traces × {options.SpansPerTrace}), concurrency={options.Concurrency}, " +
        $"gzip={options.Gzip}, warm-up {options.WarmupSeconds} s + {options.DurationSeconds} s, body ≈ {factory.AverageBodyBytes / 1024:F1} KiB, " +
        $"LLM spans ≈ {factory.LlmSpansPerRequest / factory.SpansPerRequest:P0}, {Environment.ProcessorCount} cores");

    var generator = MeasureGenerator(factory, options.Gzip);
    Console.Error.WriteLine($"generator: {generator.MicrosPerBody:F1} µs/request on one core = {generator.SpansPerSecond:N0} spans/s capacity");

    LoadResult? load = null;
    if (!options.CopyOnly)
    {
        var pgDatabase = options.Postgres is null ? null : new NpgsqlConnectionStringBuilder(options.Postgres).Database;
        var pid = options.ServerPid ?? CpuSampler.FindServerPid(options.Endpoint.Port);
        var sampler = new CpuSampler(pid, pgDatabase);
        if (pid is null)
        {
            Console.Error.WriteLine("note: product process not found (pass --server-pid for its CPU share)");
        }

        load = await new LoadRunner(options, factory, sampler).RunAsync(cancellationToken);
    }

    CopyResult? copy = null;
    if (options.Postgres is not null)
    {
        var rows = Math.Min(Math.Max(options.CopyRows, load?.AcceptedSpans ?? 0), options.CopyMaxRows);
        copy = await new CopyBaseline(options, factory).RunAsync(rows, cancellationToken);
    }

    double? Ratio(CopyRun? run) => load is not null && run is { RowsPerSecond: > 0 } ? Math.Round(load.AcceptedSpansPerSecond / run.RowsPerSecond, 3) : null;
    var result = new BenchResult
    {
        Timestamp = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        Machine = $"{Environment.MachineName}, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}",
        Options = new Dictionary<string, object?>
        {
            ["endpoint"] = options.Endpoint.ToString(),
            ["protocol"] = options.Grpc ? "grpc" : "http",
            ["rate"] = options.Rate,
            ["duration"] = options.DurationSeconds,
            ["warmup"] = options.WarmupSeconds,
            ["spansPerTrace"] = options.SpansPerTrace,
            ["llmShare"] = options.LlmShare,
            ["spansPerRequest"] = factory.SpansPerRequest,
            ["concurrency"] = options.Concurrency,
            ["gzip"] = options.Gzip,
            ["copyBatch"] = options.CopyBatchRows,
            ["copyConnections"] = options.CopyConnections,
        },
        Generator = generator,
        Load = load,
        Copy = copy,
        ProductToCopyRatio = Ratio(copy?.Direct),
        ProductToStagedCopyRatio = Ratio(copy?.Staged),
    };

    PrintSummary(result);
    if (options.JsonPath is { } path)
    {
        var text = JsonSerializer.Serialize(result, new JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        });
        await File.WriteAllTextAsync(path, text, cancellationToken);
        Console.WriteLine($"results written to {path}");
    }

    return 0;
}

// Builds request bodies on one thread for a second: the generator's cost per request, to compare with the load.
static GeneratorCapacity MeasureGenerator(RequestFactory factory, bool gzip)
{
    var buffer = new byte[factory.MaxBodyBytes];
    using var gzipped = new MemoryStream();
    long built = 0;
    var now = RequestFactory.NowUnixNano();
    var started = Stopwatch.GetTimestamp();
    while (Stopwatch.GetElapsedTime(started).TotalSeconds < 1 || built < 50)
    {
        var length = factory.Build(built, buffer, now);
        if (gzip)
        {
            RequestFactory.Gzip(buffer.AsSpan(0, length), gzipped);
        }

        built++;
    }

    var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
    return new GeneratorCapacity(Math.Round(built / seconds), Math.Round(built * factory.SpansPerRequest / seconds), Math.Round(seconds * 1e6 / built, 2), gzip);
}

static void PrintSummary(BenchResult r)
{
    var w = Console.Out;
    w.WriteLine();
    w.WriteLine("==================== LLM Observatory ingest benchmark ====================");
    w.WriteLine($"{"machine",-34} {r.Machine}");
    w.WriteLine($"{"generator capacity (1 core)",-34} {r.Generator.SpansPerSecond:N0} spans/s ({r.Generator.MicrosPerBody:F1} µs/request{(r.Generator.Gzip ? ", incl. gzip" : "")})");
    if (r.Load is { } l)
    {
        w.WriteLine(r.Options.TryGetValue("protocol", out var p) && "grpc".Equals(p)
            ? "-- product: OTLP/gRPC TraceService/Export ------------------------------------"
            : "-- product: OTLP/HTTP protobuf POST /v1/traces ------------------------------");
        w.WriteLine($"{"target rate",-34} {(l.TargetSpansPerSecond > 0 ? l.TargetSpansPerSecond.ToString("N0", CultureInfo.InvariantCulture) + " spans/s" : "max (closed loop)")}");
        w.WriteLine($"{"offered (sent in window)",-34} {l.OfferedSpansPerSecond:N0} spans/s ({l.RequestsSent:N0} requests × {l.SpansPerRequest} spans over {l.WindowSeconds} s)");
        w.WriteLine($"{"ACCEPTED (2xx)",-34} {l.AcceptedSpansPerSecond:N0} spans/s ({l.RequestsAccepted:N0} requests)");
        var rejected = l.RejectedRequestsByStatus.Count == 0 ? "none" : string.Join(", ", l.RejectedRequestsByStatus.Select(e => $"{e.Key}: {e.Value:N0}"));
        w.WriteLine($"{"rejected requests by status",-34} {rejected}");
        w.WriteLine($"{"acknowledged in the whole run",-34} {l.AcceptedSpansTotal:N0} spans (warm-up and tail included; {l.FailedRequestsTotal:N0} failed requests)");
        w.WriteLine($"{"export latency ms",-34} p50 {l.LatencyMs.P50:F1}  p90 {l.LatencyMs.P90:F1}  p99 {l.LatencyMs.P99:F1}  p99.9 {l.LatencyMs.P999:F1}  max {l.LatencyMs.Max:F1}");
        if (l.Timeline.Any(t => t.Slow > 0))
        {
            // "second:slow/exports@max ms" for the seconds that had a slow export: bursts or an even spread.
            w.WriteLine($"{$"seconds with exports > {ExportTimeline.SlowMillis} ms",-34} (second 0 = {l.WindowStartUtc:HH:mm:ss.f} UTC; second:slow/exports@max ms) " + string.Join(' ',
                l.Timeline.Where(t => t.Slow > 0).Select(t => $"{t.Second}:{t.Slow}/{t.Exports}@{t.MaxMs:F0}")));
        }

        if (l.TargetSpansPerSecond > 0)
        {
            w.WriteLine($"{"schedule",-34} {l.LateRequests:N0} requests sent >10 ms late, max lag {l.MaxScheduleLagMs:F0} ms");
        }

        w.WriteLine($"{"body on the wire",-34} {l.AverageBodyBytesOnWire / 1024:F1} KiB/request; build {l.BuildMicrosPerRequest:F1} µs/request in the load loop");
        if (l.Cpu is { } c)
        {
            w.WriteLine($"{"CPU cores used (window)",-34} box {c.BoxBusyCores:F2} | product {Fmt(c.ServerCores)} | postgres backends {c.PostgresBackendCores:F2} (+aux {c.PostgresAuxCores:F2}) | generator {c.GeneratorCores:F2}");
            w.WriteLine($"{"CPU µs per accepted span",-34} box {c.BoxMicrosPerSpan:F1} | product {Fmt(c.ServerMicrosPerSpan)} | postgres {c.PostgresMicrosPerSpan:F1} | generator {c.GeneratorMicrosPerSpan:F1}");
        }

        if (l.ServerRssMiBStart is { } rss0 && l.ServerRssMiBEnd is { } rss1)
        {
            w.WriteLine($"{"product RSS MiB (window start→end)",-34} {rss0:N0} → {rss1:N0}");
        }

        if (l.Postgres is { } pg)
        {
            w.WriteLine($"{"postgres per accepted request",-34} {pg.CommitsPerRequest:F2} commits, {pg.SpansIndexScansPerRequest:F2} index scans on spans; {pg.RowsInsertedPerSpan:F2} rows inserted/span; {pg.BackendsAtEnd} backends");
        }

        w.WriteLine($"{"load average (1/5/15 min, at end)",-34} {l.LoadAverage ?? "n/a"}");
    }

    if (r.Copy is { } copy)
    {
        w.WriteLine("-- baseline: binary COPY of the same spans into bench_spans -----------------");
        w.WriteLine($"{"rows / batch / connections",-34} {copy.Rows:N0} / {copy.BatchRows:N0} / {copy.Connections}; indexes: {copy.Indexes.Count}");
        w.WriteLine($"{"decode | map, 1 thread, µs/span",-34} CPU {copy.DecodeCpuMicrosPerSpan:F2} | {copy.MapCpuMicrosPerSpan:F2}   wall {copy.DecodeMicrosPerSpan:F2} | {copy.MapMicrosPerSpan:F2}   (json ≈ {copy.AverageAttributesJsonBytes:N0} chars/span)");
        foreach (var run in new[] { copy.Direct, copy.Staged })
        {
            if (run is null)
            {
                continue;
            }

            var cpu = run.Cpu is { } rc ? $"  (CPU µs/row: copy client {rc.GeneratorMicrosPerSpan:F1}, postgres {rc.PostgresMicrosPerSpan:F1}; box {rc.BoxBusyCores:F2} cores)" : "";
            w.WriteLine($"{run.Mode,-34} {run.RowsPerSecond:N0} rows/s{cpu}");
        }

        if (r.ProductToCopyRatio is { } ratio)
        {
            w.WriteLine($"{"product ÷ direct COPY",-34} {ratio:F3}");
        }

        if (r.ProductToStagedCopyRatio is { } staged)
        {
            w.WriteLine($"{"product ÷ staged COPY",-34} {staged:F3}");
        }
    }

    w.WriteLine("===========================================================================");

    static string Fmt(double? value) => value is { } v ? v.ToString("F2", CultureInfo.InvariantCulture) : "n/a";
}
