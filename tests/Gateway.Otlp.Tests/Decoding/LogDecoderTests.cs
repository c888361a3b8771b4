using System.Buffers;
using System.Text;
using Google.Protobuf;
using Observatory.Core.Logs;
using Observatory.Gateway.Otlp.Decoding;
using Observatory.Gateway.Otlp.Proto.Collector.Logs.V1;
using Observatory.Gateway.Otlp.Proto.Common.V1;
using Observatory.Gateway.Otlp.Proto.Logs.V1;
using Observatory.Gateway.Otlp.Tests.Samples;

namespace Observatory.Gateway.Otlp.Tests.Decoding;

/// <summary>The logs signal in both wire formats: GenAI event records, optional ids, event names, severities.</summary>
public sealed class LogDecoderTests
{
    private static IReadOnlyList<LogRecordData> DecodeJson(string json) => OtlpJsonDecoder.DecodeLogs(Encoding.UTF8.GetBytes(json));

    private static IReadOnlyList<LogRecordData> DecodeProtobuf(ExportLogsServiceRequest request) =>
        OtlpProtobufDecoder.DecodeLogs(new ReadOnlySequence<byte>(request.ToByteArray()));

    [Fact]
    public void GenAI_event_records_round_trip_through_protobuf_into_log_record_data()
    {
        var records = DecodeProtobuf(LogSamples.Request());

        Assert.Equal(LogSamples.Expected, LogDump.Of(records));
        Assert.Same(records[0].ResourceAttributes, records[2].ResourceAttributes);
    }

    [Fact]
    public void Otlp_json_logs_decode_to_the_same_records_as_the_equivalent_protobuf()
    {
        var fromJson = DecodeJson(LogSamples.Json);

        Assert.Equal(LogSamples.Expected, LogDump.Of(fromJson));
        Assert.Equal(LogDump.Of(OtlpProtobufDecoder.Decode(LogSamples.Request())), LogDump.Of(fromJson));
    }

    [Fact]
    public void Hex_ids_on_log_records_are_read_as_hex_where_protobufs_json_parser_silently_reads_base64()
    {
        const string json = """
            {"resourceLogs":[{"scopeLogs":[{"logRecords":[
              {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","eventName":"gen_ai.choice"}]}]}]}
            """;

        var pitfall = JsonParser.Default.Parse<ExportLogsServiceRequest>(json).ResourceLogs[0].ScopeLogs[0].LogRecords[0];
        var record = DecodeJson(json).Single();

        Assert.Equal(24, pitfall.TraceId.Length);
        Assert.Equal("5b8efff798038103d269b633813fc60c", record.TraceId);
        Assert.Equal("eee19b7ec3c1b174", record.SpanId);
    }

    [Theory]
    [InlineData("gen_ai.choice", "gen_ai.assistant.message", "gen_ai.choice")]
    [InlineData("", "gen_ai.assistant.message", "gen_ai.assistant.message")]
    [InlineData("", null, null)]
    [InlineData("gen_ai.tool.message", null, "gen_ai.tool.message")]
    public void Event_name_is_the_event_name_field_else_the_event_name_attribute(string field, string? attribute, string? expected)
    {
        var record = new LogRecord { EventName = field, Attributes = { new KeyValue { Key = "gen_ai.system", Value = new AnyValue { StringValue = "openai" } } } };
        if (attribute is not null)
        {
            record.Attributes.Add(new KeyValue { Key = "event.name", Value = new AnyValue { StringValue = attribute } });
        }

        var attributeJson = attribute is null ? "" : $$$""",{"key":"event.name","value":{"stringValue":"{{{attribute}}}"}}""";
        var json = $$$"""
            {"resourceLogs":[{"scopeLogs":[{"logRecords":[{"eventName":"{{{field}}}",
              "attributes":[{"key":"gen_ai.system","value":{"stringValue":"openai"}}{{{attributeJson}}}]}]}]}]}
            """;

        Assert.Equal(expected, Assert.Single(DecodeProtobuf(Wrap(record))).EventName);
        Assert.Equal(expected, Assert.Single(DecodeJson(json)).EventName);
    }

    [Fact]
    public void Absent_empty_and_all_zero_ids_mean_the_record_is_tied_to_no_trace()
    {
        var records = DecodeJson("""
            {"resourceLogs":[{"scopeLogs":[{"logRecords":[
              {"body":{"stringValue":"no ids"}},
              {"traceId":"","spanId":""},
              {"traceId":"00000000000000000000000000000000","spanId":"0000000000000000"},
              {"traceId":"5b8efff798038103d269b633813fc60c"}]}]}]}
            """);
        var fromProtobuf = DecodeProtobuf(Wrap(
            new LogRecord(),
            new LogRecord { TraceId = ByteString.CopyFrom(new byte[16]), SpanId = ByteString.CopyFrom(new byte[8]) },
            new LogRecord { TraceId = OtlpSamples.Hex("5b8efff798038103d269b633813fc60c") }));

        Assert.Equal([(null, null), (null, null), (null, null), ("5b8efff798038103d269b633813fc60c", null)], records.Select(r => (r.TraceId, r.SpanId)));
        Assert.Equal([(null, null), (null, null), ("5b8efff798038103d269b633813fc60c", null)], fromProtobuf.Select(r => (r.TraceId, r.SpanId)));
    }

    [Fact]
    public void Severity_is_read_as_a_name_or_a_number_and_an_unknown_number_reads_as_unspecified()
    {
        var records = DecodeJson("""
            {"resourceLogs":[{"scopeLogs":[{"logRecords":[
              {"severityNumber":"SEVERITY_NUMBER_TRACE"},{"severityNumber":"SEVERITY_NUMBER_DEBUG2"},{"severityNumber":"SEVERITY_NUMBER_ERROR"},
              {"severityNumber":"SEVERITY_NUMBER_FATAL4"},{"severityNumber":17},{"severityNumber":99},{"severityNumber":null},{}]}]}]}
            """);
        var fromProtobuf = DecodeProtobuf(Wrap(new LogRecord { SeverityNumber = SeverityNumber.Warn3 }, new LogRecord { SeverityNumber = (SeverityNumber)42 }));

        Assert.Equal([1, 6, 17, 24, 17, 0, 0, 0], records.Select(r => r.SeverityNumber));
        Assert.Equal([15, 0], fromProtobuf.Select(r => r.SeverityNumber));
    }

    /// <summary>Puts <c>record</c> at resourceLogs[0].scopeLogs[1].logRecords[2], behind valid records, so paths are checked in full.</summary>
    private static string AtDepth(string record)
    {
        const string valid = """{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","eventName":"gen_ai.choice"}""";
        return $$"""
            {"resourceLogs":[{"scopeLogs":[{"logRecords":[{{valid}}]},{"logRecords":[{{valid}},{}, {{record}}]}]}]}
            """;
    }

    public static TheoryData<string, string> InvalidJsonRecords => new()
    {
        { """{"traceId":"5b8efff798038103d269b633813fc60"}""", "traceId: expected 32 hex characters or an empty string, got 31" },
        { """{"traceId":"5b8efff798038103d269b633813fc6zz"}""", "traceId: 'z' at position 30 is not a hex character" },
        { """{"traceId":"W47/95gDgQPSabYzgT/GDA=="}""", "traceId: expected 32 hex characters or an empty string, got 24" },
        { """{"traceId":42}""", "traceId: expected a string, got the number 42" },
        { """{"spanId":"eee19b7ec3c1b17"}""", "spanId: expected 16 hex characters or an empty string, got 15" },
        { """{"timeUnixNano":"soon"}""", "timeUnixNano: expected unsigned nanoseconds since the Unix epoch (number or string), got the string \"soon\"" },
        { """{"observedTimeUnixNano":"18446744073709551615"}""", "observedTimeUnixNano: 18446744073709551615 is beyond the largest supported timestamp (9223372036854775807)" },
        { """{"severityNumber":"LOUD"}""", "severityNumber: expected one of SEVERITY_NUMBER_UNSPECIFIED, SEVERITY_NUMBER_TRACE, SEVERITY_NUMBER_TRACE2, SEVERITY_NUMBER_TRACE3, SEVERITY_NUMBER_TRACE4, SEVERITY_NUMBER_DEBUG, SEVERITY_NUMBER_DEBUG2, SEVERITY_NUMBER_DEBUG3, SEVERITY_NUMBER_DEBUG4, SEVERITY_NUMBER_INFO, SEVERITY_NUMBER_INFO2, SEVERITY_NUMBER_INFO3, SEVERITY_NUMBER_INFO4, SEVERITY_NUMBER_WARN, SEVERITY_NUMBER_WARN2, SEVERITY_NUMBER_WARN3, SEVERITY_NUMBER_WARN4, SEVERITY_NUMBER_ERROR, SEVERITY_NUMBER_ERROR2, SEVERITY_NUMBER_ERROR3, SEVERITY_NUMBER_ERROR4, SEVERITY_NUMBER_FATAL, SEVERITY_NUMBER_FATAL2, SEVERITY_NUMBER_FATAL3, SEVERITY_NUMBER_FATAL4 or its number, got the string \"LOUD\"" },
        { """{"eventName":["gen_ai.choice"]}""", "eventName: expected a string, got an array" },
        { """{"body":{"kvlistValue":{"values":[{"key":"index","value":{"intValue":"zero"}}]}}}""", "body.kvlistValue.values[0].value.intValue: expected a 64-bit integer (number or string), got the string \"zero\"" },
        { """{"attributes":[{"key":"a","value":{"boolValue":"yes"}}]}""", "attributes[0].value.boolValue: expected true or false, got the string \"yes\"" },
        { "7", "expected an object, got the number 7" },
    };

    [Theory]
    [MemberData(nameof(InvalidJsonRecords))]
    public void Invalid_json_log_record_is_rejected_with_its_path_and_problem(string record, string problem)
    {
        var error = Assert.Throws<OtlpDecodeException>(() => DecodeJson(AtDepth(record)));

        var expected = problem.StartsWith("expected", StringComparison.Ordinal)
            ? $"resourceLogs[0].scopeLogs[1].logRecords[2]: {problem}"
            : $"resourceLogs[0].scopeLogs[1].logRecords[2].{problem}";
        Assert.Equal(expected, error.Message);
    }

    public static TheoryData<string, Action<LogRecord>, string> InvalidProtobufRecords => new()
    {
        { "short trace id", r => r.TraceId = ByteString.CopyFrom(new byte[15]), "traceId: expected 16 bytes or none, got 15" },
        { "span id of a trace id's length", r => r.SpanId = ByteString.CopyFrom(new byte[16]), "spanId: expected 8 bytes or none, got 16" },
        { "time past 2262", r => r.TimeUnixNano = ulong.MaxValue, "timeUnixNano: 18446744073709551615 is beyond the largest supported timestamp (9223372036854775807)" },
        { "observed past 2262", r => r.ObservedTimeUnixNano = ulong.MaxValue, "observedTimeUnixNano: 18446744073709551615 is beyond the largest supported timestamp (9223372036854775807)" },
    };

    [Theory]
    [MemberData(nameof(InvalidProtobufRecords))]
    public void Invalid_protobuf_log_record_is_rejected_with_its_path_and_problem(string because, Action<LogRecord> corrupt, string problem)
    {
        var request = LogSamples.Request();
        var target = LogSamples.SingleRecord().ResourceLogs[0].ScopeLogs[0].LogRecords[0];
        corrupt(target);
        request.ResourceLogs[1].ScopeLogs.Add(new ScopeLogs { LogRecords = { new LogRecord(), target } });

        var error = Assert.Throws<OtlpDecodeException>(() => DecodeProtobuf(request));

        Assert.True(error.Message == $"resourceLogs[1].scopeLogs[1].logRecords[1].{problem}", $"{because}: {error.Message}");
    }

    [Fact]
    public void Bytes_that_are_not_protobuf_are_rejected_naming_the_logs_request()
    {
        var error = Assert.Throws<OtlpDecodeException>(() => OtlpProtobufDecoder.DecodeLogs(new ReadOnlySequence<byte>([0x0A, 0x05, 0x01])));

        Assert.StartsWith("invalid protobuf ExportLogsServiceRequest: ", error.Message);
    }

    [Fact]
    public void Empty_requests_decode_to_no_records()
    {
        Assert.Empty(OtlpProtobufDecoder.DecodeLogs(ReadOnlySequence<byte>.Empty));
        Assert.Empty(DecodeJson("{}"));
        Assert.Empty(DecodeJson("""{"resourceLogs":[{"scopeLogs":[{"logRecords":[]}]}]}"""));
        Assert.Empty(DecodeJson("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"a span in the logs body"}]}]}]}"""));
    }

    private static ExportLogsServiceRequest Wrap(params LogRecord[] records)
    {
        var scope = new ScopeLogs();
        scope.LogRecords.Add(records);
        return new ExportLogsServiceRequest { ResourceLogs = { new ResourceLogs { ScopeLogs = { scope } } } };
    }
}
