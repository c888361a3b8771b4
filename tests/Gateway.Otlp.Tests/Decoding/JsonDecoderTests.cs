using System.Text;
using Google.Protobuf;
using Observatory.Core.Spans;
using Observatory.Gateway.Otlp.Decoding;
using Observatory.Gateway.Otlp.Proto.Collector.Trace.V1;
using Observatory.Gateway.Otlp.Tests.Samples;

namespace Observatory.Gateway.Otlp.Tests.Decoding;

public sealed class JsonDecoderTests
{
    private static IReadOnlyList<SpanData> Decode(string json) => OtlpJsonDecoder.Decode(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Otlp_json_decodes_to_the_same_spans_as_the_equivalent_protobuf()
    {
        var fromJson = Decode(OtlpSamples.Json);

        Assert.Equal(ProtobufDecoderTests.ExpectedSample, SpanDump.Of(fromJson));
        Assert.Equal(SpanDump.Of(OtlpProtobufDecoder.Decode(OtlpSamples.Request())), SpanDump.Of(fromJson));
    }

    [Fact]
    public void Hex_ids_are_read_as_hex_where_protobufs_json_parser_silently_reads_base64()
    {
        const string json = """
            {"resourceSpans":[{"scopeSpans":[{"spans":[
              {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"x"}]}]}]}
            """;

        var pitfall = JsonParser.Default.Parse<ExportTraceServiceRequest>(json).ResourceSpans[0].ScopeSpans[0].Spans[0];
        var span = Decode(json).Single();

        Assert.Equal(24, pitfall.TraceId.Length);
        Assert.Equal(12, pitfall.SpanId.Length);
        Assert.Equal("5b8efff798038103d269b633813fc60c", span.TraceId);
        Assert.Equal("eee19b7ec3c1b174", span.SpanId);
    }

    [Fact]
    public void Int64_may_be_a_number_or_a_string_and_enums_a_number_or_a_name()
    {
        var spans = Decode(Request(
            """{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"0000000000000001","kind":"SPAN_KIND_CONSUMER","startTimeUnixNano":"9223372036854775807","endTimeUnixNano":1,"status":{"code":"STATUS_CODE_OK"},"attributes":[{"key":"a","value":{"intValue":"-42"}},{"key":"b","value":{"intValue":42}},{"key":"c","value":{"doubleValue":"NaN"}},{"key":"d","value":{"doubleValue":3}}]}""",
            """{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"0000000000000002","kind":4,"status":{"code":2}}"""));

        Assert.Equal(SpanKind.Consumer, spans[0].Kind);
        Assert.Equal(SpanStatusCode.Ok, spans[0].Status);
        Assert.Equal(long.MaxValue, spans[0].StartUnixNano);
        Assert.Equal(1, spans[0].EndUnixNano);
        Assert.Equal([-42L, 42L, double.NaN, 3.0], spans[0].Attributes.Select(a => a.Value));
        Assert.Equal(SpanKind.Producer, spans[1].Kind);
        Assert.Equal(SpanStatusCode.Error, spans[1].Status);
    }

    [Fact]
    public void Original_proto_field_names_are_accepted_and_unknown_fields_ignored()
    {
        const string json = """
            {"resource_spans":[{"schema_url":"https://opentelemetry.io/schemas/1.26.0","future_field":{"x":[1,2]},
              "resource":{"attributes":[{"key":"service.name","value":{"string_value":"svc"}}],"dropped_attributes_count":0},
              "scope_spans":[{"scope":{"name":"s"},"spans":[{"trace_id":"5b8efff798038103d269b633813fc60c","span_id":"eee19b7ec3c1b174",
                "parent_span_id":"0000000000000000","name":"n","start_time_unix_nano":"5","end_time_unix_nano":"7","unknown":null,
                "attributes":[{"key":"k","value":{"array_value":{"values":[{"bool_value":false}]}}}]}]}]}]}
            """;

        var span = Decode(json).Single();

        Assert.Equal("""
            trace=5b8efff798038103d269b633813fc60c span=eee19b7ec3c1b174 parent=(root)
            name=n kind=Unspecified start=5 end=7
            status=Unset message=(none) scope=s@
            resource={service.name: string "svc"}
            attributes={k: array [bool False]}

            """, SpanDump.Of(span));
    }

    [Fact]
    public void Utf8_byte_order_mark_and_empty_document_fields_are_tolerated()
    {
        var withBom = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(OtlpSamples.SingleSpanJson)).ToArray();

        Assert.Single(OtlpJsonDecoder.Decode(withBom));
        Assert.Empty(Decode("{}"));
        Assert.Empty(Decode("""{"resourceSpans":[{"scopeSpans":[{"spans":[]}]}]}"""));
    }

    /// <summary>Puts <c>span</c> (with IDS standing for valid ids) at resourceSpans[0].scopeSpans[1].spans[3], behind valid spans, so paths are checked in full.</summary>
    private static string AtDepth(string span)
    {
        const string valid = """{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"ok"}""";
        return $$"""
            {"resourceSpans":[{"scopeSpans":[{"spans":[{{valid}}]},{"spans":[{{valid}},{{valid}},{{valid}},{{span.Replace("IDS", Ids)}}]}]}]}
            """;
    }

    private static string Request(params string[] spans) =>
        $$"""{"resourceSpans":[{"scopeSpans":[{"spans":[{{string.Join(",", spans).Replace("IDS", Ids)}}]}]}]}""";

    private const string Ids = "\"traceId\":\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b174\"";

    public static TheoryData<string, string> InvalidSpans => new()
    {
        { """{"traceId":"5b8efff798038103d269b633813fc60","spanId":"eee19b7ec3c1b174"}""", "traceId: expected 32 hex characters, got 31" },
        { """{"spanId":"eee19b7ec3c1b174"}""", "traceId: expected 32 hex characters, got 0" },
        { """{"traceId":"5b8efff798038103d269b633813fc6zz","spanId":"eee19b7ec3c1b174"}""", "traceId: 'z' at position 30 is not a hex character" },
        { """{"traceId":"00000000000000000000000000000000","spanId":"eee19b7ec3c1b174"}""", "traceId: must not be all zeros" },
        { """{"traceId":42,"spanId":"eee19b7ec3c1b174"}""", "traceId: expected a string, got the number 42" },
        { """{"traceId":"W47/95gDgQPSabYzgT/GDA==","spanId":"eee19b7ec3c1b174"}""", "traceId: expected 32 hex characters, got 24" },
        { """{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b17"}""", "spanId: expected 16 hex characters, got 15" },
        { """{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"0000000000000000"}""", "spanId: must not be all zeros" },
        { """{IDS,"parentSpanId":"abc"}""", "parentSpanId: expected 16 hex characters or an empty string, got 3" },
        { """{IDS,"startTimeUnixNano":"soon"}""", "startTimeUnixNano: expected unsigned nanoseconds since the Unix epoch (number or string), got the string \"soon\"" },
        { """{IDS,"endTimeUnixNano":-1}""", "endTimeUnixNano: expected unsigned nanoseconds since the Unix epoch (number or string), got the number -1" },
        { """{IDS,"endTimeUnixNano":"18446744073709551615"}""", "endTimeUnixNano: 18446744073709551615 is beyond the largest supported timestamp (9223372036854775807)" },
        { """{IDS,"kind":"SPAN_KIND_BOGUS"}""", "kind: expected one of SPAN_KIND_UNSPECIFIED, SPAN_KIND_INTERNAL, SPAN_KIND_SERVER, SPAN_KIND_CLIENT, SPAN_KIND_PRODUCER, SPAN_KIND_CONSUMER or its number, got the string \"SPAN_KIND_BOGUS\"" },
        { """{IDS,"attributes":[{"key":"a","value":{"intValue":1}},{"key":"b","value":{"intValue":"1.5"}}]}""", "attributes[1].value.intValue: expected a 64-bit integer (number or string), got the string \"1.5\"" },
        { """{IDS,"attributes":[{"key":"a","value":{"arrayValue":{"values":[{"boolValue":"yes"}]}}}]}""", "attributes[0].value.arrayValue.values[0].boolValue: expected true or false, got the string \"yes\"" },
        { """{IDS,"attributes":{"key":"a"}}""", "attributes: expected an array, got an object" },
        { """{IDS,"events":[{"name":"e","attributes":[{"key":"k","value":{"bytesValue":"%%%"}}]}]}""", "events[0].attributes[0].value.bytesValue: expected base64 bytes, got the string \"%%%\"" },
        { """{IDS,"status":"ERROR"}""", "status: expected an object, got the string \"ERROR\"" },
    };

    [Theory]
    [MemberData(nameof(InvalidSpans))]
    public void Invalid_span_is_rejected_with_its_path_and_problem(string span, string problem)
    {
        var error = Assert.Throws<OtlpDecodeException>(() => Decode(AtDepth(span)));

        Assert.Equal($"resourceSpans[0].scopeSpans[1].spans[3].{problem}", error.Message);
    }

    [Theory]
    [InlineData("[]", "expected an object, got an array")]
    [InlineData("""{"resourceSpans":{}}""", "resourceSpans: expected an array, got an object")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[7]}]}""", "resourceSpans[0].scopeSpans[0]: expected an object, got the number 7")]
    public void Wrong_document_shape_is_rejected_with_its_path(string json, string message)
    {
        var error = Assert.Throws<OtlpDecodeException>(() => Decode(json));

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("""{"resourceSpans":[""")]
    [InlineData("not json")]
    [InlineData("")]
    public void Malformed_json_is_rejected_as_invalid_json(string json)
    {
        var error = Assert.Throws<OtlpDecodeException>(() => Decode(json));

        Assert.StartsWith("invalid JSON: ", error.Message);
    }

    [Fact]
    public void Deeply_nested_values_are_rejected_rather_than_overflowing_the_stack()
    {
        var nested = string.Concat(Enumerable.Repeat("""{"arrayValue":{"values":[""", 200)) + string.Concat(Enumerable.Repeat("]}}", 200));
        var json = Request("""{IDS,"attributes":[{"key":"deep","value":NESTED}]}""".Replace("NESTED", nested));

        var error = Assert.Throws<OtlpDecodeException>(() => Decode(json));

        Assert.StartsWith("invalid JSON: ", error.Message);
    }
}
