using Npgsql;
using NpgsqlTypes;
using Observatory.Core.Rollups;
using Observatory.Core.Traces;
using Observatory.Storage.Rollups;

namespace Observatory.Storage.Analytics;

/// <summary>
/// Cost read side: totals and model/provider/service attribution from the minute, hour and day rollups (<see cref="RollupSourceSql"/>); user, session
/// and trace attribution from the trace summaries (a call belongs to its trace's user and session).
/// </summary>
public sealed partial class CostQueries(NpgsqlDataSource dataSource)
{
    /// <summary>Summed counters of every model call that started in [from, to) (minute resolution).</summary>
    public async Task<ModelUsageCounters> TotalsAsync(string projectId, DateTime from, DateTime to, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand();
        cmd.CommandText = $"""
            SELECT coalesce(sum(request_count), 0)::bigint, coalesce(sum(error_count), 0)::bigint,
                   coalesce(sum(calls_without_usage), 0)::bigint, coalesce(sum(input_tokens), 0)::bigint,
                   coalesce(sum(output_tokens), 0)::bigint, coalesce(sum(cache_read_tokens), 0)::bigint,
                   coalesce(sum(cache_write_tokens), 0)::bigint, coalesce(sum(reasoning_tokens), 0)::bigint, coalesce(sum(cost_usd), 0)
            FROM {RollupSourceSql.For(cmd, "project", from, to, RollupResolution.Day)}
            """;
        cmd.Parameters.AddWithValue("project", projectId);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new ModelUsageCounters(
            reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5),
            reader.GetInt64(6), reader.GetInt64(7), reader.GetDecimal(8));
    }

    /// <summary>The keys of a dimension with the most cost (ties: more calls, then key), and the total over all keys.</summary>
    public async Task<Attribution> AttributeAsync(
        string projectId, AnalyticsDimension dimension, DateTime from, DateTime to, int limit, CancellationToken ct)
    {
        if (AnalyticsSql.RollupColumn(dimension) is null && TraceKeyRollupShortcut &&
            await AttributeFromTraceKeyRollupsAsync(projectId, dimension, from, to, limit, ct) is { } fromRollups)
        {
            return fromRollups;
        }

        await using var cmd = dataSource.CreateCommand();
        var inner = AnalyticsSql.RollupColumn(dimension) is { } column
            ? $"""
              SELECT {column} AS key, sum(cost_usd) AS cost, sum(request_count)::bigint AS requests,
                     sum(input_tokens)::bigint AS input, sum(output_tokens)::bigint AS output
              FROM {RollupSourceSql.For(cmd, "project", from, to, RollupResolution.Day)} GROUP BY 1
              """
            : $"""
              SELECT {TraceColumn(dimension)} AS key, sum(cost_usd) AS cost, sum(llm_call_count)::bigint AS requests,
                     sum(input_tokens)::bigint AS input, sum(output_tokens)::bigint AS output
              FROM traces WHERE project_id = @project AND start_time >= @from AND start_time < @to GROUP BY 1
              """;
        cmd.CommandText = $"""
            SELECT key, cost, requests, input, output, sum(cost) OVER ()
            FROM ({inner}) g
            ORDER BY cost DESC, requests DESC, key NULLS LAST
            LIMIT @limit
            """;
        AnalyticsSql.AddRange(cmd, projectId, from, to);
        cmd.Parameters.AddWithValue("limit", limit);
        var rows = new List<AttributionRow>();
        var total = 0m;
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new AttributionRow(AnalyticsSql.GroupValue(reader, 0), reader.GetDecimal(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)));
            total = reader.GetDecimal(5);
        }

        return new Attribution(rows, total);
    }

    /// <summary>The most expensive traces that started in [from, to).</summary>
    public async Task<IReadOnlyList<TraceSummary>> TopTracesAsync(string projectId, DateTime from, DateTime to, int limit, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            $"""
            SELECT {TraceRows.Columns} FROM traces
            WHERE project_id = @project AND start_time >= @from AND start_time < @to
            ORDER BY cost_usd DESC, start_time DESC, trace_id LIMIT @limit
            """);
        AnalyticsSql.AddRange(cmd, projectId, from, to);
        cmd.Parameters.AddWithValue("limit", limit);
        return await TraceRows.ReadAsync(cmd, ct);
    }

    /// <summary>Cost per UTC day in [from, to); days without calls are absent.</summary>
    public async Task<IReadOnlyList<(DateOnly Day, decimal CostUsd)>> DailyCostAsync(string projectId, DateTime from, DateTime to, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand();
        cmd.CommandText = $"""
            SELECT date_bin('1 day', bucket_start, @origin), sum(cost_usd)
            FROM {RollupSourceSql.For(cmd, "project", from, to, RollupResolution.Day)}
            GROUP BY 1 ORDER BY 1
            """;
        cmd.Parameters.AddWithValue("project", projectId);
        cmd.Parameters.AddWithValue("origin", NpgsqlDbType.TimestampTz, AnalyticsSql.Epoch);
        var days = new List<(DateOnly, decimal)>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            days.Add((DateOnly.FromDateTime(reader.GetDateTime(0)), reader.GetDecimal(1)));
        }

        return days;
    }

    private static string TraceColumn(AnalyticsDimension dimension) => dimension switch
    {
        AnalyticsDimension.User => "user_id",
        AnalyticsDimension.Session => "session_id",
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "Only user and session are attributed from traces."),
    };
}
