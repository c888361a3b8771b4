using System.Buffers;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Observatory.Core.Spans;
using Observatory.Gateway.Otlp.Proto.Collector.Trace.V1;
using Observatory.Gateway.Otlp.Proto.Common.V1;
using Observatory.Gateway.Otlp.Proto.Trace.V1;

namespace Observatory.Gateway.Otlp.Decoding;

/// <summary>OTLP protobuf (<c>ExportTraceServiceRequest</c>) to protocol-neutral <see cref="SpanData"/>.</summary>
public static class OtlpProtobufDecoder
{
    /// <summary>Parses and decodes the body of an OTLP/HTTP protobuf request.</summary>
    /// <exception cref="OtlpDecodeException">The bytes are not a valid request.</exception>
    public static IReadOnlyList<SpanData> Decode(ReadOnlySequence<byte> body)
    {
        ExportTraceServiceRequest request;
        try
        {
            request = ExportTraceServiceRequest.Parser.ParseFrom(body);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new OtlpDecodeException($"invalid protobuf ExportTraceServiceRequest: {ex.Message}", ex);
        }

        return Decode(request);
    }

    /// <summary>Decodes an already parsed request (the gRPC path).</summary>
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
                var scopeName = OtlpValues.NullIfEmpty(scopeSpans.Scope?.Name);
                var scopeVersion = OtlpValues.NullIfEmpty(scopeSpans.Scope?.Version);
                for (var i = 0; i < scopeSpans.Spans.Count; i++)
                {
                    var location = new SpanLocation(r, s, i);
                    spans.Add(ToSpanData(scopeSpans.Spans[i], location, resourceAttributes, scopeName, scopeVersion));
                }
            }
        }

        return spans;
    }

    private static SpanData ToSpanData(Span span, SpanLocation at, IReadOnlyList<KeyValuePair<string, object?>> resourceAttributes,
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

        if (!OtlpIds.TryParentFromBytes(span.ParentSpanId.Span, out var parentSpanId, out problem))
        {
            throw OtlpDecodeException.At(at.Field("parentSpanId"), problem);
        }

        return new SpanData
        {
            TraceId = traceId,
            SpanId = spanId,
            ParentSpanId = parentSpanId,
            Name = span.Name,
            Kind = OtlpValues.ToSpanKind((int)span.Kind),
            StartUnixNano = ToUnixNano(span.StartTimeUnixNano, at, "startTimeUnixNano"),
            EndUnixNano = ToUnixNano(span.EndTimeUnixNano, at, "endTimeUnixNano"),
            Status = OtlpValues.ToStatusCode((int)(span.Status?.Code ?? Status.Types.StatusCode.Unset)),
            StatusMessage = OtlpValues.NullIfEmpty(span.Status?.Message),
            Attributes = ToAttributes(span.Attributes),
            Events = ToEvents(span.Events, at),
            ResourceAttributes = resourceAttributes,
            ScopeName = scopeName,
            ScopeVersion = scopeVersion,
        };
    }

    private static IReadOnlyList<SpanEventData> ToEvents(RepeatedField<Span.Types.Event> events, SpanLocation at)
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
            result[e] = new SpanEventData(ev.Name, time, ToAttributes(ev.Attributes));
        }

        return result;
    }

    private static long ToUnixNano(ulong value, SpanLocation at, string field) =>
        OtlpValues.TryToUnixNano(value, out var unixNano, out var problem)
            ? unixNano
            : throw OtlpDecodeException.At(at.Field(field), problem);

    private static IReadOnlyList<KeyValuePair<string, object?>> ToAttributes(RepeatedField<KeyValue> attributes)
    {
        if (attributes.Count == 0)
        {
            return [];
        }

        var result = new KeyValuePair<string, object?>[attributes.Count];
        for (var a = 0; a < attributes.Count; a++)
        {
            result[a] = new(attributes[a].Key, ToValue(attributes[a].Value));
        }

        return result;
    }

    // Nesting depth is bounded by the protobuf parser's recursion limit, so this recursion is too.
    private static object? ToValue(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue,
        AnyValue.ValueOneofCase.IntValue => value.IntValue,
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue,
        AnyValue.ValueOneofCase.BytesValue => value.BytesValue.ToByteArray(),
        AnyValue.ValueOneofCase.ArrayValue => value.ArrayValue.Values.Select(ToValue).ToArray(),
        AnyValue.ValueOneofCase.KvlistValue => ToAttributes(value.KvlistValue.Values),
        _ => null,
    };

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

    /// <summary>Where a span sits in the request; the path string is built only for an error message.</summary>
    private readonly record struct SpanLocation(int Resource, int Scope, int Span)
    {
        public string Field(string field) => $"resourceSpans[{Resource}].scopeSpans[{Scope}].spans[{Span}].{field}";
    }
}
