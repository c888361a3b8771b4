using Npgsql;
using NpgsqlTypes;
using Observatory.Core.Spans;
using Observatory.Core.Traces;

namespace Observatory.Storage.Traces;

/// <summary>The binary COPY layout of a <c>traces</c> row; the one place that maps a summary to its columns.</summary>
public static class TraceSummaryCopyFormat
{
    public static string CopyCommand(string table) =>
        $"COPY {table} (project_id, trace_id, service_name, root_span_name, has_root, start_time, end_time, duration_ms, " +
        "span_count, llm_call_count, error_count, input_tokens, output_tokens, cost_usd, models, user_id, session_id) FROM STDIN (FORMAT BINARY)";

    public static async Task WriteRowAsync(NpgsqlBinaryImporter importer, string projectId, TraceSummary s, CancellationToken ct)
    {
        await importer.StartRowAsync(ct);
        await importer.WriteAsync(projectId, NpgsqlDbType.Text, ct);
        await importer.WriteAsync(s.TraceId, NpgsqlDbType.Text, ct);
        await importer.WriteAsync(s.ServiceName, NpgsqlDbType.Text, ct);
        await importer.WriteAsync(s.RootSpanName, NpgsqlDbType.Text, ct);
        await importer.WriteAsync(s.HasRoot, NpgsqlDbType.Boolean, ct);
        await importer.WriteAsync(UnixNano.ToDateTime(s.StartUnixNano), NpgsqlDbType.TimestampTz, ct);
        await importer.WriteAsync(UnixNano.ToDateTime(s.EndUnixNano), NpgsqlDbType.TimestampTz, ct);
        await importer.WriteAsync(s.DurationMs, NpgsqlDbType.Double, ct);
        await importer.WriteAsync(s.SpanCount, NpgsqlDbType.Integer, ct);
        await importer.WriteAsync(s.LlmCallCount, NpgsqlDbType.Integer, ct);
        await importer.WriteAsync(s.ErrorCount, NpgsqlDbType.Integer, ct);
        await importer.WriteAsync(s.InputTokens, NpgsqlDbType.Bigint, ct);
        await importer.WriteAsync(s.OutputTokens, NpgsqlDbType.Bigint, ct);
        await importer.WriteAsync(s.CostUsd, NpgsqlDbType.Numeric, ct);
        await importer.WriteAsync(s.Models.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
        await WriteNullableTextAsync(importer, s.UserId, ct);
        await WriteNullableTextAsync(importer, s.SessionId, ct);
    }

    private static Task WriteNullableTextAsync(NpgsqlBinaryImporter importer, string? value, CancellationToken ct) =>
        value is null ? importer.WriteNullAsync(ct) : importer.WriteAsync(value, NpgsqlDbType.Text, ct);
}
