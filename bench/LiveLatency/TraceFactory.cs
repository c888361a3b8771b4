using Google.Protobuf;
using Observatory.Gateway.Otlp.Proto.Collector.Trace.V1;
using Observatory.Gateway.Otlp.Proto.Common.V1;
using Observatory.Gateway.Otlp.Proto.Resource.V1;
using Observatory.Gateway.Otlp.Proto.Trace.V1;

namespace Observatory.Bench.LiveLatency;

/// <summary>Exports of whole traces: a server root and LLM chat calls under it, stamped now, with fresh random ids.</summary>
internal sealed class TraceFactory(int spansPerTrace)
{
    public (ExportTraceServiceRequest Request, List<string> TraceIds) Build(int traces)
    {
        var scope = new ScopeSpans();
        var ids = new List<string>(traces);
        var now = (ulong)(DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
        for (var t = 0; t < traces; t++)
        {
            var traceId = Guid.NewGuid().ToByteArray();
            ids.Add(Convert.ToHexStringLower(traceId));
            var root = NewSpan(traceId, null, "POST /chat", now - 900_000_000, now);
            scope.Spans.Add(root);
            for (var s = 1; s < spansPerTrace; s++)
            {
                var chat = NewSpan(traceId, root, "chat gpt-4o", now - 800_000_000, now - 100_000_000);
                chat.Attributes.Add(Text("gen_ai.provider.name", "openai"));
                chat.Attributes.Add(Text("gen_ai.operation.name", "chat"));
                chat.Attributes.Add(Text("gen_ai.request.model", "gpt-4o"));
                chat.Attributes.Add(new KeyValue { Key = "gen_ai.usage.input_tokens", Value = new AnyValue { IntValue = 1000 } });
                chat.Attributes.Add(new KeyValue { Key = "gen_ai.usage.output_tokens", Value = new AnyValue { IntValue = 200 } });
                scope.Spans.Add(chat);
            }
        }

        var resource = new Resource();
        resource.Attributes.Add(Text("service.name", "bench-live"));
        var resourceSpans = new ResourceSpans { Resource = resource };
        resourceSpans.ScopeSpans.Add(scope);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(resourceSpans);
        return (request, ids);
    }

    private static Span NewSpan(byte[] traceId, Span? parent, string name, ulong start, ulong end) => new()
    {
        TraceId = ByteString.CopyFrom(traceId),
        SpanId = ByteString.CopyFrom(Guid.NewGuid().ToByteArray(), 0, 8),
        ParentSpanId = parent?.SpanId ?? ByteString.Empty,
        Name = name,
        Kind = parent is null ? Span.Types.SpanKind.Server : Span.Types.SpanKind.Client,
        StartTimeUnixNano = start,
        EndTimeUnixNano = end,
    };

    private static KeyValue Text(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };
}
