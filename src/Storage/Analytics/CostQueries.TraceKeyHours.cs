using Npgsql;
using NpgsqlTypes;

namespace Observatory.Storage.Analytics;

/// <summary>
/// Hourly trace-key rollups (<c>0301_trace_key_rollups_hourly.sql</c>) for what the ready days of a range leave: its
/// partial first day and today. Same rules as the days: built on read once the hour ended over an hour ago (database
/// clock), under its day's advisory lock taken without waiting, trusted while not marked stale.
/// </summary>
public sealed partial class CostQueries
{
    /// <summary>Hours built per request at most; the rest is grouped from the traces this time.</summary>
    internal const int MaxHoursBuiltPerRequest = 96;

    /// <summary>The whole UTC hours inside the intervals, in order.</summary>
    internal static List<DateTime> WholeHours(IReadOnlyList<(DateTime From, DateTime To)> intervals)
    {
        var hours = new List<DateTime>();
        foreach (var (from, to) in intervals)
        {
            var hour = new DateTime(from.Ticks - (from.Ticks % TimeSpan.TicksPerHour), DateTimeKind.Utc);
            if (hour < from)
            {
                hour = hour.AddHours(1);
            }

            for (; hour.AddHours(1) <= to; hour = hour.AddHours(1))
            {
                hours.Add(hour);
            }
        }

        return hours;
    }

    /// <summary>The intervals without the ready buckets that lie wholly inside one of them.</summary>
    internal static List<(DateTime From, DateTime To)> Subtract(
        IReadOnlyList<(DateTime From, DateTime To)> intervals, IReadOnlyList<DateTime> ready, TimeSpan length)
    {
        var result = new List<(DateTime From, DateTime To)>();
        foreach (var (from, to) in intervals)
        {
            result.AddRange(RawIntervals(from, to, ready.Where(b => b >= from && b + length <= to).Order().ToList(), length));
        }

        return result;
    }

    private async Task BuildTraceKeyHoursAsync(NpgsqlConnection connection, string projectId, List<DateTime> candidates, CancellationToken ct)
    {
        if (candidates.Count == 0)
        {
            return;
        }

        var missing = new List<DateTime>();
        await using (var find = new NpgsqlCommand(
            """
            SELECT h FROM unnest(@hours) h
            WHERE h + interval '2 hours' <= now()
              AND (NOT EXISTS (SELECT 1 FROM trace_key_rollup_hours r WHERE r.project_id = @project AND r.hour = h)
                   OR EXISTS (SELECT 1 FROM trace_key_rollup_stale_hours s WHERE s.project_id = @project AND s.hour = h))
            ORDER BY h DESC LIMIT @max
            """, connection))
        {
            find.Parameters.AddWithValue("project", projectId);
            find.Parameters.AddWithValue("hours", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, candidates.ToArray());
            find.Parameters.AddWithValue("max", MaxHoursBuiltPerRequest);
            await using var reader = await find.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                missing.Add(reader.GetDateTime(0));
            }
        }

        foreach (var hour in missing)
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            // The project's builder lock first (see BuildTraceKeyDaysAsync): the multi-day check below sees every built day.
            await using var cmd = new NpgsqlCommand(
                "SELECT pg_advisory_xact_lock(hashtextextended('trace-key-rollup-build/' || @project, 0))", connection, transaction);
            cmd.Parameters.AddWithValue("project", projectId);
            cmd.Parameters.AddWithValue("hour", NpgsqlDbType.TimestampTz, hour);
            await cmd.ExecuteNonQueryAsync(ct);
            cmd.CommandText = """
                SELECT pg_try_advisory_xact_lock(trace_key_rollup_lock(@project, trace_key_rollup_day(@hour)))
                   AND (NOT EXISTS (SELECT 1 FROM trace_key_rollup_hours r WHERE r.project_id = @project AND r.hour = @hour)
                        OR EXISTS (SELECT 1 FROM trace_key_rollup_stale_hours s WHERE s.project_id = @project AND s.hour = @hour))
                """;
            if (await cmd.ExecuteScalarAsync(ct) is not true)
            {
                await transaction.RollbackAsync(ct);
                continue;
            }

            // Every statement below takes its snapshot after the lock: it sees every writer that marked this hour.
            cmd.CommandText = """
                DELETE FROM trace_key_rollups_hourly WHERE project_id = @project AND hour = @hour;
                DELETE FROM trace_key_rollup_stale_hours WHERE project_id = @project AND hour = @hour;
                INSERT INTO trace_key_rollups_hourly (project_id, hour, dimension, key, cost_usd, requests, input_tokens, output_tokens)
                SELECT @project, @hour, 'user', user_id, sum(cost_usd), sum(llm_call_count), sum(input_tokens), sum(output_tokens)
                FROM traces WHERE project_id = @project AND start_time >= @hour AND start_time < @hour + interval '1 hour' GROUP BY user_id
                UNION ALL
                SELECT @project, @hour, 'session', session_id, sum(cost_usd), sum(llm_call_count), sum(input_tokens), sum(output_tokens)
                FROM traces WHERE project_id = @project AND start_time >= @hour AND start_time < @hour + interval '1 hour' GROUP BY session_id;
                INSERT INTO trace_key_multiday_sessions (project_id, key)
                SELECT r.project_id, r.key FROM trace_key_rollups_hourly r
                WHERE r.project_id = @project AND r.dimension = 'session' AND r.hour = @hour AND r.key IS NOT NULL
                  AND EXISTS (SELECT 1 FROM trace_key_rollups_daily o
                              WHERE o.project_id = r.project_id AND o.dimension = 'session' AND o.key = r.key
                                AND o.day <> trace_key_rollup_day(r.hour))
                ON CONFLICT DO NOTHING;
                INSERT INTO trace_key_rollup_hours (project_id, hour) VALUES (@project, @hour)
                ON CONFLICT (project_id, hour) DO UPDATE SET built_at = now();
                """;
            await cmd.ExecuteNonQueryAsync(ct);
            await transaction.CommitAsync(ct);
        }
    }

    private static async Task<List<DateTime>> ReadyTraceKeyHoursAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string projectId, List<DateTime> candidates, CancellationToken ct)
    {
        var hours = new List<DateTime>();
        if (candidates.Count == 0)
        {
            return hours;
        }

        await using var cmd = new NpgsqlCommand(
            """
            SELECT r.hour FROM trace_key_rollup_hours r
            WHERE r.project_id = @project AND r.hour = ANY (@hours)
              AND NOT EXISTS (SELECT 1 FROM trace_key_rollup_stale_hours s WHERE s.project_id = r.project_id AND s.hour = r.hour)
            ORDER BY r.hour
            """, connection, transaction);
        cmd.Parameters.AddWithValue("project", projectId);
        cmd.Parameters.AddWithValue("hours", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, candidates.ToArray());
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            hours.Add(reader.GetDateTime(0));
        }

        return hours;
    }
}
