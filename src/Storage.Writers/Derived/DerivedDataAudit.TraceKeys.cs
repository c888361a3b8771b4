using Npgsql;
using NpgsqlTypes;

namespace Observatory.Storage.Derived;

public static partial class DerivedDataAudit
{
    /// <summary>
    /// Every row of a ready day of <c>trace_key_rollups_daily</c> (<c>0290_trace_key_rollups.sql</c>: built, not marked
    /// stale) against the grouping of that day's stored trace summaries (which the audit checks against the spans), per
    /// project, dimension and key; one line per key that differs or is missing on either side. Stale or unbuilt days are
    /// not read by the API, so not compared.
    /// </summary>
    public static async Task<IReadOnlyList<string>> TraceKeyRollupDifferencesAsync(NpgsqlDataSource dataSource, string? project, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            """
            WITH ready AS (
                SELECT r.project_id, r.day FROM trace_key_rollup_days r
                WHERE (@p::text IS NULL OR r.project_id = @p)
                  AND NOT EXISTS (SELECT 1 FROM trace_key_rollup_stale s WHERE s.project_id = r.project_id AND s.day = r.day)),
            expected AS (
                SELECT t.project_id, r.day, d.dimension, CASE d.dimension WHEN 'user' THEN t.user_id ELSE t.session_id END AS key,
                       sum(t.cost_usd) AS cost_usd, sum(t.llm_call_count)::bigint AS requests,
                       sum(t.input_tokens)::bigint AS input_tokens, sum(t.output_tokens)::bigint AS output_tokens
                FROM ready r
                JOIN traces t ON t.project_id = r.project_id AND t.start_time >= r.day AND t.start_time < r.day + interval '1 day'
                CROSS JOIN (VALUES ('user'), ('session')) AS d(dimension)
                GROUP BY 1, 2, 3, 4),
            actual AS (
                SELECT k.project_id, k.day, k.dimension, k.key, k.cost_usd, k.requests, k.input_tokens, k.output_tokens
                FROM trace_key_rollups_daily k JOIN ready r ON r.project_id = k.project_id AND r.day = k.day)
            SELECT coalesce(e.project_id, a.project_id), coalesce(e.day, a.day), coalesce(e.dimension, a.dimension),
                   coalesce(e.key, a.key), e.cost_usd::text, a.cost_usd::text, e.requests, a.requests,
                   e.input_tokens, a.input_tokens, e.output_tokens, a.output_tokens
            FROM expected e FULL JOIN actual a
              ON e.project_id = a.project_id AND e.day = a.day AND e.dimension = a.dimension AND e.key IS NOT DISTINCT FROM a.key
            WHERE e.cost_usd IS DISTINCT FROM a.cost_usd OR e.requests IS DISTINCT FROM a.requests
               OR e.input_tokens IS DISTINCT FROM a.input_tokens OR e.output_tokens IS DISTINCT FROM a.output_tokens
            ORDER BY 1, 2, 3, 4
            """);
        cmd.CommandTimeout = 0;
        cmd.Parameters.AddWithValue("p", NpgsqlDbType.Text, (object?)project ?? DBNull.Value);
        var differences = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            string Value(int i) => reader.IsDBNull(i) ? "none" : reader.GetValue(i).ToString()!;
            differences.Add(
                $"trace-key rollup {reader.GetString(0)}/{reader.GetDateTime(1):yyyy-MM-dd}/{reader.GetString(2)}/{Value(3)}: " +
                $"cost {Value(4)} expected, {Value(5)} stored; calls {Value(6)}/{Value(7)}; input {Value(8)}/{Value(9)}; output {Value(10)}/{Value(11)}");
        }

        differences.AddRange(await SessionTopNDifferencesAsync(dataSource, project, ct));
        return differences;
    }

    /// <summary>
    /// What the session top-N (<c>0300_session_rollup_top_n.sql</c>) relies on: a ready day's total equals the cost of its
    /// stored traces, and every session key with rows on more than one day (daily, or hourly and daily) is listed as multi-day; and every row of a
    /// ready hour (<c>0301_trace_key_rollups_hourly.sql</c>) against the grouping of that hour's traces.
    /// </summary>
    private static async Task<IReadOnlyList<string>> SessionTopNDifferencesAsync(NpgsqlDataSource dataSource, string? project, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            """
            SELECT r.project_id, r.day, r.cost_usd::text, t.cost::text
            FROM trace_key_rollup_days r
            CROSS JOIN LATERAL (SELECT coalesce(sum(cost_usd), 0) AS cost FROM traces
                                WHERE project_id = r.project_id AND start_time >= r.day AND start_time < r.day + interval '1 day') t
            WHERE (@p::text IS NULL OR r.project_id = @p)
              AND NOT EXISTS (SELECT 1 FROM trace_key_rollup_stale s WHERE s.project_id = r.project_id AND s.day = r.day)
              AND r.cost_usd IS DISTINCT FROM t.cost
            ORDER BY 1, 2;
            SELECT DISTINCT k.project_id, k.key
            FROM trace_key_rollups_daily k
            WHERE (@p::text IS NULL OR k.project_id = @p) AND k.dimension = 'session' AND k.key IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM trace_key_multiday_sessions m WHERE m.project_id = k.project_id AND m.key = k.key)
              AND (EXISTS (SELECT 1 FROM trace_key_rollups_daily o
                           WHERE o.project_id = k.project_id AND o.dimension = 'session' AND o.key = k.key AND o.day <> k.day)
                   OR EXISTS (SELECT 1 FROM trace_key_rollups_hourly o
                              WHERE o.project_id = k.project_id AND o.dimension = 'session' AND o.key = k.key
                                AND trace_key_rollup_day(o.hour) <> k.day))
            ORDER BY 1, 2;
            WITH ready AS (
                SELECT r.project_id, r.hour FROM trace_key_rollup_hours r
                WHERE (@p::text IS NULL OR r.project_id = @p)
                  AND NOT EXISTS (SELECT 1 FROM trace_key_rollup_stale_hours s WHERE s.project_id = r.project_id AND s.hour = r.hour)),
            expected AS (
                SELECT t.project_id, r.hour, d.dimension, CASE d.dimension WHEN 'user' THEN t.user_id ELSE t.session_id END AS key,
                       sum(t.cost_usd) AS cost_usd, sum(t.llm_call_count)::bigint AS requests,
                       sum(t.input_tokens)::bigint AS input_tokens, sum(t.output_tokens)::bigint AS output_tokens
                FROM ready r
                JOIN traces t ON t.project_id = r.project_id AND t.start_time >= r.hour AND t.start_time < r.hour + interval '1 hour'
                CROSS JOIN (VALUES ('user'), ('session')) AS d(dimension)
                GROUP BY 1, 2, 3, 4),
            actual AS (
                SELECT k.project_id, k.hour, k.dimension, k.key, k.cost_usd, k.requests, k.input_tokens, k.output_tokens
                FROM trace_key_rollups_hourly k JOIN ready r ON r.project_id = k.project_id AND r.hour = k.hour)
            SELECT coalesce(e.project_id, a.project_id), coalesce(e.hour, a.hour), coalesce(e.dimension, a.dimension),
                   coalesce(e.key, a.key), e.cost_usd::text, a.cost_usd::text
            FROM expected e FULL JOIN actual a
              ON e.project_id = a.project_id AND e.hour = a.hour AND e.dimension = a.dimension AND e.key IS NOT DISTINCT FROM a.key
            WHERE e.cost_usd IS DISTINCT FROM a.cost_usd OR e.requests IS DISTINCT FROM a.requests
               OR e.input_tokens IS DISTINCT FROM a.input_tokens OR e.output_tokens IS DISTINCT FROM a.output_tokens
            ORDER BY 1, 2, 3, 4;
            """);
        cmd.CommandTimeout = 0;
        cmd.Parameters.AddWithValue("p", NpgsqlDbType.Text, (object?)project ?? DBNull.Value);
        var differences = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            differences.Add(
                $"trace-key rollup day {reader.GetString(0)}/{reader.GetDateTime(1):yyyy-MM-dd}: total cost " +
                $"{(reader.IsDBNull(2) ? "none" : reader.GetString(2))} stored, {reader.GetString(3)} in its traces");
        }

        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            differences.Add(
                $"trace-key rollup session {reader.GetString(0)}/{reader.GetString(1)}: rows on more than one day but not listed in trace_key_multiday_sessions");
        }

        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            string Value(int i) => reader.IsDBNull(i) ? "none" : reader.GetValue(i).ToString()!;
            differences.Add(
                $"trace-key hourly rollup {reader.GetString(0)}/{reader.GetDateTime(1):yyyy-MM-dd HH:mm}/{reader.GetString(2)}/{Value(3)}: " +
                $"cost {Value(4)} expected, {Value(5)} stored (or calls or tokens differ)");
        }

        return differences;
    }
}
