using System.Net.Http.Headers;
using Google.Protobuf;
using Observatory.Gateway.Otlp.Proto.Collector.Trace.V1;
using Observatory.Gateway.Otlp.Proto.Common.V1;
using Observatory.Gateway.Otlp.Proto.Resource.V1;
using Observatory.Gateway.Otlp.Proto.Trace.V1;

namespace Observatory.EndToEnd.Tests;

/// <summary>One model call of an analytics test trace: what the OTel GenAI conventions would say about it.</summary>
public sealed record AnalyticsCall(
    string Model, double DurationMs, long? InputTokens = null, long? OutputTokens = null, string Provider = "openai",
    string Operation = "chat", double? TtftMs = null, bool IsError = false, long? CacheReadTokens = null, long? CacheWriteTokens = null,
    long? ReasoningTokens = null);

/// <summary>
/// Builds an OTLP trace for analytics tests: a server root span carrying user.id and session.id (where real
/// applications put them) and one client span per model call, back to back from <c>start</c>.
/// </summary>
public static class AnalyticsTraceBuilder
{
    public static ExportTraceServiceRequest Build(
        string traceId, string service, DateTime start, string? user, string? session, params AnalyticsCall[] calls)
    {
        var startNano = (ulong)(start - DateTime.UnixEpoch).Ticks * 100;
        var rootId = ByteString.CopyFrom(Convert.FromHexString(Guid.NewGuid().ToString("N")[..16]));
        var traceBytes = ByteString.CopyFrom(Convert.FromHexString(traceId));
        var scope = new ScopeSpans();
        var cursor = startNano + 10_000_000;
        foreach (var call in calls)
        {
            var end = cursor + (ulong)(call.DurationMs * 1_000_000);
            var span = new Span
            {
                TraceId = traceBytes,
                SpanId = ByteString.CopyFrom(Convert.FromHexString(Guid.NewGuid().ToString("N")[..16])),
                ParentSpanId = rootId,
                Name = $"{call.Operation} {call.Model}",
                Kind = Span.Types.SpanKind.Client,
                StartTimeUnixNano = cursor,
                EndTimeUnixNano = end,
            };
            span.Attributes.Add(Text("gen_ai.provider.name", call.Provider));
            span.Attributes.Add(Text("gen_ai.operation.name", call.Operation));
            span.Attributes.Add(Text("gen_ai.request.model", call.Model));
            AddInt(span, "gen_ai.usage.input_tokens", call.InputTokens);
            AddInt(span, "gen_ai.usage.output_tokens", call.OutputTokens);
            AddInt(span, "gen_ai.usage.cache_read.input_tokens", call.CacheReadTokens);
            AddInt(span, "gen_ai.usage.cache_creation.input_tokens", call.CacheWriteTokens);
            AddInt(span, "gen_ai.usage.reasoning.output_tokens", call.ReasoningTokens);
            if (call.TtftMs is { } ttft)
            {
                span.Attributes.Add(new KeyValue { Key = "gen_ai.response.time_to_first_chunk", Value = new AnyValue { DoubleValue = ttft / 1000 } });
            }

            if (call.IsError)
            {
                span.Status = new Status { Code = Status.Types.StatusCode.Error, Message = "rate limited" };
                span.Attributes.Add(Text("error.type", "429"));
            }

            scope.Spans.Add(span);
            cursor = end;
        }

        var root = new Span
        {
            TraceId = traceBytes,
            SpanId = rootId,
            Name = "handle",
            Kind = Span.Types.SpanKind.Server,
            StartTimeUnixNano = startNano,
            EndTimeUnixNano = cursor + 10_000_000,
        };
        if (user is not null)
        {
            root.Attributes.Add(Text("user.id", user));
        }

        if (session is not null)
        {
            root.Attributes.Add(Text("session.id", session));
        }

        scope.Spans.Insert(0, root);
        var resource = new Resource();
        resource.Attributes.Add(Text("service.name", service));
        var resourceSpans = new ResourceSpans { Resource = resource };
        resourceSpans.ScopeSpans.Add(scope);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(resourceSpans);
        return request;
    }

    public static async Task SendAsync(this ObservatoryTestHost host, ExportTraceServiceRequest request)
    {
        using var content = new ByteArrayContent(request.ToByteArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        using var response = await host.Otlp.PostAsync("/v1/traces", content);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Checks the trace summaries and model rollups of everything sent are stored (written before each export was answered).</summary>
    public static async Task AssertAnalyticsStoredAsync(this ObservatoryTestHost host, long traces, long calls)
    {
        Assert.Equal(traces, await host.Database.ScalarAsync<long>("SELECT count(*) FROM traces WHERE project_id = 'default'"));
        Assert.Equal(calls, await host.Database.ScalarAsync<long>("SELECT coalesce(sum(request_count), 0)::bigint FROM model_rollups WHERE project_id = 'default'"));
    }

    private static void AddInt(Span span, string key, long? value)
    {
        if (value is { } v)
        {
            span.Attributes.Add(new KeyValue { Key = key, Value = new AnyValue { IntValue = v } });
        }
    }

    private static KeyValue Text(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };
}
