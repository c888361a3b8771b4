using Npgsql;
using NpgsqlTypes;

namespace Observatory.Storage.Retention;

/// <summary>What one <see cref="RetentionEnforcer.RunAsync"/> did.</summary>
/// <param name="Ran">False when another process held the retention lock, so this one left the work to it.</param>
/// <param name="Removed">Per data kind: chunks dropped (hypertables) or rows deleted (plain tables).</param>
public sealed record RetentionRun(bool Ran, bool TimescaleDb, IReadOnlyDictionary<string, long> Removed);

/// <summary>
/// Removes data older than its retention, the same way on both servers as far as they allow: on TimescaleDB it keeps
/// each hypertable's retention policy equal to the configured value and drops whole expired chunks now (so a silo that
/// runs also enforces a changed setting at once); on plain PostgreSQL, and for <c>trace_keys</c> everywhere (a plain
/// table), it deletes expired rows in short batches. Each kind expires by its own time column; trace summaries and rollups are
/// never recomputed when spans expire (they count what was ingested), see <see cref="RetentionOptions"/>.
/// Only one process enforces at a time (a session advisory lock), however many silos run.
/// </summary>
public sealed class RetentionEnforcer(NpgsqlDataSource dataSource, RetentionOptions options)
{
    /// <summary>The tables, their time columns and settings. log_events keeps Unix nanoseconds, the others timestamptz.</summary>
    public static readonly IReadOnlyList<RetentionTarget> Targets =
    [
        new("spans", "spans", "start_time", NanosTime: false, Compressible: true, o => o.Spans),
        new("logs", "log_events", "time_unix_nano", NanosTime: true, Compressible: true, o => o.Logs),
        new("traces", "traces", "start_time", NanosTime: false, Compressible: true, o => o.Traces),
        // The key rows go with their summaries (plain on both servers; a key row outliving its summary is harmless).
        new("trace-keys", "trace_keys", "start_time", NanosTime: false, Compressible: false, o => o.Traces),
        new("rollups-minute", "model_rollups", "bucket_start", NanosTime: false, Compressible: true, o => o.RollupsMinute),
        new("rollups-hourly", "model_rollups_hourly", "bucket_start", NanosTime: false, Compressible: false, o => o.RollupsHourly),
        new("rollups-daily", "model_rollups_daily", "bucket_start", NanosTime: false, Compressible: false, o => o.RollupsDaily),
        // OTLP metric points, plain on both servers; their series rows stay (they hold a cumulative series' last total).
        new("metrics", "otlp_metric_points", "time", NanosTime: false, Compressible: false, o => o.Metrics),
        // What alerts sent, with every attempt: a log that otherwise grows with every firing.
        new("alert-deliveries", "alert_deliveries", "created_at", NanosTime: false, Compressible: false, o => o.AlertDeliveries),
        new("scores", "scores", "time", NanosTime: false, Compressible: false, o => o.Scores),
        // The daily user/session rollups of the trace summaries go with them (plain tables on both servers).
        new("trace-key-rollups", "trace_key_rollups_daily", "day", NanosTime: false, Compressible: false, o => o.Traces),
        new("trace-key-rollup-days", "trace_key_rollup_days", "day", NanosTime: false, Compressible: false, o => o.Traces),
        new("trace-key-rollup-stale", "trace_key_rollup_stale", "day", NanosTime: false, Compressible: false, o => o.Traces),
        // The hourly ones (0301) likewise.
        new("trace-key-rollups-hourly", "trace_key_rollups_hourly", "hour", NanosTime: false, Compressible: false, o => o.Traces),
        new("trace-key-rollup-hours", "trace_key_rollup_hours", "hour", NanosTime: false, Compressible: false, o => o.Traces),
        new("trace-key-rollup-stale-hours", "trace_key_rollup_stale_hours", "hour", NanosTime: false, Compressible: false, o => o.Traces),
    ];

    public async Task<RetentionRun> RunAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        if (!await ScalarAsync<bool>(connection, "SELECT pg_try_advisory_lock(hashtextextended('observatory-retention', 0))", ct))
        {
            return new RetentionRun(false, false, new Dictionary<string, long>());
        }

        try
        {
            var hypertables = await HypertablesAsync(connection, ct);
            var removed = new Dictionary<string, long>();
            foreach (var target in Targets)
            {
                var keep = target.Keep(options);
                if (!hypertables.Contains(target.Table))
                {
                    removed[target.Kind] = await DeleteInBatchesAsync(connection, target, keep, ct);
                    continue;
                }

                removed[target.Kind] = await DropChunksAsync(connection, target, keep, ct);
                if (target.Compressible)
                {
                    await SyncCompressionPolicyAsync(connection, target, options.CompressAfter, ct);
                }
            }

            return new RetentionRun(true, hypertables.Count > 0, removed);
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtextextended('observatory-retention', 0))", connection);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private static async Task<HashSet<string>> HypertablesAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var tables = new HashSet<string>(StringComparer.Ordinal);
        if (!await ScalarAsync<bool>(connection, "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb')", ct))
        {
            return tables;
        }

        await using var cmd = new NpgsqlCommand(
            "SELECT hypertable_name FROM timescaledb_information.hypertables WHERE hypertable_schema = current_schema()", connection);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    /// <summary>Adds, replaces or removes the table's compression policy to match <paramref name="after"/> (zero: none).</summary>
    private static async Task SyncCompressionPolicyAsync(NpgsqlConnection connection, RetentionTarget target, TimeSpan after, CancellationToken ct)
    {
        var (value, type) = PolicyValue(target, after);
        await using var sync = new NpgsqlCommand(
            after <= TimeSpan.Zero
                ? $"SELECT remove_compression_policy('{target.Table}', if_exists => true)"
                : $"""
                  WITH current AS MATERIALIZED (
                      SELECT config->>'compress_after' AS compress_after FROM timescaledb_information.jobs
                      WHERE proc_name = 'policy_compression' AND hypertable_name = '{target.Table}')
                  SELECT remove_compression_policy('{target.Table}', if_exists => true), add_compression_policy('{target.Table}', @after)
                  WHERE NOT EXISTS (SELECT 1 FROM current WHERE compress_after::{type} = @after)
                  """, connection);
        if (after > TimeSpan.Zero)
        {
            sync.Parameters.AddWithValue("after", value);
        }

        await sync.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A policy's age as the table's time column counts it: nanoseconds for log_events, an interval elsewhere.</summary>
    private static (object Value, string SqlType) PolicyValue(RetentionTarget target, TimeSpan age) =>
        target.NanosTime ? (age.Ticks * 100, "bigint") : (age, "interval");

    /// <summary>Replaces the table's retention policy when it differs from <paramref name="keep"/>, then drops expired chunks.</summary>
    private static async Task<long> DropChunksAsync(NpgsqlConnection connection, RetentionTarget target, TimeSpan keep, CancellationToken ct)
    {
        var (keepValue, keepType) = PolicyValue(target, keep);
        await using (var sync = new NpgsqlCommand(
            $"""
            WITH current AS MATERIALIZED (
                -- Materialized so the cast below only meets this table's setting (other tables may use another type).
                SELECT config->>'drop_after' AS drop_after FROM timescaledb_information.jobs
                WHERE proc_name = 'policy_retention' AND hypertable_name = '{target.Table}')
            SELECT remove_retention_policy('{target.Table}', if_exists => true), add_retention_policy('{target.Table}', @keep)
            WHERE NOT EXISTS (SELECT 1 FROM current WHERE drop_after::{keepType} = @keep)
            """, connection))
        {
            sync.Parameters.AddWithValue("keep", keepValue);
            await sync.ExecuteNonQueryAsync(ct);
        }

        var olderThan = target.NanosTime ? "observatory_unix_nano_now() - @keep" : "@keep::interval";
        await using var drop = new NpgsqlCommand($"SELECT count(*) FROM drop_chunks('{target.Table}', older_than => {olderThan})", connection);
        drop.Parameters.AddWithValue("keep", keepValue);
        drop.CommandTimeout = 600;
        return await drop.ExecuteScalarAsync(ct) is long dropped ? dropped : 0;
    }

    /// <summary>
    /// Deletes expired rows a batch at a time, each its own short transaction. Rows are found by a scan in heap order,
    /// where the oldest rows usually sit, so a batch stops early instead of reading the table.
    /// </summary>
    private async Task<long> DeleteInBatchesAsync(NpgsqlConnection connection, RetentionTarget target, TimeSpan keep, CancellationToken ct)
    {
        var cutoff = target.NanosTime ? "observatory_unix_nano_now() - @keep" : "now() - @keep";
        await using var delete = new NpgsqlCommand(
            $"""
            DELETE FROM {target.Table} WHERE ctid = ANY (ARRAY(
                SELECT ctid FROM {target.Table} WHERE {target.TimeColumn} < {cutoff} LIMIT @batch))
            """, connection);
        delete.Parameters.AddWithValue("keep", target.NanosTime ? NpgsqlDbType.Bigint : NpgsqlDbType.Interval,
            target.NanosTime ? keep.Ticks * 100 : keep);
        delete.Parameters.AddWithValue("batch", options.DeleteBatchSize);
        delete.CommandTimeout = 600;
        long total = 0;
        while (true)
        {
            var deleted = await delete.ExecuteNonQueryAsync(ct);
            total += deleted;
            if (deleted < options.DeleteBatchSize)
            {
                return total;
            }
        }
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        return (T)(await cmd.ExecuteScalarAsync(ct))!;
    }
}

/// <summary>One kind of data under retention: its table, the column it expires by, and its setting.</summary>
public sealed record RetentionTarget(
    string Kind, string Table, string TimeColumn, bool NanosTime, bool Compressible, Func<RetentionOptions, TimeSpan> Keep);
