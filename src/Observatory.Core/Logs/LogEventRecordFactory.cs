using System.Security.Cryptography;
using System.Text;
using Observatory.Core.Ingest;
using Observatory.Core.Llm;
using Observatory.Core.Scores;
using Observatory.Core.Spans;

namespace Observatory.Core.Logs;

/// <summary>Turns decoded log records into storable ones, extracting GenAI content the same way span events are read.</summary>
public static class LogEventRecordFactory
{
    [ThreadStatic] private static AttributeJsonWriter? jsonWriter;

    /// <summary>The storable record under a project's policy: redacted first, content kept or not.</summary>
    public static LogEventRecord Create(LogRecordData record, ProjectIngestPolicy policy) => Create(policy.Redact(record), policy.CaptureContent);

    public static LogEventRecord Create(LogRecordData record, bool captureContent)
    {
        var json = jsonWriter ??= new AttributeJsonWriter(SpanRecordFactory.MaxAttributeValueBytes);
        var attributes = json.WriteObject(record.Attributes);
        var body = record.Body is null ? null : json.WriteSingle(record.Body);
        var content = captureContent && record.EventName is { } name
            ? LlmContent.FromLogEvent(name, record.Attributes, record.Body)
            : new ContentParts(null, null);
        var hash = Hash(record, attributes, body);
        return new LogEventRecord
        {
            TraceId = record.TraceId ?? "",
            SpanId = record.SpanId ?? "",
            RecordHash = hash,
            TimeUnixNano = record.TimeUnixNano != 0 ? record.TimeUnixNano : record.ObservedTimeUnixNano,
            EventName = record.EventName,
            SeverityNumber = record.SeverityNumber,
            BodyJson = body,
            AttributesJson = attributes,
            InputPart = content.Input,
            OutputPart = content.Output,
            Score = EvaluationEvents.FromLogRecord(record, hash),
        };
    }

    // Equal records (a retried export) hash equal; two distinct events of one span at the same instant do not.
    private static string Hash(LogRecordData record, string attributes, string? body)
    {
        var text = $"{record.TimeUnixNano}|{record.ObservedTimeUnixNano}|{record.EventName}|{record.SeverityNumber}|{record.SeverityText}|{body}|{attributes}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
    }
}
