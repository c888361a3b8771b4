using Npgsql;
using Observatory.Core.Sketches;

namespace Observatory.Grains.Tests;

/// <summary>A row of the <c>traces</c> table, as written by the ingest transaction.</summary>
internal sealed record TraceRow(
    string ServiceName, string RootSpanName, bool HasRoot, DateTime StartTime, DateTime EndTime, double DurationMs,
    int SpanCount, int LlmCallCount, int ErrorCount, long InputTokens, long OutputTokens, decimal CostUsd,
    string Models, string? UserId, string? SessionId, DateTime UpdatedAt);

/// <summary>A row of the <c>model_rollups</c> table, as written by the ingest transaction.</summary>
internal sealed record RollupRow(
    string ServiceName, DateTime BucketStart, long RequestCount, long ErrorCount, long CallsWithoutUsage,
    long InputTokens, long OutputTokens, decimal CostUsd, long SketchCount);

/// <summary>Reads the product tables directly.</summary>
internal static class StoredRows
{
    public static async Task<TraceRow?> TraceAsync(this NpgsqlDataSource sql, string project, string traceId)
    {
        await using var cmd = sql.CreateCommand(
            """
            SELECT service_name, root_span_name, has_root, start_time, end_time, duration_ms, span_count, llm_call_count,
                   error_count, input_tokens, output_tokens, cost_usd, array_to_string(models, ','), user_id, session_id, updated_at
            FROM traces WHERE project_id = @p AND trace_id = @t
            """);
        cmd.Parameters.AddWithValue("p", project);
        cmd.Parameters.AddWithValue("t", traceId);
        await using var r = await cmd.ExecuteReaderAsync();
        if (!await r.ReadAsync())
        {
            return null;
        }

        return new TraceRow(
            r.GetString(0), r.GetString(1), r.GetBoolean(2), r.GetDateTime(3), r.GetDateTime(4), r.GetDouble(5),
            r.GetInt32(6), r.GetInt32(7), r.GetInt32(8), r.GetInt64(9), r.GetInt64(10), r.GetDecimal(11),
            r.GetString(12), r.IsDBNull(13) ? null : r.GetString(13), r.IsDBNull(14) ? null : r.GetString(14), r.GetDateTime(15));
    }

    /// <summary>All rollup rows of one model at one resolution (minutes unless said), ordered by bucket then service.</summary>
    public static async Task<List<RollupRow>> RollupsAsync(
        this NpgsqlDataSource sql, string project, string provider, string model, string table = "model_rollups")
    {
        await using var cmd = sql.CreateCommand(
            $"""
            SELECT service_name, bucket_start, request_count, error_count, calls_without_usage, input_tokens, output_tokens,
                   cost_usd, latency_sketch
            FROM {table} WHERE project_id = @p AND provider = @provider AND model = @model
            ORDER BY bucket_start, service_name
            """);
        cmd.Parameters.AddWithValue("p", project);
        cmd.Parameters.AddWithValue("provider", provider);
        cmd.Parameters.AddWithValue("model", model);
        var rows = new List<RollupRow>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            rows.Add(new RollupRow(
                r.GetString(0), r.GetDateTime(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6),
                r.GetDecimal(7), LatencySketch.FromBytes(r.GetFieldValue<byte[]>(8)).Count));
        }

        return rows;
    }
}
