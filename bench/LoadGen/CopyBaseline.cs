using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Npgsql;
using Observatory.Core.Pricing;
using Observatory.Core.Spans;
using Observatory.Gateway.Otlp.Decoding;
using Observatory.Storage;
using Observatory.Storage.Spans;

namespace Observatory.Bench.LoadGen;

/// <summary>
/// The floor under the product: the same spans, decoded by the gateway's decoder and mapped by the product's
/// <see cref="SpanRecordFactory"/>, binary-COPYed with the product's row layout into a scratch copy of <c>spans</c>
/// (same indexes) in batches on parallel connections. "direct" is plain COPY; "staged" is what the product's
/// SpanWriter does per batch (COPY into a temp table, INSERT … ON CONFLICT DO NOTHING RETURNING, COMMIT).
/// </summary>
internal sealed partial class CopyBaseline(BenchOptions options, RequestFactory factory)
{
    private const string Table = "bench_spans";
    private const string ProjectId = "default";

    public async Task<CopyResult> RunAsync(long rows, CancellationToken cancellationToken)
    {
        var connectionString = options.Postgres ?? throw new InvalidOperationException("no --postgres");
        var requests = (int)Math.Ceiling(rows / (double)factory.SpansPerRequest);
        Console.Error.WriteLine($"COPY baseline: decoding + mapping {requests * (long)factory.SpansPerRequest:N0} spans ({requests:N0} requests) with the gateway's decoder …");

        // Decode and map single-threaded, timed: the product pays this per span before anything is written.
        var recordFactory = new SpanRecordFactory(PriceCatalog.Default);
        var records = new List<SpanRecord>(requests * factory.SpansPerRequest);
        var now = RequestFactory.NowUnixNano();
        var buffer = new byte[factory.MaxBodyBytes];
        // Warm-up pass (tiered JIT reaches optimized code), results discarded.
        for (var r = 0; r < Math.Min(requests, 300); r++)
        {
            var length = factory.Build(r, buffer, now);
            foreach (var span in OtlpProtobufDecoder.Decode(new ReadOnlySequence<byte>(buffer, 0, length)))
            {
                _ = recordFactory.Create(span);
            }
        }

        // Decode everything, then map everything, each timed by wall clock and by process CPU time (the box is shared,
        // so CPU time is the figure that survives neighbours).
        var decoded = new List<IReadOnlyList<SpanData>>(requests);
        var cpu0 = ProcessCpuSeconds();
        var t0 = Stopwatch.GetTimestamp();
        for (var r = 0; r < requests; r++)
        {
            var length = factory.Build(r, buffer, now);
            decoded.Add(OtlpProtobufDecoder.Decode(new ReadOnlySequence<byte>(buffer, 0, length)));
        }

        var cpu1 = ProcessCpuSeconds();
        var t1 = Stopwatch.GetTimestamp();
        foreach (var spans in decoded)
        {
            foreach (var span in spans)
            {
                records.Add(recordFactory.Create(span));
            }
        }

        var cpu2 = ProcessCpuSeconds();
        var t2 = Stopwatch.GetTimestamp();
        decoded.Clear();
        var decodeWall = (t1 - t0) * 1e6 / Stopwatch.Frequency / records.Count;
        var mapWall = (t2 - t1) * 1e6 / Stopwatch.Frequency / records.Count;
        var decodeCpu = (cpu1 - cpu0) * 1e6 / records.Count;
        var mapCpu = (cpu2 - cpu1) * 1e6 / records.Count;

        var batches = records.Chunk(options.CopyBatchRows).ToArray();
        var sampler = new CpuSampler(null, new NpgsqlConnectionStringBuilder(connectionString).Database);

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var indexes = await CreateScratchTableAsync(dataSource, connectionString, cancellationToken);
        try
        {
            // Warm-up: one batch per connection (JIT, connection start-up, catalog caches), then start empty.
            var warm = batches.Take(2 * options.CopyConnections).ToArray();
            await CopyAsync(dataSource, warm, staged: false, cancellationToken);
            await TruncateAsync(dataSource, cancellationToken);
            await CopyAsync(dataSource, warm, staged: true, cancellationToken);
            await TruncateAsync(dataSource, cancellationToken);

            var direct = await MeasureAsync("direct COPY", dataSource, batches, staged: false, sampler, cancellationToken);
            await using (var count = dataSource.CreateCommand($"SELECT count(*) FROM {Table}"))
            {
                var stored = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
                if (stored != records.Count)
                {
                    throw new BenchException($"COPY stored {stored} rows, expected {records.Count}");
                }
            }

            CopyRun? staged = null;
            if (!options.SkipStagedCopy)
            {
                await TruncateAsync(dataSource, cancellationToken);
                staged = await MeasureAsync("staged COPY + INSERT ON CONFLICT (product path)", dataSource, batches, staged: true, sampler, cancellationToken);
            }

            return new CopyResult
            {
                Rows = records.Count,
                BatchRows = options.CopyBatchRows,
                Connections = options.CopyConnections,
                Indexes = indexes,
                DecodeMicrosPerSpan = Math.Round(decodeWall, 2),
                MapMicrosPerSpan = Math.Round(mapWall, 2),
                DecodeCpuMicrosPerSpan = Math.Round(decodeCpu, 2),
                MapCpuMicrosPerSpan = Math.Round(mapCpu, 2),
                AverageAttributesJsonBytes = Math.Round(records.Average(r => (double)r.AttributesJson.Length + r.ResourceAttributesJson.Length + r.EventsJson.Length), 0),
                Direct = direct,
                Staged = staged,
            };
        }
        finally
        {
            await using var drop = dataSource.CreateCommand($"DROP TABLE IF EXISTS {Table}");
            await drop.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private static double ProcessCpuSeconds()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    private async Task<CopyRun> MeasureAsync(string mode, NpgsqlDataSource dataSource, SpanRecord[][] batches, bool staged, CpuSampler sampler,
        CancellationToken cancellationToken)
    {
        var rows = batches.Sum(b => (long)b.Length);
        var before = sampler.Take();
        var started = Stopwatch.GetTimestamp();
        await CopyAsync(dataSource, batches, staged, cancellationToken);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var after = sampler.Take();
        var run = new CopyRun(mode, rows, Math.Round(seconds, 3), Math.Round(rows / seconds, 0), CpuSampler.Available ? CpuBreakdown.From(CpuSampler.Diff(before, after), rows) : null);
        Console.Error.WriteLine($"  {mode}: {rows:N0} rows in {seconds:F2} s = {run.RowsPerSecond:N0} rows/s");
        return run;
    }

    private async Task CopyAsync(NpgsqlDataSource dataSource, SpanRecord[][] batches, bool staged, CancellationToken cancellationToken)
    {
        var queue = new ConcurrentQueue<SpanRecord[]>(batches);
        var connections = new List<NpgsqlConnection>();
        try
        {
            for (var i = 0; i < options.CopyConnections; i++)
            {
                var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                connections.Add(connection);
                if (staged)
                {
                    await using var create = new NpgsqlCommand(
                        $"CREATE TEMP TABLE IF NOT EXISTS incoming_{Table} (LIKE {Table} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS", connection);
                    await create.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            await Task.WhenAll(connections.Select(connection => Task.Run(async () =>
            {
                while (queue.TryDequeue(out var batch))
                {
                    if (staged)
                    {
                        await WriteStagedAsync(connection, batch, cancellationToken);
                    }
                    else
                    {
                        await WriteDirectAsync(connection, Table, batch, cancellationToken);
                    }
                }
            }, cancellationToken)));
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private static async Task WriteDirectAsync(NpgsqlConnection connection, string table, SpanRecord[] batch, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync(SpanCopyFormat.CopyCommand(table), cancellationToken);
        foreach (var span in batch)
        {
            await SpanCopyFormat.WriteRowAsync(importer, ProjectId, span, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static async Task WriteStagedAsync(NpgsqlConnection connection, SpanRecord[] batch, CancellationToken cancellationToken)
    {
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await WriteDirectAsync(connection, "incoming_" + Table, batch, cancellationToken);
        await using (var move = new NpgsqlCommand(
            $"INSERT INTO {Table} SELECT * FROM incoming_{Table} ON CONFLICT DO NOTHING RETURNING project_id, trace_id, span_id", connection, tx))
        await using (var reader = await move.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                _ = reader.GetString(1);
            }
        }

        await tx.CommitAsync(cancellationToken);
    }

    private static async Task TruncateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var truncate = dataSource.CreateCommand($"TRUNCATE {Table}");
        await truncate.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Creates bench_spans like spans, with every index spans has (read from the catalog, so it follows the schema).</summary>
    private static async Task<IReadOnlyList<string>> CreateScratchTableAsync(NpgsqlDataSource dataSource, string connectionString, CancellationToken cancellationToken)
    {
        await using (var exists = dataSource.CreateCommand("SELECT to_regclass('spans') IS NOT NULL"))
        {
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
            {
                Console.Error.WriteLine("  table spans missing: applying the product's migrations (DatabaseMigrator) …");
                DatabaseMigrator.Migrate(connectionString);
            }
        }

        var definitions = new List<string>();
        await using (var query = dataSource.CreateCommand(
            "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'spans' ORDER BY indexname"))
        await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                definitions.Add(IndexOnSpans().Replace(reader.GetString(0), $"INDEX bench_$1 ON $2{Table} ", 1));
            }
        }

        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"DROP TABLE IF EXISTS {Table}"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"CREATE TABLE {Table} (LIKE spans INCLUDING DEFAULTS)"));
        foreach (var definition in definitions)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(definition));
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        return definitions;
    }

    [GeneratedRegex(@"INDEX (\S+) ON (\S+\.)?spans ")]
    private static partial Regex IndexOnSpans();
}
