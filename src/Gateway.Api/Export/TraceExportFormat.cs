using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using Observatory.Gateway.Api.Traces;
using Parquet;
using Parquet.Schema;

namespace Observatory.Gateway.Api.Export;

/// <summary>
/// A file format for exported trace summaries. Writers consume the rows as they arrive and hand the output on in
/// chunks (<see cref="CheckpointRows"/>), calling the checkpoint after each chunk has reached the stream.
/// </summary>
public abstract class TraceExportFormat
{
    public abstract string Name { get; }
    public abstract string ContentType { get; }
    public abstract string FileExtension { get; }

    /// <summary>Rows per chunk: the response is flushed and a job's progress recorded after each.</summary>
    public virtual int CheckpointRows => 1000;

    /// <summary>Writes every row; <paramref name="checkpoint"/> receives the rows written so far. Returns the row count.</summary>
    public abstract Task<long> WriteAsync(
        IAsyncEnumerable<TraceSummaryDto> rows, Stream output, Func<long, Task> checkpoint, CancellationToken ct);

    /// <summary>Times as ISO-8601 UTC, fraction only as long as needed (the JSON API's form).</summary>
    protected static string FormatTime(DateTime time) =>
        DateTime.SpecifyKind(time, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>Decimals without trailing zeros, as the JSON API writes them.</summary>
    protected static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;

    /// <summary>A trace's models in one text field (CSV and Parquet): joined by ';'.</summary>
    protected static string JoinModels(IReadOnlyList<string> models) => string.Join(';', models);
}

/// <summary>
/// RFC 4180 CSV (CsvHelper): a header row, CRLF line ends, fields holding a comma, quote or line break quoted with
/// doubled quotes. Nulls are empty fields; models are joined by ';'. Values are written as stored: no spreadsheet
/// formula escaping, so the file round-trips exactly.
/// </summary>
public sealed class CsvTraceExport : TraceExportFormat
{
    public override string Name => "csv";
    public override string ContentType => "text/csv; charset=utf-8";
    public override string FileExtension => "csv";

    public static readonly string[] Header =
    [
        "traceId", "serviceName", "rootSpanName", "startTime", "durationMs", "spanCount", "llmCallCount", "errorCount",
        "inputTokens", "outputTokens", "costUsd", "models", "userId", "sessionId",
    ];

    public override async Task<long> WriteAsync(
        IAsyncEnumerable<TraceSummaryDto> rows, Stream output, Func<long, Task> checkpoint, CancellationToken ct)
    {
        // CsvHelper's defaults are RFC 4180: CRLF, no byte order mark, quotes only where needed, no formula escaping.
        await using var csv = CsvWriter.Create(output, CsvWriterOptions.Default, leaveOpen: true);
        foreach (var name in Header)
        {
            csv.WriteField(name);
        }

        await csv.EndRecordAsync(ct);
        long count = 0;
        await foreach (var r in rows.WithCancellation(ct))
        {
            csv.WriteField(r.TraceId);
            csv.WriteField(r.ServiceName);
            csv.WriteField(r.RootSpanName);
            csv.WriteField(FormatTime(r.StartTime));
            csv.WriteField(r.DurationMs.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(r.SpanCount.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(r.LlmCallCount.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(r.ErrorCount.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(r.InputTokens.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(r.OutputTokens.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(Normalize(r.CostUsd).ToString(CultureInfo.InvariantCulture));
            csv.WriteField(JoinModels(r.Models));
            csv.WriteField(r.UserId ?? "");
            csv.WriteField(r.SessionId ?? "");
            await csv.EndRecordAsync(ct);
            if (++count % CheckpointRows == 0)
            {
                await csv.FlushAsync(ct);
                await output.FlushAsync(ct);
                await checkpoint(count);
            }
        }

        await csv.FlushAsync(ct);
        await output.FlushAsync(ct);
        return count;
    }
}

/// <summary>JSON Lines: one trace summary object per line, exactly as <c>GET /api/v1/traces</c> shows it.</summary>
public sealed class JsonLinesTraceExport(JsonSerializerOptions serializerOptions) : TraceExportFormat
{
    public override string Name => "jsonl";
    public override string ContentType => "application/x-ndjson";
    public override string FileExtension => "jsonl";

    public override async Task<long> WriteAsync(
        IAsyncEnumerable<TraceSummaryDto> rows, Stream output, Func<long, Task> checkpoint, CancellationToken ct)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        await using var json = new Utf8JsonWriter(buffer);
        long count = 0;
        await foreach (var r in rows.WithCancellation(ct))
        {
            JsonSerializer.Serialize(json, r, serializerOptions);
            await json.FlushAsync(ct);
            json.Reset();
            buffer.Write("\n"u8);
            if (++count % CheckpointRows == 0)
            {
                await output.WriteAsync(buffer.WrittenMemory, ct);
                buffer.ResetWrittenCount();
                await output.FlushAsync(ct);
                await checkpoint(count);
            }
        }

        await output.WriteAsync(buffer.WrittenMemory, ct);
        await output.FlushAsync(ct);
        return count;
    }
}

/// <summary>
/// Apache Parquet (Parquet.Net): one row group per 10,000 traces, so memory stays bounded whatever the export's size.
/// Times are UTC timestamps, cost a decimal(24,12), models one ';'-joined string column.
/// </summary>
public sealed class ParquetTraceExport : TraceExportFormat
{
    private static readonly DataField<string> TraceId = new("traceId", false);
    private static readonly DataField<string> ServiceName = new("serviceName", false);
    private static readonly DataField<string> RootSpanName = new("rootSpanName", false);
    private static readonly DateTimeDataField StartTime = new("startTime", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: false);
    private static readonly DataField<double> DurationMs = new("durationMs");
    private static readonly DataField<int> SpanCount = new("spanCount");
    private static readonly DataField<int> LlmCallCount = new("llmCallCount");
    private static readonly DataField<int> ErrorCount = new("errorCount");
    private static readonly DataField<long> InputTokens = new("inputTokens");
    private static readonly DataField<long> OutputTokens = new("outputTokens");
    private static readonly DecimalDataField CostUsd = new("costUsd", 24, 12, isNullable: false);
    private static readonly DataField<string> Models = new("models", false);
    private static readonly DataField<string> UserId = new("userId", true);
    private static readonly DataField<string> SessionId = new("sessionId", true);

    private static readonly ParquetSchema Schema = new(
        TraceId, ServiceName, RootSpanName, StartTime, DurationMs, SpanCount, LlmCallCount, ErrorCount, InputTokens, OutputTokens,
        CostUsd, Models, UserId, SessionId);

    public override string Name => "parquet";
    public override string ContentType => "application/vnd.apache.parquet";
    public override string FileExtension => "parquet";
    public override int CheckpointRows => 10_000;

    public override async Task<long> WriteAsync(
        IAsyncEnumerable<TraceSummaryDto> rows, Stream output, Func<long, Task> checkpoint, CancellationToken ct)
    {
        // Parquet.Net asks the stream for its position to record offsets; a response body cannot tell, so count.
        await using var counted = new PositionCountingStream(output);
        long count = 0;
        await using (var writer = await ParquetWriter.CreateAsync(Schema, counted, cancellationToken: ct))
        {
            var batch = new List<TraceSummaryDto>(CheckpointRows);
            await foreach (var r in rows.WithCancellation(ct))
            {
                batch.Add(r);
                if (batch.Count == CheckpointRows)
                {
                    count += await WriteRowGroupAsync(writer, batch, ct);
                    await counted.FlushAsync(ct);
                    await checkpoint(count);
                }
            }

            if (batch.Count > 0 || count == 0)
            {
                count += await WriteRowGroupAsync(writer, batch, ct);
            }
        }

        await counted.FlushAsync(ct);
        return count;
    }

    private static async Task<int> WriteRowGroupAsync(ParquetWriter writer, List<TraceSummaryDto> batch, CancellationToken ct)
    {
        using var group = writer.CreateRowGroup();
        await group.WriteAsync(TraceId, batch.Select(r => r.TraceId).ToList(), null);
        await group.WriteAsync(ServiceName, batch.Select(r => r.ServiceName).ToList(), null);
        await group.WriteAsync(RootSpanName, batch.Select(r => r.RootSpanName).ToList(), null);
        await group.WriteAsync<DateTime>(StartTime, batch.Select(r => DateTime.SpecifyKind(r.StartTime, DateTimeKind.Utc)).ToArray(), cancellationToken: ct);
        await group.WriteAsync<double>(DurationMs, batch.Select(r => r.DurationMs).ToArray(), cancellationToken: ct);
        await group.WriteAsync<int>(SpanCount, batch.Select(r => r.SpanCount).ToArray(), cancellationToken: ct);
        await group.WriteAsync<int>(LlmCallCount, batch.Select(r => r.LlmCallCount).ToArray(), cancellationToken: ct);
        await group.WriteAsync<int>(ErrorCount, batch.Select(r => r.ErrorCount).ToArray(), cancellationToken: ct);
        await group.WriteAsync<long>(InputTokens, batch.Select(r => r.InputTokens).ToArray(), cancellationToken: ct);
        await group.WriteAsync<long>(OutputTokens, batch.Select(r => r.OutputTokens).ToArray(), cancellationToken: ct);
        await group.WriteAsync<decimal>(CostUsd, batch.Select(r => r.CostUsd).ToArray(), cancellationToken: ct);
        await group.WriteAsync(Models, batch.Select(r => JoinModels(r.Models)).ToList(), null);
        await group.WriteAsync(UserId, batch.Select(r => r.UserId).ToList()!, null);
        await group.WriteAsync(SessionId, batch.Select(r => r.SessionId).ToList()!, null);
        var written = batch.Count;
        batch.Clear();
        return written;
    }
}
