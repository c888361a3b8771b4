using Npgsql;
using Observatory.Core.Spans;
using Observatory.Core.Traces;

namespace Observatory.Storage.Analytics;

/// <summary>Reads <c>traces</c> rows into <see cref="TraceSummary"/> for the analytics queries.</summary>
internal static class TraceRows
{
    public const string Columns =
        "trace_id, service_name, root_span_name, has_root, start_time, end_time, span_count, llm_call_count, error_count, " +
        "input_tokens, output_tokens, cost_usd, models, user_id, session_id";

    public static async Task<IReadOnlyList<TraceSummary>> ReadAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var rows = new List<TraceSummary>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(Read(reader));
        }

        return rows;
    }

    /// <summary>The summary in the current row, whose first columns are <see cref="Columns"/> in order (any table alias).</summary>
    public static TraceSummary Read(NpgsqlDataReader reader) => new()
    {
        TraceId = reader.GetString(0),
        ServiceName = reader.GetString(1),
        RootSpanName = reader.GetString(2),
        HasRoot = reader.GetBoolean(3),
        StartUnixNano = UnixNano.FromDateTime(reader.GetDateTime(4)),
        EndUnixNano = UnixNano.FromDateTime(reader.GetDateTime(5)),
        SpanCount = reader.GetInt32(6),
        LlmCallCount = reader.GetInt32(7),
        ErrorCount = reader.GetInt32(8),
        InputTokens = reader.GetInt64(9),
        OutputTokens = reader.GetInt64(10),
        CostUsd = reader.GetDecimal(11),
        Models = reader.GetFieldValue<string[]>(12),
        UserId = reader.IsDBNull(13) ? null : reader.GetString(13),
        SessionId = reader.IsDBNull(14) ? null : reader.GetString(14),
    };
}
