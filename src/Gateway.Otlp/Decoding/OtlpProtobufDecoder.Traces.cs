using System.Buffers;
using Google.Protobuf.Collections;
using Observatory.Core.Spans;
using Observatory.Gateway.Otlp.Proto.Collector.Trace.V1;
using Observatory.Gateway.Otlp.Proto.Trace.V1;

namespace Observatory.Gateway.Otlp.Decoding;

/// <summary>The traces signal: <c>ExportTraceServiceRequest</c> to <see cref="SpanData"/>.</summary>
public static partial class OtlpProtobufDecoder
{
    /// <summary>Parses and decodes the body of an OTLP/HTTP protobuf traces request.</summary>
    /// <exception cref="OtlpDecodeException">The bytes are not a valid request.</exception>
    public static IReadOnlyList<SpanData> Decode(ReadOnlySequence<byte> body) =>
        Decode(Parse(ExportTraceServiceRequest.Parser, body));

    /// <summary>Decodes an already parsed request.</summary>
    /// <exception cref="OtlpDecodeException">A span has an invalid id or timestamp.</exception>
    public static IReadOnlyList<SpanData> Decode(ExportTraceServiceRequest request)
    {
        var spans = new List<SpanData>(CountSpans(request));
        for (var r = 0; r < request.ResourceSpans.Count; r++)
        {
            var resourceSpans = request.ResourceSpans[r];
            var resourceAttributes = resourceSpans.Resource is { } resource ? ToAttributes(resource.Attributes) : [];
            for (var s = 0; s < resourceSpans.ScopeSpans.Count; s++)
            {
                var scopeSpans = resourceSpans.ScopeSpans[s];
                var scopeName = OptionalText(scopeSpans.Scope?.Name);
                var scopeVersion = OptionalText(scopeSpans.Scope?.Version);
                for (var i = 0; i < scopeSpans.Spans.Count; i++)
                {
                    var location = new ItemLocation(OtlpEnvelope.Traces, r, s, i);
                    spans.Add(ToSpanData(scopeSpans.Spans[i], location, resourceAttributes, scopeName, scopeVersion));
                }
            }
        }

        return spans;
    }

    private static SpanData ToSpanData(Span span, ItemLocation at, IReadOnlyList<KeyValuePair<string, object?>> resourceAttributes,
        string? scopeName, string? scopeVersion)
    {
        if (!OtlpIds.TryFromBytes(span.TraceId.Span, OtlpIds.TraceIdBytes, out var traceId, out var problem))
        {
            throw OtlpDecodeException.At(at.Field("traceId"), problem);
        }

        if (!OtlpIds.TryFromBytes(span.SpanId.Span, OtlpIds.SpanIdBytes, out var spanId, out problem))
        {
            throw OtlpDecodeException.At(at.Field("spanId"), problem);
        }

        if (!OtlpIds.TryOptionalFromBytes(span.ParentSpanId.Span, OtlpIds.SpanIdBytes, out var parentSpanId, out problem))
        {
            throw OtlpDecodeException.At(at.Field("parentSpanId"), problem);
        }

        return new SpanData
        {
            TraceId = traceId,
            SpanId = spanId,
            ParentSpanId = parentSpanId,
            Name = Text(span.Name),
            Kind = OtlpValues.ToSpanKind((int)span.Kind),
            StartUnixNano = ToUnixNano(span.StartTimeUnixNano, at, "startTimeUnixNano"),
            EndUnixNano = ToUnixNano(span.EndTimeUnixNano, at, "endTimeUnixNano"),
            Status = OtlpValues.ToStatusCode((int)(span.Status?.Code ?? Status.Types.StatusCode.Unset)),
            StatusMessage = OptionalText(span.Status?.Message),
            Attributes = ToAttributes(span.Attributes),
            Events = ToEvents(span.Events, at),
            ResourceAttributes = resourceAttributes,
            ScopeName = scopeName,
            ScopeVersion = scopeVersion,
        };
    }

    private static IReadOnlyList<SpanEventData> ToEvents(RepeatedField<Span.Types.Event> events, ItemLocation at)
    {
        if (events.Count == 0)
        {
            return [];
        }

        var result = new SpanEventData[events.Count];
        for (var e = 0; e < events.Count; e++)
        {
            var ev = events[e];
            var time = ToUnixNano(ev.TimeUnixNano, at, $"events[{e}].timeUnixNano");
            result[e] = new SpanEventData(Text(ev.Name), time, ToAttributes(ev.Attributes));
        }

        return result;
    }

    private static int CountSpans(ExportTraceServiceRequest request)
    {
        var count = 0;
        foreach (var resourceSpans in request.ResourceSpans)
        {
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                count += scopeSpans.Spans.Count;
            }
        }

        return count;
    }
}
