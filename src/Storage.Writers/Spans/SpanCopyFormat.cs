using Npgsql;
using NpgsqlTypes;
using Observatory.Core.Spans;
using Observatory.Storage.Traces;

namespace Observatory.Storage.Spans;

/// <summary>The binary COPY layout of a <c>spans</c> row; the one place that maps a span to its columns.</summary>
public static class SpanCopyFormat
{
    private static readonly string Columns =
        "project_id, trace_id, span_id, parent_span_id, name, kind, service_name, start_time, end_time, start_unix_nano, end_unix_nano, " +
        "status, status_message, error_type, user_id, session_id, is_llm, provider, operation, request_model, response_model, " +
        "input_tokens, output_tokens, cost_usd, finish_reasons, attributes, resource_attributes, events, " +
        "dialect, cache_read_tokens, cache_write_tokens, reasoning_tokens, computed_cost_usd, supplied_cost_usd, cost_source, ttft_ms, input, output, " +
        "emitter, inclusivity, price_entry, price_catalog_version, price_tier_above, cost_unknown_reason, " +
        "text_input_tokens, image_input_tokens, audio_input_tokens, video_input_tokens, text_output_tokens, audio_output_tokens, " +
        "modality_counts_exceed_totals, price_modalities, " +
        AgentToolColumns.List;

    public static string CopyCommand(string table) => $"COPY {table} ({Columns}) FROM STDIN (FORMAT BINARY)";

    public static async Task WriteRowAsync(NpgsqlBinaryImporter importer, string projectId, SpanRecord span, CancellationToken ct)
    {
        var llm = span.Llm;
        await importer.StartRowAsync(ct);
        await importer.WriteAsync(projectId, NpgsqlDbType.Text, ct);
        await importer.WriteAsync(span.TraceId, NpgsqlDbType.Text, ct);
        await importer.WriteAsync(span.SpanId, NpgsqlDbType.Text, ct);
        await WriteNullableAsync(importer, span.ParentSpanId, NpgsqlDbType.Text, ct);
        await importer.WriteAsync(span.Name, NpgsqlDbType.Text, ct);
        await importer.WriteAsync((short)span.Kind, NpgsqlDbType.Smallint, ct);
        await importer.WriteAsync(span.ServiceName, NpgsqlDbType.Text, ct);
        await importer.WriteAsync(UnixNano.ToDateTime(span.StartUnixNano), NpgsqlDbType.TimestampTz, ct);
        await importer.WriteAsync(UnixNano.ToDateTime(span.EndUnixNano), NpgsqlDbType.TimestampTz, ct);
        await importer.WriteAsync(span.StartUnixNano, NpgsqlDbType.Bigint, ct);
        await importer.WriteAsync(span.EndUnixNano, NpgsqlDbType.Bigint, ct);
        await importer.WriteAsync((short)span.Status, NpgsqlDbType.Smallint, ct);
        await WriteNullableAsync(importer, span.StatusMessage, NpgsqlDbType.Text, ct);
        await WriteNullableAsync(importer, span.ErrorType, NpgsqlDbType.Text, ct);
        await WriteNullableAsync(importer, span.UserId, NpgsqlDbType.Text, ct);
        await WriteNullableAsync(importer, span.SessionId, NpgsqlDbType.Text, ct);
        await importer.WriteAsync(llm is not null, NpgsqlDbType.Boolean, ct);
        await WriteNullableAsync(importer, llm?.Provider, NpgsqlDbType.Text, ct);
        await WriteNullableAsync(importer, llm?.Operation, NpgsqlDbType.Text, ct);
        await WriteNullableAsync(importer, llm?.RequestModel, NpgsqlDbType.Text, ct);
        await WriteNullableAsync(importer, llm?.ResponseModel, NpgsqlDbType.Text, ct);
        await WriteNullableAsync(importer, llm?.InputTokens, NpgsqlDbType.Bigint, ct);
        await WriteNullableAsync(importer, llm?.OutputTokens, NpgsqlDbType.Bigint, ct);
        await WriteNullableAsync(importer, llm?.CostUsd, NpgsqlDbType.Numeric, ct);
        if (llm is null)
        {
            await importer.WriteNullAsync(ct);
        }
        else
        {
            await importer.WriteAsync(llm.FinishReasons.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
        }

        await importer.WriteAsync(span.AttributesJson, NpgsqlDbType.Jsonb, ct);
        await importer.WriteAsync(span.ResourceAttributesJson, NpgsqlDbType.Jsonb, ct);
        await importer.WriteAsync(span.EventsJson, NpgsqlDbType.Jsonb, ct);
        await WriteNullableAsync(importer, llm?.Dialect, NpgsqlDbType.Text, ct);
        await WriteNullableAsync(importer, llm?.CacheReadInputTokens, NpgsqlDbType.Bigint, ct);
        await WriteNullableAsync(importer, llm?.CacheCreationInputTokens, NpgsqlDbType.Bigint, ct);
        await WriteNullableAsync(importer, llm?.ReasoningOutputTokens, NpgsqlDbType.Bigint, ct);
        await WriteNullableAsync(importer, llm?.ComputedCostUsd, NpgsqlDbType.Numeric, ct);
        await WriteNullableAsync(importer, llm?.SuppliedCostUsd, NpgsqlDbType.Numeric, ct);
        await WriteNullableAsync(importer, llm?.CostSource, NpgsqlDbType.Text, ct);
        await WriteNullableAsync(importer, llm?.TimeToFirstTokenMs, NpgsqlDbType.Double, ct);
        await WriteNullableAsync(importer, llm?.Input, NpgsqlDbType.Text, ct);
        await WriteNullableAsync(importer, llm?.Output, NpgsqlDbType.Text, ct);
        await WriteNullableAsync(importer, llm?.Emitter, NpgsqlDbType.Text, ct);
        await WriteNullableAsync(importer, llm?.Inclusivity, NpgsqlDbType.Text, ct);
        await WriteNullableAsync(importer, llm?.PriceEntry, NpgsqlDbType.Text, ct);
        await WriteNullableAsync(importer, llm?.PriceCatalogVersion, NpgsqlDbType.Text, ct);
        await WriteNullableAsync(importer, llm?.PriceTierAboveInputTokens, NpgsqlDbType.Bigint, ct);
        await WriteNullableAsync(importer, llm?.CostUnknownReason, NpgsqlDbType.Text, ct);
        await WriteNullableAsync(importer, llm?.TextInputTokens, NpgsqlDbType.Bigint, ct);
        await WriteNullableAsync(importer, llm?.ImageInputTokens, NpgsqlDbType.Bigint, ct);
        await WriteNullableAsync(importer, llm?.AudioInputTokens, NpgsqlDbType.Bigint, ct);
        await WriteNullableAsync(importer, llm?.VideoInputTokens, NpgsqlDbType.Bigint, ct);
        await WriteNullableAsync(importer, llm?.TextOutputTokens, NpgsqlDbType.Bigint, ct);
        await WriteNullableAsync(importer, llm?.AudioOutputTokens, NpgsqlDbType.Bigint, ct);
        await WriteNullableAsync(importer, llm is { HasModalities: true } ? llm.ModalityCountsExceedTotals : (bool?)null, NpgsqlDbType.Boolean, ct);
        await WriteNullableAsync(importer, llm?.PriceModalities, NpgsqlDbType.Text, ct);
        await AgentToolColumns.WriteAsync(importer, span.Agent, ct);
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken ct)
        where T : class =>
        value is null ? importer.WriteNullAsync(ct) : importer.WriteAsync(value, type, ct);

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken ct)
        where T : struct =>
        value is null ? importer.WriteNullAsync(ct) : importer.WriteAsync(value.Value, type, ct);
}
