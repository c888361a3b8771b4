using Npgsql;
using NpgsqlTypes;

namespace Observatory.Storage.Analytics;

/// <summary>One service and dialect: how many of its model calls had a model, token counts and a cost.</summary>
public sealed record CoverageRow(string Service, string? Dialect, long ModelCalls, long WithModel, long WithTokens, long WithCost, long SuppliedCost);

/// <summary>One reason a cost is unknown, within a service and dialect: how many calls, and a few of them to look at.</summary>
public sealed record CoverageReasonRow(string Service, string? Dialect, string Reason, long Calls, IReadOnlyList<(string TraceId, string SpanId)> Examples);

/// <summary>
/// Cost coverage diagnostics over stored spans: per service and dialect, the model calls (the same rule as every total,
/// <see cref="AnalyticsSql.ModelCall"/>) with a model, with token counts, with a cost, and the reasons stored at ingest
/// (<c>spans.cost_unknown_reason</c>, decided by Core's CostUnknownReason) for the ones without a cost. Grouped counts
/// over the project's spans in [from, to) on the spans_by_time index: nothing is re-derived here.
/// </summary>
public sealed class CoverageQueries(NpgsqlDataSource dataSource)
{
    /// <summary>The reason shown for an unknown cost of a span stored before reasons were recorded (migration 0231).</summary>
    public const string NotRecorded = "not_recorded";

    /// <summary>How many example calls each reason lists.</summary>
    public const int ExamplesPerReason = 3;

    /// <summary>Coverage per service and dialect, most calls first.</summary>
    public async Task<IReadOnlyList<CoverageRow>> CoverageAsync(string projectId, DateTime from, DateTime to, string? service, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand();
        cmd.CommandText = $"""
            SELECT s.service_name, s.dialect, count(*),
                   count(*) FILTER (WHERE coalesce(s.response_model, s.request_model) IS NOT NULL),
                   count(*) FILTER (WHERE s.input_tokens IS NOT NULL OR s.output_tokens IS NOT NULL),
                   count(*) FILTER (WHERE s.cost_usd IS NOT NULL),
                   count(*) FILTER (WHERE s.supplied_cost_usd IS NOT NULL)
            FROM spans s
            WHERE s.project_id = @project AND s.start_time >= @from AND s.start_time < @to
              AND (@service::text IS NULL OR s.service_name = @service) AND {AnalyticsSql.ModelCall(cmd)}
            GROUP BY s.service_name, s.dialect
            ORDER BY count(*) DESC, s.service_name, s.dialect NULLS LAST
            """;
        AddParameters(cmd, projectId, from, to, service);
        var rows = new List<CoverageRow>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new CoverageRow(
                reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6)));
        }

        return rows;
    }

    /// <summary>
    /// Per service, dialect and reason, the model calls without a cost and up to <see cref="ExamplesPerReason"/> of
    /// them (the latest first), most calls first.
    /// </summary>
    public async Task<IReadOnlyList<CoverageReasonRow>> UnknownReasonsAsync(
        string projectId, DateTime from, DateTime to, string? service, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand();
        cmd.CommandText = $"""
            WITH unknown AS (
                SELECT s.service_name, s.dialect, coalesce(s.cost_unknown_reason, @notRecorded) AS reason, s.trace_id, s.span_id,
                       row_number() OVER w AS n, count(*) OVER w AS calls
                FROM spans s
                WHERE s.project_id = @project AND s.start_time >= @from AND s.start_time < @to AND s.cost_usd IS NULL
                  AND (@service::text IS NULL OR s.service_name = @service) AND {AnalyticsSql.ModelCall(cmd)}
                WINDOW w AS (PARTITION BY s.service_name, s.dialect, coalesce(s.cost_unknown_reason, @notRecorded)
                             ORDER BY s.start_time DESC, s.trace_id, s.span_id
                             ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
            )
            SELECT service_name, dialect, reason, calls, array_agg(trace_id ORDER BY n), array_agg(span_id ORDER BY n)
            FROM unknown WHERE n <= @examples
            GROUP BY service_name, dialect, reason, calls
            ORDER BY calls DESC, service_name, dialect NULLS LAST, reason
            """;
        AddParameters(cmd, projectId, from, to, service);
        cmd.Parameters.AddWithValue("notRecorded", NotRecorded);
        cmd.Parameters.AddWithValue("examples", ExamplesPerReason);
        var rows = new List<CoverageReasonRow>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var traces = reader.GetFieldValue<string[]>(4);
            var spans = reader.GetFieldValue<string[]>(5);
            rows.Add(new CoverageReasonRow(
                reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2), reader.GetInt64(3),
                traces.Zip(spans).ToList()));
        }

        return rows;
    }

    private static void AddParameters(NpgsqlCommand cmd, string projectId, DateTime from, DateTime to, string? service)
    {
        AnalyticsSql.AddRange(cmd, projectId, from, to);
        cmd.Parameters.AddWithValue("service", NpgsqlDbType.Text, (object?)service ?? DBNull.Value);
    }
}
