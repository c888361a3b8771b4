using Npgsql;
using NpgsqlTypes;

namespace Observatory.Storage.Analytics;

/// <summary>
/// The top sessions by cost over ready rollup days without grouping every session of the range
/// (<c>0300_session_rollup_top_n.sql</c>). A key not listed in <c>trace_key_multiday_sessions</c> has at most one rollup
/// row, so its rollup cost is that row. Read in the caller's snapshot:
/// <list type="bullet">
/// <item>everything outside the ready days grouped by session: ready hours' rows and the remaining traces;</item>
/// <item>the rows of the listed keys and of the null key, summed;</item>
/// <item>each ready day's <c>K</c> most expensive rows of unlisted keys.</item>
/// </list>
/// Those keys' totals are exact. Any other key has at most one row, not among its day's first <c>K</c>, so its rollup cost
/// is at most the largest <c>K</c>-th cost of a full day (bound <c>B</c>). With <c>T</c> the limit-th largest exact total,
/// a raw key whose raw cost plus <c>B</c> reaches <c>T</c> is added with its row; then if <c>B &lt; T</c> no unread key
/// can tie or pass the last row, and the candidates ranked the plain way are the answer. Otherwise <c>K</c> grows, and
/// after that the caller groups every row.
/// </summary>
public sealed partial class CostQueries
{
    private const int FirstRowsPerDay = 64;
    private const int MaxRowsPerDay = 4096;

    /// <summary>Off: session attribution groups every rollup row of the range (tests compare both paths).</summary>
    public bool SessionTopNShortcut { get; init; } = true;

    private int _sessionTopNAnswers;

    /// <summary>Session attributions this instance answered by the top-N bound (tests check the path was taken).</summary>
    internal int SessionTopNAnswers => Volatile.Read(ref _sessionTopNAnswers);

    private readonly record struct KeyOf(bool IsNull, string Value)
    {
        public static KeyOf From(NpgsqlDataReader reader, int ordinal) =>
            reader.IsDBNull(ordinal) ? new KeyOf(true, "") : new KeyOf(false, reader.GetString(ordinal));

        public object Parameter => IsNull ? DBNull.Value : Value;
    }

    private sealed class Sums
    {
        public decimal Cost;
        public long Requests;
        public long Input;
        public long Output;

        public static Sums Read(NpgsqlDataReader reader, int first) => new()
        {
            Cost = reader.GetDecimal(first),
            Requests = reader.GetInt64(first + 1),
            Input = reader.GetInt64(first + 2),
            Output = reader.GetInt64(first + 3),
        };

        public Sums Plus(Sums? other) => other is null
            ? this
            : new Sums { Cost = Cost + other.Cost, Requests = Requests + other.Requests, Input = Input + other.Input, Output = Output + other.Output };
    }

    /// <summary>Null when the bound does not close (or a ready day lacks its total): the caller groups every row.</summary>
    private async Task<Attribution?> TopSessionsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string projectId, IReadOnlyList<DateTime> ready,
        IReadOnlyList<DateTime> readyHours, IReadOnlyList<(DateTime From, DateTime To)> rawIntervals, int limit, CancellationToken ct)
    {
        var days = ready.ToArray();
        var raw = new Dictionary<KeyOf, Sums>();
        var hourly = new HashSet<KeyOf>();
        var rawTotal = 0m;
        decimal? readyTotal;
        var exact = new Dictionary<KeyOf, Sums>();
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            var rawCmd = new NpgsqlBatchCommand();
            var rawWhere = rawIntervals.Count == 0 ? "false" : string.Join(" OR ", rawIntervals.Select((_, i) => $"(start_time >= @f{i} AND start_time < @t{i})"));
            for (var i = 0; i < rawIntervals.Count; i++)
            {
                rawCmd.Parameters.AddWithValue($"f{i}", NpgsqlDbType.TimestampTz, rawIntervals[i].From);
                rawCmd.Parameters.AddWithValue($"t{i}", NpgsqlDbType.TimestampTz, rawIntervals[i].To);
            }

            rawCmd.CommandText = $"""
                SELECT key, sum(cost), sum(requests)::bigint, sum(input)::bigint, sum(output)::bigint, bool_or(hourly)
                FROM (
                    SELECT key, cost_usd AS cost, requests, input_tokens AS input, output_tokens AS output, true AS hourly
                    FROM trace_key_rollups_hourly WHERE project_id = @project AND dimension = 'session' AND hour = ANY (@hours)
                    UNION ALL
                    SELECT session_id, cost_usd, llm_call_count, input_tokens, output_tokens, false
                    FROM traces WHERE project_id = @project AND ({rawWhere})
                ) u GROUP BY key
                """;
            rawCmd.Parameters.AddWithValue("project", projectId);
            rawCmd.Parameters.AddWithValue("hours", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, readyHours.ToArray());
            batch.BatchCommands.Add(rawCmd);

            var totalCmd = new NpgsqlBatchCommand(
                """
                SELECT CASE WHEN count(*) = count(cost_usd) THEN coalesce(sum(cost_usd), 0) END
                FROM trace_key_rollup_days WHERE project_id = @project AND day = ANY (@days)
                """);
            AddProjectAndDays(totalCmd, projectId, days);
            batch.BatchCommands.Add(totalCmd);

            var listedCmd = new NpgsqlBatchCommand(
                """
                SELECT key, sum(cost_usd), sum(requests)::bigint, sum(input_tokens)::bigint, sum(output_tokens)::bigint
                FROM (
                    SELECT r.key, r.cost_usd, r.requests, r.input_tokens, r.output_tokens
                    FROM trace_key_multiday_sessions m
                    JOIN trace_key_rollups_daily r ON r.project_id = m.project_id AND r.dimension = 'session' AND r.key = m.key
                    WHERE m.project_id = @project AND r.day = ANY (@days)
                    UNION ALL
                    SELECT key, cost_usd, requests, input_tokens, output_tokens FROM trace_key_rollups_daily
                    WHERE project_id = @project AND dimension = 'session' AND key IS NULL AND day = ANY (@days)
                ) u GROUP BY key
                """);
            AddProjectAndDays(listedCmd, projectId, days);
            batch.BatchCommands.Add(listedCmd);

            await using var reader = await batch.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var sums = Sums.Read(reader, 1);
                var key = KeyOf.From(reader, 0);
                raw[key] = sums;
                rawTotal += sums.Cost;
                if (reader.GetBoolean(5))
                {
                    hourly.Add(key);
                }
            }

            await reader.NextResultAsync(ct);
            await reader.ReadAsync(ct);
            readyTotal = reader.IsDBNull(0) ? null : reader.GetDecimal(0);
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                exact[KeyOf.From(reader, 0)] = Sums.Read(reader, 1);
            }
        }

        if (readyTotal is null)
        {
            return null;
        }

        // Listed keys and the null key: their rollup sums plus their raw part.
        foreach (var (key, sums) in exact.ToList())
        {
            exact[key] = sums.Plus(raw.GetValueOrDefault(key));
        }

        for (var perDay = FirstRowsPerDay; perDay <= MaxRowsPerDay; perDay *= 4)
        {
            var candidates = new Dictionary<KeyOf, Sums>(exact);
            decimal? bound = null;
            await using (var top = new NpgsqlCommand(
                """
                SELECT d, x.key, x.cost_usd, x.requests, x.input_tokens, x.output_tokens
                FROM unnest(@days) d, LATERAL (
                    SELECT r.key, r.cost_usd, r.requests, r.input_tokens, r.output_tokens
                    FROM trace_key_rollups_daily r
                    WHERE r.project_id = @project AND r.dimension = 'session' AND r.day = d AND r.key IS NOT NULL
                      AND NOT EXISTS (SELECT 1 FROM trace_key_multiday_sessions m WHERE m.project_id = r.project_id AND m.key = r.key)
                    ORDER BY r.cost_usd DESC LIMIT @perDay) x
                """, connection, transaction))
            {
                top.Parameters.AddWithValue("project", projectId);
                top.Parameters.AddWithValue("days", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, days);
                top.Parameters.AddWithValue("perDay", perDay);
                var perDayRead = new Dictionary<DateTime, (int Count, decimal Least)>();
                await using var reader = await top.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    var key = KeyOf.From(reader, 1);
                    var sums = Sums.Read(reader, 2);
                    candidates[key] = sums.Plus(raw.GetValueOrDefault(key));
                    var day = reader.GetDateTime(0);
                    var (count, least) = perDayRead.GetValueOrDefault(day, (0, decimal.MaxValue));
                    perDayRead[day] = (count + 1, Math.Min(least, sums.Cost));
                }

                // A day that filled its perDay rows may have more: each costs at most its least read row.
                foreach (var (count, least) in perDayRead.Values)
                {
                    if (count == perDay && (bound is null || least > bound))
                    {
                        bound = least;
                    }
                }
            }

            // An unlisted key with an hourly row has no ready-day row (0302): its total is its raw part, exact. Any other
            // unlisted raw key may have one unread day row of at most `bound`. In when they could reach the last row.
            var threshold = LimitthLargest(candidates, limit);
            foreach (var key in hourly)
            {
                if (!candidates.ContainsKey(key) && (threshold is null || raw[key].Cost >= threshold))
                {
                    candidates[key] = raw[key];
                }
            }

            threshold = LimitthLargest(candidates, limit);
            var extra = raw.Keys
                .Where(k => !candidates.ContainsKey(k) && !hourly.Contains(k) && (threshold is null || raw[k].Cost + (bound ?? 0m) >= threshold))
                .ToList();
            if (extra.Count > 0)
            {
                var rows = await RowsOfKeysAsync(connection, transaction, projectId, days, extra, ct);
                foreach (var key in extra)
                {
                    candidates[key] = raw[key].Plus(rows.GetValueOrDefault(key));
                }

                threshold = LimitthLargest(candidates, limit);
            }

            // Every unread key: at most one row of at most `bound`, no raw part. Strictly below the last row: it cannot
            // tie on cost and win on calls or key.
            if (bound is null || (threshold is { } t && bound < t))
            {
                Interlocked.Increment(ref _sessionTopNAnswers);
                return await RankAsync(connection, transaction, candidates, limit, readyTotal.Value + rawTotal, ct);
            }
        }

        return null;
    }

    private static void AddProjectAndDays(NpgsqlBatchCommand cmd, string projectId, DateTime[] days)
    {
        cmd.Parameters.AddWithValue("project", projectId);
        cmd.Parameters.AddWithValue("days", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, days);
    }

    /// <summary>The limit-th largest cost among the candidates; null when there are fewer.</summary>
    private static decimal? LimitthLargest(Dictionary<KeyOf, Sums> candidates, int limit) =>
        candidates.Count < limit ? null : candidates.Values.Select(s => s.Cost).OrderByDescending(c => c).ElementAt(limit - 1);

    private static async Task<Dictionary<KeyOf, Sums>> RowsOfKeysAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string projectId, DateTime[] days, List<KeyOf> keys, CancellationToken ct)
    {
        var rows = new Dictionary<KeyOf, Sums>();
        var named = keys.Where(k => !k.IsNull).Select(k => k.Value).ToArray();
        if (named.Length == 0)
        {
            return rows;
        }

        await using var cmd = new NpgsqlCommand(
            """
            SELECT key, sum(cost_usd), sum(requests)::bigint, sum(input_tokens)::bigint, sum(output_tokens)::bigint
            FROM trace_key_rollups_daily
            WHERE project_id = @project AND dimension = 'session' AND key = ANY (@keys) AND day = ANY (@days)
            GROUP BY key
            """, connection, transaction);
        cmd.Parameters.AddWithValue("project", projectId);
        cmd.Parameters.AddWithValue("keys", named);
        cmd.Parameters.AddWithValue("days", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, days);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows[KeyOf.From(reader, 0)] = Sums.Read(reader, 1);
        }

        return rows;
    }

    /// <summary>The candidates in the plain path's order (by PostgreSQL, so keys compare by its collation).</summary>
    private static async Task<Attribution> RankAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Dictionary<KeyOf, Sums> candidates, int limit, decimal total, CancellationToken ct)
    {
        var list = candidates.ToList();
        await using var cmd = new NpgsqlCommand(
            """
            SELECT key, cost, requests, input, output
            FROM unnest(@keys, @costs, @requests, @inputs, @outputs) AS c(key, cost, requests, input, output)
            ORDER BY cost DESC, requests DESC, key NULLS LAST
            LIMIT @limit
            """, connection, transaction);
        cmd.Parameters.AddWithValue("keys", NpgsqlDbType.Array | NpgsqlDbType.Text, list.Select(c => c.Key.Parameter).ToArray());
        cmd.Parameters.AddWithValue("costs", list.Select(c => c.Value.Cost).ToArray());
        cmd.Parameters.AddWithValue("requests", list.Select(c => c.Value.Requests).ToArray());
        cmd.Parameters.AddWithValue("inputs", list.Select(c => c.Value.Input).ToArray());
        cmd.Parameters.AddWithValue("outputs", list.Select(c => c.Value.Output).ToArray());
        cmd.Parameters.AddWithValue("limit", limit);
        var rows = new List<AttributionRow>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new AttributionRow(AnalyticsSql.GroupValue(reader, 0), reader.GetDecimal(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)));
        }

        return new Attribution(rows, rows.Count == 0 ? 0m : total);
    }
}
