using System.Text;
using Google.Protobuf;
using Observatory.Gateway.Otlp.Decoding;
using Observatory.Gateway.Otlp.Proto.Common.V1;
using Observatory.Gateway.Otlp.Tests.Samples;

namespace Observatory.Gateway.Otlp.Tests.Decoding;

/// <summary>
/// Text PostgreSQL cannot store (U+0000, an unpaired surrogate) is replaced by U+FFFD while decoding, in every string
/// of a request and in both encodings, so one bad character neither fails the batch nor loses the rest of the value.
/// </summary>
public sealed class UnstorableTextTests
{
    [Fact]
    public void Nul_in_any_protobuf_string_becomes_the_replacement_character()
    {
        var request = OtlpSamples.SingleSpan(name: "chat\0gpt");
        var span = request.ResourceSpans[0].ScopeSpans[0].Spans[0];
        span.Attributes.Add(new KeyValue { Key = "user\0id", Value = new AnyValue { StringValue = "u\0-1" } });
        span.Status = new Proto.Trace.V1.Status { Message = "boom\0" };
        span.Events.Add(new Proto.Trace.V1.Span.Types.Event { Name = "ev\0ent", TimeUnixNano = span.StartTimeUnixNano });
        request.ResourceSpans[0].ScopeSpans[0].Scope = new InstrumentationScope { Name = "scope\0", Version = "1\0" };

        var decoded = OtlpProtobufDecoder.Decode(new System.Buffers.ReadOnlySequence<byte>(request.ToByteArray())).Single();

        Assert.Equal("chat\uFFFDgpt", decoded.Name);
        Assert.Contains(new KeyValuePair<string, object?>("user\uFFFDid", "u\uFFFD-1"), decoded.Attributes);
        Assert.Equal("boom\uFFFD", decoded.StatusMessage);
        Assert.Equal("ev\uFFFDent", decoded.Events.Single().Name);
        Assert.Equal(("scope\uFFFD", "1\uFFFD"), (decoded.ScopeName, decoded.ScopeVersion));
    }

    [Fact]
    public void Nul_in_a_protobuf_log_record_becomes_the_replacement_character()
    {
        var request = LogSamples.SingleRecord(bigBody: "Hel\0lo");
        request.ResourceLogs[0].ScopeLogs[0].LogRecords[0].EventName = "gen_ai.user\0.message";

        var record = OtlpProtobufDecoder.DecodeLogs(new System.Buffers.ReadOnlySequence<byte>(request.ToByteArray())).Single();

        Assert.Equal("gen_ai.user\uFFFD.message", record.EventName);
        var body = Assert.IsAssignableFrom<IReadOnlyList<KeyValuePair<string, object?>>>(record.Body);
        Assert.Equal("Hel\uFFFDlo", body.Single().Value);
    }

    [Theory]
    [InlineData("""a\u0000b""", "a\uFFFDb")]
    [InlineData("""cut\ud83d""", "cut\uFFFD")]
    [InlineData("""\udc00tail""", "\uFFFDtail")]
    [InlineData("""pair \ud83d\ude00 kept, \"escapes\" \\ \/ \n\t too""", "pair \U0001F600 kept, \"escapes\" \\ / \n\t too")]
    [InlineData("""lone \ud800 then \n and \u00e9""", "lone \uFFFD then \n and \u00e9")]
    public void Json_string_with_nul_or_an_unpaired_surrogate_is_kept_with_the_replacement_character(string escaped, string expected)
    {
        var json = $$$"""
            {"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
              "name":"{{{escaped}}}","attributes":[{"key":"{{{escaped}}}","value":{"stringValue":"{{{escaped}}}"}}]}]}]}]}
            """;

        var span = OtlpJsonDecoder.Decode(Encoding.UTF8.GetBytes(json)).Single();

        Assert.Equal(expected, span.Name);
        Assert.Equal(new KeyValuePair<string, object?>(expected, expected), span.Attributes.Single());
    }

    [Fact]
    public void Json_field_name_with_an_unpaired_surrogate_is_a_decode_error_naming_where()
    {
        const string json = """
            {"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","na\ud800me":"x"}]}]}]}
            """;

        var error = Assert.Throws<OtlpDecodeException>(() => OtlpJsonDecoder.Decode(Encoding.UTF8.GetBytes(json)));

        Assert.StartsWith("resourceSpans[0].scopeSpans[0].spans[0]: not valid Unicode text", error.Message);
    }
}
