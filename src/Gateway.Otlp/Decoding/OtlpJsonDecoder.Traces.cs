using System.Text.Json;
using Observatory.Core.Spans;

namespace Observatory.Gateway.Otlp.Decoding;

/// <summary>The traces signal: <c>ExportTraceServiceRequest</c> in OTLP/JSON to <see cref="SpanData"/>.</summary>
public static partial class OtlpJsonDecoder
{
    private sealed partial class Reader
    {
        public List<SpanData> ReadTraces(JsonElement request) => ReadRequest(request, OtlpEnvelope.Traces, ReadSpan);

        private SpanData ReadSpan(JsonElement span, ItemOrigin origin)
        {
            ExpectObject(span);
            string traceIdText = "", spanIdText = "", parentSpanIdText = "", name = "";
            string? statusMessage = null;
            long kind = 0, statusCode = 0, start = 0, end = 0;
            IReadOnlyList<KeyValuePair<string, object?>> attributes = [];
            IReadOnlyList<SpanEventData> events = [];
            foreach (var field in span.EnumerateObject())
            {
                switch (FieldName(field))
                {
                    case "traceId":
                        traceIdText = Within(field, ReadString);
                        break;
                    case "spanId":
                        spanIdText = Within(field, ReadString);
                        break;
                    case "parentSpanId":
                        parentSpanIdText = Within(field, ReadString);
                        break;
                    case "name":
                        name = Within(field, ReadString);
                        break;
                    case "kind":
                        kind = Within(field, value => ReadEnum(value, SpanKindNames));
                        break;
                    case "startTimeUnixNano":
                        start = Within(field, ReadUnixNano);
                        break;
                    case "endTimeUnixNano":
                        end = Within(field, ReadUnixNano);
                        break;
                    case "attributes":
                        attributes = Within(field, ReadAttributes);
                        break;
                    case "events":
                        events = Within(field, ReadEvents);
                        break;
                    case "status":
                        (statusCode, statusMessage) = Within(field, ReadStatus);
                        break;
                }
            }

            if (!OtlpIds.TryFromHex(traceIdText, OtlpIds.TraceIdBytes, out var traceId, out var problem))
            {
                throw FieldError("traceId", problem);
            }

            if (!OtlpIds.TryFromHex(spanIdText, OtlpIds.SpanIdBytes, out var spanId, out problem))
            {
                throw FieldError("spanId", problem);
            }

            if (!OtlpIds.TryOptionalFromHex(parentSpanIdText, OtlpIds.SpanIdBytes, out var parentSpanId, out problem))
            {
                throw FieldError("parentSpanId", problem);
            }

            return new SpanData
            {
                TraceId = traceId,
                SpanId = spanId,
                ParentSpanId = parentSpanId,
                Name = name,
                Kind = OtlpValues.ToSpanKind(kind),
                StartUnixNano = start,
                EndUnixNano = end,
                Status = OtlpValues.ToStatusCode(statusCode),
                StatusMessage = statusMessage,
                Attributes = attributes,
                Events = events,
                ResourceAttributes = origin.ResourceAttributes,
                ScopeName = origin.ScopeName,
                ScopeVersion = origin.ScopeVersion,
            };
        }

        private (long Code, string? Message) ReadStatus(JsonElement status)
        {
            if (status.ValueKind == JsonValueKind.Null)
            {
                return (0, null);
            }

            ExpectObject(status);
            long code = 0;
            string? message = null;
            foreach (var field in status.EnumerateObject())
            {
                switch (FieldName(field))
                {
                    case "code":
                        code = Within(field, value => ReadEnum(value, StatusCodeNames));
                        break;
                    case "message":
                        message = OtlpValues.NullIfEmpty(Within(field, ReadString));
                        break;
                }
            }

            return (code, message);
        }

        private IReadOnlyList<SpanEventData> ReadEvents(JsonElement events)
        {
            var result = new List<SpanEventData>();
            ForEachItem(events, ev => result.Add(ReadEvent(ev)));
            return result;
        }

        private SpanEventData ReadEvent(JsonElement ev)
        {
            ExpectObject(ev);
            var name = "";
            long time = 0;
            IReadOnlyList<KeyValuePair<string, object?>> attributes = [];
            foreach (var field in ev.EnumerateObject())
            {
                switch (FieldName(field))
                {
                    case "name":
                        name = Within(field, ReadString);
                        break;
                    case "timeUnixNano":
                        time = Within(field, ReadUnixNano);
                        break;
                    case "attributes":
                        attributes = Within(field, ReadAttributes);
                        break;
                }
            }

            return new SpanEventData(name, time, attributes);
        }
    }

    private static readonly Dictionary<string, long> SpanKindNames = new()
    {
        ["SPAN_KIND_UNSPECIFIED"] = 0,
        ["SPAN_KIND_INTERNAL"] = 1,
        ["SPAN_KIND_SERVER"] = 2,
        ["SPAN_KIND_CLIENT"] = 3,
        ["SPAN_KIND_PRODUCER"] = 4,
        ["SPAN_KIND_CONSUMER"] = 5,
    };

    private static readonly Dictionary<string, long> StatusCodeNames = new()
    {
        ["STATUS_CODE_UNSET"] = 0,
        ["STATUS_CODE_OK"] = 1,
        ["STATUS_CODE_ERROR"] = 2,
    };
}
