using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using Observatory.Core.Ingest;
using Observatory.Core.Logs;
using Observatory.Storage.Scores;

namespace Observatory.Storage.Logs;

/// <summary>
/// Stores GenAI log events durably, one transaction per export: binary COPY into a staging table, then into
/// <c>log_events</c> with ON CONFLICT DO NOTHING so a retried export stores nothing twice.
/// </summary>
public sealed class LogEventWriter(NpgsqlDataSource dataSource)
{
    /// <summary>Stores the records; returns how many were new. Throws <see cref="IngestUnavailableException"/> when the database fails.</summary>
    public async Task<int> WriteAsync(string projectId, IReadOnlyList<LogEventRecord> records, CancellationToken ct)
    {
        if (records.Count == 0)
        {
            return 0;
        }

        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            var started = Stopwatch.GetTimestamp();
            await using var tx = await connection.BeginTransactionAsync(ct);
            await using (var create = new NpgsqlCommand("CREATE TEMP TABLE incoming_log_events (LIKE log_events INCLUDING DEFAULTS) ON COMMIT DROP", connection, tx))
            {
                await create.ExecuteNonQueryAsync(ct);
            }

            await using (var importer = await connection.BeginBinaryImportAsync(
                "COPY incoming_log_events (project_id, trace_id, span_id, record_hash, time_unix_nano, event_name, severity_number, body, " +
                "attributes, input_part, output_part) FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var r in records)
                {
                    await importer.StartRowAsync(ct);
                    await importer.WriteAsync(projectId, NpgsqlDbType.Text, ct);
                    await importer.WriteAsync(r.TraceId, NpgsqlDbType.Text, ct);
                    await importer.WriteAsync(r.SpanId, NpgsqlDbType.Text, ct);
                    await importer.WriteAsync(r.RecordHash, NpgsqlDbType.Text, ct);
                    await importer.WriteAsync(r.TimeUnixNano, NpgsqlDbType.Bigint, ct);
                    await WriteNullableAsync(importer, r.EventName, NpgsqlDbType.Text, ct);
                    await importer.WriteAsync(r.SeverityNumber, NpgsqlDbType.Integer, ct);
                    await WriteNullableAsync(importer, r.BodyJson, NpgsqlDbType.Jsonb, ct);
                    await importer.WriteAsync(r.AttributesJson, NpgsqlDbType.Jsonb, ct);
                    await WriteNullableAsync(importer, r.InputPart, NpgsqlDbType.Text, ct);
                    await WriteNullableAsync(importer, r.OutputPart, NpgsqlDbType.Text, ct);
                }

                await importer.CompleteAsync(ct);
            }

            int inserted;
            await using (var move = new NpgsqlCommand("INSERT INTO log_events SELECT * FROM incoming_log_events ON CONFLICT DO NOTHING", connection, tx))
            {
                inserted = await move.ExecuteNonQueryAsync(ct);
            }

            // Evaluation results among the records become scores in the same transaction, stored once.
            await ScoreLedger.AddAsync(connection, tx, [.. records.Where(r => r.Score is not null).Select(r => (projectId, r.Score!))], ct);
            await tx.CommitAsync(ct);
            StorageMetrics.Committed("log_events", records.Count, started);
            return inserted;
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            StorageMetrics.WriteFailed("log_events");
            throw new IngestUnavailableException("The log store is unavailable: " + ex.Message, ex);
        }
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter importer, string? value, NpgsqlDbType type, CancellationToken ct) =>
        value is null ? importer.WriteNullAsync(ct) : importer.WriteAsync(value, type, ct);
}
