using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Observatory.Gateway.Otlp.Proto.Collector.Trace.V1;
using Observatory.Gateway.Otlp.Proto.Common.V1;
using Observatory.Gateway.Otlp.Proto.Resource.V1;
using Observatory.Gateway.Otlp.Proto.Trace.V1;

namespace Observatory.EndToEnd.Tests;

/// <summary>An exporter that retries (its ack was lost) must not double-count anything.</summary>
public sealed class RetriedExportTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private ObservatoryTestHost Host => fixture.Host;

    [Fact]
    public async Task Same_export_sent_three_times_counts_once()
    {
        var traceId = Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant();
        var body = OtlpRequests.LlmTrace(traceId, "retry-svc", "gpt-4o-mini", inputTokens: 4000, outputTokens: 1000).ToByteArray();

        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
            using var response = await Host.Otlp.PostAsync("/v1/traces", content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var trace = await Host.GetJsonAsync($"/api/v1/traces/{traceId}");
        Assert.Equal(2, trace.GetProperty("spans").GetArrayLength());
        Assert.Equal(4000, trace.GetProperty("summary").GetProperty("inputTokens").GetInt64());
        var model = (await Host.GetJsonAsync("/api/v1/models?service=retry-svc")).GetProperty("data").EnumerateArray().Single();
        Assert.Equal(1, model.GetProperty("requestCount").GetInt64());
        Assert.Equal(4000, model.GetProperty("inputTokens").GetInt64());
        // gpt-4o-mini at $0.15 / $0.60 per 1M.
        Assert.Equal(0.0006m + 0.0006m, model.GetProperty("costUsd").GetDecimal());
        Assert.Equal(2L, await Host.Database.ScalarAsync<long>("SELECT count(*) FROM spans WHERE trace_id = $1", traceId));
    }
}

/// <summary>Hand-built OTLP protobuf requests, for tests that need exact control over the wire.</summary>
public static class OtlpRequests
{
    public static ExportTraceServiceRequest LlmTrace(string traceId, string service, string model, long inputTokens, long outputTokens, DateTime? start = null)
    {
        var startNano = (ulong)((start ?? DateTime.UtcNow) - DateTime.UnixEpoch).Ticks * 100;
        var rootId = ByteString.CopyFrom(Convert.FromHexString(Guid.NewGuid().ToString("N")[..16]));
        var root = new Span
        {
            TraceId = ByteString.CopyFrom(Convert.FromHexString(traceId)),
            SpanId = rootId,
            Name = "handle",
            Kind = Span.Types.SpanKind.Server,
            StartTimeUnixNano = startNano,
            EndTimeUnixNano = startNano + 900_000_000,
        };
        var llm = new Span
        {
            TraceId = root.TraceId,
            SpanId = ByteString.CopyFrom(Convert.FromHexString(Guid.NewGuid().ToString("N")[..16])),
            ParentSpanId = rootId,
            Name = "chat " + model,
            Kind = Span.Types.SpanKind.Client,
            StartTimeUnixNano = startNano + 100_000_000,
            EndTimeUnixNano = startNano + 800_000_000,
        };
        llm.Attributes.Add(Attr("gen_ai.provider.name", "openai"));
        llm.Attributes.Add(Attr("gen_ai.operation.name", "chat"));
        llm.Attributes.Add(Attr("gen_ai.request.model", model));
        llm.Attributes.Add(new KeyValue { Key = "gen_ai.usage.input_tokens", Value = new AnyValue { IntValue = inputTokens } });
        llm.Attributes.Add(new KeyValue { Key = "gen_ai.usage.output_tokens", Value = new AnyValue { IntValue = outputTokens } });
        var resource = new Resource();
        resource.Attributes.Add(Attr("service.name", service));
        var scope = new ScopeSpans();
        scope.Spans.Add(root);
        scope.Spans.Add(llm);
        var resourceSpans = new ResourceSpans { Resource = resource };
        resourceSpans.ScopeSpans.Add(scope);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(resourceSpans);
        return request;
    }

    private static KeyValue Attr(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };
}
