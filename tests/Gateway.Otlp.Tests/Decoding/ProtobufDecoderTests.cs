using System.Buffers;
using Google.Protobuf;
using Observatory.Gateway.Otlp.Decoding;
using Observatory.Gateway.Otlp.Proto.Collector.Trace.V1;
using Observatory.Gateway.Otlp.Tests.Samples;

namespace Observatory.Gateway.Otlp.Tests.Decoding;

public sealed class ProtobufDecoderTests
{
    /// <summary>What <see cref="OtlpSamples"/> decodes to, from either wire format.</summary>
    public const string ExpectedSample = """
        trace=5b8efff798038103d269b633813fc60c span=eee19b7ec3c1b174 parent=(root)
        name=POST /answer kind=Server start=1764163200000000000 end=1764163202500000000
        status=Error message=upstream failed scope=opentelemetry.instrumentation.openai@0.48.0
        resource={service.name: string "support-bot", process.pid: long 4242}
        attributes={http.request.method: string "POST", http.response.status_code: long 500}
        event exception at 1764163202400000000 {exception.type: string "openai.RateLimitError"}

        ---
        trace=5b8efff798038103d269b633813fc60c span=ccb2a7f6fa8d2f3b parent=eee19b7ec3c1b174
        name=chat gpt-4o kind=Client start=1764163200120000000 end=1764163201920000000
        status=Unset message=(none) scope=opentelemetry.instrumentation.openai@0.48.0
        resource={service.name: string "support-bot", process.pid: long 4242}
        attributes={gen_ai.operation.name: string "chat", gen_ai.request.model: string "gpt-4o", gen_ai.usage.input_tokens: long 1200, gen_ai.request.temperature: double 0.2, gen_ai.request.stream: bool True, gen_ai.response.finish_reasons: array [string "stop", long 7], llm.metadata: kvlist {tenant: string "acme", limits: kvlist {rpm: long 60}}, request.hash: bytes deadbeef, empty: null}
        event gen_ai.choice at 1764163201820000000 {index: long 0, finish_reason: string "stop"}

        """;

    [Fact]
    public void Realistic_request_round_trips_through_the_wire_into_span_data()
    {
        var bytes = OtlpSamples.Request().ToByteArray();

        var spans = OtlpProtobufDecoder.Decode(new ReadOnlySequence<byte>(bytes));

        Assert.Equal(ExpectedSample, SpanDump.Of(spans));
    }

    [Fact]
    public void Spans_of_one_resource_share_its_attributes_and_an_empty_request_decodes_to_nothing()
    {
        var spans = OtlpProtobufDecoder.Decode(OtlpSamples.Request());

        Assert.Same(spans[0].ResourceAttributes, spans[1].ResourceAttributes);
        Assert.Empty(OtlpProtobufDecoder.Decode(new ExportTraceServiceRequest()));
        Assert.Empty(OtlpProtobufDecoder.Decode(ReadOnlySequence<byte>.Empty));
    }

    [Fact]
    public void All_zero_parent_span_id_means_root()
    {
        var request = OtlpSamples.SingleSpan();
        request.ResourceSpans[0].ScopeSpans[0].Spans[0].ParentSpanId = ByteString.CopyFrom(new byte[8]);

        Assert.Null(OtlpProtobufDecoder.Decode(request)[0].ParentSpanId);
    }

    public static TheoryData<string, Action<Proto.Trace.V1.Span>, string> InvalidSpans => new()
    {
        { "short trace id", s => s.TraceId = ByteString.CopyFrom(new byte[15]), "traceId: expected 16 bytes, got 15" },
        { "missing trace id", s => s.TraceId = ByteString.Empty, "traceId: expected 16 bytes, got 0" },
        { "zero trace id", s => s.TraceId = ByteString.CopyFrom(new byte[16]), "traceId: must not be all zeros" },
        { "long span id", s => s.SpanId = ByteString.CopyFrom(new byte[9]), "spanId: expected 8 bytes, got 9" },
        { "zero span id", s => s.SpanId = ByteString.CopyFrom(new byte[8]), "spanId: must not be all zeros" },
        { "short parent id", s => s.ParentSpanId = ByteString.CopyFrom(1, 2, 3), "parentSpanId: expected 8 bytes or none, got 3" },
        { "start past 2262", s => s.StartTimeUnixNano = ulong.MaxValue, "startTimeUnixNano: 18446744073709551615 is beyond the largest supported timestamp (9223372036854775807)" },
        { "event past 2262", s => s.Events.Add(new Proto.Trace.V1.Span.Types.Event { Name = "e", TimeUnixNano = ulong.MaxValue }), "events[0].timeUnixNano: 18446744073709551615 is beyond the largest supported timestamp (9223372036854775807)" },
    };

    [Theory]
    [MemberData(nameof(InvalidSpans))]
    public void Invalid_span_is_rejected_with_its_path_and_problem(string because, Action<Proto.Trace.V1.Span> corrupt, string problem)
    {
        var request = OtlpSamples.Request();
        request.ResourceSpans[0].ScopeSpans.Add(new Proto.Trace.V1.ScopeSpans());
        var target = OtlpSamples.SingleSpan().ResourceSpans[0].ScopeSpans[0].Spans[0];
        corrupt(target);
        request.ResourceSpans[0].ScopeSpans[1].Spans.Add(target);

        var error = Assert.Throws<OtlpDecodeException>(() => OtlpProtobufDecoder.Decode(new ReadOnlySequence<byte>(request.ToByteArray())));

        Assert.True(error.Message == $"resourceSpans[0].scopeSpans[1].spans[0].{problem}", $"{because}: {error.Message}");
    }

    [Fact]
    public void Bytes_that_are_not_protobuf_are_rejected_as_invalid_protobuf()
    {
        var error = Assert.Throws<OtlpDecodeException>(() => OtlpProtobufDecoder.Decode(new ReadOnlySequence<byte>(new byte[] { 0x0A, 0x05, 0x01 })));

        Assert.StartsWith("invalid protobuf ExportTraceServiceRequest: ", error.Message);
    }
}
