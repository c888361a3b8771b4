using System.Text;
using Observatory.Core.Logs;

namespace Observatory.Gateway.Otlp.Tests.Samples;

/// <summary>A canonical text form of decoded log records (value types included), in the style of <see cref="SpanDump"/>.</summary>
public static class LogDump
{
    public static string Of(IEnumerable<LogRecordData> records) => string.Join("\n---\n", records.Select(Of));

    public static string Of(LogRecordData record)
    {
        var text = new StringBuilder();
        text.AppendLine($"event={record.EventName ?? "(none)"} trace={record.TraceId ?? "(none)"} span={record.SpanId ?? "(none)"}");
        text.AppendLine($"time={record.TimeUnixNano} observed={record.ObservedTimeUnixNano} severity={record.SeverityNumber} {record.SeverityText ?? "(none)"} scope={record.ScopeName ?? "(none)"}");
        text.AppendLine($"resource={SpanDump.Attributes(record.ResourceAttributes)}");
        text.AppendLine($"attributes={SpanDump.Attributes(record.Attributes)}");
        text.AppendLine($"body={SpanDump.Value(record.Body)}");
        return text.ToString();
    }
}
