using System.Buffers;
using Observatory.Core.Logs;
using Observatory.Gateway.Otlp.Proto.Collector.Logs.V1;
using Observatory.Gateway.Otlp.Proto.Logs.V1;

namespace Observatory.Gateway.Otlp.Decoding;

/// <summary>The logs signal: <c>ExportLogsServiceRequest</c> to <see cref="LogRecordData"/>.</summary>
public static partial class OtlpProtobufDecoder
{
    /// <summary>Parses and decodes the body of an OTLP/HTTP protobuf logs request.</summary>
    /// <exception cref="OtlpDecodeException">The bytes are not a valid request.</exception>
    public static IReadOnlyList<LogRecordData> DecodeLogs(ReadOnlySequence<byte> body) =>
        Decode(Parse(ExportLogsServiceRequest.Parser, body));

    /// <summary>Decodes an already parsed request.</summary>
    /// <exception cref="OtlpDecodeException">A log record has a malformed id or an invalid timestamp.</exception>
    public static IReadOnlyList<LogRecordData> Decode(ExportLogsServiceRequest request)
    {
        var records = new List<LogRecordData>();
        for (var r = 0; r < request.ResourceLogs.Count; r++)
        {
            var resourceLogs = request.ResourceLogs[r];
            var resourceAttributes = resourceLogs.Resource is { } resource ? ToAttributes(resource.Attributes) : [];
            for (var s = 0; s < resourceLogs.ScopeLogs.Count; s++)
            {
                var scopeLogs = resourceLogs.ScopeLogs[s];
                var scopeName = OptionalText(scopeLogs.Scope?.Name);
                for (var i = 0; i < scopeLogs.LogRecords.Count; i++)
                {
                    var location = new ItemLocation(OtlpEnvelope.Logs, r, s, i);
                    records.Add(ToLogRecordData(scopeLogs.LogRecords[i], location, resourceAttributes, scopeName));
                }
            }
        }

        return records;
    }

    private static LogRecordData ToLogRecordData(LogRecord record, ItemLocation at, IReadOnlyList<KeyValuePair<string, object?>> resourceAttributes,
        string? scopeName)
    {
        if (!OtlpIds.TryOptionalFromBytes(record.TraceId.Span, OtlpIds.TraceIdBytes, out var traceId, out var problem))
        {
            throw OtlpDecodeException.At(at.Field("traceId"), problem);
        }

        if (!OtlpIds.TryOptionalFromBytes(record.SpanId.Span, OtlpIds.SpanIdBytes, out var spanId, out problem))
        {
            throw OtlpDecodeException.At(at.Field("spanId"), problem);
        }

        var attributes = ToAttributes(record.Attributes);
        return new LogRecordData
        {
            TraceId = traceId,
            SpanId = spanId,
            TimeUnixNano = ToUnixNano(record.TimeUnixNano, at, "timeUnixNano"),
            ObservedTimeUnixNano = ToUnixNano(record.ObservedTimeUnixNano, at, "observedTimeUnixNano"),
            SeverityNumber = OtlpValues.ToSeverityNumber((int)record.SeverityNumber),
            SeverityText = OptionalText(record.SeverityText),
            EventName = OtlpValues.ToEventName(OptionalText(record.EventName), attributes),
            Body = ToValue(record.Body),
            Attributes = attributes,
            ResourceAttributes = resourceAttributes,
            ScopeName = scopeName,
        };
    }
}
