using System.Data;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace Observatory.Storage.Analytics;

/// <summary>
/// User and session attribution from the daily trace-key rollups of <c>0290_trace_key_rollups.sql</c>: whole UTC days
/// that are ready come from their rollup rows, everything else of the range (the partial days at its edges, today, a
/// day a late write made stale, a day another reader is building) from the trace summaries. Both are read in one
/// snapshot, so the answer is the plain grouping's.
/// </summary>
public sealed partial class CostQueries
{
    /// <summary>Days built per request at most; the rest of a longer range is grouped from the traces this time.</summary>
    internal const int MaxDaysBuiltPerRequest = 62;

    /// <summary>Off: user and session attribution always group the traces (tests compare both paths).</summary>
    public bool TraceKeyRollupShortcut { get; init; } = true;

    private async Task<Attribution?> AttributeFromTraceKeyRollupsAsync(
        string projectId, AnalyticsDimension dimension, DateTime from, DateTime to, int limit, CancellationToken ct)
    {
        var firstDay = from.TimeOfDay == TimeSpan.Zero ? from : from.Date.AddDays(1);
        var endDay = to.Date;
        if (endDay > firstDay)
        {
            await BuildTraceKeyDaysAsync(projectId, firstDay, endDay, ct);
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // The hours of what the days do not cover (as of now; a day that turns ready meanwhile only leaves its hours unread).
        var uncovered = RawIntervals(from, to, await ReadyTraceKeyDaysAsync(connection, null, projectId, firstDay, endDay, ct));
        await BuildTraceKeyHoursAsync(connection, projectId, WholeHours(uncovered), ct);

        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var ready = await ReadyTraceKeyDaysAsync(connection, transaction, projectId, firstDay, endDay, ct);
        var hours = await ReadyTraceKeyHoursAsync(connection, transaction, projectId, WholeHours(RawIntervals(from, to, ready)), ct);
        if (ready.Count == 0 && hours.Count == 0)
        {
            await transaction.CommitAsync(ct);
            return null;
        }

        var raw = Subtract(RawIntervals(from, to, ready), hours, TimeSpan.FromHours(1));
        if (dimension == AnalyticsDimension.Session && SessionTopNShortcut && ready.Count > 0 &&
            await TopSessionsAsync(connection, transaction, projectId, ready, hours, raw, limit, ct) is { } top)
        {
            await transaction.CommitAsync(ct);
            return top;
        }

        await using var cmd = new NpgsqlCommand { Connection = connection, Transaction = transaction };
        var rawWhere = new StringBuilder();
        for (var i = 0; i < raw.Count; i++)
        {
            rawWhere.Append(i == 0 ? "" : " OR ").Append($"(start_time >= @f{i} AND start_time < @t{i})");
            cmd.Parameters.AddWithValue($"f{i}", NpgsqlDbType.TimestampTz, raw[i].From);
            cmd.Parameters.AddWithValue($"t{i}", NpgsqlDbType.TimestampTz, raw[i].To);
        }

        var column = dimension == AnalyticsDimension.User ? "user_id" : "session_id";
        cmd.CommandText = $"""
            SELECT key, cost, requests, input, output, sum(cost) OVER ()
            FROM (
                SELECT key, sum(cost) AS cost, sum(requests)::bigint AS requests, sum(input)::bigint AS input, sum(output)::bigint AS output
                FROM (
                    SELECT key, cost_usd AS cost, requests, input_tokens AS input, output_tokens AS output
                    FROM trace_key_rollups_daily WHERE project_id = @project AND dimension = @dimension AND day = ANY (@days)
                    UNION ALL
                    SELECT key, cost_usd, requests, input_tokens, output_tokens
                    FROM trace_key_rollups_hourly WHERE project_id = @project AND dimension = @dimension AND hour = ANY (@hours)
                    UNION ALL
                    SELECT {column}, cost_usd, llm_call_count, input_tokens, output_tokens
                    FROM traces WHERE project_id = @project AND ({(raw.Count == 0 ? "false" : rawWhere.ToString())})
                ) u GROUP BY key
            ) g
            ORDER BY cost DESC, requests DESC, key NULLS LAST
            LIMIT @limit
            """;
        cmd.Parameters.AddWithValue("project", projectId);
        cmd.Parameters.AddWithValue("dimension", DimensionName(dimension));
        cmd.Parameters.AddWithValue("days", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, ready.ToArray());
        cmd.Parameters.AddWithValue("hours", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, hours.ToArray());
        cmd.Parameters.AddWithValue("limit", limit);
        var rows = new List<AttributionRow>();
        var total = 0m;
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                rows.Add(new AttributionRow(AnalyticsSql.GroupValue(reader, 0), reader.GetDecimal(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)));
                total = reader.GetDecimal(5);
            }
        }

        await transaction.CommitAsync(ct);
        return new Attribution(rows, total);
    }

    /// <summary>
    /// Builds the missing or stale days of [firstDay, endDay) (or built without a total, by a version before 0300) that ended over an hour ago (by the database's clock), each in
    /// its own short transaction under the day's advisory lock, taken without waiting: a day a writer or another reader
    /// holds is left for the next request.
    /// </summary>
    internal async Task<int> BuildTraceKeyDaysAsync(string projectId, DateTime firstDay, DateTime endDay, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var missing = new List<DateTime>();
        await using (var find = new NpgsqlCommand(
            """
            SELECT d FROM generate_series(@first, @end - interval '1 day', interval '1 day') d
            WHERE d + interval '25 hours' <= now()
              AND (NOT EXISTS (SELECT 1 FROM trace_key_rollup_days r WHERE r.project_id = @project AND r.day = d AND r.cost_usd IS NOT NULL)
                   OR EXISTS (SELECT 1 FROM trace_key_rollup_stale s WHERE s.project_id = @project AND s.day = d))
            ORDER BY d DESC LIMIT @max
            """, connection))
        {
            find.Parameters.AddWithValue("project", projectId);
            find.Parameters.AddWithValue("first", NpgsqlDbType.TimestampTz, firstDay);
            find.Parameters.AddWithValue("end", NpgsqlDbType.TimestampTz, endDay);
            find.Parameters.AddWithValue("max", MaxDaysBuiltPerRequest);
            await using var reader = await find.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                missing.Add(reader.GetDateTime(0));
            }
        }

        var built = 0;
        foreach (var day in missing)
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            // Builders of a project one at a time (0300_session_rollup_top_n.sql): each sees the rows of every day built
            // before it, so a session key on two days is always listed in trace_key_multiday_sessions.
            await using var cmd = new NpgsqlCommand(
                "SELECT pg_advisory_xact_lock(hashtextextended('trace-key-rollup-build/' || @project, 0))", connection, transaction);
            cmd.Parameters.AddWithValue("project", projectId);
            cmd.Parameters.AddWithValue("day", NpgsqlDbType.TimestampTz, day);
            await cmd.ExecuteNonQueryAsync(ct);
            // False also when a builder we waited for has just built the day: nothing left to do.
            cmd.CommandText = """
                SELECT pg_try_advisory_xact_lock(trace_key_rollup_lock(@project, @day))
                   AND (NOT EXISTS (SELECT 1 FROM trace_key_rollup_days r WHERE r.project_id = @project AND r.day = @day AND r.cost_usd IS NOT NULL)
                        OR EXISTS (SELECT 1 FROM trace_key_rollup_stale s WHERE s.project_id = @project AND s.day = @day))
                """;
            if (await cmd.ExecuteScalarAsync(ct) is not true)
            {
                await transaction.RollbackAsync(ct);
                continue;
            }

            // Every statement below takes its snapshot after the lock: it sees every writer that marked this day.
            cmd.CommandText = """
                DELETE FROM trace_key_rollups_daily WHERE project_id = @project AND day = @day;
                DELETE FROM trace_key_rollup_stale WHERE project_id = @project AND day = @day;
                INSERT INTO trace_key_rollups_daily (project_id, day, dimension, key, cost_usd, requests, input_tokens, output_tokens)
                SELECT @project, @day, 'user', user_id, sum(cost_usd), sum(llm_call_count), sum(input_tokens), sum(output_tokens)
                FROM traces WHERE project_id = @project AND start_time >= @day AND start_time < @day + interval '1 day' GROUP BY user_id
                UNION ALL
                SELECT @project, @day, 'session', session_id, sum(cost_usd), sum(llm_call_count), sum(input_tokens), sum(output_tokens)
                FROM traces WHERE project_id = @project AND start_time >= @day AND start_time < @day + interval '1 day' GROUP BY session_id;
                INSERT INTO trace_key_multiday_sessions (project_id, key)
                SELECT r.project_id, r.key FROM trace_key_rollups_daily r
                WHERE r.project_id = @project AND r.dimension = 'session' AND r.day = @day AND r.key IS NOT NULL
                  AND (EXISTS (SELECT 1 FROM trace_key_rollups_daily o
                               WHERE o.project_id = r.project_id AND o.dimension = 'session' AND o.key = r.key AND o.day <> r.day)
                       OR EXISTS (SELECT 1 FROM trace_key_rollups_hourly o
                                  WHERE o.project_id = r.project_id AND o.dimension = 'session' AND o.key = r.key
                                    AND trace_key_rollup_day(o.hour) <> r.day))
                ON CONFLICT DO NOTHING;
                INSERT INTO trace_key_rollup_days (project_id, day, cost_usd)
                VALUES (@project, @day, (SELECT coalesce(sum(cost_usd), 0) FROM trace_key_rollups_daily
                                         WHERE project_id = @project AND day = @day AND dimension = 'user'))
                ON CONFLICT (project_id, day) DO UPDATE SET built_at = now(), cost_usd = EXCLUDED.cost_usd;
                """;
            await cmd.ExecuteNonQueryAsync(ct);
            await transaction.CommitAsync(ct);
            built++;
        }

        return built;
    }

    private static async Task<List<DateTime>> ReadyTraceKeyDaysAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string projectId, DateTime firstDay, DateTime endDay, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            """
            SELECT r.day FROM trace_key_rollup_days r
            WHERE r.project_id = @project AND r.day >= @first AND r.day < @end
              AND NOT EXISTS (SELECT 1 FROM trace_key_rollup_stale s WHERE s.project_id = r.project_id AND s.day = r.day)
            ORDER BY r.day
            """, connection, transaction);
        cmd.Parameters.AddWithValue("project", projectId);
        cmd.Parameters.AddWithValue("first", NpgsqlDbType.TimestampTz, firstDay);
        cmd.Parameters.AddWithValue("end", NpgsqlDbType.TimestampTz, endDay);
        var days = new List<DateTime>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            days.Add(reader.GetDateTime(0));
        }

        return days;
    }

    /// <summary>[from, to) without the ready days (sorted, whole, inside the range), as merged intervals.</summary>
    internal static List<(DateTime From, DateTime To)> RawIntervals(DateTime from, DateTime to, IReadOnlyList<DateTime> readyDays) =>
        RawIntervals(from, to, readyDays, TimeSpan.FromDays(1));

    /// <summary>[from, to) without the ready buckets of the given length (sorted, whole, inside the range), as merged intervals.</summary>
    internal static List<(DateTime From, DateTime To)> RawIntervals(DateTime from, DateTime to, IReadOnlyList<DateTime> ready, TimeSpan length)
    {
        var intervals = new List<(DateTime, DateTime)>();
        var cursor = from;
        foreach (var bucket in ready)
        {
            if (bucket > cursor)
            {
                intervals.Add((cursor, bucket));
            }

            cursor = bucket + length;
        }

        if (cursor < to)
        {
            intervals.Add((cursor, to));
        }

        return intervals;
    }

    private static string DimensionName(AnalyticsDimension dimension) =>
        dimension == AnalyticsDimension.User ? "user" : "session";
}
