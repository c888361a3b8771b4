using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Net.Client;
using Observatory.Gateway.Otlp.Proto.Collector.Trace.V1;
using Observatory.Gateway.Otlp.Proto.Common.V1;

namespace Observatory.EndToEnd.Tests;

/// <summary>
/// One span with a value PostgreSQL cannot take as sent (a NUL, an unpaired surrogate, a token count of 2^63−1) used to
/// fail its whole request with a retryable 503, so the request's valid spans never landed. Now the request is
/// acknowledged, every span is stored, and the bad value is replaced (U+FFFD) or stored as unknown.
/// </summary>
public sealed class UnstorableValueTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private ObservatoryTestHost Host => fixture.Host;

    [Theory]
    [InlineData("protobuf")]
    [InlineData("grpc")]
    public async Task Nul_characters_and_an_impossible_token_count_are_stored_replaced_and_unknown_beside_the_valid_span(string transport)
    {
        var traceId = NewTraceId();
        var request = OtlpRequests.LlmTrace(traceId, "nul-" + transport, "gpt-4o", inputTokens: long.MaxValue, outputTokens: 7);
        var llm = request.ResourceSpans[0].ScopeSpans[0].Spans[1];
        llm.Name = "chat\0gpt-4o";
        llm.Attributes.Add(new KeyValue { Key = "app.note\0", Value = new AnyValue { StringValue = "a\0b" } });
        llm.Attributes.Add(new KeyValue { Key = "user.id", Value = new AnyValue { StringValue = "user\0-1" } });

        if (transport == "grpc")
        {
            using var channel = GrpcChannel.ForAddress(Host.GrpcEndpoint);
            await new TraceService.TraceServiceClient(channel).ExportAsync(request);
        }
        else
        {
            using var content = new ByteArrayContent(request.ToByteArray());
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
            using var response = await Host.Otlp.PostAsync("/v1/traces", content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var spans = await SpansByNameAsync(traceId);
        Assert.Equal(["chat\uFFFDgpt-4o", "handle"], spans.Keys.Order());
        var stored = spans["chat\uFFFDgpt-4o"];
        Assert.Equal("a\uFFFDb", stored.GetProperty("attributes").GetProperty("app.note\uFFFD").GetString());
        var facts = stored.GetProperty("llm");
        Assert.Equal(JsonValueKind.Null, facts.GetProperty("inputTokens").ValueKind);
        Assert.Equal(7, facts.GetProperty("outputTokens").GetInt64());
        Assert.Equal(JsonValueKind.Null, facts.GetProperty("costUsd").ValueKind);
        var trace = await Host.GetJsonAsync($"/api/v1/traces/{traceId}");
        Assert.Equal("user\uFFFD-1", trace.GetProperty("summary").GetProperty("userId").GetString());
    }

    [Fact]
    public async Task Json_nul_escape_and_lone_surrogate_are_stored_with_the_replacement_character()
    {
        var traceId = NewTraceId();
        var json = $$$"""
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"surrogate"}}]},
              "scopeSpans":[{"spans":[{"traceId":"{{{traceId}}}","spanId":"0102030405060708","name":"cut \ud83d",
                "startTimeUnixNano":"1764163200000000000","endTimeUnixNano":"1764163201000000000",
                "attributes":[{"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o"}},
                              {"key":"note","value":{"stringValue":"nul \u0000 and lone \udc00"}},
                              {"key":"gen_ai.usage.input_tokens","value":{"intValue":"9223372036854775807"}}]}]}]}]}
            """;
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        using var response = await Host.Otlp.PostAsync("/v1/traces", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var span = (await SpansByNameAsync(traceId))["cut \uFFFD"];
        Assert.Equal("nul \uFFFD and lone \uFFFD", span.GetProperty("attributes").GetProperty("note").GetString());
        Assert.Equal(JsonValueKind.Null, span.GetProperty("llm").GetProperty("inputTokens").ValueKind);
    }

    private async Task<Dictionary<string, JsonElement>> SpansByNameAsync(string traceId)
    {
        var trace = await Host.GetJsonAsync($"/api/v1/traces/{traceId}");
        return trace.GetProperty("spans").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
    }

    private static string NewTraceId() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
}
