using System.Text.Json;
using Observatory.Core.Logs;

namespace Observatory.Gateway.Otlp.Decoding;

/// <summary>The logs signal: <c>ExportLogsServiceRequest</c> in OTLP/JSON to <see cref="LogRecordData"/>.</summary>
public static partial class OtlpJsonDecoder
{
    private sealed partial class Reader
    {
        public List<LogRecordData> ReadLogs(JsonElement request) => ReadRequest(request, OtlpEnvelope.Logs, ReadLogRecord);

        private LogRecordData ReadLogRecord(JsonElement record, ItemOrigin origin)
        {
            ExpectObject(record);
            string traceIdText = "", spanIdText = "";
            string? severityText = null, eventName = null;
            long time = 0, observedTime = 0, severityNumber = 0;
            object? body = null;
            IReadOnlyList<KeyValuePair<string, object?>> attributes = [];
            foreach (var field in record.EnumerateObject())
            {
                switch (FieldName(field))
                {
                    case "timeUnixNano":
                        time = Within(field, ReadUnixNano);
                        break;
                    case "observedTimeUnixNano":
                        observedTime = Within(field, ReadUnixNano);
                        break;
                    case "severityNumber":
                        severityNumber = Within(field, value => ReadEnum(value, SeverityNumberNames));
                        break;
                    case "severityText":
                        severityText = OtlpValues.NullIfEmpty(Within(field, ReadString));
                        break;
                    case "body":
                        body = Within(field, ReadAnyValue);
                        break;
                    case "attributes":
                        attributes = Within(field, ReadAttributes);
                        break;
                    case "traceId":
                        traceIdText = Within(field, ReadString);
                        break;
                    case "spanId":
                        spanIdText = Within(field, ReadString);
                        break;
                    case "eventName":
                        eventName = Within(field, ReadString);
                        break;
                }
            }

            if (!OtlpIds.TryOptionalFromHex(traceIdText, OtlpIds.TraceIdBytes, out var traceId, out var problem))
            {
                throw FieldError("traceId", problem);
            }

            if (!OtlpIds.TryOptionalFromHex(spanIdText, OtlpIds.SpanIdBytes, out var spanId, out problem))
            {
                throw FieldError("spanId", problem);
            }

            return new LogRecordData
            {
                TraceId = traceId,
                SpanId = spanId,
                TimeUnixNano = time,
                ObservedTimeUnixNano = observedTime,
                SeverityNumber = OtlpValues.ToSeverityNumber(severityNumber),
                SeverityText = severityText,
                EventName = OtlpValues.ToEventName(eventName, attributes),
                Body = body,
                Attributes = attributes,
                ResourceAttributes = origin.ResourceAttributes,
                ScopeName = origin.ScopeName,
            };
        }
    }

    /// <summary>SEVERITY_NUMBER_UNSPECIFIED, then TRACE, TRACE2 … FATAL4 as 1-24.</summary>
    private static readonly Dictionary<string, long> SeverityNumberNames = BuildSeverityNumberNames();

    private static Dictionary<string, long> BuildSeverityNumberNames()
    {
        var names = new Dictionary<string, long> { ["SEVERITY_NUMBER_UNSPECIFIED"] = 0 };
        string[] levels = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"];
        for (var level = 0; level < levels.Length; level++)
        {
            for (var step = 1; step <= 4; step++)
            {
                names[$"SEVERITY_NUMBER_{levels[level]}{(step == 1 ? "" : step)}"] = (level * 4) + step;
            }
        }

        return names;
    }
}
