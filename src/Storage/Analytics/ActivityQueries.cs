using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using Observatory.Core.Traces;

namespace Observatory.Storage.Analytics;

/// <summary>Activity of one session or user: its traces summed (a trace belongs to the user and session its spans named).</summary>
public sealed record ActivityRow(
    string Key, string? UserId, DateTime FirstSeen, DateTime LastSeen, long Sessions, long Traces, long LlmCalls, long Errors,
    long InputTokens, long OutputTokens, decimal CostUsd);

/// <summary>Keyset position in a session or user list (newest activity first): the last row's (last seen, key).</summary>
public sealed record ActivityCursor(DateTime LastSeen, string Key)
{
    public string Encode() =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{LastSeen.Ticks.ToString(CultureInfo.InvariantCulture)}|{Key}"))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static ActivityCursor? TryDecode(string text)
    {
        try
        {
            var base64 = text.Replace('-', '+').Replace('_', '/');
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=')));
            var bar = decoded.IndexOf('|');
            return bar > 0 && long.TryParse(decoded.AsSpan(0, bar), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks <= DateTime.MaxValue.Ticks
                ? new ActivityCursor(new DateTime(ticks, DateTimeKind.Utc), decoded[(bar + 1)..])
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>A page of sessions or users and the cursor of the next page (null on the last).</summary>
public sealed record ActivityPage(IReadOnlyList<ActivityRow> Rows, ActivityCursor? Next);

/// <summary>One LLM call in a session's timeline.</summary>
public sealed record LlmCallRow(
    string TraceId, string SpanId, DateTime StartTime, string? Provider, string? Model, string? Operation, double DurationMs,
    double? TtftMs, long? InputTokens, long? OutputTokens, decimal? CostUsd, bool IsError);

/// <summary>Per-model usage of one user.</summary>
public sealed record ModelShareRow(string? Provider, string? Model, long Requests, long InputTokens, long OutputTokens, decimal CostUsd);

/// <summary>
/// Sessions and users, read from the trace summaries (indexed by 0201_analytics on project, user/session and time):
/// lists newest activity first with keyset paging, and the traces, calls and models of one session or user.
/// </summary>
public sealed partial class ActivityQueries(NpgsqlDataSource dataSource)
{
    /// <summary>Sessions or users with a trace that started in [from, to); <paramref name="user"/> narrows sessions to one user.</summary>
    public async Task<ActivityPage> ListAsync(
        string projectId, AnalyticsDimension dimension, DateTime from, DateTime to, string? user, string? key, int limit,
        ActivityCursor? after, CancellationToken ct)
    {
        var column = KeyColumn(dimension);
        await using var cmd = dataSource.CreateCommand();
        var sql = new StringBuilder(
            $"""
            SELECT {column}, min(user_id), min(start_time), max(end_time), count(DISTINCT session_id), count(*),
                   sum(llm_call_count)::bigint, sum(error_count)::bigint, sum(input_tokens)::bigint, sum(output_tokens)::bigint,
                   sum(cost_usd)
            FROM traces
            WHERE project_id = @project AND {column} IS NOT NULL AND start_time >= @from AND start_time < @to
            """);
        if (user is not null)
        {
            sql.Append(" AND user_id = @user");
            cmd.Parameters.AddWithValue("user", user);
        }

        if (key is not null)
        {
            sql.Append($" AND {column} = @key");
            cmd.Parameters.AddWithValue("key", key);
        }

        if (WalkShortcut && key is null && after is null)
        {
            // The first page: only the keys whose newest trace ends last (see ActivityQueries.Walk).
            if (await NewestKeysAsync(projectId, column, from, to, user, limit + 1, ct) is { } keys)
            {
                if (keys.Length == 0)
                {
                    return new ActivityPage([], null);
                }

                sql.Append($" AND {column} = ANY(@keys)");
                cmd.Parameters.AddWithValue("keys", keys);
            }
        }

        sql.Append($" GROUP BY {column}");
        if (after is not null)
        {
            sql.Append($" HAVING (max(end_time), {column}) < (@afterTime, @afterKey)");
            cmd.Parameters.AddWithValue("afterTime", NpgsqlDbType.TimestampTz, after.LastSeen);
            cmd.Parameters.AddWithValue("afterKey", after.Key);
        }

        sql.Append($" ORDER BY max(end_time) DESC, {column} DESC LIMIT @limit");
        AnalyticsSql.AddRange(cmd, projectId, from, to);
        cmd.Parameters.AddWithValue("limit", limit + 1);
        cmd.CommandText = sql.ToString();
        var rows = new List<ActivityRow>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                rows.Add(new ActivityRow(
                    reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetDateTime(2), reader.GetDateTime(3),
                    reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8),
                    reader.GetInt64(9), reader.GetDecimal(10)));
            }
        }

        ActivityCursor? next = null;
        if (rows.Count > limit)
        {
            rows.RemoveAt(rows.Count - 1);
            next = new ActivityCursor(rows[^1].LastSeen, rows[^1].Key);
        }

        return new ActivityPage(rows, next);
    }

    /// <summary>Traces of one session or user that started in [from, to), earliest first (or newest first), at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<TraceSummary>> TracesAsync(
        string projectId, AnalyticsDimension dimension, string key, DateTime from, DateTime to, bool newestFirst, int limit, CancellationToken ct)
    {
        var order = newestFirst ? "start_time DESC, trace_id DESC" : "start_time, trace_id";
        await using var cmd = dataSource.CreateCommand(
            $"""
            SELECT {TraceRows.Columns} FROM traces
            WHERE project_id = @project AND {KeyColumn(dimension)} = @key AND start_time >= @from AND start_time < @to
            ORDER BY {order} LIMIT @limit
            """);
        AnalyticsSql.AddRange(cmd, projectId, from, to);
        cmd.Parameters.AddWithValue("key", key);
        cmd.Parameters.AddWithValue("limit", limit);
        return await TraceRows.ReadAsync(cmd, ct);
    }

    /// <summary>The model calls of a session's traces that started in [from, to), in time order.</summary>
    public async Task<IReadOnlyList<LlmCallRow>> SessionTimelineAsync(
        string projectId, string sessionId, DateTime from, DateTime to, int limit, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand();
        cmd.CommandText =
            $"""
            SELECT s.trace_id, s.span_id, s.start_time, s.provider, coalesce(s.response_model, s.request_model), s.operation,
                   greatest(s.end_unix_nano - s.start_unix_nano, 0) / 1e6::double precision, s.ttft_ms, s.input_tokens,
                   s.output_tokens, s.cost_usd, s.status = @errorStatus
            FROM traces tr JOIN spans s ON s.project_id = tr.project_id AND s.trace_id = tr.trace_id
            WHERE tr.project_id = @project AND tr.session_id = @session AND tr.start_time >= @from AND tr.start_time < @to
              AND {AnalyticsSql.ModelCall(cmd)}
            ORDER BY s.start_unix_nano, s.span_id LIMIT @limit
            """;
        AnalyticsSql.AddRange(cmd, projectId, from, to);
        cmd.Parameters.AddWithValue("session", sessionId);
        cmd.Parameters.AddWithValue("errorStatus", AnalyticsSql.ErrorStatus);
        cmd.Parameters.AddWithValue("limit", limit);
        var calls = new List<LlmCallRow>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            calls.Add(new LlmCallRow(
                reader.GetString(0), reader.GetString(1), reader.GetDateTime(2), NullableString(reader, 3), NullableString(reader, 4),
                NullableString(reader, 5), reader.GetDouble(6), reader.IsDBNull(7) ? null : reader.GetDouble(7),
                reader.IsDBNull(8) ? null : reader.GetInt64(8), reader.IsDBNull(9) ? null : reader.GetInt64(9),
                reader.IsDBNull(10) ? null : reader.GetDecimal(10), reader.GetBoolean(11)));
        }

        return calls;
    }

    /// <summary>The models a user's traces called in [from, to), most expensive first.</summary>
    public async Task<IReadOnlyList<ModelShareRow>> UserModelsAsync(
        string projectId, string userId, DateTime from, DateTime to, int limit, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand();
        cmd.CommandText =
            $"""
            SELECT s.provider, coalesce(s.response_model, s.request_model), count(*), sum(coalesce(s.input_tokens, 0))::bigint,
                   sum(coalesce(s.output_tokens, 0))::bigint, coalesce(sum(s.cost_usd), 0) AS cost
            FROM traces tr JOIN spans s ON s.project_id = tr.project_id AND s.trace_id = tr.trace_id
            WHERE tr.project_id = @project AND tr.user_id = @user AND tr.start_time >= @from AND tr.start_time < @to
              AND {AnalyticsSql.ModelCall(cmd)}
            GROUP BY 1, 2 ORDER BY cost DESC, 3 DESC, 2 LIMIT @limit
            """;
        AnalyticsSql.AddRange(cmd, projectId, from, to);
        cmd.Parameters.AddWithValue("user", userId);
        cmd.Parameters.AddWithValue("limit", limit);
        var rows = new List<ModelShareRow>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new ModelShareRow(
                NullableString(reader, 0), NullableString(reader, 1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetDecimal(5)));
        }

        return rows;
    }

    private static string KeyColumn(AnalyticsDimension dimension) => dimension switch
    {
        AnalyticsDimension.User => "user_id",
        AnalyticsDimension.Session => "session_id",
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "Activity is listed per user or per session."),
    };

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
