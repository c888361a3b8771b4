using System.Text;
using Npgsql;
using NpgsqlTypes;
using Observatory.Core.Rollups;
using Observatory.Core.Sketches;
using Observatory.Storage.Rollups;

namespace Observatory.Storage.Analytics;

/// <summary>
/// Time series of LLM calls: counters summed in SQL, latency and time-to-first-token as merged sketches. Model, provider
/// and service series read the minute, hour and day rollups (<see cref="RollupSourceSql"/>) and merge their stored sketches; user, session and
/// operation series read the calls from <c>spans</c> (joined to <c>traces</c> for the user and session) and build
/// sketches in C# from each call's duration — one row per call crosses the wire, so those cost O(calls in range).
/// </summary>
public sealed class MetricsQueries(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<CounterPoint>> CountersAsync(MetricSeriesQuery query, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand();
        var sql = new StringBuilder();
        if (query.ReadsRollups)
        {
            sql.Append($"""
                SELECT {RollupGroup(query)}, date_bin(@interval, bucket_start, @origin) AS bin,
                       sum(request_count)::bigint, sum(error_count)::bigint, sum(input_tokens)::bigint, sum(output_tokens)::bigint,
                       sum(cache_read_tokens)::bigint, sum(cache_write_tokens)::bigint, sum(reasoning_tokens)::bigint, sum(cost_usd)
                FROM {RollupSource(cmd, query)}
                WHERE true
                """);
            AppendRollupFilters(sql, cmd, query.Filters);
        }
        else
        {
            sql.Append($"""
                SELECT {SpanGroup(query)}, date_bin(@interval, s.start_time, @origin) AS bin,
                       count(*), count(*) FILTER (WHERE s.status = @errorStatus), sum(coalesce(s.input_tokens, 0))::bigint,
                       sum(coalesce(s.output_tokens, 0))::bigint, sum(coalesce(s.cache_read_tokens, 0))::bigint,
                       sum(coalesce(s.cache_write_tokens, 0))::bigint, sum(coalesce(s.reasoning_tokens, 0))::bigint, coalesce(sum(s.cost_usd), 0)
                FROM spans s LEFT JOIN traces tr ON tr.project_id = s.project_id AND tr.trace_id = s.trace_id
                WHERE s.project_id = @project AND s.start_time >= @from AND s.start_time < @to AND {AnalyticsSql.ModelCall(cmd)}
                """);
            cmd.Parameters.AddWithValue("errorStatus", AnalyticsSql.ErrorStatus);
            AppendSpanFilters(sql, cmd, query.Filters);
        }

        sql.Append(" GROUP BY 1, 2 ORDER BY 1, 2");
        AddCommon(cmd, query);
        cmd.CommandText = sql.ToString();
        var points = new List<CounterPoint>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            points.Add(new CounterPoint(
                AnalyticsSql.GroupValue(reader, 0), reader.GetDateTime(1), reader.GetInt64(2), reader.GetInt64(3),
                new TokenCounts(reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8)),
                reader.GetDecimal(9)));
        }

        return points;
    }

    /// <summary>Latency (or time to first token) sketches per group and bin, ordered by group then time.</summary>
    public async Task<IReadOnlyList<(string? Group, DateTime Time, LatencySketch Sketch)>> SketchesAsync(
        MetricSeriesQuery query, bool timeToFirstToken, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand();
        var sql = new StringBuilder();
        var rollups = query.ReadsRollups;
        if (rollups)
        {
            var column = timeToFirstToken ? "ttft_sketch" : "latency_sketch";
            sql.Append($"""
                SELECT {RollupGroup(query)}, date_bin(@interval, bucket_start, @origin), {column}
                FROM {RollupSource(cmd, query)}
                WHERE {column} IS NOT NULL
                """);
            AppendRollupFilters(sql, cmd, query.Filters);
        }
        else
        {
            var value = timeToFirstToken ? "s.ttft_ms" : "greatest(s.end_unix_nano - s.start_unix_nano, 0) / 1e6::double precision";
            sql.Append($"""
                SELECT {SpanGroup(query)}, date_bin(@interval, s.start_time, @origin), {value}
                FROM spans s LEFT JOIN traces tr ON tr.project_id = s.project_id AND tr.trace_id = s.trace_id
                WHERE s.project_id = @project AND s.start_time >= @from AND s.start_time < @to AND {AnalyticsSql.ModelCall(cmd)}
                """);
            if (timeToFirstToken)
            {
                sql.Append(" AND s.ttft_ms >= 0 AND s.ttft_ms < 'Infinity'::double precision");
            }

            AppendSpanFilters(sql, cmd, query.Filters);
        }

        AddCommon(cmd, query);
        cmd.CommandText = sql.ToString();
        var merged = new SortedDictionary<(string Group, DateTime Time), (string? Group, LatencySketch Sketch)>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var group = AnalyticsSql.GroupValue(reader, 0);
            var key = (group ?? "", reader.GetDateTime(1));
            if (!merged.TryGetValue(key, out var entry))
            {
                merged[key] = entry = (group, new LatencySketch());
            }

            if (rollups)
            {
                entry.Sketch.Merge(LatencySketch.FromBytes(reader.GetFieldValue<byte[]>(2)));
            }
            else
            {
                entry.Sketch.Add(reader.GetDouble(2));
            }
        }

        return merged.Where(e => !e.Value.Sketch.IsEmpty).Select(e => (e.Value.Group, e.Key.Time, e.Value.Sketch)).ToList();
    }

    /// <summary>Usage of each named model over [from, to), merged from its rollups (all providers and services); absent models are missing.</summary>
    public async Task<IReadOnlyDictionary<string, ModelUsage>> ModelUsageAsync(
        string projectId, IReadOnlyList<string> models, DateTime from, DateTime to, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand();
        cmd.CommandText = $"""
            SELECT model, request_count, error_count, calls_without_usage, input_tokens, output_tokens, cache_read_tokens,
                   cache_write_tokens, reasoning_tokens, cost_usd, latency_sketch, ttft_sketch
            FROM {RollupSourceSql.For(cmd, "project", from, to, RollupResolution.Day)}
            WHERE model = ANY(@models)
            """;
        cmd.Parameters.AddWithValue("project", projectId);
        cmd.Parameters.AddWithValue("models", models.ToArray());
        var usage = new Dictionary<string, ModelUsage>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var row = ModelUsage.Restore(
                new ModelUsageCounters(
                    reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5),
                    reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetDecimal(9)),
                LatencySketch.FromBytes(reader.GetFieldValue<byte[]>(10)),
                reader.IsDBNull(11) ? null : LatencySketch.FromBytes(reader.GetFieldValue<byte[]>(11)));
            var model = reader.GetString(0);
            if (usage.TryGetValue(model, out var total))
            {
                total.Merge(row);
            }
            else
            {
                usage[model] = row;
            }
        }

        return usage;
    }

    /// <summary>The rollups covering the range at the coarsest resolution that still fits the bins.</summary>
    private static string RollupSource(NpgsqlCommand cmd, MetricSeriesQuery query) =>
        RollupSourceSql.For(cmd, "project", query.From, query.To, RollupSourceSql.CoarsestFor(query.Interval));

    private static string RollupGroup(MetricSeriesQuery query) =>
        query.GroupBy is { } g ? AnalyticsSql.RollupColumn(g)! : "NULL::text";

    private static string SpanGroup(MetricSeriesQuery query) =>
        query.GroupBy is { } g ? AnalyticsSql.SpanColumn(g) : "NULL::text";

    private static void AddCommon(NpgsqlCommand cmd, MetricSeriesQuery query)
    {
        AnalyticsSql.AddRange(cmd, query.ProjectId, query.From, query.To);
        cmd.Parameters.AddWithValue("interval", NpgsqlDbType.Interval, query.Interval);
        cmd.Parameters.AddWithValue("origin", NpgsqlDbType.TimestampTz, AnalyticsSql.Epoch);
    }

    private static void AppendRollupFilters(StringBuilder sql, NpgsqlCommand cmd, MetricFilters f)
    {
        Append(sql, cmd, "model", "model", f.Model);
        Append(sql, cmd, "provider", "provider", f.Provider);
        Append(sql, cmd, "service_name", "service", f.Service);
    }

    private static void AppendSpanFilters(StringBuilder sql, NpgsqlCommand cmd, MetricFilters f)
    {
        Append(sql, cmd, AnalyticsSql.SpanColumn(AnalyticsDimension.Model), "model", f.Model);
        Append(sql, cmd, AnalyticsSql.SpanColumn(AnalyticsDimension.Provider), "provider", f.Provider);
        Append(sql, cmd, AnalyticsSql.SpanColumn(AnalyticsDimension.Service), "service", f.Service);
        Append(sql, cmd, AnalyticsSql.SpanColumn(AnalyticsDimension.User), "user", f.User);
        Append(sql, cmd, AnalyticsSql.SpanColumn(AnalyticsDimension.Session), "session", f.Session);
        Append(sql, cmd, AnalyticsSql.SpanColumn(AnalyticsDimension.Operation), "operation", f.Operation);
    }

    private static void Append(StringBuilder sql, NpgsqlCommand cmd, string column, string parameter, string? value)
    {
        if (value is not null)
        {
            sql.Append($" AND {column} = @{parameter}");
            cmd.Parameters.AddWithValue(parameter, value);
        }
    }
}
