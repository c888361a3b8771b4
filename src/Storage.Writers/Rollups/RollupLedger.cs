using Npgsql;
using NpgsqlTypes;
using Observatory.Core.Rollups;
using Observatory.Core.Spans;

namespace Observatory.Storage.Rollups;

/// <summary>
/// Adds usage to the stored minute, hour and day rollups inside the caller's transaction, so the COMMIT that stores spans
/// also stores what they add up to. Sketches merge only in C#, so a bucket is read, merged and written back: every
/// writer first takes a transaction-scoped advisory lock per series it touches, in one global order (no deadlocks), and
/// reads after the lock, when the previous holder's COMMIT is already visible. Nothing else may write these rows while
/// the product runs.
/// </summary>
public static class RollupLedger
{
    /// <summary>Merges the aggregate's buckets into the stored ones: two round trips, however many buckets.</summary>
    public static async Task AddAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, RollupAggregate aggregate, CancellationToken ct)
    {
        if (aggregate.Count == 0)
        {
            return;
        }

        var buckets = aggregate.Buckets.ToList();
        var stored = new Dictionary<(RollupSeries Series, RollupResolution Resolution, long Start), ModelUsage>();
        await using (var read = new NpgsqlBatch(connection, transaction))
        {
            // Each statement of a batch takes its own snapshot, so the reads see what the previous lock holder committed.
            read.BatchCommands.Add(LockCommand(buckets.Select(b => b.Series)));
            foreach (var resolution in RollupResolutions.All)
            {
                read.BatchCommands.Add(ReadCommand(resolution, buckets.Where(b => b.Resolution == resolution).Select(b => (b.Series, b.Start)).ToList()));
            }

            await using var reader = await read.ExecuteReaderAsync(ct);
            foreach (var resolution in RollupResolutions.All)
            {
                await reader.NextResultAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    var series = new RollupSeries(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3));
                    stored[(series, resolution, UnixNano.FromDateTime(reader.GetDateTime(4)))] = RollupStore.ReadUsage(reader, 5);
                }
            }
        }

        foreach (var (series, resolution, start, usage) in buckets)
        {
            if (stored.TryGetValue((series, resolution, start), out var before))
            {
                // Merged into the stored bucket, not the other way round: the aggregate may be used again.
                before.Merge(usage);
            }
            else
            {
                stored[(series, resolution, start)] = usage;
            }
        }

        await using var write = new NpgsqlBatch(connection, transaction);
        foreach (var resolution in RollupResolutions.All)
        {
            write.BatchCommands.Add(WriteCommand(resolution, stored.Where(b => b.Key.Resolution == resolution)
                .Select(b => (b.Key.Series, b.Key.Start, b.Value)).ToList()));
        }

        await write.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Adds cost deltas (a re-cost) to the minute, hour and day of each (series, minute).</summary>
    public static async Task AddCostAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyCollection<(RollupSeries Series, long MinuteStart, decimal Delta)> deltas, CancellationToken ct)
    {
        if (deltas.Count == 0)
        {
            return;
        }

        await using (var lockSeries = new NpgsqlBatch(connection, transaction))
        {
            lockSeries.BatchCommands.Add(LockCommand(deltas.Select(d => d.Series)));
            await lockSeries.ExecuteNonQueryAsync(ct);
        }

        foreach (var resolution in RollupResolutions.All)
        {
            var sums = deltas.GroupBy(d => (d.Series, Start: resolution.StartOf(d.MinuteStart)))
                .Select(g => (g.Key.Series, g.Key.Start, Delta: g.Sum(d => d.Delta))).ToList();
            await using var update = new NpgsqlCommand(
                $"""
                UPDATE {RollupTables.Name(resolution)} r SET cost_usd = r.cost_usd + d.delta, updated_at = now()
                FROM unnest(@p, @provider, @model, @service, @bucket, @delta) AS d(p, provider, model, service, bucket, delta)
                WHERE r.project_id = d.p AND r.provider = d.provider AND r.model = d.model AND r.service_name = d.service
                  AND r.bucket_start = d.bucket AND {BucketRange}
                """, connection, transaction);
            AddKeysAndRange(update.Parameters, sums.Select(s => (s.Series, s.Start)).ToList());
            update.Parameters.AddWithValue("delta", NpgsqlDbType.Array | NpgsqlDbType.Numeric, sums.Select(s => s.Delta).ToArray());
            await update.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Takes the series' advisory locks, ordered by the lock key itself, so two writers never wait on each other in opposite orders.</summary>
    private static NpgsqlBatchCommand LockCommand(IEnumerable<RollupSeries> series)
    {
        var cmd = new NpgsqlBatchCommand(
            """
            SELECT count(pg_advisory_xact_lock(k))
            FROM (SELECT DISTINCT hashtextextended(s, 0) AS k FROM unnest(@series) AS s ORDER BY k) AS keys
            """);
        cmd.Parameters.AddWithValue("series", series.Select(s => s.LockName).Distinct().ToArray());
        return cmd;
    }

    private static NpgsqlBatchCommand ReadCommand(RollupResolution resolution, IReadOnlyList<(RollupSeries Series, long Start)> keys)
    {
        var cmd = new NpgsqlBatchCommand(
            $"""
            SELECT r.project_id, r.provider, r.model, r.service_name, r.bucket_start, {RollupStore.UsageColumns}
            FROM {RollupTables.Name(resolution)} r
            JOIN unnest(@p, @provider, @model, @service, @bucket) AS k(p, provider, model, service, bucket)
              ON r.project_id = k.p AND r.provider = k.provider AND r.model = k.model AND r.service_name = k.service
             AND r.bucket_start = k.bucket
            WHERE {BucketRange}
            """);
        AddKeysAndRange(cmd.Parameters, keys);
        return cmd;
    }

    private static NpgsqlBatchCommand WriteCommand(RollupResolution resolution, IReadOnlyList<(RollupSeries Series, long Start, ModelUsage Usage)> rows)
    {
        var cmd = new NpgsqlBatchCommand(
            $"""
            INSERT INTO {RollupTables.Name(resolution)} ({RollupTables.Columns})
            SELECT * FROM unnest(@p, @provider, @model, @service, @bucket, @requests, @errors, @withoutUsage, @input, @output,
                                 @cacheRead, @cacheWrite, @reasoning, @cost, @sketch, @ttft)
            ON CONFLICT (project_id, provider, model, service_name, bucket_start) DO UPDATE SET {RollupStore.UpdateFromExcluded}
            """);
        AddKeys(cmd.Parameters, rows.Select(r => (r.Series, r.Start)).ToList());
        var usage = rows.Select(r => r.Usage).ToList();
        cmd.Parameters.AddWithValue("requests", usage.Select(u => u.RequestCount).ToArray());
        cmd.Parameters.AddWithValue("errors", usage.Select(u => u.ErrorCount).ToArray());
        cmd.Parameters.AddWithValue("withoutUsage", usage.Select(u => u.CallsWithoutUsage).ToArray());
        cmd.Parameters.AddWithValue("input", usage.Select(u => u.InputTokens).ToArray());
        cmd.Parameters.AddWithValue("output", usage.Select(u => u.OutputTokens).ToArray());
        cmd.Parameters.AddWithValue("cacheRead", usage.Select(u => u.CacheReadTokens).ToArray());
        cmd.Parameters.AddWithValue("cacheWrite", usage.Select(u => u.CacheWriteTokens).ToArray());
        cmd.Parameters.AddWithValue("reasoning", usage.Select(u => u.ReasoningTokens).ToArray());
        cmd.Parameters.AddWithValue("cost", NpgsqlDbType.Array | NpgsqlDbType.Numeric, usage.Select(u => u.CostUsd).ToArray());
        cmd.Parameters.AddWithValue("sketch", NpgsqlDbType.Array | NpgsqlDbType.Bytea, usage.Select(u => u.Latency.ToBytes()).ToArray());
        cmd.Parameters.AddWithValue("ttft", NpgsqlDbType.Array | NpgsqlDbType.Bytea, usage.Select(u => u.TimeToFirstToken.ToBytes()).ToArray());
        return cmd;
    }

    /// <summary>
    /// The keys' time range as constants: a join on the unnested keys alone would probe every chunk of a hypertable, and
    /// a compressed chunk has no index to probe (a read of 100 recent buckets took 2.1 s with three compressed chunks);
    /// with the range the planner skips every chunk outside it.
    /// </summary>
    private const string BucketRange = "r.bucket_start BETWEEN @first_bucket AND @last_bucket";

    private static void AddKeysAndRange(NpgsqlParameterCollection parameters, IReadOnlyList<(RollupSeries Series, long Start)> keys)
    {
        AddKeys(parameters, keys);
        parameters.AddWithValue("first_bucket", NpgsqlDbType.TimestampTz, UnixNano.ToDateTime(keys.Count == 0 ? 0 : keys.Min(k => k.Start)));
        parameters.AddWithValue("last_bucket", NpgsqlDbType.TimestampTz, UnixNano.ToDateTime(keys.Count == 0 ? 0 : keys.Max(k => k.Start)));
    }

    private static void AddKeys(NpgsqlParameterCollection parameters, IReadOnlyList<(RollupSeries Series, long Start)> keys)
    {
        parameters.AddWithValue("p", keys.Select(k => k.Series.Project).ToArray());
        parameters.AddWithValue("provider", keys.Select(k => k.Series.Provider).ToArray());
        parameters.AddWithValue("model", keys.Select(k => k.Series.Model).ToArray());
        parameters.AddWithValue("service", keys.Select(k => k.Series.Service).ToArray());
        parameters.AddWithValue("bucket", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, keys.Select(k => UnixNano.ToDateTime(k.Start)).ToArray());
    }
}
