using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using Observatory.Core.Rollups;
using Observatory.Core.Spans;
using Observatory.Storage;
using Observatory.Storage.Rollups;
using Observatory.Storage.Spans;
using Observatory.Storage.Traces;

namespace Observatory.Bench.QueryBench;

internal sealed record SeedOptions(
    string Postgres, long Spans, int Days, string Project, int Connections, int TracesPerChunk, ulong Seed, Uri? Otlp, bool Analyze,
    int Hours = 0, bool NoContent = false);

internal sealed record SeedResult(
    long Spans, long Traces, long RollupRows, long RollupConflictsMerged, double Seconds, double SpansPerSecond, double AnalyzeSeconds,
    DateTime From, DateTime To, string Nonce, int ModelsRegistered);

/// <summary>
/// Writes generated spans, trace summaries and per-minute model rollups straight into the product's tables with binary
/// COPY on several connections. Work is cut into chunks of whole traces in time order; every connection takes the next
/// chunk, writes its spans and traces and hands its per-minute model usage to a shared aggregator, which writes a minute
/// only once no chunk still in flight can add to it (spans of a trace start at most a minute after the trace).
/// </summary>
internal sealed class Seeder(SeedOptions options)
{
    private readonly object _gate = new();
    private readonly Dictionary<RollupKey, ModelUsage> _pendingRollups = new();
    private readonly SortedDictionary<long, int> _inFlightChunkStarts = new();
    private long _spansWritten;
    private long _tracesWritten;
    private long _rollupRows;
    private long _conflictsMerged;

    public async Task<SeedResult> RunAsync(CancellationToken ct)
    {
        Console.Error.WriteLine($"migrating {Describe(options.Postgres)} …");
        DatabaseMigrator.Migrate(options.Postgres);

        var traces = (options.Spans + DataGenerator.SpansPerTrace - 1) / DataGenerator.SpansPerTrace;
        var to = DateTime.UtcNow;
        var from = options.Hours > 0 ? to.AddHours(-options.Hours) : to.AddDays(-options.Days);
        var nonce = options.Seed != 0 ? options.Seed : (ulong)Random.Shared.NextInt64() ^ (ulong)to.Ticks;
        var generator = new DataGenerator(nonce, UnixNano.FromDateTime(from), UnixNano.FromDateTime(to.AddMinutes(-2)), traces) { NoContent = options.NoContent };
        CheckPrices();

        var chunks = (traces + options.TracesPerChunk - 1) / options.TracesPerChunk;
        long nextChunk = -1;
        Console.Error.WriteLine(
            $"seeding {traces * DataGenerator.SpansPerTrace:N0} spans = {traces:N0} traces × {DataGenerator.SpansPerTrace} over {(options.Hours > 0 ? $"{options.Hours} hours" : $"{options.Days} days")}" +
            $"{(options.NoContent ? " without prompt/completion content" : "")} " +
            $"({from:yyyy-MM-dd HH:mm} → {to:yyyy-MM-dd HH:mm} UTC) into project '{options.Project}', {options.Connections} COPY connections, " +
            $"{options.TracesPerChunk:N0} traces per chunk; nonce {nonce:x16}");

        var watch = Stopwatch.StartNew();
        using var progress = new ProgressBar(traces * DataGenerator.SpansPerTrace, () => Interlocked.Read(ref _spansWritten));
        var workers = Enumerable.Range(0, options.Connections).Select(_ => Task.Run(async () =>
        {
            await using var connection = new NpgsqlConnection(options.Postgres);
            await connection.OpenAsync(ct);
            // Session settings only (nothing the product owns changes): a lost seeding commit costs nothing, and a larger
            // GIN pending list merges the full-text index entries in bigger, cheaper batches.
            await using (var session = new NpgsqlCommand(
                "SET synchronous_commit = off; SET gin_pending_list_limit = '32MB'; SET work_mem = '64MB'", connection))
            {
                await session.ExecuteNonQueryAsync(ct);
            }

            var sb = new StringBuilder(1024);
            while (true)
            {
                long chunkIndex;
                long chunkStartBucket;
                lock (_gate)
                {
                    chunkIndex = ++nextChunk;
                    if (chunkIndex >= chunks)
                    {
                        break;
                    }

                    chunkStartBucket = ModelBucket.StartOf(generator.StartOf(chunkIndex * options.TracesPerChunk));
                    _inFlightChunkStarts[chunkStartBucket] = _inFlightChunkStarts.GetValueOrDefault(chunkStartBucket) + 1;
                }

                var first = chunkIndex * options.TracesPerChunk;
                var count = (int)Math.Min(options.TracesPerChunk, traces - first);
                var chunk = new Chunk();
                generator.Generate(first, count, chunk, sb);
                await WriteChunkAsync(connection, chunk, ct);

                List<KeyValuePair<RollupKey, ModelUsage>> ready;
                lock (_gate)
                {
                    foreach (var (key, usage) in chunk.Rollups)
                    {
                        if (_pendingRollups.TryGetValue(key, out var existing))
                        {
                            existing.Merge(usage);
                        }
                        else
                        {
                            _pendingRollups[key] = usage;
                        }
                    }

                    if (--_inFlightChunkStarts[chunkStartBucket] == 0)
                    {
                        _inFlightChunkStarts.Remove(chunkStartBucket);
                    }

                    // A minute is complete once every chunk still in flight, and the next one to be taken, starts after it.
                    var horizon = _inFlightChunkStarts.Count == 0 ? long.MaxValue : _inFlightChunkStarts.First().Key;
                    if (nextChunk + 1 < chunks)
                    {
                        horizon = Math.Min(horizon, ModelBucket.StartOf(generator.StartOf((nextChunk + 1) * options.TracesPerChunk)));
                    }

                    ready = _pendingRollups.Where(e => e.Key.Bucket < horizon).ToList();
                    foreach (var (key, _) in ready)
                    {
                        _pendingRollups.Remove(key);
                    }
                }

                if (ready.Count > 0)
                {
                    await WriteRollupsAsync(connection, ready, ct);
                }
            }
        }, ct)).ToList();
        await Task.WhenAll(workers);

        // Anything left (there should be nothing) goes out now.
        if (_pendingRollups.Count > 0)
        {
            await using var connection = new NpgsqlConnection(options.Postgres);
            await connection.OpenAsync(ct);
            await WriteRollupsAsync(connection, _pendingRollups.ToList(), ct);
            _pendingRollups.Clear();
        }

        progress.Finish();

        // Hours and days are folded from the stored minutes in one pass, as the product's migration does for old data.
        Console.Error.Write("folding minutes into hourly and daily rollups … ");
        var fold = Stopwatch.StartNew();
        long coarseRows;
        await using (var connection = new NpgsqlConnection(options.Postgres))
        {
            await connection.OpenAsync(ct);
            coarseRows = await RollupCoarsening.RebuildAsync(connection, null, options.Project, from, to, ct);
        }

        Console.Error.WriteLine($"{coarseRows:N0} rows in {fold.Elapsed.TotalSeconds:F1} s");
        var seconds = watch.Elapsed.TotalSeconds;
        Console.Error.WriteLine(
            $"wrote {_spansWritten:N0} spans, {_tracesWritten:N0} traces, {_rollupRows:N0} model_rollups rows (+{coarseRows:N0} hourly/daily) in {seconds:F1} s " +
            $"= {_spansWritten / seconds:N0} spans/s ({(_spansWritten + _tracesWritten + _rollupRows + coarseRows) / seconds:N0} rows/s all tables)");

        double analyzeSeconds = 0;
        if (options.Analyze)
        {
            var analyze = Stopwatch.StartNew();
            Console.Error.Write("ANALYZE spans, traces, rollups … ");
            await using var connection = new NpgsqlConnection(options.Postgres);
            await connection.OpenAsync(ct);
            await using var cmd = new NpgsqlCommand("ANALYZE spans; ANALYZE traces; ANALYZE model_rollups; ANALYZE model_rollups_hourly; ANALYZE model_rollups_daily;", connection) { CommandTimeout = 0 };
            await cmd.ExecuteNonQueryAsync(ct);
            analyzeSeconds = analyze.Elapsed.TotalSeconds;
            Console.Error.WriteLine($"{analyzeSeconds:F1} s");
        }

        var registered = 0;
        if (options.Otlp is { } otlp)
        {
            registered = await ModelRegistration.RegisterAsync(otlp, ct);
        }

        return new SeedResult(
            _spansWritten, _tracesWritten, _rollupRows, _conflictsMerged, Math.Round(seconds, 1), Math.Round(_spansWritten / seconds),
            Math.Round(analyzeSeconds, 1), from, to, nonce.ToString("x16", CultureInfo.InvariantCulture), registered);
    }

    private async Task WriteChunkAsync(NpgsqlConnection connection, Chunk chunk, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var importer = await connection.BeginBinaryImportAsync(SpanCopyFormat.CopyCommand("spans"), ct))
        {
            foreach (var span in chunk.Spans)
            {
                await SpanCopyFormat.WriteRowAsync(importer, options.Project, span, ct);
            }

            await importer.CompleteAsync(ct);
        }

        await using (var importer = await connection.BeginBinaryImportAsync(TraceSummaryCopyFormat.CopyCommand("traces"), ct))
        {
            foreach (var summary in chunk.Traces)
            {
                await TraceSummaryCopyFormat.WriteRowAsync(importer, options.Project, summary, ct);
            }

            await importer.CompleteAsync(ct);
        }

        // One key row per summary, as the span writer keeps them (src/Storage/Migrations/0211_trace_keys.sql).
        await using (var importer = await connection.BeginBinaryImportAsync(
            "COPY trace_keys (project_id, trace_id, start_time) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var summary in chunk.Traces)
            {
                await importer.WriteRowAsync(ct, options.Project, summary.TraceId, UnixNano.ToDateTime(summary.StartUnixNano));
            }

            await importer.CompleteAsync(ct);
        }

        await tx.CommitAsync(ct);
        Interlocked.Add(ref _spansWritten, chunk.Spans.Count);
        Interlocked.Add(ref _tracesWritten, chunk.Traces.Count);
    }

    /// <summary>
    /// COPYs rollup rows into a staging table and inserts those whose key is new; a key that already exists (seeding
    /// into a database that has data for the same minutes) is merged with the stored bucket through the product's
    /// <see cref="RollupStore"/>, since sketches only merge in C#.
    /// </summary>
    private async Task WriteRollupsAsync(NpgsqlConnection connection, List<KeyValuePair<RollupKey, ModelUsage>> rows, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var create = new NpgsqlCommand(
            "CREATE TEMP TABLE IF NOT EXISTS incoming_rollups (LIKE model_rollups INCLUDING DEFAULTS) ON COMMIT DELETE ROWS", connection, tx))
        {
            await create.ExecuteNonQueryAsync(ct);
        }

        await using (var importer = await connection.BeginBinaryImportAsync(RollupCopyFormat.CopyCommand("incoming_rollups"), ct))
        {
            foreach (var (key, u) in rows)
            {
                var model = DataGenerator.Models[key.Model];
                await RollupCopyFormat.WriteRowAsync(importer, options.Project, model.Provider, model.Key, DataGenerator.Services[key.Service], key.Bucket, u, ct);
            }

            await importer.CompleteAsync(ct);
        }

        var inserted = new HashSet<(string, string, string, DateTime)>();
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO model_rollups SELECT * FROM incoming_rollups ON CONFLICT DO NOTHING RETURNING provider, model, service_name, bucket_start",
            connection, tx))
        await using (var reader = await insert.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                inserted.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetDateTime(3)));
            }
        }

        await tx.CommitAsync(ct);
        Interlocked.Add(ref _rollupRows, inserted.Count);
        if (inserted.Count == rows.Count)
        {
            return;
        }

        // Keys that already had a stored bucket: load, merge, write back (rare: only when seeding over existing minutes).
        await using var dataSource = NpgsqlDataSource.Create(options.Postgres);
        var store = new RollupStore(dataSource);
        foreach (var (key, usage) in rows)
        {
            var model = DataGenerator.Models[key.Model];
            var service = DataGenerator.Services[key.Service];
            if (inserted.Contains((model.Provider, model.Key, service, UnixNano.ToDateTime(key.Bucket))))
            {
                continue;
            }

            var stored = await store.LoadAsync(options.Project, model.Provider, model.Key, RollupResolution.Minute, service, key.Bucket, ct);
            var merged = new ModelUsage();
            if (stored is not null)
            {
                merged.Merge(stored.Usage);
            }

            merged.Merge(usage);
            await store.UpsertAsync(options.Project, model.Provider, model.Key, [new RollupBucket(RollupResolution.Minute, service, key.Bucket, merged)], ct);
            Interlocked.Increment(ref _conflictsMerged);
        }
    }

    private static void CheckPrices()
    {
        foreach (var m in DataGenerator.Models)
        {
            var facts = new Observatory.Core.Llm.LlmFacts
            {
                Provider = m.Provider,
                Operation = m.Operation,
                RequestModel = m.RequestModel,
                ResponseModel = m.ResponseModel,
                InputTokens = 1000,
                OutputTokens = m.IsEmbedding ? null : 100,
            };
            if (Observatory.Core.Pricing.CostCalculator.Compute(facts, Observatory.Core.Pricing.PriceCatalog.Default) is null)
            {
                Console.Error.WriteLine($"warning: {m.Provider}/{m.ResponseModel} is not priced by the built-in catalog; its calls get no cost");
            }
        }
    }

    internal static string Describe(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        return $"postgres://{b.Username}@{b.Host}:{b.Port}/{b.Database}";
    }
}
