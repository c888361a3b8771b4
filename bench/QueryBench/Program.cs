// LLM Observatory query benchmark: `seed` writes millions of realistic spans, traces and model rollups straight into
// PostgreSQL with binary COPY; `run` measures p50/p95 of the read API of the running product. See bench/README.md.
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;
using Observatory.Bench.QueryBench;

var jsonOptions = new JsonSerializerOptions
{
    WriteIndented = true,
    PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
};

// ---- seed ----
var postgres = new Option<string>("--postgres") { Description = "Npgsql connection string of the product's database", Required = true };
var spans = new Option<long>("--spans") { Description = "spans to write (rounded up to whole traces of 8)", DefaultValueFactory = _ => 10_000_000 };
var days = new Option<int>("--days") { Description = "spread traces over the last N days", DefaultValueFactory = _ => 30 };
var project = new Option<string>("--project") { DefaultValueFactory = _ => "default" };
var connections = new Option<int>("--connections") { Description = "COPY connections", DefaultValueFactory = _ => 2 };
var chunkTraces = new Option<int>("--chunk-traces") { Description = "traces per COPY chunk (8 spans each)", DefaultValueFactory = _ => 2500 };
var seedValue = new Option<ulong>("--seed") { Description = "id nonce (0 = random; a fixed value makes ids reproducible but a second seed of the same ids fails on the primary key)" };
var otlp = new Option<string?>("--otlp") { Description = "OTLP/HTTP base address of the running product, to register the models (see README)", DefaultValueFactory = _ => "http://127.0.0.1:4318" };
var noRegister = new Option<bool>("--no-register") { Description = "do not send the model-registration export" };
var noAnalyze = new Option<bool>("--no-analyze") { Description = "skip ANALYZE at the end" };
var seedJson = new Option<string?>("--json") { Description = "write the seeding result as JSON" };
var seedHours = new Option<int>("--hours") { Description = "spread traces over the last N hours instead of --days (e.g. a newest slice on top of a seeded month)" };
var noContent = new Option<bool>("--no-content") { Description = "model calls without prompt/completion content" };
var seedCommand = new Command("seed", "write generated spans, traces and model rollups into PostgreSQL with binary COPY")
{
    postgres, spans, days, project, connections, chunkTraces, seedValue, otlp, noRegister, noAnalyze, seedJson, seedHours, noContent,
};
seedCommand.SetAction(async (parse, ct) =>
{
    var o = new SeedOptions(
        parse.GetValue(postgres)!, parse.GetValue(spans), parse.GetValue(days), parse.GetValue(project)!, parse.GetValue(connections),
        parse.GetValue(chunkTraces), parse.GetValue(seedValue),
        parse.GetValue(noRegister) || parse.GetValue(otlp) is not { Length: > 0 } u ? null : new Uri(u), !parse.GetValue(noAnalyze),
        parse.GetValue(seedHours), parse.GetValue(noContent));
    if (o.Spans < 1 || o.Days < 1 || o.Connections < 1 || o.TracesPerChunk < 1 || o.Hours < 0)
    {
        Console.Error.WriteLine("error: --spans, --days, --connections and --chunk-traces must be >= 1, --hours >= 0");
        return 1;
    }

    var result = await new Seeder(o).RunAsync(ct);
    Console.WriteLine($"seeded {result.Spans:N0} spans / {result.Traces:N0} traces / {result.RollupRows:N0} rollup rows in {result.Seconds:F1} s: " +
                      $"{result.SpansPerSecond:N0} spans/s (ANALYZE {result.AnalyzeSeconds:F1} s)");
    if (parse.GetValue(seedJson) is { } path)
    {
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(result, jsonOptions), ct);
        Console.WriteLine($"results written to {path}");
    }

    return 0;
});

// ---- register ----
var registerOtlp = new Option<string>("--otlp") { DefaultValueFactory = _ => "http://127.0.0.1:4318" };
var registerKey = new Option<string?>("--api-key") { Description = "ingest key when the product runs with Auth:Mode=keys" };
var registerCommand = new Command("register", "list the generated models in the product's model directory (one small OTLP export)") { registerOtlp, registerKey };
registerCommand.SetAction(async (parse, ct) =>
    await ModelRegistration.RegisterAsync(new Uri(parse.GetValue(registerOtlp)!), ct, parse.GetValue(registerKey)) > 0 ? 0 : 1);

// ---- count ----
var countPostgres = new Option<string>("--postgres") { Required = true };
var countProject = new Option<string>("--project") { DefaultValueFactory = _ => "default" };
var countCommand = new Command("count", "print the number of stored spans of the project (exact count)") { countPostgres, countProject };
countCommand.SetAction(async (parse, ct) =>
{
    try
    {
        await using var connection = new NpgsqlConnection(parse.GetValue(countPostgres));
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT to_regclass('spans') IS NOT NULL", connection);
        if (!(bool)(await exists.ExecuteScalarAsync(ct))!)
        {
            Console.WriteLine(0);
            return 0;
        }

        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM spans WHERE project_id = @p", connection) { CommandTimeout = 0 };
        cmd.Parameters.AddWithValue("p", parse.GetValue(countProject)!);
        Console.WriteLine((long)(await cmd.ExecuteScalarAsync(ct))!);
        return 0;
    }
    catch (NpgsqlException ex) when (ex is PostgresException { SqlState: "3D000" })
    {
        Console.WriteLine(0);
        return 0;
    }
});

// ---- rollups ----
var rollupsPostgres = new Option<string>("--postgres") { Required = true };
var rollupsProject = new Option<string>("--project") { DefaultValueFactory = _ => "default" };
var rollupsDays = new Option<int>("--days") { DefaultValueFactory = _ => 30 };
var rollupsIterations = new Option<int>("--iterations") { DefaultValueFactory = _ => 10 };
var rollupsCommand = new Command("rollups", "model stats over a range read from minutes only vs minutes+hours+days, side by side (no API)")
{
    rollupsPostgres, rollupsProject, rollupsDays, rollupsIterations,
};
rollupsCommand.SetAction(async (parse, ct) => await RollupPlanBench.RunAsync(
    parse.GetValue(rollupsPostgres)!, parse.GetValue(rollupsProject)!, parse.GetValue(rollupsDays), parse.GetValue(rollupsIterations), ct));

// ---- run ----
var api = new Option<string>("--api") { Description = "REST API base address", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
var iterations = new Option<int>("--iterations") { Description = "timed requests per query", DefaultValueFactory = _ => 50 };
var warmup = new Option<int>("--warmup") { Description = "untimed requests per query first", DefaultValueFactory = _ => 5 };
var runPostgres = new Option<string?>("--postgres") { Description = "the product's database: data size and random trace ids (else ids come from the list)" };
var runProject = new Option<string>("--project") { DefaultValueFactory = _ => "default" };
var runDays = new Option<int>("--days") { Description = "range of the models/cost/metrics queries", DefaultValueFactory = _ => 30 };
var apiKey = new Option<string?>("--api-key") { Description = "query key (Authorization: Bearer) when the product runs with Auth:Mode=keys" };
var maxSeconds = new Option<double>("--max-seconds-per-query") { Description = "stop timing a query after this long (slow queries)", DefaultValueFactory = _ => 120 };
var noCached = new Option<bool>("--no-cached") { Description = "skip the cached (repeated URL) pass" };
var runJson = new Option<string?>("--json") { Description = "write the results as JSON" };
var runCommand = new Command("run", "measure p50/p95 of the read API of the running product")
{
    api, iterations, warmup, runPostgres, runProject, runDays, apiKey, maxSeconds, noCached, runJson,
};
runCommand.SetAction(async (parse, ct) =>
{
    var o = new RunOptions(
        new Uri(parse.GetValue(api)!), parse.GetValue(iterations), parse.GetValue(warmup), parse.GetValue(runPostgres), parse.GetValue(runProject)!,
        parse.GetValue(runDays), parse.GetValue(apiKey), parse.GetValue(maxSeconds), !parse.GetValue(noCached));
    if (o.Iterations < 1 || o.Warmup < 0)
    {
        Console.Error.WriteLine("error: --iterations must be >= 1 and --warmup >= 0");
        return 1;
    }

    Console.Error.WriteLine($"QueryBench run: {o.Api} iterations={o.Iterations} warm-up={o.Warmup}, one request at a time, {Environment.ProcessorCount} cores, " +
                            $"load average {LoadAverage() ?? "n/a"}");
    var (results, size, sampled) = await new QueryRunner(o).RunAsync(ct);
    var load = LoadAverage();
    PrintSummary(results, size, load);
    if (parse.GetValue(runJson) is { } path)
    {
        var document = new
        {
            Timestamp = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            Machine = $"{Environment.MachineName}, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}",
            LoadAverageAtEnd = load,
            Options = new { api = o.Api.ToString(), o.Iterations, o.Warmup, o.Project, o.Days, o.MaxSecondsPerQuery, sampledTraceIds = sampled },
            Data = size,
            Queries = results,
        };
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(document, jsonOptions), ct);
        Console.WriteLine($"results written to {path}");
    }

    return 0;
});

var root = new RootCommand("LLM Observatory query benchmark: seed PostgreSQL fast, then time the read API");
root.Subcommands.Add(seedCommand);
root.Subcommands.Add(runCommand);
root.Subcommands.Add(registerCommand);
root.Subcommands.Add(countCommand);
root.Subcommands.Add(rollupsCommand);
return await root.Parse(args).InvokeAsync();

static string? LoadAverage()
{
    try
    {
        var parts = File.ReadAllText("/proc/loadavg").Split(' ');
        return $"{parts[0]} {parts[1]} {parts[2]}";
    }
    catch (IOException)
    {
        return null;
    }
}

static void PrintSummary(List<QueryResult> results, DataSize? size, string? load)
{
    var w = Console.Out;
    w.WriteLine();
    w.WriteLine("============================== LLM Observatory query benchmark ==============================");
    if (size is not null)
    {
        w.WriteLine($"data: ~{size.SpansEstimate:N0} spans ({size.SpansTotalSize} with indexes), ~{size.TracesEstimate:N0} traces ({size.TracesTotalSize}), " +
                    $"~{size.RollupRowsEstimate:N0} model_rollups rows ({size.RollupsTotalSize}); database {size.DatabaseSize}; traces {size.OldestTrace} … {size.NewestTrace} UTC");
    }

    w.WriteLine($"{"query",-42} {"mode",-6} {"n",5} {"p50 ms",10} {"p95 ms",10} {"p99 ms",10} {"max ms",10} {"rows",6} {"KiB",7}  status / X-Cache");
    foreach (var r in results)
    {
        var cache = r.XCache.Count == 0 ? "" : " " + string.Join(",", r.XCache.Select(e => $"{e.Key}:{e.Value}"));
        if (r.LatencyMs is { } l)
        {
            w.WriteLine($"{r.Name,-42} {r.Mode,-6} {l.Count,5} {l.P50,10:F1} {l.P95,10:F1} {l.P99,10:F1} {l.Max,10:F1} {r.AverageRows,6:F0} {r.AverageResponseBytes / 1024,7:F1}  {r.Status}{cache}{(r.Note is null ? "" : "  (" + r.Note + ")")}");
        }
        else
        {
            w.WriteLine($"{r.Name,-42} {r.Mode,-6} {"",5} {"",10} {"",10} {"",10} {"",10} {"",6} {"",7}  {r.Status}");
        }
    }

    w.WriteLine($"db = Cache-Control: no-cache (query cache skipped, PostgreSQL answers; its buffers are warm). cached = same URL repeated. load average at end: {load ?? "n/a"}");
    w.WriteLine("==============================================================================================");
}
